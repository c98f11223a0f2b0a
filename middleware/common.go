package middleware

import (
	"net"
	"net/http"
	"regexp"
	"strings"

	"github.com/jazzgo/jazz/web"
)

// CommonOptions configures [Common].
type CommonOptions struct {
	// AllowedHosts lists the hosts this site serves, with the patterns of
	// [HostAllowed]. Empty allows nothing, unless Debug is on, when it
	// allows ".localhost", "127.0.0.1" and "[::1]" as Django does.
	AllowedHosts []string
	// Debug is the project's Debug setting; it only changes the default of
	// AllowedHosts.
	Debug bool
	// AppendSlash redirects a GET or HEAD request for a path without a
	// trailing slash to the path with one, when only the latter resolves.
	// It needs Resolves.
	AppendSlash bool
	// Resolves reports whether the project's URLconf has a route for a
	// (decoded) path. It is called only when AppendSlash is on, for GET and
	// HEAD requests whose path does not end in "/", so keep it cheap; it
	// must be safe for concurrent use.
	Resolves func(path string) bool
	// PrependWWW redirects requests whose host does not start with "www."
	// to the same URL on www.host (IP addresses are left alone).
	PrependWWW bool
	// DisallowedUserAgents lists expressions; a request whose User-Agent
	// matches any of them gets the 403 page.
	DisallowedUserAgents []*regexp.Regexp
	// ProxySSLHeader decides the scheme of PrependWWW redirects; see
	// [IsSecure]. Give the same value as to [Security].
	ProxySSLHeader ProxyHeader
}

// debugHosts are the hosts allowed when Debug is on and AllowedHosts is
// empty: Django's choice, so that runserver just works.
var debugHosts = []string{".localhost", "127.0.0.1", "[::1]"}

// Common does the checks and redirects every site wants, like Django's
// CommonMiddleware, in this order:
//
//  1. The Host header must be allowed by AllowedHosts (see [HostAllowed]),
//     or the request gets the 400 page, whose message names the host:
//     "Invalid HTTP_HOST header: 'evil.example'. You may need to add
//     'evil.example' to AllowedHosts.".
//  2. A User-Agent matching DisallowedUserAgents gets the 403 page.
//  3. PrependWWW and AppendSlash redirects, combined into one 301 when
//     both apply. The AppendSlash redirect keeps the query string; a path
//     that would start with "//" is written "/%2F..." so that the Location
//     cannot point to another site.
//
// Error pages go through [web.Error]. Common panics at start-up when
// AppendSlash is on without Resolves. The returned middleware is safe for
// concurrent use.
func Common(opts CommonOptions) func(http.Handler) http.Handler {
	if opts.AppendSlash && opts.Resolves == nil {
		panic("middleware: CommonOptions.AppendSlash needs Resolves (the URL router's match function); set it or turn AppendSlash off")
	}
	allowed := make([]string, 0, len(opts.AllowedHosts))
	for _, h := range opts.AllowedHosts {
		allowed = append(allowed, strings.ToLower(strings.TrimSpace(h)))
	}
	if len(allowed) == 0 && opts.Debug {
		allowed = debugHosts
	}
	uas := opts.DisallowedUserAgents
	appendSlash, resolves := opts.AppendSlash, opts.Resolves
	www := opts.PrependWWW
	proxy := opts.ProxySSLHeader

	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			domain, _ := splitDomainPort(r.Host)
			if domain == "" || !hostMatches(domain, allowed) {
				web.Error(w, r, invalidHost(r.Host, domain))
				return
			}
			if len(uas) > 0 {
				ua := r.UserAgent()
				for _, re := range uas {
					if re.MatchString(ua) {
						web.Error(w, r, web.Forbidden("middleware: forbidden user agent %q", ua))
						return
					}
				}
			}
			slash := appendSlash && (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
				!strings.HasSuffix(r.URL.Path, "/") && !resolves(r.URL.Path) && resolves(r.URL.Path+"/")
			addWWW := www && !strings.HasPrefix(domain, "www.") && !isIPHost(domain)
			if !slash && !addWWW {
				next.ServeHTTP(w, r)
				return
			}
			path := r.URL.EscapedPath()
			if slash {
				path += "/"
			}
			if strings.HasPrefix(path, "//") {
				// "//evil.example/" would be a protocol-relative URL.
				path = "/%2F" + path[2:]
			}
			if r.URL.RawQuery != "" {
				path += "?" + r.URL.RawQuery
			}
			if addWWW {
				scheme := "http://"
				if IsSecure(r, proxy) {
					scheme = "https://"
				}
				path = scheme + "www." + strings.ToLower(r.Host) + path
			}
			w.Header().Set("Location", path)
			w.WriteHeader(http.StatusMovedPermanently)
		})
	}
}

func hostMatches(domain string, allowed []string) bool {
	for _, p := range allowed {
		if p == "*" || sameDomain(domain, p) {
			return true
		}
	}
	return false
}

func invalidHost(host, domain string) error {
	if domain == "" {
		return web.BadRequest("Invalid HTTP_HOST header: %s. The domain name provided is not valid according to RFC 1034/1035.", quoteHost(host))
	}
	return web.BadRequest("Invalid HTTP_HOST header: %s. You may need to add %s to AllowedHosts.", quoteHost(host), quoteHost(domain))
}

func isIPHost(domain string) bool {
	if strings.HasPrefix(domain, "[") {
		return true
	}
	return net.ParseIP(domain) != nil
}
