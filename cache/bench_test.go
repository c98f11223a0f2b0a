package cache_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/jazzgo/jazz/cache"
)

func benchCache(b *testing.B) (*cache.Cache, []string) {
	b.Helper()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{MaxEntries: 10000}), cache.Options{KeyPrefix: "bench"})
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = "key-" + strconv.Itoa(i)
		if err := c.Set(context.Background(), keys[i], "a value of some thirty bytes..", cache.Default); err != nil {
			b.Fatal(err)
		}
	}
	return c, keys
}

// BenchmarkLocMemGet is a hit through the front: key building and
// validation, a shard lock, a copy of the value and its decoding.
func BenchmarkLocMemGet(b *testing.B) {
	c, keys := benchCache(b)
	ctx := context.Background()
	var s string
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if found, _ := c.Get(ctx, keys[i&1023], &s); !found {
			b.Fatal("miss")
		}
		i++
	}
}

func BenchmarkLocMemGetParallel(b *testing.B) {
	c, keys := benchCache(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var s string
		i := 0
		for pb.Next() {
			c.Get(ctx, keys[i&1023], &s)
			i++
		}
	})
}

func BenchmarkLocMemSet(b *testing.B) {
	c, keys := benchCache(b)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.Set(ctx, keys[i&1023], "a value of some thirty bytes..", cache.Default)
		i++
	}
}

func BenchmarkLocMemSetStruct(b *testing.B) {
	c, keys := benchCache(b)
	ctx := context.Background()
	v := struct {
		ID    int
		Title string
		Tags  []string
	}{42, "a title", []string{"go", "cache"}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.Set(ctx, keys[i&1023], v, cache.Default)
		i++
	}
}

func BenchmarkGetOrSetHit(b *testing.B) {
	c, keys := benchCache(b)
	ctx := context.Background()
	var s string
	compute := func(context.Context) (any, error) { b.Fatal("computed on a hit"); return nil, nil }
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.GetOrSet(ctx, keys[i&1023], &s, cache.Default, compute)
		i++
	}
}

func BenchmarkLocMemIncr(b *testing.B) {
	c, _ := benchCache(b)
	ctx := context.Background()
	c.Set(ctx, "n", 0, cache.Forever)
	b.ReportAllocs()
	for b.Loop() {
		c.Incr(ctx, "n", 1)
	}
}
