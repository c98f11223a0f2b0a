package middleware

import (
	"fmt"
	"net/http"
	"strings"
)

// XFrameOptions sets the X-Frame-Options header, which tells browsers
// whether other sites may show this one in a frame (clickjacking
// protection), like Django's XFrameOptionsMiddleware.
//
// value is "DENY" or "SAMEORIGIN", in any case; empty means "DENY". Any
// other value panics, so a typo stops start-up instead of silently
// sending a header browsers ignore.
//
// The header is set before the handler runs, and only when no outer
// middleware set one, so a view can replace it or, through [XFrameExempt],
// remove it, and this middleware never adds it back. The returned
// middleware is safe for concurrent use.
func XFrameOptions(value string) func(http.Handler) http.Handler {
	switch v := strings.ToUpper(strings.TrimSpace(value)); v {
	case "":
		value = "DENY"
	case "DENY", "SAMEORIGIN":
		value = v
	default:
		panic(fmt.Sprintf("middleware: XFrameOptions value %q is not DENY or SAMEORIGIN", value))
	}
	hv := staticValue(value)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			setDefault(w.Header(), "X-Frame-Options", hv)
			next.ServeHTTP(w, r)
		})
	}
}

// XFrameExempt wraps a view that may be shown in frames on any site (an
// embeddable widget): it removes X-Frame-Options before calling h, so the
// response carries none. It must sit inside [XFrameOptions], which sets the
// header before the view runs and does not look at it again.
func XFrameExempt(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Del("X-Frame-Options")
		h.ServeHTTP(w, r)
	})
}
