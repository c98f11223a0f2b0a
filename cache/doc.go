// Package cache is Jazz's cache framework: one front, [Cache], over small
// byte-moving backends.
//
//	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{KeyPrefix: "mysite"})
//	c.Set(ctx, "greeting", "hello", 10*time.Minute)
//	var s string
//	found, err := c.Get(ctx, "greeting", &s)
//
//	var counts map[string]int
//	err = c.GetOrSet(ctx, "tag-counts", &counts, time.Hour, func(ctx context.Context) (any, error) {
//		return countTags(ctx) // runs once however many requests miss together
//	})
//
// # Front and backends
//
// A [Backend] stores bytes under keys with an expiry: Get, Set, Add,
// Delete, Clear, Close. Everything else is built once on the front: key
// prefixes and versions, key validation, default timeouts, encoding
// values, GetOrSet with single-flight, many-key calls, Incr and Decr,
// IncrVersion, the failure policy and the counters. A backend that can do
// a derived operation natively says so by implementing an optional
// interface, which the front then uses:
//
//   - [Incrementer]: atomic Incr that keeps the expiry (locmem, file,
//     Redis, memcached);
//   - [Toucher]: a new expiry without rewriting the value;
//   - [ManyGetter], [ManySetter], [ManyDeleter]: one round trip for
//     several keys.
//
// This package holds the backends that need only the standard library:
// [LocMem] (in-process, bounded, LRU, sharded), [File] (one file per key)
// and [Dummy] (stores nothing). Backends with drivers live in
// subpackages: cache/rediscache, cache/memcache and cache/dbcache.
// Package cache/cachetest is the conformance suite they all pass.
//
// # Opening by URL
//
// [Open] builds a cache from a CACHE_URL such as locmem://,
// file:///var/cache/mysite, dummy:// or, with the subpackage imported,
// redis://host:6379/0. Backend packages add schemes with [Register].
//
// # Keys
//
// A caller's key becomes "prefix:version:key" ([DefaultKeyFunc], as
// Django, or Options.KeyFunc). The result must be at most 250 bytes of
// UTF-8 without spaces or control characters (what memcached accepts);
// otherwise the call fails with [ErrInvalidKey], whatever the backend.
// Pass keys that come from users or are binary through [HashKey].
//
// # Values
//
// Strings and byte slices are stored as they are, integers as decimal text
// (so Incr works on them and other programs can read them), anything else
// through the [Serializer], [Gob] by default or [JSON]. Get decodes by the
// type dst points to, so read a value into the type it was written as.
//
// # Timeouts
//
// Every ttl is a time.Duration: a positive duration, [Default]
// (Options.DefaultTimeout, 300 s unless set), [Forever], or zero (or
// negative) for "expire now": nothing is stored and any old value goes,
// as Django's timeout=0.
//
// # When the backend fails
//
// A cache must not take a site down. Unless Options.Strict is set, a
// backend error never reaches the caller: reads miss, writes are dropped,
// Add, Delete, Has and Touch report false, and Incr reports
// [ErrNotFound]. Each failure is counted in [Cache.Stats] and logged at
// WARN on the "jazz.cache" logger, at most one line per
// Options.ErrorLogInterval with the number held back. With Strict, errors
// are returned as *[Error] ("cache: get "k": …"). Invalid keys, nil
// destinations and values the serializer cannot encode are programming
// errors and always returned; a stored value that no longer decodes
// (written as another type by an older build) is a miss unless Strict.
//
// # Differences from Django
//
// GetOrSet computes once for concurrent misses in one process. Versions
// are chosen per call with [Cache.WithVersion]. Two locmem caches never
// share memory by name: share the *Cache instead. Clear with a key prefix
// removes only that prefix's keys on backends that can.
package cache
