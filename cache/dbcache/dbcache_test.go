package dbcache_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/cachetest"
	"github.com/jazzgo/jazz/cache/dbcache"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/manage"
)

const table = "jazz_cache"

func newTable(t *testing.T, d *db.DB) {
	t.Helper()
	created, err := dbcache.CreateTable(context.Background(), d, table)
	if err != nil || !created {
		t.Fatalf("CreateTable: created=%v err=%v", created, err)
	}
}

// The shared suite on every SQL dialect, with a manual clock. The suite
// runs 200 goroutines at once; a bounded pool keeps them within the test
// servers' connection limits, as a site's pool would.
func TestConformance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		d.SQL().SetMaxOpenConns(8)
		newTable(t, d)
		clock := cachetest.NewClock(time.Now())
		cachetest.Run(t, func(t *testing.T) cache.Backend {
			b, err := dbcache.New(d, table, dbcache.Options{MaxEntries: 100000, Now: clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			return b
		}, cachetest.Options{Clock: clock, ClearIsScoped: true})
	})
}

func TestBackend(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		newTable(t, d)
		ctx := context.Background()
		clock := cachetest.NewClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
		b, err := dbcache.New(d, table, dbcache.Options{MaxEntries: -1, Now: clock.Now})
		if err != nil {
			t.Fatal(err)
		}

		// Keys are case-sensitive on every database (MySQL's default
		// collation would make these one row).
		b.Set(ctx, "Key", []byte("upper"), 0)
		b.Set(ctx, "key", []byte("lower"), 0)
		if v, _, _ := b.Get(ctx, "Key"); string(v) != "upper" {
			t.Errorf("Key = %q; keys are not case-sensitive", v)
		}
		// Binary values round-trip, and an empty value is found.
		bin := []byte{0, 1, 2, 0xff, '\\', '\'', '%'}
		b.Set(ctx, "bin", bin, time.Minute)
		if v, found, err := b.Get(ctx, "bin"); !found || err != nil || !bytes.Equal(v, bin) {
			t.Errorf("binary value: %q %v %v", v, found, err)
		}
		b.Set(ctx, "empty", nil, time.Minute)
		if v, found, err := b.Get(ctx, "empty"); !found || err != nil || v == nil || len(v) != 0 {
			t.Errorf("empty value: %q %v %v", v, found, err)
		}
		// Touch to the expiry a row already has still reports it exists
		// (MySQL counts unchanged rows as not affected).
		if ok, err := b.Touch(ctx, "key", 0); !ok || err != nil {
			t.Errorf("Touch 0 of a row that never expires: %v %v", ok, err)
		}
		// Non-UTF-8 keys are refused, not mangled.
		if err := b.Set(ctx, "\xff", []byte("v"), 0); !errors.Is(err, cache.ErrInvalidKey) {
			t.Errorf("non-UTF-8 key: %v", err)
		}
		// Clear treats the prefix's LIKE wildcards literally.
		b.Set(ctx, "a%_\\:1", []byte("v"), 0)
		b.Set(ctx, "aXY:1", []byte("v"), 0)
		b.Set(ctx, "aXY\\:1", []byte("v"), 0)
		if err := b.Clear(ctx, "a%_\\:"); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := b.Get(ctx, "a%_\\:1"); found {
			t.Error("Clear left a key under its prefix")
		}
		for _, k := range []string{"aXY:1", "aXY\\:1"} {
			if _, found, _ := b.Get(ctx, k); !found {
				t.Errorf("Clear with %% and _ in the prefix removed %q", k)
			}
		}
		// Incr keeps the expiry and refuses overflow.
		b.Set(ctx, "n", []byte("9223372036854775806"), time.Minute)
		if n, err := b.Incr(ctx, "n", 1); n != 9223372036854775807 || err != nil {
			t.Fatalf("Incr = %d %v", n, err)
		}
		if _, err := b.Incr(ctx, "n", 1); !errors.Is(err, cache.ErrNotInteger) {
			t.Errorf("Incr past MaxInt64: %v", err)
		}
		clock.Advance(2 * time.Minute)
		if _, err := b.Incr(ctx, "n", 1); !errors.Is(err, cache.ErrNotFound) {
			t.Errorf("Incr lost the expiry: %v", err)
		}
		// GetMany over more keys than one statement may bind.
		keys := make([]string, 1200)
		items := map[string][]byte{}
		for i := range keys {
			keys[i] = "many:" + strconv.Itoa(i)
			if i%2 == 0 {
				items[keys[i]] = []byte(strconv.Itoa(i))
			}
		}
		for k, v := range items {
			b.Set(ctx, k, v, 0)
		}
		got, err := b.GetMany(ctx, keys)
		if err != nil || len(got) != 600 || string(got["many:42"]) != "42" {
			t.Fatalf("GetMany of 1200 keys: %d found, %v", len(got), err)
		}
		if err := b.DeleteMany(ctx, keys); err != nil {
			t.Fatal(err)
		}
		if got, _ := b.GetMany(ctx, keys); len(got) != 0 {
			t.Fatalf("after DeleteMany: %d left", len(got))
		}
	})
}

func count(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+d.Dialect().Quote(table)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Over MaxEntries a write culls: expired rows first, then the rows that
// expire soonest, keeping those that never expire.
func TestCulling(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		newTable(t, d)
		ctx := context.Background()
		clock := cachetest.NewClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
		b, err := dbcache.New(d, table, dbcache.Options{MaxEntries: 10, CullFrequency: 2, Now: clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 11 {
			b.Set(ctx, "k"+strconv.Itoa(i), []byte("v"), time.Duration(i+1)*time.Minute)
		}
		clock.Advance(3*time.Minute + time.Second) // k0..k2 expired
		b.Set(ctx, "forever", []byte("v"), 0)
		// 11 rows > 10: 3 expired rows go, 8 remain (not over), then the insert.
		if n := count(t, d); n != 9 {
			t.Fatalf("after culling expired rows: %d rows, want 9", n)
		}
		for i := range 3 {
			b.Set(ctx, "x"+strconv.Itoa(i), []byte("v"), time.Hour)
		}
		// 11 rows again before the third x: half (5) of the soonest go.
		if n := count(t, d); n != 7 {
			t.Fatalf("after culling the soonest: %d rows, want 7", n)
		}
		for _, k := range []string{"forever", "x0", "x1", "x2", "k10", "k9"} {
			if _, found, _ := b.Get(ctx, k); !found {
				t.Errorf("culling removed %q, which expires late", k)
			}
		}
		for _, k := range []string{"k3", "k4", "k5", "k6", "k7"} {
			if _, found, _ := b.Get(ctx, k); found {
				t.Errorf("culling kept %q, one of the soonest to expire", k)
			}
		}
		all, _ := dbcache.New(d, table, dbcache.Options{MaxEntries: 1, CullFrequency: 1, Now: clock.Now})
		all.Set(ctx, "a", []byte("v"), 0) // 9 rows > 1: the table is emptied first
		all.Set(ctx, "b", []byte("v"), 0) // 1 row, not over
		all.Set(ctx, "c", []byte("v"), 0) // 2 rows > 1: emptied again
		if n := count(t, d); n != 1 {
			t.Fatalf("CullFrequency 1 empties the table: %d rows left, want 1", n)
		}
	})
}

// Inside a transaction of the same database the cache's writes belong to
// it: a rollback undoes them, and a failed cache statement does not spoil
// the transaction.
func TestJoinsTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		newTable(t, d)
		ctx := context.Background()
		b, _ := dbcache.New(d, table, dbcache.Options{})
		boom := errors.New("boom")
		err := d.Atomic(ctx, func(ctx context.Context) error {
			if err := b.Set(ctx, "rolled", []byte("v"), 0); err != nil {
				return err
			}
			if _, found, _ := b.Get(ctx, "rolled"); !found {
				t.Error("a write is not visible inside its own transaction")
			}
			if _, err := b.Incr(ctx, "rolled", 1); !errors.Is(err, cache.ErrNotInteger) {
				t.Errorf("Incr of text in a transaction: %v", err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if _, found, _ := b.Get(ctx, "rolled"); found {
			t.Error("a rolled-back transaction kept the cache write")
		}
		err = d.Atomic(ctx, func(ctx context.Context) error {
			b.Set(ctx, "kept", []byte("1"), 0)
			_, err := b.Incr(ctx, "kept", 1)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if v, _, _ := b.Get(ctx, "kept"); string(v) != "2" {
			t.Errorf("committed value %q, want 2", v)
		}
	})
}

func TestConcurrentAdd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		newTable(t, d)
		ctx := context.Background()
		b, _ := dbcache.New(d, table, dbcache.Options{Timeout: 10 * time.Second})
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for i := range 20 {
			wg.Go(func() {
				added, err := b.Add(ctx, "once", []byte(strconv.Itoa(i)), 0)
				if err != nil {
					t.Error(err)
				}
				if added {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("%d of 20 concurrent Adds won, want exactly 1", wins)
		}
	})
}

func TestCreateCacheTableCommand(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		run := func(cmd *dbcache.CreateCacheTable, args ...string) string {
			t.Helper()
			var out bytes.Buffer
			fs := flagSet(cmd)
			if err := fs.Parse(args); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Run(ctx, &manage.IO{Stdout: &out, Stderr: &out}, fs.Args()); err != nil {
				t.Fatalf("createcachetable %v: %v", args, err)
			}
			return out.String()
		}
		out := run(dbcache.NewCreateCacheTable(d, "c1", "c2"), "--dry-run")
		if !strings.Contains(out, "CREATE TABLE") || strings.Count(out, "CREATE TABLE") != 2 {
			t.Errorf("--dry-run printed:\n%s", out)
		}
		if dbcache.TableExists(ctx, d, "c1") {
			t.Fatal("--dry-run created a table")
		}
		out = run(dbcache.NewCreateCacheTable(d, "c1", "c2"))
		if !dbcache.TableExists(ctx, d, "c1") || !dbcache.TableExists(ctx, d, "c2") {
			t.Fatalf("tables not created; output:\n%s", out)
		}
		out = run(dbcache.NewCreateCacheTable(d, "c1", "c2"), "--dry-run")
		if strings.Contains(out, "CREATE TABLE") {
			t.Errorf("--dry-run prints SQL for tables that exist:\n%s", out)
		}
		out = run(dbcache.NewCreateCacheTable(d, "c1"), "c3")
		if !dbcache.TableExists(ctx, d, "c3") || !strings.Contains(out, `"c3" created`) {
			t.Errorf("positional table not created; output:\n%s", out)
		}
		var ue *manage.UsageError
		if err := dbcache.NewCreateCacheTable(d).Run(ctx, &manage.IO{}, nil); !errors.As(err, &ue) {
			t.Errorf("no tables: %v, want a usage error", err)
		}
	})
}

func TestOpener(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	newTable(t, d)
	lookup := func(alias string) (*db.DB, error) {
		if alias != "default" {
			return nil, fmt.Errorf("no database %q", alias)
		}
		return d, nil
	}
	open := dbcache.Opener(lookup)
	u, _ := url.Parse("db://" + table + "?max_entries=5&cull_frequency=2&call_timeout=3s")
	b, err := open(u, cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Set(context.Background(), "k", []byte("v"), 0); err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{"db://", "db://t?bogus=1", "db://t?database=other", "db://t?max_entries=x", "db://t?call_timeout=-1s"} {
		u, _ := url.Parse(raw)
		if _, err := open(u, cache.Options{}); err == nil {
			t.Errorf("%s was accepted", raw)
		}
	}
}

func TestNewRejects(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	if _, err := dbcache.New(nil, "t", dbcache.Options{}); err == nil {
		t.Error("nil DB accepted")
	}
	if _, err := dbcache.New(d, "", dbcache.Options{}); err == nil {
		t.Error("empty table accepted")
	}
	if _, err := dbcache.New(d, "t", dbcache.Options{CullFrequency: -1}); err == nil {
		t.Error("negative CullFrequency accepted")
	}
}
