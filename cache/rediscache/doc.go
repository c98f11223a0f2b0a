// Package rediscache is the Redis backend of package cache, on go-redis.
//
//	b, err := rediscache.New(rediscache.Options{URL: "redis://:secret@127.0.0.1:6379/0"})
//	if err != nil {
//		return err
//	}
//	c := cache.New(b, cache.Options{KeyPrefix: "mysite"})
//	defer c.Close()
//
// Importing the package registers the schemes redis, rediss (TLS),
// redis+cluster and redis+sentinel (and their rediss+ forms) with
// [cache.Register], so CACHE_URL=redis://host:6379/0 works with
// [cache.Open]. [ParseURL] documents the URL forms and parameters.
//
// # Commands
//
// Each operation is one native command: GET, SET with PX (SET NX for
// Add), UNLINK for Delete, MGET for GetMany, a pipeline of SETs for
// SetMany, PEXPIRE or PERSIST for Touch. Incr runs INCRBY inside a short
// Lua script that first checks the key exists, so Incr on a missing key is
// [cache.ErrNotFound] (plain INCRBY would create it) and the check and the
// increment are one atomic step. Clear walks the keys under the cache's
// prefix with SCAN MATCH and UNLINKs them in batches; it uses FLUSHDB
// only for a cache without a key prefix, which owns its whole database.
//
// # Timeouts and failures
//
// Every call is bounded by [Options.Timeout] (1 second by default), even
// when the caller's context has no deadline; a client made from a URL
// also uses it for dialling, socket reads and writes and waiting for a
// pooled connection, and honours context deadlines on the socket. When
// Redis is down each call fails fast with an error, which the cache front
// turns into a miss or a dropped write (unless Strict); when Redis comes
// back the connection pool redials by itself, with no restart.
//
// # Not supported
//
// Unix-socket URLs (unix://) are not accepted by [ParseURL]; pass a
// *redis.Client in [Options.Client] for those, or for anything else a URL
// cannot say (custom TLS roots, hooks, tracing).
package rediscache
