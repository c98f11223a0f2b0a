package csrf

import (
	"net/http"
	"net/url"
	"strings"
)

// Django's failure reasons, word for word, so that logs, tests and the
// debug page read the same on a Jazz site as on a Django one.
const (
	ReasonNoCookie         = "CSRF cookie not set."
	ReasonTokenMissing     = "CSRF token missing."
	ReasonNoReferer        = "Referer checking failed - no Referer."
	ReasonMalformedReferer = "Referer checking failed - Referer is malformed."
	ReasonInsecureReferer  = "Referer checking failed - Referer is insecure while host is secure."
	reasonBadOrigin        = "Origin checking failed - %s does not match any trusted origins."
	reasonBadReferer       = "Referer checking failed - %s does not match any trusted origins."
)

// originVerified applies Django 4.0's Origin check: the Origin must be the
// request's own scheme://host, one of the exact trusted origins, or fall
// under a wildcard trusted origin of the same scheme.
func (c *config) originVerified(r *http.Request, origin string, secure bool) bool {
	scheme := "http"
	if secure {
		scheme = "https"
	}
	if r.Host != "" && origin == scheme+"://"+r.Host {
		return true
	}
	if c.exactOrigins[origin] {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Host)
	for _, pattern := range c.subOrigins[u.Scheme] {
		if sameDomain(host, pattern) {
			return true
		}
	}
	return false
}

// checkReferer applies Django's strict Referer check for HTTPS requests
// without an Origin header. It returns "" or the failure reason. A MITM on
// plain http://example.com could otherwise plant a cookie and post to
// https://example.com; the Referer (present for same-origin HTTPS requests
// in all but a tiny fraction of cases) shows where the form really was.
func (c *config) checkReferer(r *http.Request, secure bool) string {
	vs, ok := r.Header["Referer"]
	if !ok || len(vs) == 0 {
		return ReasonNoReferer
	}
	raw := vs[0]
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ReasonMalformedReferer
	}
	if u.Scheme != "https" {
		return ReasonInsecureReferer
	}
	host := strings.ToLower(u.Host)
	for _, pattern := range c.refererHosts {
		if sameDomain(host, pattern) {
			return ""
		}
	}
	good := strings.ToLower(r.Host)
	if c.CookieDomain != "" {
		good = strings.ToLower(c.CookieDomain)
		if port := requestPort(r, secure); port != "443" && port != "80" {
			good += ":" + port
		}
	}
	if good == "" || !sameDomain(host, good) {
		return strings.Replace(reasonBadReferer, "%s", raw, 1)
	}
	return ""
}

// requestPort is Django's request.get_port(): the Host header's port, or
// the scheme's default.
func requestPort(r *http.Request, secure bool) string {
	host := r.Host
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		return host[i+1:]
	}
	if secure {
		return "443"
	}
	return "80"
}

// sameDomain is Django's is_same_domain: a pattern starting with "." is the
// domain and its subdomains, any other pattern must match exactly. Ports
// are part of both, so "example.com:8000" matches only that port. host and
// pattern must be lower case.
func sameDomain(host, pattern string) bool {
	if pattern == "" {
		return false
	}
	if pattern[0] == '.' && (strings.HasSuffix(host, pattern) || host == pattern[1:]) {
		return true
	}
	return host == pattern
}
