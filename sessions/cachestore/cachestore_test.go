package cachestore_test

import (
	"context"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/memcache"
	"github.com/jazzgo/jazz/cache/rediscache"
	"github.com/jazzgo/jazz/internal/testenv"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/cachestore"
	"github.com/jazzgo/jazz/sessions/sessiontest"
)

// Sessions live for an hour at most in the suite and under random keys, so
// the shared Redis and memcached servers are used as they are; the prefix
// keeps the suite's entries apart from everything else.
const prefix = "jazz-sessiontest"

func TestLocMem(t *testing.T) {
	t.Parallel()
	sessiontest.Run(t, func(t *testing.T) sessions.Store {
		c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{Strict: true})
		t.Cleanup(func() { c.Close() })
		return cachestore.New(c)
	})
}

func TestRedis(t *testing.T) {
	t.Parallel()
	url := testenv.Redis(t)
	sessiontest.Run(t, func(t *testing.T) sessions.Store {
		b, err := rediscache.New(rediscache.Options{URL: url})
		if err != nil {
			t.Fatal(err)
		}
		c := cache.New(b, cache.Options{KeyPrefix: prefix, Strict: true})
		t.Cleanup(func() { c.Close() })
		return cachestore.New(c)
	})
}

func TestMemcached(t *testing.T) {
	t.Parallel()
	url := testenv.Memcached(t)
	sessiontest.Run(t, func(t *testing.T) sessions.Store {
		b, err := memcache.New(memcache.Options{URL: url})
		if err != nil {
			t.Fatal(err)
		}
		c := cache.New(b, cache.Options{KeyPrefix: prefix, Strict: true})
		t.Cleanup(func() { c.Close() })
		return cachestore.New(c)
	})
}

// The cache entry is Django's key and the data as JSON text.
func TestEntryFormat(t *testing.T) {
	ctx := context.Background()
	lm := cache.NewLocMem(cache.LocMemOptions{})
	c := cache.New(lm, cache.Options{})
	s := cachestore.New(c)
	key := sessions.NewKey()
	if err := s.Save(ctx, key, sessions.Data{"html": "<b>&</b>", "n": 1}, time.Now().Add(time.Hour), true); err != nil {
		t.Fatal(err)
	}
	b, found, err := c.GetBytes(ctx, "django.contrib.sessions.cache"+key)
	if err != nil || !found {
		t.Fatalf("entry under Django's key: found=%v err=%v", found, err)
	}
	if got, want := string(b), `{"html":"<b>&</b>","n":1}`; got != want {
		t.Fatalf("entry = %s, want %s", got, want)
	}
}

func BenchmarkLocMem(b *testing.B) {
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	sessiontest.Benchmark(b, sessions.Options{Store: cachestore.New(c)})
}

func BenchmarkRedis(b *testing.B) {
	bk, err := rediscache.New(rediscache.Options{URL: testenv.Redis(b)})
	if err != nil {
		b.Fatal(err)
	}
	c := cache.New(bk, cache.Options{KeyPrefix: prefix, Strict: true})
	defer c.Close()
	sessiontest.Benchmark(b, sessions.Options{Store: cachestore.New(c)})
}

func BenchmarkMemcached(b *testing.B) {
	bk, err := memcache.New(memcache.Options{URL: testenv.Memcached(b)})
	if err != nil {
		b.Fatal(err)
	}
	c := cache.New(bk, cache.Options{KeyPrefix: prefix, Strict: true})
	defer c.Close()
	sessiontest.Benchmark(b, sessions.Options{Store: cachestore.New(c)})
}
