package dbstore_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/migrate"
	_ "github.com/jazzgo/jazz/migrate/schema" // the migration backends
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/dbstore"
)

const testKey = "jazz-interop-test-secret-key-0123456789-DO-NOT-USE-IN-PRODUCTION"

// clock is a settable clock for expiry tests.
type clock struct{ unix atomic.Int64 }

func newClock(t time.Time) *clock {
	c := &clock{}
	c.set(t)
	return c
}
func (c *clock) now() time.Time               { return time.Unix(0, c.unix.Load()).UTC() }
func (c *clock) set(t time.Time)              { c.unix.Store(t.UnixNano()) }
func (c *clock) add(d time.Duration)          { c.unix.Add(int64(d)) }
func (c *clock) in(d time.Duration) time.Time { return c.now().Add(d) }

// migrated applies the sessions app's migrations to d.
func migrated(t testing.TB, d *db.DB) {
	t.Helper()
	x := &migrate.Executor{DB: d, Apps: []apps.App{dbstore.App}}
	if err := x.Migrate(context.Background(), nil, migrate.RunOptions{}); err != nil {
		t.Fatalf("migrate: %v", err)
	}
}

func newStore(t testing.TB, d *db.DB, now func() time.Time) *dbstore.Store {
	t.Helper()
	s, err := dbstore.New(d, dbstore.Options{Key: testKey, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustLoad(t *testing.T, s sessions.Store, key string) sessions.Data {
	t.Helper()
	data, err := s.Load(context.Background(), key)
	if err != nil {
		t.Fatalf("Load(%q): %v", key, err)
	}
	return data
}

func wantNotFound(t *testing.T, s sessions.Store, key string) {
	t.Helper()
	data, err := s.Load(context.Background(), key)
	if !errors.Is(err, sessions.ErrNotFound) {
		t.Fatalf("Load(%q) = %v, %v; want ErrNotFound", key, data, err)
	}
}

func TestStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		migrated(t, d)
		ctx := context.Background()
		clk := newClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
		s := newStore(t, d, clk.now)

		t.Run("create and load", func(t *testing.T) {
			data := sessions.Data{"visits": 3.0, "name": "Jürgen <&>", "cart": []any{1.0, "x"}, "nothing": nil, "ok": true}
			if err := s.Save(ctx, "createandload0000000000000000000", data, clk.in(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			if got := mustLoad(t, s, "createandload0000000000000000000"); !reflect.DeepEqual(got, data) {
				t.Fatalf("loaded %#v, want %#v", got, data)
			}
			exp := clk.in(90*time.Minute + 123456*time.Microsecond)
			if err := s.Save(ctx, "createandload0000000000000000000", data, exp, false); err != nil {
				t.Fatal(err)
			}
			got, expiry, err := s.LoadExpiry(ctx, "createandload0000000000000000000")
			if err != nil || !reflect.DeepEqual(got, data) || !expiry.Equal(exp) {
				t.Fatalf("LoadExpiry = %v, %v, %v; want the data and %v", got, expiry, err, exp)
			}
		})
		t.Run("create an existing key", func(t *testing.T) {
			k := "existing000000000000000000000000"
			if err := s.Save(ctx, k, sessions.Data{"a": "first"}, clk.in(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			err := s.Save(ctx, k, sessions.Data{"a": "second"}, clk.in(time.Hour), true)
			if !errors.Is(err, sessions.ErrExists) {
				t.Fatalf("second create: %v, want ErrExists", err)
			}
			if got := mustLoad(t, s, k); got["a"] != "first" {
				t.Fatalf("after a refused create the data is %v", got)
			}
		})
		t.Run("update and upsert", func(t *testing.T) {
			k := "update00000000000000000000000000"
			if err := s.Save(ctx, k, sessions.Data{"n": 1.0}, clk.in(time.Hour), false); err != nil {
				t.Fatalf("upsert of a new key: %v", err)
			}
			if err := s.Save(ctx, k, sessions.Data{"n": 2.0}, clk.in(2*time.Hour), false); err != nil {
				t.Fatal(err)
			}
			if got := mustLoad(t, s, k); got["n"] != 2.0 || len(got) != 1 {
				t.Fatalf("loaded %v", got)
			}
			var n int
			if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+d.Dialect().Quote(dbstore.Table)+" WHERE session_key = "+d.Dialect().Placeholder(1), k).Scan(&n); err != nil || n != 1 {
				t.Fatalf("rows for the key: %d, %v", n, err)
			}
		})
		t.Run("delete", func(t *testing.T) {
			k := "delete00000000000000000000000000"
			if err := s.Save(ctx, k, sessions.Data{"x": "y"}, clk.in(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			if err := s.Delete(ctx, k); err != nil {
				t.Fatal(err)
			}
			wantNotFound(t, s, k)
			if err := s.Delete(ctx, k); err != nil {
				t.Fatalf("deleting an unknown key: %v", err)
			}
			if err := s.Save(ctx, k, sessions.Data{}, clk.in(time.Hour), true); err != nil {
				t.Fatalf("a deleted key is free again: %v", err)
			}
		})
		t.Run("unknown and invalid keys", func(t *testing.T) {
			for _, k := range []string{"unknown0000000000000000000000000", "", strings.Repeat("a", 41), "bad key", "bad\xffkey", "x'; DROP TABLE django_session; --"} {
				wantNotFound(t, s, k)
				if err := s.Delete(ctx, k); err != nil {
					t.Errorf("Delete(%q): %v", k, err)
				}
			}
			for _, k := range []string{"", strings.Repeat("a", 41), "bad key", "bad\xffkey"} {
				if err := s.Save(ctx, k, sessions.Data{}, clk.in(time.Hour), true); err == nil {
					t.Errorf("Save(%q) accepted an invalid key", k)
				}
			}
			// A key of the full column width works.
			k40 := strings.Repeat("k", dbstore.MaxKeyLength)
			if err := s.Save(ctx, k40, sessions.Data{"w": "40"}, clk.in(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			mustLoad(t, s, k40)
		})
		t.Run("keys compare exactly", func(t *testing.T) {
			// MySQL's default collation would match these without the
			// store's own check.
			k := "casekey0000000000000000000000000"
			if err := s.Save(ctx, k, sessions.Data{"c": "lower"}, clk.in(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			wantNotFound(t, s, strings.ToUpper(k))
			wantNotFound(t, s, k+" ")
		})
		t.Run("expiry", func(t *testing.T) {
			c := newClock(clk.now())
			s := newStore(t, d, c.now)
			if err := s.Save(ctx, "expiring00000000000000000000000a", sessions.Data{"v": 1.0}, c.in(10*time.Second), true); err != nil {
				t.Fatal(err)
			}
			if err := s.Save(ctx, "expiring00000000000000000000000b", sessions.Data{"v": 2.0}, c.in(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			mustLoad(t, s, "expiring00000000000000000000000a")
			c.add(9 * time.Second)
			mustLoad(t, s, "expiring00000000000000000000000a")
			c.add(2 * time.Second)
			wantNotFound(t, s, "expiring00000000000000000000000a")
			mustLoad(t, s, "expiring00000000000000000000000b")
			// The expired row still holds its key until cleared.
			if err := s.Save(ctx, "expiring00000000000000000000000a", sessions.Data{}, c.in(time.Hour), true); !errors.Is(err, sessions.ErrExists) {
				t.Fatalf("create over an expired row: %v, want ErrExists", err)
			}
			// Saving an already expired session stores nothing loadable.
			if err := s.Save(ctx, "expiring00000000000000000000000c", sessions.Data{"v": 3.0}, c.in(-time.Second), false); err != nil {
				t.Fatal(err)
			}
			wantNotFound(t, s, "expiring00000000000000000000000c")
		})
		t.Run("clear expired", func(t *testing.T) {
			if _, err := d.ExecContext(ctx, "DELETE FROM "+d.Dialect().Quote(dbstore.Table)); err != nil {
				t.Fatal(err)
			}
			c := newClock(clk.now())
			s := newStore(t, d, c.now)
			for i := range 5 {
				ttl := time.Duration(i+1) * time.Minute
				if err := s.Save(ctx, fmt.Sprintf("clear%027d", i), sessions.Data{"i": float64(i)}, c.in(ttl), true); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := s.ClearExpired(ctx); err != nil || n != 0 {
				t.Fatalf("ClearExpired before anything expired = %d, %v", n, err)
			}
			c.add(3*time.Minute + time.Second)
			if n, err := s.ClearExpired(ctx); err != nil || n != 3 {
				t.Fatalf("ClearExpired = %d, %v; want 3", n, err)
			}
			var left int
			if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+d.Dialect().Quote(dbstore.Table)).Scan(&left); err != nil || left != 2 {
				t.Fatalf("rows left: %d, %v; want 2", left, err)
			}
			mustLoad(t, s, fmt.Sprintf("clear%027d", 4))
			if err := s.Save(ctx, fmt.Sprintf("clear%027d", 0), sessions.Data{}, c.in(time.Hour), true); err != nil {
				t.Fatalf("a cleared key is free again: %v", err)
			}
		})
		t.Run("tampered row", func(t *testing.T) {
			k := "tampered000000000000000000000000"
			if err := s.Save(ctx, k, sessions.Data{"user": "42"}, clk.in(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			q := d.Dialect().Quote
			p := d.Dialect().Placeholder
			var enc string
			if err := d.QueryRowContext(ctx, "SELECT session_data FROM "+q(dbstore.Table)+" WHERE session_key = "+p(1), k).Scan(&enc); err != nil {
				t.Fatal(err)
			}
			forged := strings.Replace(enc, "NDIi", "NDMi", 1) // "42" -> "43" in the base64 payload
			if forged == enc {
				t.Fatalf("test cannot forge %q", enc)
			}
			if _, err := d.ExecContext(ctx, "UPDATE "+q(dbstore.Table)+" SET session_data = "+p(1)+" WHERE session_key = "+p(2), forged, k); err != nil {
				t.Fatal(err)
			}
			wantNotFound(t, s, k)
			other, err := dbstore.New(d, dbstore.Options{Key: "another-secret", Now: clk.now})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Save(ctx, k, sessions.Data{"user": "42"}, clk.in(time.Hour), false); err != nil {
				t.Fatal(err)
			}
			wantNotFound(t, other, k)
		})
		t.Run("fallback keys", func(t *testing.T) {
			k := "rotated000000000000000000000000"
			old, err := dbstore.New(d, dbstore.Options{Key: "old-secret", Now: clk.now})
			if err != nil {
				t.Fatal(err)
			}
			if err := old.Save(ctx, k, sessions.Data{"v": "old"}, clk.in(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			rotated, err := dbstore.New(d, dbstore.Options{Key: testKey, FallbackKeys: []string{"old-secret"}, Now: clk.now})
			if err != nil {
				t.Fatal(err)
			}
			if got := mustLoad(t, rotated, k); got["v"] != "old" {
				t.Fatalf("loaded %v", got)
			}
		})
		t.Run("large data is compressed", func(t *testing.T) {
			k := "large000000000000000000000000000"
			big := sessions.Data{"text": strings.Repeat("jazz ", 20000)}
			if err := s.Save(ctx, k, big, clk.in(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			var enc string
			if err := d.QueryRowContext(ctx, "SELECT session_data FROM "+d.Dialect().Quote(dbstore.Table)+" WHERE session_key = "+d.Dialect().Placeholder(1), k).Scan(&enc); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(enc, ".") || len(enc) > 2000 {
				t.Fatalf("stored %d bytes, compressed=%v", len(enc), strings.HasPrefix(enc, "."))
			}
			if got := mustLoad(t, s, k); !reflect.DeepEqual(got, big) {
				t.Fatal("large session changed on the way")
			}
		})
		t.Run("concurrent saves of one session", func(t *testing.T) {
			k := "concurrent0000000000000000000000"
			if err := s.Save(ctx, k, sessions.Data{"w": -1.0}, clk.in(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			const writers = 8
			var wg sync.WaitGroup
			errs := make(chan error, writers*10)
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range 10 {
						data := sessions.Data{"w": float64(w), "i": float64(i), "pad": strings.Repeat(fmt.Sprint(w), 100)}
						if err := s.Save(ctx, k, data, clk.in(time.Hour), false); err != nil {
							errs <- err
						}
						if _, err := s.Load(ctx, k); err != nil {
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				// SQLite may report a busy database under contention; any other
				// error is a bug.
				if !errors.Is(err, db.ErrRetryable) {
					t.Fatal(err)
				}
			}
			got := mustLoad(t, s, k)
			w, _ := got["w"].(float64)
			if got["pad"] != strings.Repeat(fmt.Sprint(int(w)), 100) || got["i"] == nil {
				t.Fatalf("stored data mixes writers: %v", got)
			}
		})
	})
}

func TestNewErrors(t *testing.T) {
	if _, err := dbstore.New(nil, dbstore.Options{Key: testKey}); err == nil {
		t.Error("New(nil) succeeded")
	}
	if _, err := dbstore.NewFunc(nil, dbstore.Options{Key: testKey}); err == nil {
		t.Error("NewFunc(nil) succeeded")
	}
	d := dbtest.Open(t, "sqlite")
	if _, err := dbstore.New(d, dbstore.Options{}); err == nil {
		t.Error("New without a key succeeded")
	}
	s, err := dbstore.NewFunc(func(context.Context) (*db.DB, error) { return nil, errors.New("not open yet") }, dbstore.Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(context.Background(), "abcdefgh"); err == nil || errors.Is(err, sessions.ErrNotFound) || !strings.Contains(err.Error(), "not open yet") {
		t.Errorf("Load without a database: %v", err)
	}
}
