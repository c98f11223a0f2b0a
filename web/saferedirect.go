package web

import (
	"net"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsSafeRedirect reports whether target may be used as a redirect location
// that came from the client (a "next" parameter, a Referer) without making
// the site an open redirector. It is Jazz's counterpart of Django's
// url_has_allowed_host_and_scheme.
//
// A target is safe when it is a reference to this site (a path such as
// "/account/", "edit", "?page=2" or "#top") or an absolute http or https URL
// (https only when requireHTTPS) whose host is in allowedHosts. A
// scheme-relative "//host/path" counts as http. Everything else is unsafe:
// the empty string; invalid UTF-8; leading whitespace; control or
// invisible format characters anywhere (browsers silently drop some of
// them, turning "/\t/evil.example" into "//evil.example"); three leading
// slashes; any scheme but http and https ("javascript:", "data:"); a scheme
// without a host ("http:evil.example", "http:///evil.example"); a user
// name or password ("https://good@evil.example"); and any other host.
// Backslashes are checked both as written and as the slashes browsers take
// them for, so "/\evil.example" and "\\evil.example" are rejected.
//
// allowedHosts entries compare case-insensitively. An entry with a port
// ("example.com:8000") must match host and port exactly; an entry without
// one matches that host on any port; an entry starting with a dot
// (".example.com") matches the domain and all its subdomains, as in
// Django's ALLOWED_HOSTS. "*" and empty entries are ignored on purpose: a
// wildcard that accepts every host would make every redirect "safe". A nil
// allowedHosts allows no absolute URLs at all. IsSafeRedirect does not
// modify allowedHosts and is safe for concurrent use.
func IsSafeRedirect(target string, allowedHosts []string, requireHTTPS bool) bool {
	if target == "" || !utf8.ValidString(target) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(target)
	if unicode.IsSpace(first) {
		return false
	}
	for _, c := range target {
		// unicode.C is control (Cc), format (Cf, such as bidi overrides
		// and zero-width characters), private use and surrogates: nothing
		// a genuine redirect target needs unescaped.
		if unicode.Is(unicode.C, c) {
			return false
		}
	}
	if !redirectAllowed(target, allowedHosts, requireHTTPS) {
		return false
	}
	if strings.Contains(target, `\`) {
		// Browsers read "\" as "/" in http(s) URLs, while other clients
		// may read it as part of a user name; both readings must be safe.
		return redirectAllowed(strings.ReplaceAll(target, `\`, "/"), allowedHosts, requireHTTPS)
	}
	return true
}

func redirectAllowed(target string, allowedHosts []string, requireHTTPS bool) bool {
	// Browsers treat "///evil.example" as scheme-relative, while url.Parse
	// sees an empty host and a path.
	if strings.HasPrefix(target, "///") {
		return false
	}
	u, err := url.Parse(target)
	if err != nil {
		return false
	}
	if u.Scheme != "" && u.Host == "" {
		return false // javascript:, mailto:, http:evil.example, http:///x
	}
	if u.User != nil {
		return false
	}
	if u.Host == "" {
		return true // a path, query or fragment on this site
	}
	scheme := u.Scheme // url.Parse lower-cases it
	if scheme == "" {
		scheme = "http"
	}
	if scheme != "https" && (requireHTTPS || scheme != "http") {
		return false
	}
	return hostAllowed(u, allowedHosts)
}

func hostAllowed(u *url.URL, allowedHosts []string) bool {
	hostport := strings.ToLower(u.Host)
	hostname := strings.ToLower(u.Hostname())
	for _, entry := range allowedHosts {
		entry = strings.ToLower(strings.TrimSpace(entry))
		switch {
		case entry == "" || entry == "*":
			continue
		case entry[0] == '.':
			if hostname == entry[1:] || strings.HasSuffix(hostname, entry) {
				return true
			}
		default:
			if _, _, err := net.SplitHostPort(entry); err == nil {
				if hostport == entry {
					return true
				}
			} else if hostname == strings.TrimSuffix(strings.TrimPrefix(entry, "["), "]") {
				return true
			}
		}
	}
	return false
}
