// Package memcache is the memcached backend of package cache, on
// github.com/bradfitz/gomemcache.
//
//	b, err := memcache.New(memcache.Options{Servers: []string{"cache1:11211", "cache2:11211"}})
//	if err != nil {
//		return err
//	}
//	c := cache.New(b, cache.Options{KeyPrefix: "mysite"})
//	defer c.Close()
//
// Importing the package registers the memcached:// scheme with
// [cache.Register]: CACHE_URL=memcached://cache1:11211,cache2:11211
// spreads keys over both servers. The URL takes call_timeout,
// max_idle_conns and max_value_size.
//
// # What memcached cannot do
//
// [Backend] lists memcached's limits and how the backend handles each:
// Clear empties whole servers (there is no delete-by-prefix), expiry has
// one-second resolution and expiries over 30 days are sent as Unix times,
// counters are unsigned (Decr stops at 0), and values over the item size
// limit (1 MB by default) are refused with [ErrValueTooLarge].
//
// # Timeouts and failures
//
// Every dial, read and write is bounded by [Options.Timeout] (1 second by
// default); gomemcache takes no context, so a call whose context ends
// sooner returns at that end while the socket operation finishes in the
// background. A server that is down makes each call fail fast; the cache
// front turns that into a miss or a dropped write (unless Strict), and the
// client dials again on the next call, so a restarted server is used
// again without recreating the backend.
package memcache
