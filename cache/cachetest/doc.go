// Package cachetest is the conformance suite every [cache.Backend] runs,
// as testing/slogtest is for slog handlers: one set of tests over the
// whole [cache.Cache] API, so that a site behaves the same on locmem,
// file, database, Redis and memcached.
//
//	func TestConformance(t *testing.T) {
//		clock := cachetest.NewClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
//		cachetest.Run(t, func(t *testing.T) cache.Backend {
//			return cache.NewLocMem(cache.LocMemOptions{Now: clock.Now})
//		}, cachetest.Options{Clock: clock, ClearIsScoped: true})
//	}
//
// A backend whose server is not configured should skip inside newBackend
// (t.Skip with the variable to set), never fail.
package cachetest
