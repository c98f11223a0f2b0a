package jazz

import (
	"net/http"
	"time"

	"github.com/jazzgo/jazz/cache/cachehttp"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/logging"
	"github.com/jazzgo/jazz/middleware"
	"github.com/jazzgo/jazz/web"
)

// Middleware is an entry of [Settings].Middleware: it builds a
// [web.Middleware] once the project is assembled, so that the standard
// middleware can read the project's settings. Wrap any plain
// func(http.Handler) http.Handler with [Use].
type Middleware func(p *Project) web.Middleware

// Use adapts a plain net/http middleware for [Settings].Middleware.
func Use(mw web.Middleware) Middleware {
	return func(*Project) web.Middleware { return mw }
}

// The standard middleware, configured from the project's settings.
var (
	// RecoverMiddleware turns a panic into the 500 page and a log line with
	// the stack.
	RecoverMiddleware Middleware = func(*Project) web.Middleware { return middleware.Recover }
	// RequestIDMiddleware gives each request an id (an incoming
	// X-Request-ID when well-formed) and echoes it in the response.
	RequestIDMiddleware Middleware = func(*Project) web.Middleware { return middleware.RequestID }
	// RequestLogMiddleware logs one line per request to the logger named
	// "jazz.server" (Django's django.server); errors themselves are logged
	// on "jazz.request".
	RequestLogMiddleware Middleware = func(p *Project) web.Middleware {
		return middleware.RequestLog(logging.Named(p.Logger, "jazz.server"))
	}
	// SecurityMiddleware sets HSTS, nosniff, Referrer-Policy and
	// Cross-Origin-Opener-Policy, and redirects to HTTPS when asked.
	SecurityMiddleware Middleware = func(p *Project) web.Middleware { return middleware.Security(p.securityOptions()) }
	// CommonMiddleware enforces AllowedHosts and does AppendSlash and
	// PrependWWW.
	CommonMiddleware Middleware = func(p *Project) web.Middleware { return middleware.Common(p.commonOptions()) }
	// XFrameOptionsMiddleware sets X-Frame-Options.
	XFrameOptionsMiddleware Middleware = func(p *Project) web.Middleware {
		return middleware.XFrameOptions(p.Settings.XFrameOptions)
	}
	// CSPMiddleware sends the Content-Security-Policy from SecureCSP and
	// SecureCSPReportOnly; it does nothing when both are empty.
	CSPMiddleware Middleware = func(p *Project) web.Middleware {
		if p.Settings.SecureCSP == "" && p.Settings.SecureCSPReportOnly == "" {
			return nil
		}
		return middleware.CSP(middleware.CSPOptions{Policy: p.Settings.SecureCSP, ReportOnlyPolicy: p.Settings.SecureCSPReportOnly})
	}
	// GZipMiddleware compresses responses when the GZip setting is on.
	GZipMiddleware Middleware = func(p *Project) web.Middleware {
		if !p.Settings.GZip {
			return nil
		}
		return middleware.GZip(middleware.GZipOptions{})
	}
	// CacheMiddleware is the per-site cache (Django's UpdateCacheMiddleware
	// and FetchFromCacheMiddleware in one): GET and HEAD 200 responses are
	// kept for CacheMiddlewareSeconds in the cache CacheMiddlewareAlias,
	// honouring Cache-Control, Vary and Set-Cookie, and served without
	// running the view. Put it after RequestLog and GZip and before
	// anything that varies the page per user.
	CacheMiddleware Middleware = func(p *Project) web.Middleware {
		s := p.Settings
		return cachehttp.Site(p.Caches[s.CacheMiddlewareAlias], cachehttp.SiteOptions{
			KeyPrefix: s.CacheMiddlewareKeyPrefix,
			Timeout:   time.Duration(s.CacheMiddlewareSeconds) * time.Second,
			Logger:    logging.Named(p.Logger, "jazz.cache"),
		})
	}
	// QueryLogMiddleware records the SQL statements of each request
	// (db.QueryLogFrom(r.Context())) and logs their number and total time
	// at DEBUG on jazz.db when the request ends: the N+1 query detector of
	// development. It is in the default chain only when Debug is on.
	QueryLogMiddleware Middleware = func(p *Project) web.Middleware {
		if p.DB == nil {
			return nil
		}
		logger := logging.Named(p.Logger, "jazz.db")
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ctx, ql := db.WithQueryLog(r.Context())
				next.ServeHTTP(w, r.WithContext(ctx))
				var total time.Duration
				for _, q := range ql.Queries() {
					total += q.Duration
				}
				logger.DebugContext(ctx, "request queries", "path", r.URL.Path, "queries", ql.Count(),
					"duration", total, "request_id", web.RequestID(r))
			})
		}
	}
	// ConditionalGetMiddleware answers conditional GETs with 304.
	ConditionalGetMiddleware Middleware = func(*Project) web.Middleware { return middleware.ConditionalGet }
)

// debugOnly runs m only in projects with Debug on.
func debugOnly(m Middleware) Middleware {
	return func(p *Project) web.Middleware {
		if !p.Settings.Debug {
			return nil
		}
		return m(p)
	}
}

// DefaultMiddleware returns the chain used when [Settings].Middleware is
// nil, outermost first. The request id and the request log come before
// Recover so that a panicking request is logged with its id and its 500.
// The session comes before CSRF and messages, which may keep their state
// in it. Extend it to add yours:
//
//	Middleware: append(jazz.DefaultMiddleware(), jazz.Use(myMiddleware)),
func DefaultMiddleware() []Middleware {
	return []Middleware{
		RequestIDMiddleware,
		RequestLogMiddleware,
		RecoverMiddleware,
		SecurityMiddleware,
		SessionMiddleware,
		GZipMiddleware,
		CommonMiddleware,
		CSRFMiddleware,
		AuthMiddleware,
		MessageMiddleware,
		XFrameOptionsMiddleware,
		CSPMiddleware,
		UploadsMiddleware,
		debugOnly(QueryLogMiddleware),
	}
}
