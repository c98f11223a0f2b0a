package cache_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
)

func TestLocMemEvictsLeastRecentlyUsed(t *testing.T) {
	ctx := context.Background()
	l := cache.NewLocMem(cache.LocMemOptions{MaxEntries: 3, Shards: 1})
	for _, k := range []string{"a", "b", "c"} {
		l.Set(ctx, k, []byte(k), 0)
	}
	l.Get(ctx, "a") // a is now the most recently used; b the least
	l.Set(ctx, "d", []byte("d"), 0)
	if l.Len() != 3 {
		t.Fatalf("Len = %d after culling; want 3", l.Len())
	}
	for k, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if _, ok, _ := l.Get(ctx, k); ok != want {
			t.Errorf("after culling, %q present = %v; want %v", k, ok, want)
		}
	}
	// Overwriting a key never culls.
	l.Set(ctx, "d", []byte("d2"), 0)
	if l.Len() != 3 {
		t.Fatalf("Len = %d after an overwrite", l.Len())
	}
}

func TestLocMemCullFrequency(t *testing.T) {
	ctx := context.Background()
	l := cache.NewLocMem(cache.LocMemOptions{MaxEntries: 9, CullFrequency: 3, Shards: 1})
	for i := range 9 {
		l.Set(ctx, fmt.Sprint(i), nil, 0)
	}
	l.Set(ctx, "new", nil, 0)
	if l.Len() != 7 {
		t.Fatalf("Len = %d; want 9 - 9/3 + 1 = 7", l.Len())
	}
	for _, k := range []string{"0", "1", "2"} {
		if _, ok, _ := l.Get(ctx, k); ok {
			t.Errorf("%q, among the oldest, survived the cull", k)
		}
	}
	all := cache.NewLocMem(cache.LocMemOptions{MaxEntries: 4, CullFrequency: 1, Shards: 1})
	for i := range 5 {
		all.Set(ctx, fmt.Sprint(i), nil, 0)
	}
	if all.Len() != 1 {
		t.Fatalf("CullFrequency 1: Len = %d; want the shard emptied, then one key", all.Len())
	}
}

func TestLocMemBoundWithShards(t *testing.T) {
	ctx := context.Background()
	l := cache.NewLocMem(cache.LocMemOptions{})
	for i := range 2000 {
		l.Set(ctx, fmt.Sprint("k", i), []byte("v"), 0)
	}
	if n := l.Len(); n > 300 || n < 150 {
		t.Fatalf("default locmem holds %d keys; want at most 300 (and not far below)", n)
	}
	unbounded := cache.NewLocMem(cache.LocMemOptions{MaxEntries: -1})
	for i := range 2000 {
		unbounded.Set(ctx, fmt.Sprint("k", i), nil, 0)
	}
	if unbounded.Len() != 2000 {
		t.Fatalf("MaxEntries -1 holds %d of 2000", unbounded.Len())
	}
}

func TestLocMemLazyExpiry(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1000, 0)
	l := cache.NewLocMem(cache.LocMemOptions{Now: func() time.Time { return now }})
	l.Set(ctx, "k", []byte("v"), time.Second)
	now = now.Add(time.Second)
	if l.Len() != 1 {
		t.Fatal("expired key removed before it was touched")
	}
	if _, ok, _ := l.Get(ctx, "k"); ok {
		t.Fatal("expired key returned")
	}
	if l.Len() != 0 {
		t.Fatal("expired key kept after a Get found it expired")
	}
}

func TestLocMemCopiesValues(t *testing.T) {
	ctx := context.Background()
	l := cache.NewLocMem(cache.LocMemOptions{})
	in := []byte("abc")
	l.Set(ctx, "k", in, 0)
	in[0] = 'X'
	out, _, _ := l.Get(ctx, "k")
	out[1] = 'Y'
	again, _, _ := l.Get(ctx, "k")
	if string(again) != "abc" {
		t.Fatalf("stored bytes changed through caller slices: %q", again)
	}
	l.Set(ctx, "empty", nil, 0)
	if v, ok, _ := l.Get(ctx, "empty"); !ok || v == nil || len(v) != 0 {
		t.Fatalf("an empty value reads as %v, %v; want a non-nil empty slice", v, ok)
	}
}

func TestLocMemConcurrentSetAndCull(t *testing.T) {
	ctx := context.Background()
	l := cache.NewLocMem(cache.LocMemOptions{MaxEntries: 64, Shards: 4})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				k := fmt.Sprint(g, "-", i%100)
				l.Set(ctx, k, []byte(k), time.Minute)
				if v, ok, _ := l.Get(ctx, k); ok && string(v) != k {
					t.Errorf("Get(%q) = %q", k, v)
				}
				l.Incr(ctx, k, 1) // not an integer: must fail cleanly
			}
		})
	}
	wg.Wait()
	if l.Len() > 64 {
		t.Fatalf("Len = %d over MaxEntries", l.Len())
	}
}
