// Package cachehttp caches whole pages and template fragments in a
// [cache.Cache], and sets the HTTP headers that tell browsers and proxies
// how to cache a response: Django's cache middleware, cache_page,
// never_cache, vary_on_headers, cache_control and {% cache %}, on plain
// net/http.
//
//	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
//	handler := web.Chain(mux,
//		middleware.RequestID,
//		cachehttp.Site(c, cachehttp.SiteOptions{Timeout: 10 * time.Minute}),
//		sessionMiddleware, // inside Site, so its Vary: Cookie reaches it
//	)
//
// # The per-site cache
//
// [Site] stores every cacheable GET and HEAD page for SiteOptions.Timeout
// and answers later requests for it without running the view: a hit is
// two cache reads and a copy. What is cacheable follows Django and RFC
// 9111 (status 200, no Set-Cookie, no private/no-cache/no-store, max-age
// shortening the timeout, Vary keying the entry); [Site]'s documentation
// lists every rule. Django's UpdateCacheMiddleware and
// FetchFromCacheMiddleware are one middleware here: a Go middleware sees
// both the request and the response, so the split Django needs to let
// other middleware sit between the two halves is not needed; put the
// middleware that vary the response inside Site instead.
//
// Decisions that differ from, or go beyond, Django:
//   - a request's Cache-Control: no-cache is ignored for reading (as in
//     Django), but no-store prevents storing its response;
//   - a request with Authorization never reads the cache, and its response
//     is stored only when marked public, must-revalidate or s-maxage;
//   - any Set-Cookie prevents storing (Django stores some), and so does
//     "Vary: Cookie" unless SiteOptions.CacheVaryCookie;
//   - s-maxage is honoured (this is a shared cache), and max-age can only
//     shorten the timeout, never lengthen it;
//   - the max-age and Expires sent with a hit count down to the entry's
//     expiry instead of repeating the values given when it was stored;
//   - headers set by middleware outside Site (a request ID) are not stored
//     with the page, so they are fresh on every hit.
//
// [CachePage] is the same cache for chosen views, with its own timeout.
//
// # Cache headers for views
//
// [NeverCache], [VaryOnHeaders], [VaryOnCookie] and [CacheControl] wrap a
// view and patch its response headers just before they are sent;
// [PatchVary], [PatchCacheControl] and [PatchNeverCache] do the same to a
// header map directly.
//
// # Template fragments
//
// html/template has no tags that capture a block's output, so a cached
// fragment is a template of its own, rendered through the project's
// [web.Renderer] and stored as HTML by name and vary-on values:
//
//	{{cache 300 "sidebar" "partials/sidebar.html" . .user.ID}}
//
// [Fragments] provides the function; [InvalidateFragment] removes one copy
// when its data changes. The template engine needs nothing beyond
// [web.Renderer], which templates.Engine implements; because the engine is
// built with the functions, the renderer is set afterwards with
// [Fragments.SetRenderer].
package cachehttp
