package cacheddbstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/memcache"
	"github.com/jazzgo/jazz/cache/rediscache"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/internal/testenv"
	"github.com/jazzgo/jazz/migrate"
	_ "github.com/jazzgo/jazz/migrate/schema" // the migration backends
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/cacheddbstore"
	"github.com/jazzgo/jazz/sessions/dbstore"
)

const testKey = "jazz-interop-test-secret-key-0123456789-DO-NOT-USE-IN-PRODUCTION"

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type clock struct{ unix atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.unix.Store(time.Now().Truncate(time.Second).UnixNano())
	return c
}
func (c *clock) now() time.Time               { return time.Unix(0, c.unix.Load()).UTC() }
func (c *clock) add(d time.Duration)          { c.unix.Add(int64(d)) }
func (c *clock) in(d time.Duration) time.Time { return c.now().Add(d) }

// caches opens each cache the engine runs on, each under a prefix of its
// own so that tests sharing a server do not meet.
func caches() map[string]func(t testing.TB) *cache.Cache {
	prefix := func() string { return fmt.Sprintf("t%d", rand.Int64()) }
	return map[string]func(t testing.TB) *cache.Cache{
		"locmem": func(testing.TB) *cache.Cache {
			return cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{KeyPrefix: prefix(), Logger: quiet})
		},
		"redis": func(t testing.TB) *cache.Cache {
			url := testenv.Redis(t)
			c, err := cache.Open(url, cache.Options{KeyPrefix: prefix(), Logger: quiet})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			return c
		},
		"memcached": func(t testing.TB) *cache.Cache {
			url := testenv.Memcached(t)
			c, err := cache.Open(url, cache.Options{KeyPrefix: prefix(), Logger: quiet})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			return c
		},
	}
}

var (
	_ = rediscache.New // registers redis://
	_ = memcache.New   // registers memcached://
)

func migratedDB(t testing.TB, dialect string) *db.DB {
	t.Helper()
	d := dbtest.Open(t, dialect)
	x := &migrate.Executor{DB: d, Apps: []apps.App{dbstore.App}}
	if err := x.Migrate(context.Background(), nil, migrate.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	return d
}

type fixture struct {
	d     *db.DB
	rows  *dbstore.Store
	c     *cache.Cache
	s     *cacheddbstore.Store
	clock *clock
}

func newFixture(t *testing.T, dialect string, c *cache.Cache) *fixture {
	t.Helper()
	f := &fixture{d: migratedDB(t, dialect), c: c, clock: newClock()}
	var err error
	f.rows, err = dbstore.New(f.d, dbstore.Options{Key: testKey, Now: f.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	f.s, err = cacheddbstore.New(f.rows, c, cacheddbstore.Options{Now: f.clock.now, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// deleteRow removes a session from the database behind the store's back.
func (f *fixture) deleteRow(t *testing.T, key string) {
	t.Helper()
	dl := f.d.Dialect()
	if _, err := f.d.ExecContext(context.Background(), "DELETE FROM "+dl.Quote(dbstore.Table)+" WHERE session_key = "+dl.Placeholder(1), key); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) cached(t *testing.T, key string) bool {
	t.Helper()
	_, found, err := f.c.GetBytes(context.Background(), cacheddbstore.KeyPrefix+key)
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func load(t *testing.T, s sessions.Store, key string) sessions.Data {
	t.Helper()
	data, err := s.Load(context.Background(), key)
	if err != nil {
		t.Fatalf("Load(%q): %v", key, err)
	}
	return data
}

func notFound(t *testing.T, s sessions.Store, key string) {
	t.Helper()
	if data, err := s.Load(context.Background(), key); !errors.Is(err, sessions.ErrNotFound) {
		t.Fatalf("Load(%q) = %v, %v; want ErrNotFound", key, data, err)
	}
}

func TestStore(t *testing.T) {
	for name, open := range caches() {
		t.Run(name, func(t *testing.T) {
			dialects := []string{"sqlite"}
			if name == "locmem" {
				dialects = dbtest.Dialects() // the database side once on each
			}
			for _, dialect := range dialects {
				t.Run(dialect, func(t *testing.T) { testStore(t, newFixture(t, dialect, open(t))) })
			}
		})
	}
}

func testStore(t *testing.T, f *fixture) {
	ctx := context.Background()
	s := f.s
	t.Run("contract", func(t *testing.T) {
		data := sessions.Data{"visits": 3.0, "name": "Jürgen <&>", "cart": []any{1.0, "x"}, "nothing": nil}
		k := "contract000000000000000000000000"
		if err := s.Save(ctx, k, data, f.clock.in(time.Hour), true); err != nil {
			t.Fatal(err)
		}
		if got := load(t, s, k); !reflect.DeepEqual(got, data) {
			t.Fatalf("loaded %v, want %v", got, data)
		}
		if err := s.Save(ctx, k, sessions.Data{"other": "x"}, f.clock.in(time.Hour), true); !errors.Is(err, sessions.ErrExists) {
			t.Fatalf("create of a used key: %v, want ErrExists", err)
		}
		if got := load(t, s, k); !reflect.DeepEqual(got, data) {
			t.Fatalf("a refused create changed the session: %v", got)
		}
		if err := s.Save(ctx, k, sessions.Data{"visits": 4.0}, f.clock.in(time.Hour), false); err != nil {
			t.Fatal(err)
		}
		if got := load(t, s, k); !reflect.DeepEqual(got, sessions.Data{"visits": 4.0}) {
			t.Fatalf("after update: %v", got)
		}
		if err := s.Delete(ctx, k); err != nil {
			t.Fatal(err)
		}
		notFound(t, s, k)
		notFound(t, f.rows, k)
		if f.cached(t, k) {
			t.Fatal("Delete left the session in the cache")
		}
		if err := s.Delete(ctx, k); err != nil {
			t.Fatalf("deleting an unknown key: %v", err)
		}
		for _, k := range []string{"unknown0000000000000000000000000", "", "with space", strings.Repeat("x", 300)} {
			notFound(t, s, k)
			if err := s.Delete(ctx, k); err != nil {
				t.Errorf("Delete(%q): %v", k, err)
			}
		}
	})
	t.Run("write-through", func(t *testing.T) {
		k := "through0000000000000000000000000"
		if err := s.Save(ctx, k, sessions.Data{"v": "cached"}, f.clock.in(time.Hour), true); err != nil {
			t.Fatal(err)
		}
		if !f.cached(t, k) {
			t.Fatal("Save did not write the cache")
		}
		if got := load(t, f.rows, k); got["v"] != "cached" {
			t.Fatalf("Save did not write the database: %v", got)
		}
		// Reads come from the cache: with the row gone, the session is still
		// served (the cache is trusted until the session expires).
		f.deleteRow(t, k)
		if got := load(t, s, k); got["v"] != "cached" {
			t.Fatalf("Load did not read the cache: %v", got)
		}
	})
	t.Run("miss falls back and fills", func(t *testing.T) {
		k := "fallback000000000000000000000000"
		exp := f.clock.in(time.Hour)
		if err := f.rows.Save(ctx, k, sessions.Data{"v": "db only"}, exp, true); err != nil {
			t.Fatal(err)
		}
		if f.cached(t, k) {
			t.Fatal("cached before any Load")
		}
		if got := load(t, s, k); got["v"] != "db only" {
			t.Fatalf("Load = %v", got)
		}
		raw, found, err := f.c.GetBytes(ctx, cacheddbstore.KeyPrefix+k)
		if err != nil || !found {
			t.Fatalf("the miss did not fill the cache: %v", err)
		}
		var e struct{ Expiry time.Time }
		if err := json.Unmarshal(raw, &e); err != nil || !e.Expiry.Equal(exp) {
			t.Fatalf("cached expiry %v (%v), want the row's %v", e.Expiry, err, exp)
		}
	})
	t.Run("unreadable cache entry", func(t *testing.T) {
		k := "garbage000000000000000000000000"
		if err := s.Save(ctx, k, sessions.Data{"v": "row"}, f.clock.in(time.Hour), true); err != nil {
			t.Fatal(err)
		}
		if err := f.c.Set(ctx, cacheddbstore.KeyPrefix+k, []byte("not json"), time.Hour); err != nil {
			t.Fatal(err)
		}
		if got := load(t, s, k); got["v"] != "row" {
			t.Fatalf("Load = %v", got)
		}
		f.deleteRow(t, k)
		if got := load(t, s, k); got["v"] != "row" {
			t.Fatalf("the unreadable entry was not replaced by the row: %v", got)
		}
	})
	t.Run("expiry", func(t *testing.T) {
		k := "expiry00000000000000000000000000"
		if err := s.Save(ctx, k, sessions.Data{"v": 1.0}, f.clock.in(30*time.Second), true); err != nil {
			t.Fatal(err)
		}
		load(t, s, k)
		f.clock.add(29 * time.Second)
		load(t, s, k)
		f.clock.add(2 * time.Second)
		// The cache's own expiry runs on the real clock, so the copy is
		// still there: the stored expiry is what refuses it.
		notFound(t, s, k)
		// A session saved already expired is not served from the cache.
		k2 := "expiry00000000000000000000000002"
		if err := s.Save(ctx, k2, sessions.Data{"v": 2.0}, f.clock.in(-time.Second), false); err != nil {
			t.Fatal(err)
		}
		notFound(t, s, k2)
		if f.cached(t, k2) {
			t.Fatal("an expired session was cached")
		}
		if n, err := s.ClearExpired(ctx); err != nil || n < 2 {
			t.Fatalf("ClearExpired = %d, %v; want at least the two expired rows", n, err)
		}
	})
	t.Run("concurrent saves", func(t *testing.T) {
		k := "concurrent0000000000000000000000"
		if err := s.Save(ctx, k, sessions.Data{"w": -1.0}, f.clock.in(time.Hour), true); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 10 {
					data := sessions.Data{"w": float64(w), "i": float64(i), "pad": strings.Repeat(fmt.Sprint(w), 50)}
					if err := s.Save(ctx, k, data, f.clock.in(time.Hour), false); err != nil && !errors.Is(err, db.ErrRetryable) {
						t.Error(err)
					}
					if _, err := s.Load(ctx, k); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		for _, st := range []sessions.Store{s, f.rows} {
			got := load(t, st, k)
			w, _ := got["w"].(float64)
			if got["pad"] != strings.Repeat(fmt.Sprint(int(w)), 50) {
				t.Fatalf("stored data mixes writers: %v", got)
			}
		}
	})
}

// TestCacheOutage stops the Redis server under the store: the database
// keeps every session, and nothing stale is served when the cache is back.
func TestCacheOutage(t *testing.T) {
	for _, strict := range []bool{false, true} {
		t.Run(fmt.Sprintf("strict=%v", strict), func(t *testing.T) {
			srv := testenv.StartRedisServer(t)
			c, err := cache.Open("redis://"+srv.Addr()+"/0", cache.Options{Strict: strict, Logger: quiet})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			f := newFixture(t, "sqlite", c)
			ctx := context.Background()
			if err := f.s.Save(ctx, "outage00000000000000000000000000", sessions.Data{"v": "before"}, f.clock.in(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			srv.Stop()
			if err := f.s.Save(ctx, "outage00000000000000000000000000", sessions.Data{"v": "during"}, f.clock.in(time.Hour), false); err != nil {
				t.Fatalf("Save with the cache down: %v", err)
			}
			if err := f.s.Save(ctx, "outage00000000000000000000000001", sessions.Data{"v": "new"}, f.clock.in(time.Hour), true); err != nil {
				t.Fatalf("create with the cache down: %v", err)
			}
			if got := load(t, f.s, "outage00000000000000000000000000"); got["v"] != "during" {
				t.Fatalf("Load with the cache down = %v", got)
			}
			err = f.s.Delete(ctx, "outage00000000000000000000000001")
			if strict && err == nil {
				t.Fatal("Delete with a strict cache down reported nothing")
			}
			notFound(t, f.rows, "outage00000000000000000000000001")
			srv.Start()
			if got := load(t, f.s, "outage00000000000000000000000000"); got["v"] != "during" {
				t.Fatalf("Load after the outage = %v", got)
			}
			notFound(t, f.s, "outage00000000000000000000000001")
		})
	}
}

func TestNew(t *testing.T) {
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	if _, err := cacheddbstore.New(nil, c, cacheddbstore.Options{}); err == nil {
		t.Error("New without a durable store succeeded")
	}
	rows, err := dbstore.New(dbtest.Open(t, "sqlite"), dbstore.Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cacheddbstore.New(rows, nil, cacheddbstore.Options{}); err == nil {
		t.Error("New without a cache succeeded")
	}
}

// BenchmarkLoadSave is one request that reads its session (from the
// cache) and saves it changed (database and cache), per cache, with the
// rows in SQLite.
func BenchmarkLoadSave(b *testing.B) {
	for _, name := range []string{"locmem", "redis", "memcached"} {
		b.Run(name, func(b *testing.B) {
			c := caches()[name](b)
			rows, err := dbstore.New(migratedDB(b, "sqlite"), dbstore.Options{Key: testKey})
			if err != nil {
				b.Fatal(err)
			}
			s, err := cacheddbstore.New(rows, c, cacheddbstore.Options{Logger: quiet})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			key := "benchmark0000000000000000000000"
			exp := time.Now().Add(time.Hour)
			if err := s.Save(ctx, key, sessions.Data{"visits": 0.0, "user": "42"}, exp, true); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				data, err := s.Load(ctx, key)
				if err != nil {
					b.Fatal(err)
				}
				data["visits"] = float64(i)
				if err := s.Save(ctx, key, data, exp, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
