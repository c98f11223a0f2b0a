package middleware

import (
	"net/http"
	"strings"
)

// Off, given as the value of a header option (a policy string), turns that
// header off. It is not a valid value of any header these middleware send,
// and it matches Django's use of None for the same settings. Case is
// ignored.
const Off = "none"

// isOff reports whether an option value asks for no header.
func isOff(v string) bool { return strings.EqualFold(strings.TrimSpace(v), Off) }

// staticValue returns a header value slice for a value fixed at start-up.
// The same slice is put on every response to save an allocation per header
// per request. Its capacity equals its length, so Header.Add copies before
// appending; Header.Set and Del replace it. Nobody may write into it.
func staticValue(v string) []string {
	s := []string{v}
	return s[:1:1]
}

// setDefault puts v under the canonical key unless a value is already
// there, so that a header set earlier (by an outer middleware) is kept.
// Middleware call it before the handler runs, so a handler's own Set or Del
// also wins.
func setDefault(h http.Header, canonicalKey string, v []string) {
	if _, ok := h[canonicalKey]; !ok {
		h[canonicalKey] = v
	}
}

// hasToken reports whether a comma-separated header value list contains
// token, ignoring case and surrounding spaces.
func hasToken(values []string, token string) bool {
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), token) {
				return true
			}
		}
	}
	return false
}

// addVary adds field to the response's Vary header unless it, or "*", is
// already listed.
func addVary(h http.Header, field string) {
	vs := h["Vary"]
	if hasToken(vs, field) || hasToken(vs, "*") {
		return
	}
	h.Add("Vary", field)
}
