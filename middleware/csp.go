package middleware

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// NoncePlaceholder, written in a policy, is replaced by the request's
// nonce: "script-src 'self' 'nonce-{nonce}'".
const NoncePlaceholder = "{nonce}"

const (
	cspHeader           = "Content-Security-Policy"
	cspReportOnlyHeader = "Content-Security-Policy-Report-Only"
)

// CSPOptions configures [CSP]. Either policy may be empty, not both.
type CSPOptions struct {
	// Policy is sent as Content-Security-Policy and enforced by browsers.
	Policy string
	// ReportOnlyPolicy is sent as Content-Security-Policy-Report-Only:
	// browsers report violations (to the policy's report-uri or report-to)
	// but block nothing. Set it alone to try a policy out, or beside
	// Policy to trial a stricter one.
	ReportOnlyPolicy string
}

// CSP sets the Content-Security-Policy headers from opts.
//
// When a policy contains [NoncePlaceholder], every request gets a fresh
// nonce (16 random bytes from crypto/rand, standard base64), the same one
// in both headers, and views read it with [CSPNonce] to mark their inline
// scripts and styles: <script nonce="{{.csp_nonce}}">. When neither policy
// uses the placeholder no nonce is made and the headers cost no allocation.
//
// The headers are set before the handler runs, unless an outer middleware
// set them, so a view can change them: see [CSPOverride] and [CSPExempt].
// CSP panics when both policies are empty or a policy holds a control
// character. The returned middleware is safe for concurrent use.
func CSP(opts CSPOptions) func(http.Handler) http.Handler {
	if strings.TrimSpace(opts.Policy) == "" && strings.TrimSpace(opts.ReportOnlyPolicy) == "" {
		panic("middleware: CSPOptions needs Policy or ReportOnlyPolicy; leave the CSP middleware out to send no policy")
	}
	enforce := compilePolicy("CSPOptions.Policy", opts.Policy)
	report := compilePolicy("CSPOptions.ReportOnlyPolicy", opts.ReportOnlyPolicy)
	needNonce := enforce.usesNonce() || report.usesNonce()

	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			nonce := ""
			if needNonce {
				nonce = newNonce()
				r = withNonce(r, nonce)
			}
			if enforce != nil {
				setDefault(h, cspHeader, enforce.value(nonce))
			}
			if report != nil {
				setDefault(h, cspReportOnlyHeader, report.value(nonce))
			}
			next.ServeHTTP(w, r)
		})
	}
}

// CSPNonce returns the nonce of r's policy, or "" when no policy in force
// on r contains [NoncePlaceholder] (a nonce would then be ignored by
// browsers). It is the same value on every call for one request.
func CSPNonce(r *http.Request) string {
	n, _ := r.Context().Value(nonceKey{}).(*cspNonce)
	if n == nil {
		return ""
	}
	return n.value
}

// CSPOverride returns a middleware for one view that replaces the enforced
// Content-Security-Policy with policy (which may use [NoncePlaceholder]);
// a report-only policy set by [CSP] is kept. The view's nonce is the one
// [CSP] made, or a new one when CSP made none. An empty policy or one
// holding a control character panics.
func CSPOverride(policy string) func(http.Handler) http.Handler {
	if strings.TrimSpace(policy) == "" {
		panic("middleware: CSPOverride needs a policy; use CSPExempt to send none")
	}
	p := compilePolicy("CSPOverride policy", policy)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			nonce := ""
			if p.usesNonce() {
				nonce = CSPNonce(r)
				if nonce == "" {
					nonce = newNonce()
					r = withNonce(r, nonce)
				}
			}
			w.Header()[cspHeader] = p.value(nonce)
			next.ServeHTTP(w, r)
		})
	}
}

// CSPExempt wraps a view whose responses must carry no policy: it removes
// both CSP headers before calling h. It must sit inside [CSP].
func CSPExempt(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		delete(hd, cspHeader)
		delete(hd, cspReportOnlyHeader)
		h.ServeHTTP(w, r)
	})
}

// CSPPolicy builds a policy string from directives, directive name to
// source list ("" for a directive without value, such as
// upgrade-insecure-requests), sorted by name so the result is stable:
// CSPPolicy(map[string]string{"default-src": "'self'", "img-src": "*"}) is
// "default-src 'self'; img-src *". A nil or empty map gives "".
func CSPPolicy(directives map[string]string) string {
	names := make([]string, 0, len(directives))
	for name := range directives {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	for i, name := range names {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(strings.TrimSpace(name))
		if v := strings.TrimSpace(directives[name]); v != "" {
			b.WriteByte(' ')
			b.WriteString(v)
		}
	}
	return b.String()
}

// policy is a policy split at its nonce placeholders, so that filling it
// in is one concatenation.
type policy struct {
	parts  []string // text between placeholders; len 1 when there is none
	static []string // the shared header value when there is no placeholder
}

// compilePolicy returns nil for an empty policy and panics, naming field,
// for one that cannot be a header value.
func compilePolicy(field, s string) *policy {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if strings.ContainsAny(s, "\r\n\x00") {
		panic(fmt.Sprintf("middleware: %s %q contains a control character; write the policy on one line", field, s))
	}
	p := &policy{parts: strings.Split(s, NoncePlaceholder)}
	if len(p.parts) == 1 {
		p.static = staticValue(s)
	}
	return p
}

func (p *policy) usesNonce() bool { return p != nil && p.static == nil }

// value returns the header value for a request with the given nonce.
func (p *policy) value(nonce string) []string {
	if p.static != nil {
		return p.static
	}
	return []string{strings.Join(p.parts, nonce)}
}

type nonceKey struct{}

type cspNonce struct{ value string }

func withNonce(r *http.Request, nonce string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), nonceKey{}, &cspNonce{nonce}))
}

// newNonce returns the standard base64 form of 16 bytes from crypto/rand,
// whose Read never fails.
func newNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}
