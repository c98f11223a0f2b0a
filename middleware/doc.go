// Package middleware holds Jazz's standard request pipeline: each entry is
// a plain func(http.Handler) http.Handler, so it mounts on any net/http
// server and mixes with third-party middleware.
//
//	h := web.Chain(mux,
//		middleware.Recover,
//		middleware.RequestID,
//		middleware.RequestLog(logger),
//		middleware.Security(middleware.SecurityOptions{HSTSSeconds: 3600}),
//		middleware.Common(middleware.CommonOptions{AllowedHosts: []string{".example.com"}}),
//		middleware.XFrameOptions("DENY"),
//	)
//
// # The default order, outermost first
//
//  1. [Recover], so that a panic anywhere below becomes the 500 page.
//  2. [RequestID], so that everything below, error pages included, can name
//     the request.
//  3. [RequestLog], which sees the final status of everything below it:
//     redirects, rejected hosts and 304s alike.
//  4. [Security], which redirects plain HTTP before any other work and
//     puts its headers on every response, error pages included.
//  5. Sessions (to come).
//  6. [Common]: hosts, user agents, www and trailing-slash redirects. It
//     runs after Security so that an insecure request is sent to HTTPS
//     first, as in Django.
//  7. CSRF, authentication and messages (to come).
//  8. [XFrameOptions] and [CSP], innermost so that a view's own header
//     choices ([XFrameExempt], [CSPOverride], [CSPExempt]) are the last
//     word.
//
// [GZip] and [ConditionalGet] are optional. When used, GZip goes outside
// ConditionalGet (it must see the final body; ConditionalGet must see the
// identity body to compute an ETag), and both go inside Security and Common
// so that redirects and error pages are cheap.
//
// # Cost
//
// The pipeline sits in front of every request, so its middleware avoid
// work they do not need. Static headers are put on the response before the
// handler runs, in value slices fixed at start-up (so do not write into a
// header's slice: replace it with Set). Only Recover and RequestLog need
// to observe the response, and they share one wrapper (internal/httpx) that
// keeps http.Flusher, http.Hijacker, io.ReaderFrom and Unwrap for
// http.ResponseController; RequestLog does nothing at all when its logger
// would drop the line. GZip and ConditionalGet change the body, so they
// have their own writers, which keep the same capabilities.
//
// # Errors and configuration
//
// Responses that are errors (400 for a bad Host, 403 for a disallowed user
// agent, 412, 500 after a panic) go through [web.Error], so the project's
// error pages and logging apply. Options are checked when a middleware is
// built: a bad regular expression or header value panics with a message
// naming the option, so a misconfigured site fails at start-up rather
// than on a request.
package middleware
