package memcache_test

import (
	"testing"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/cachetest"
	"github.com/jazzgo/jazz/cache/memcache"
)

// The shared suite on a real memcached. memcached keeps its own clock, so
// expiry is tested in real time; Clear is flush_all, not scoped; the
// large value is the largest that fits memcached's default item size, and
// counters are unsigned.
func TestConformance(t *testing.T) {
	cachetest.Run(t, func(t *testing.T) cache.Backend {
		b, err := memcache.New(memcache.Options{URL: serverURL(t)})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}, cachetest.Options{RealTime: true, UnsignedCounters: true, LargeValueSize: memcache.DefaultMaxValueSize})
}
