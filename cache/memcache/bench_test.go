package memcache_test

import (
	"context"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache/memcache"
)

func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	be := newBackend(b, memcache.Options{})
	k := prefix(b) + "k"
	be.Set(ctx, k, make([]byte, 100), time.Minute)
	b.ReportAllocs()
	for b.Loop() {
		if _, found, err := be.Get(ctx, k); !found || err != nil {
			b.Fatal(found, err)
		}
	}
}

func BenchmarkSet(b *testing.B) {
	ctx := context.Background()
	be := newBackend(b, memcache.Options{})
	k := prefix(b) + "k"
	v := make([]byte, 100)
	b.ReportAllocs()
	for b.Loop() {
		if err := be.Set(ctx, k, v, time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetParallel(b *testing.B) {
	ctx := context.Background()
	be := newBackend(b, memcache.Options{})
	k := prefix(b) + "k"
	be.Set(ctx, k, make([]byte, 100), time.Minute)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := be.Get(ctx, k); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
