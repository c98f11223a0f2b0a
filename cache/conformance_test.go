package cache_test

import (
	"context"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/cachetest"
)

var epoch = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func TestLocMemConformance(t *testing.T) {
	clock := cachetest.NewClock(epoch)
	cachetest.Run(t, func(t *testing.T) cache.Backend {
		return cache.NewLocMem(cache.LocMemOptions{Now: clock.Now})
	}, cachetest.Options{Clock: clock, ClearIsScoped: true})
}

func TestLocMemOneShardConformance(t *testing.T) {
	clock := cachetest.NewClock(epoch)
	cachetest.Run(t, func(t *testing.T) cache.Backend {
		return cache.NewLocMem(cache.LocMemOptions{Now: clock.Now, Shards: 1, MaxEntries: -1})
	}, cachetest.Options{Clock: clock, ClearIsScoped: true})
}

func TestFileConformance(t *testing.T) {
	clock := cachetest.NewClock(epoch)
	cachetest.Run(t, func(t *testing.T) cache.Backend {
		f, err := cache.NewFile(t.TempDir(), cache.FileOptions{Now: clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}, cachetest.Options{Clock: clock, ClearIsScoped: true})
}

func TestDummyConformance(t *testing.T) {
	cachetest.Run(t, func(t *testing.T) cache.Backend { return cache.NewDummy() },
		cachetest.Options{StoresNothing: true})
}

// primitives hides every optional interface of a backend, so that the
// suite also covers the front's emulations (Incr, Touch, GetMany...).
type primitives struct{ b cache.Backend }

func (p primitives) Get(ctx context.Context, k string) ([]byte, bool, error) { return p.b.Get(ctx, k) }
func (p primitives) Set(ctx context.Context, k string, v []byte, ttl time.Duration) error {
	return p.b.Set(ctx, k, v, ttl)
}
func (p primitives) Add(ctx context.Context, k string, v []byte, ttl time.Duration) (bool, error) {
	return p.b.Add(ctx, k, v, ttl)
}
func (p primitives) Delete(ctx context.Context, k string) (bool, error) { return p.b.Delete(ctx, k) }
func (p primitives) Clear(ctx context.Context, prefix string) error     { return p.b.Clear(ctx, prefix) }
func (p primitives) Close() error                                       { return p.b.Close() }

func TestPrimitivesOnlyConformance(t *testing.T) {
	clock := cachetest.NewClock(epoch)
	cachetest.Run(t, func(t *testing.T) cache.Backend {
		return primitives{cache.NewLocMem(cache.LocMemOptions{Now: clock.Now})}
	}, cachetest.Options{Clock: clock, ClearIsScoped: true})
}
