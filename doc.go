// Package jazz assembles a web site from settings, installed apps and a
// URLconf: Django's settings.py, urls.py and manage.py in one Go value.
//
//	func main() {
//		jazz.Run(jazz.Settings{
//			SecretKey:     "…",              // or JAZZ_SECRET_KEY
//			AllowedHosts:  []string{"example.com"},
//			InstalledApps: []apps.App{blog.App},
//			URLs: []urls.Pattern{
//				urls.Path("", home, "home"),
//				urls.Include("blog/", blog.URLs(), "blog"),
//			},
//		})
//	}
//
// [Run] reads the environment ([FromEnv]: JAZZ_DEBUG, JAZZ_ALLOWED_HOSTS,
// JAZZ_STATIC_ROOT and every other setting as JAZZ_<NAME>), builds the
// [Project] with [New] and runs the command named on the command line, as
// manage.py does: runserver (the default), check, collectstatic,
// findstatic, version, help, and whatever the installed apps contribute.
//
// New fails, with a message naming the setting, on anything it can check
// before the first request: malformed settings, duplicate app labels, bad
// URL patterns, template syntax errors, and system checks at ERROR level.
//
// A Project is an http.Handler. Each request goes through the middleware
// chain ([DefaultMiddleware]: request id, request log, panic recovery,
// security headers, host checking and APPEND_SLASH, X-Frame-Options,
// Content-Security-Policy), then to the static files under StaticURL or the
// URLconf. Views return errors; the project's error pages turn them into
// responses (the technical page when Debug is on, the 404.html, 403.html,
// 400.html and 500.html templates otherwise).
//
// runserver is a production server: net/http with timeouts from the
// settings and graceful shutdown on SIGINT and SIGTERM, so the same binary
// runs behind a load balancer.
package jazz
