package rediscache_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/cachetest"
	"github.com/jazzgo/jazz/cache/rediscache"
)

// The shared suite on a real Redis. Redis keeps its own clock, so expiry
// is tested in real time; Clear is scoped to the prefix (SCAN + UNLINK).
func TestConformance(t *testing.T) {
	cachetest.Run(t, func(t *testing.T) cache.Backend {
		b, err := rediscache.New(rediscache.Options{URL: serverURL(t)})
		if err != nil {
			t.Fatal(err)
		}
		return &tidy{Backend: b}
	}, cachetest.Options{RealTime: true, ClearIsScoped: true})
}

// tidy deletes the keys written through it when closed, so the suite
// leaves nothing behind on a shared server. Embedding keeps every
// optional interface of the backend visible to the front.
type tidy struct {
	*rediscache.Backend
	keys sync.Map
}

func (d *tidy) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	d.keys.Store(key, true)
	return d.Backend.Set(ctx, key, value, ttl)
}

func (d *tidy) Add(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	d.keys.Store(key, true)
	return d.Backend.Add(ctx, key, value, ttl)
}

func (d *tidy) SetMany(ctx context.Context, items map[string][]byte, ttl time.Duration) error {
	for k := range items {
		d.keys.Store(k, true)
	}
	return d.Backend.SetMany(ctx, items, ttl)
}

func (d *tidy) Close() error {
	var keys []string
	d.keys.Range(func(k, _ any) bool { keys = append(keys, k.(string)); return true })
	d.Backend.DeleteMany(context.Background(), keys)
	return d.Backend.Close()
}
