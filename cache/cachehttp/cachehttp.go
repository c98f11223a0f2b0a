package cachehttp

import (
	"net/http"
	"sync"
	"time"

	"github.com/jazzgo/jazz/cache"
)

// Site returns the per-site cache middleware (Django's UpdateCacheMiddleware
// and FetchFromCacheMiddleware in one): GET and HEAD pages are answered
// from c when a live copy exists, without running the wrapped handler, and
// stored after the handler produced them when the rules below allow.
//
// Put it early in the chain, but inside middleware that must see every
// request and response (request IDs, logging, GZip, security headers,
// ConditionalGet), and outside everything that changes the response per
// request (sessions, authentication, locale), so that their Vary headers
// reach it.
//
// A response is stored only when all of these hold:
//   - the method is GET or HEAD and the status is 200;
//   - it sets no cookie, declares no trailer, and its Vary is not "*" nor
//     lists Cookie (unless [SiteOptions.CacheVaryCookie]);
//   - its Cache-Control has none of private, no-cache, no-store, and no
//     max-age (or s-maxage, which wins) of 0 or an invalid one; a positive
//     one, or an Expires header without either, shortens the timeout;
//   - the request's Cache-Control has no no-store; and a request with
//     Authorization is stored only when the response says public,
//     must-revalidate or s-maxage (RFC 9111 section 3.5);
//   - the handler did not flush, hijack or write more than MaxSize bytes.
//
// Requests with an Authorization header are never answered from the
// cache. A request's "Cache-Control: no-cache" is ignored for reading, as
// Django does: honouring it would let any client bypass the cache at will.
//
// The key is the absolute URL (scheme, Host, path and query), the method
// and the values the request has for every header the stored response
// varies on: as in Django, a small per-URL entry records that header list,
// then the page is looked up under the URL plus those values. A HEAD
// request is answered from the GET page when there is one.
//
// A stored page keeps its status, body and the headers the wrapped
// handlers set (minus hop-by-hop headers, Set-Cookie, Date), plus
// Last-Modified (now) and a weak ETag when the view set none. Every
// response it stores or serves carries Expires (unless set) and a max-age
// no longer than the entry's remaining life; with [SiteOptions.XCache],
// X-Cache: HIT or MISS.
//
// A cache failure never fails a request: reads become misses and writes
// are dropped, with a log line. c must not be nil, and opts.KeyPrefix must
// hold no spaces or control characters; both are checked here, with a
// panic, so a bad configuration stops start-up. The middleware is safe for
// concurrent use.
func Site(c *cache.Cache, opts SiteOptions) func(http.Handler) http.Handler {
	if c == nil {
		panic("cachehttp: Site with a nil *cache.Cache; build one with cache.New or cache.Open")
	}
	return newPageCache(c, opts).middleware
}

// CachePage returns a middleware that caches the pages of the views it
// wraps for timeout (Django's cache_page), with the rules and headers of
// [Site]. opts may give one [SiteOptions] for the key prefix and the other
// settings; its Timeout is replaced by timeout. Pages cached by CachePage
// and by Site with the same KeyPrefix share entries.
//
// A nil c means the cache the request carries (cache.FromContext: a Jazz
// project's default cache), which lets a URLconf written before the
// project exists cache its views; a request without one is served
// uncached. timeout must be positive and at most one opts may be given;
// CachePage panics otherwise, at start-up. The middleware is safe for
// concurrent use.
//
//	mux.Handle("GET /", cachehttp.CachePage(c, 15*time.Minute)(home))
//	urls.Path("", cachehttp.CachePage(nil, time.Minute)(web.HandlerFunc(home)), "home")
func CachePage(c *cache.Cache, timeout time.Duration, opts ...SiteOptions) func(http.Handler) http.Handler {
	if timeout <= 0 {
		panic("cachehttp: CachePage timeout must be positive, as in 15*time.Minute; to keep a view out of caches use NeverCache")
	}
	if len(opts) > 1 {
		panic("cachehttp: CachePage takes at most one SiteOptions; merge them into one value")
	}
	var o SiteOptions
	if len(opts) == 1 {
		o = opts[0]
	}
	o.Timeout = timeout
	if c != nil {
		return newPageCache(c, o).middleware
	}
	return func(next http.Handler) http.Handler {
		// One page cache per cache instance met, built on first use: a
		// handler may serve several projects in tests.
		var byCache sync.Map // *cache.Cache -> http.Handler
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c := cache.FromContext(r.Context())
			if c == nil {
				next.ServeHTTP(w, r)
				return
			}
			h, ok := byCache.Load(c)
			if !ok {
				h, _ = byCache.LoadOrStore(c, newPageCache(c, o).middleware(next))
			}
			h.(http.Handler).ServeHTTP(w, r)
		})
	}
}
