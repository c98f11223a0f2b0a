package csrf

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jazzgo/jazz/middleware"
)

// Defaults, Django's names and values.
const (
	DefaultCookieName = "csrftoken"
	DefaultHeaderName = "X-CSRFToken"
	DefaultFieldName  = "csrfmiddlewaretoken"
	// DefaultCookieAge is Django's CSRF_COOKIE_AGE: 52 weeks. The cookie is
	// long-lived on purpose: a form left open in a tab should still post.
	DefaultCookieAge = 52 * 7 * 24 * time.Hour
	// SessionKey is the session key holding the secret when
	// Options.UseSessions is set; Django's CSRF_SESSION_KEY, so a session
	// shared with a Django site carries the same secret.
	SessionKey = "_csrftoken"
)

// SessionStore is the part of a session the middleware needs when the
// secret lives in the session (Options.UseSessions). It is declared here so
// that csrf need not import sessions; the sessions package's session value
// satisfies it. Get reports false for a missing key; Set marks the session
// modified so that it is saved.
type SessionStore interface {
	Get(key string) (any, bool)
	Set(key string, value any)
}

// Options configures [Middleware]. The zero value is Django's default
// configuration: secret in a "csrftoken" cookie written unmasked (Django
// 4.1+), token from the "csrfmiddlewaretoken" field or the X-CSRFToken
// header, no trusted origins besides the request's own.
type Options struct {
	// CookieName is the cookie holding the secret; "" means "csrftoken".
	CookieName string
	// CookieAge is the cookie's Max-Age. Zero means [DefaultCookieAge]; a
	// negative value makes it a browser-session cookie (Django's
	// CSRF_COOKIE_AGE = None).
	CookieAge time.Duration
	// CookieDomain is the cookie's Domain, "" for the exact host. Over
	// HTTPS a Referer from any host under it is accepted, as in Django;
	// with UseSessions set it to the session cookie's domain, which Django
	// uses for that check instead.
	CookieDomain string
	// CookiePath is the cookie's Path; "" means "/".
	CookiePath string
	// CookieSecure sends the cookie over HTTPS only.
	CookieSecure bool
	// CookieHTTPOnly hides the cookie from JavaScript. Off by default, as
	// in Django: scripts that read the token from the cookie need it. With
	// it on, give scripts the token with [Token] instead.
	CookieHTTPOnly bool
	// CookieSameSite is the SameSite attribute. Zero means Lax;
	// http.SameSiteDefaultMode writes none; http.SameSiteNoneMode needs
	// CookieSecure.
	CookieSameSite http.SameSite
	// CookieMasked writes the cookie as a 64-character masked token, as
	// Django 3.2 does (Django 4.1+'s CSRF_COOKIE_MASKED). Leave it off
	// beside Django 4.1+; turn it on to share the cookie with an older
	// Django. Both forms are always read.
	CookieMasked bool

	// HeaderName is the request header carrying the token for AJAX and
	// for methods other than POST; "" means "X-CSRFToken".
	HeaderName string
	// FieldName is the form field carrying the token in a POST body; ""
	// means "csrfmiddlewaretoken".
	FieldName string

	// TrustedOrigins are other origins allowed to post, each with its
	// scheme: "https://example.com", "https://*.example.com" (the domain
	// and its subdomains), "http://localhost:8000". Django's
	// CSRF_TRUSTED_ORIGINS; an entry without a scheme is a configuration
	// error.
	TrustedOrigins []string

	// UseSessions keeps the secret in the session (key [SessionKey])
	// instead of a cookie: Django's CSRF_USE_SESSIONS. Session must then be
	// set, and the session middleware must run outside this one.
	UseSessions bool
	// Session returns the request's session; required with UseSessions. A
	// nil result makes the request fail with a 500 naming the problem.
	Session func(r *http.Request) SessionStore

	// ProxySSLHeader says how to recognise a request a trusted proxy
	// received over HTTPS (see [middleware.IsSecure]); Referer checking and
	// the expected Origin depend on it. Use the same value as the Security
	// middleware.
	ProxySSLHeader middleware.ProxyHeader

	// Resolve, when set, returns the view that will serve r, so that a view
	// wrapped in [Exempt] is not checked: Django's csrf_exempt. The project
	// passes its router's match; nil means only views behind their own
	// [Middleware] can be exempted (wrap the protected ones instead).
	Resolve func(r *http.Request) http.Handler

	// Debug makes the default failure page say why the request was
	// refused. Never on in production.
	Debug bool
	// FailureView writes the response to a refused request; reason is one
	// of Django's messages ("CSRF cookie not set."...). Nil means a plain
	// 403 page (with the reason when Debug). It may call [Token].
	FailureView func(w http.ResponseWriter, r *http.Request, reason string)
	// Logger receives a WARN line for every refused request, as Django
	// logs to django.security.csrf. Nil means slog.Default().
	Logger *slog.Logger
}

// config is Options after defaults and validation, shared by all requests.
type config struct {
	Options
	maxAge       int
	headerLabel  string              // the header as named in failure reasons
	exactOrigins map[string]bool     // trusted origins without a wildcard
	subOrigins   map[string][]string // scheme -> ".example.com" patterns
	refererHosts []string            // netlocs of trusted origins, "*" removed
}

// Check reports every problem with o, joined, or nil. [Middleware] panics
// with the same message; a project can call Check first to fail start-up
// with an error instead.
func (o Options) Check() error {
	var errs []error
	for i, origin := range o.TrustedOrigins {
		u, err := url.Parse(origin)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("csrf: Options.TrustedOrigins[%d] %q: %w", i, origin, err))
		case u.Scheme == "" || u.Host == "" || !strings.Contains(origin, "://"):
			errs = append(errs, fmt.Errorf("csrf: Options.TrustedOrigins[%d] %q must start with a scheme, as in \"https://%s\"", i, origin, strings.TrimPrefix(origin, "//")))
		case u.Path != "" || u.RawQuery != "" || u.Fragment != "":
			errs = append(errs, fmt.Errorf("csrf: Options.TrustedOrigins[%d] %q: an origin is scheme://host[:port], without a path", i, origin))
		}
	}
	if o.UseSessions && o.Session == nil {
		errs = append(errs, errors.New("csrf: Options.UseSessions is set but Options.Session is nil; give a func returning the request's session"))
	}
	if o.CookieSameSite == http.SameSiteNoneMode && !o.CookieSecure && !o.UseSessions {
		errs = append(errs, errors.New("csrf: Options.CookieSameSite is None but CookieSecure is off; browsers drop such cookies"))
	}
	name := o.CookieName
	if name == "" {
		name = DefaultCookieName
	}
	if !validToken(name) {
		errs = append(errs, fmt.Errorf("csrf: Options.CookieName %q is not a valid cookie name", name))
	}
	if o.HeaderName != "" && !validToken(o.HeaderName) {
		errs = append(errs, fmt.Errorf("csrf: Options.HeaderName %q is not a valid header name", o.HeaderName))
	}
	return errors.Join(errs...)
}

// validToken reports whether s is an HTTP token (RFC 9110), the syntax of
// both header and cookie names.
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

func newConfig(o Options) *config {
	if err := o.Check(); err != nil {
		panic(err.Error())
	}
	if o.CookieName == "" {
		o.CookieName = DefaultCookieName
	}
	if o.CookiePath == "" {
		o.CookiePath = "/"
	}
	if o.CookieSameSite == 0 {
		o.CookieSameSite = http.SameSiteLaxMode
	}
	if o.HeaderName == "" {
		o.HeaderName = DefaultHeaderName
	}
	if o.FieldName == "" {
		o.FieldName = DefaultFieldName
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	c := &config{Options: o, exactOrigins: map[string]bool{}, subOrigins: map[string][]string{}}
	switch {
	case o.CookieAge == 0:
		c.maxAge = int(DefaultCookieAge / time.Second)
	case o.CookieAge > 0:
		c.maxAge = max(1, int(o.CookieAge/time.Second))
	}
	// Django names the header as HttpHeaders.parse_header_name does:
	// "X-Csrftoken", which is Go's canonical form too.
	c.headerLabel = http.CanonicalHeaderKey(o.HeaderName)
	for _, origin := range o.TrustedOrigins {
		u, _ := url.Parse(origin) // checked above
		host := strings.ToLower(u.Host)
		if strings.Contains(origin, "*") {
			c.subOrigins[u.Scheme] = append(c.subOrigins[u.Scheme], strings.TrimLeft(host, "*"))
		} else {
			c.exactOrigins[origin] = true
		}
		c.refererHosts = append(c.refererHosts, strings.TrimLeft(host, "*"))
	}
	return c
}
