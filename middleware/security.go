package middleware

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/jazzgo/jazz/web"
)

// ProxyHeader names a request header, and the value in it, by which a
// trusted reverse proxy marks a request that reached it over HTTPS: Django's
// SECURE_PROXY_SSL_HEADER, such as {"X-Forwarded-Proto", "https"}.
//
// Set it only when every request passes through such a proxy and the proxy
// overwrites the header: otherwise a client can claim HTTPS by sending it.
// The zero value trusts no header.
type ProxyHeader struct {
	Name  string
	Value string
}

// IsSecure reports whether r arrived over HTTPS: it was served over TLS, or
// proxy is set and the first comma-separated element of r's first proxy.Name
// header equals proxy.Value, ignoring case and spaces. Cookies, CSRF and
// redirects should all decide with it, with the same ProxyHeader, so that
// they agree.
func IsSecure(r *http.Request, proxy ProxyHeader) bool {
	if r.TLS != nil {
		return true
	}
	if proxy.Name == "" {
		return false
	}
	vs := r.Header.Values(proxy.Name)
	if len(vs) == 0 {
		return false
	}
	first, _, _ := strings.Cut(vs[0], ",")
	return strings.EqualFold(strings.TrimSpace(first), proxy.Value)
}

// SecurityOptions configures [Security]. The zero value sends
// X-Content-Type-Options: nosniff, Referrer-Policy: same-origin and
// Cross-Origin-Opener-Policy: same-origin, and no HSTS and no redirect.
type SecurityOptions struct {
	// HSTSSeconds is the max-age of Strict-Transport-Security, sent on
	// secure requests only. Zero or less sends no HSTS header. Start small:
	// browsers remember it.
	HSTSSeconds int
	// HSTSIncludeSubdomains adds includeSubDomains to the HSTS header.
	HSTSIncludeSubdomains bool
	// HSTSPreload adds preload to the HSTS header.
	HSTSPreload bool

	// SSLRedirect answers insecure requests with a 301 to the same URL over
	// https.
	SSLRedirect bool
	// SSLHost is the host (and optional port) HTTPS redirects go to; empty
	// keeps the request's host.
	SSLHost string
	// SSLRedirectExempt lists regular expressions; an insecure request
	// whose path, without its leading slash, matches one (anywhere, as
	// regexp.MatchString does) is not redirected. An invalid expression
	// makes Security panic when it is built.
	SSLRedirectExempt []string

	// NoContentTypeNosniff stops X-Content-Type-Options: nosniff, which is
	// sent by default.
	NoContentTypeNosniff bool
	// ReferrerPolicy is the Referrer-Policy header value: empty means
	// "same-origin", [Off] sends none. A comma-separated list is allowed, as
	// the header is.
	ReferrerPolicy string
	// CrossOriginOpenerPolicy is the Cross-Origin-Opener-Policy value: empty
	// means "same-origin", [Off] sends none.
	CrossOriginOpenerPolicy string

	// ProxySSLHeader marks requests that a trusted proxy received over HTTPS;
	// see [ProxyHeader] and [IsSecure].
	ProxySSLHeader ProxyHeader
}

// Security sets security headers on every response and can redirect plain
// HTTP to HTTPS, like Django's SecurityMiddleware.
//
// Headers: Strict-Transport-Security on secure requests when HSTSSeconds >
// 0 ("max-age=N; includeSubDomains; preload" as configured),
// X-Content-Type-Options, Referrer-Policy and Cross-Origin-Opener-Policy.
// They are set before the handler runs, so a header that an outer
// middleware already set is kept, and a handler may replace (Set) or drop
// (Del) any of them. Their values are fixed at start-up and shared between
// responses: replace them, never write into the slices.
//
// With SSLRedirect, an insecure request (see [IsSecure]) whose path no
// SSLRedirectExempt expression matches gets a 301 to https://host/path?query,
// with host the SSLHost option or else the request's Host header; a Host
// that is not a syntactically valid host gets the 400 page instead. The
// host is not checked against AllowedHosts here: [Common] does that for
// every request that is not redirected, and SSLHost pins the target.
//
// Security panics when opts is invalid (a bad regular expression, a value
// with a control character), so a misconfiguration stops start-up. The
// returned middleware is safe for concurrent use.
func Security(opts SecurityOptions) func(http.Handler) http.Handler {
	var exempt []*regexp.Regexp
	for i, e := range opts.SSLRedirectExempt {
		re, err := regexp.Compile(e)
		if err != nil {
			panic(fmt.Sprintf("middleware: SecurityOptions.SSLRedirectExempt[%d] %q is not a valid regular expression: %v", i, e, err))
		}
		exempt = append(exempt, re)
	}
	if opts.SSLHost != "" && !validHostSyntax(opts.SSLHost) {
		panic(fmt.Sprintf("middleware: SecurityOptions.SSLHost %q is not a host[:port]; give a name such as \"secure.example.com\"", opts.SSLHost))
	}
	var hsts []string
	if opts.HSTSSeconds > 0 {
		v := "max-age=" + strconv.Itoa(opts.HSTSSeconds)
		if opts.HSTSIncludeSubdomains {
			v += "; includeSubDomains"
		}
		if opts.HSTSPreload {
			v += "; preload"
		}
		hsts = staticValue(v)
	}
	var nosniff []string
	if !opts.NoContentTypeNosniff {
		nosniff = staticValue("nosniff")
	}
	referrer := policyValue("ReferrerPolicy", opts.ReferrerPolicy, "same-origin")
	coop := policyValue("CrossOriginOpenerPolicy", opts.CrossOriginOpenerPolicy, "same-origin")
	redirect := opts.SSLRedirect
	proxy := opts.ProxySSLHeader
	sslHost := opts.SSLHost

	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			secure := IsSecure(r, proxy)
			if redirect && !secure && !exemptPath(exempt, r.URL.Path) {
				host := sslHost
				if host == "" {
					host = r.Host
					if !validHostSyntax(host) {
						web.Error(w, r, web.BadRequest("Invalid HTTP_HOST header: %s. The host is not valid according to RFC 1034/1035, so there is no HTTPS address to redirect to.", quoteHost(host)))
						return
					}
				}
				w.Header().Set("Location", "https://"+host+r.URL.RequestURI())
				w.WriteHeader(http.StatusMovedPermanently)
				return
			}
			h := w.Header()
			if secure && hsts != nil {
				setDefault(h, "Strict-Transport-Security", hsts)
			}
			if nosniff != nil {
				setDefault(h, "X-Content-Type-Options", nosniff)
			}
			if referrer != nil {
				setDefault(h, "Referrer-Policy", referrer)
			}
			if coop != nil {
				setDefault(h, "Cross-Origin-Opener-Policy", coop)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// policyValue returns the shared header value for an option: def when v is
// empty, nil when v is Off.
func policyValue(field, v, def string) []string {
	switch {
	case v == "":
		v = def
	case isOff(v):
		return nil
	}
	if strings.ContainsAny(v, "\r\n\x00") {
		panic(fmt.Sprintf("middleware: SecurityOptions.%s %q contains a control character; give a plain header value", field, v))
	}
	return staticValue(strings.TrimSpace(v))
}

func exemptPath(exempt []*regexp.Regexp, path string) bool {
	if len(exempt) == 0 {
		return false
	}
	p := strings.TrimLeft(path, "/")
	for _, re := range exempt {
		if re.MatchString(p) {
			return true
		}
	}
	return false
}
