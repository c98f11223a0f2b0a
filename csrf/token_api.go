package csrf

import (
	"context"
	"net/http"
)

// Token returns a CSRF token for r to put in a page: a fresh masking of the
// request's secret (different on every call, so a compressed page never
// repeats it: BREACH), for the form field or for JavaScript's X-CSRFToken
// header. It creates the secret when the request has none, and marks the
// response to send it (renewing the cookie's expiry), as Django's
// get_token does; it never changes an existing secret.
//
// Call it before the response starts: a cookie can no longer be added
// after the first byte, and the token would then not verify for a client
// without the cookie. Outside [Middleware] it returns "".
func Token(r *http.Request) string {
	st := stateOf(r)
	if st == nil {
		return ""
	}
	if st.secret == "" {
		st.secret = newSecret()
	}
	st.update = true
	if st.cfg.UseSessions {
		st.commit()
	}
	return mask(st.secret)
}

// Rotate gives r a new secret, so that tokens issued before stop working.
// Login calls it, as Django's rotate_token, so that a token seen by an
// attacker before login is useless after. The response sends the new
// secret; call Rotate before the response starts. Outside [Middleware] it
// does nothing.
func Rotate(r *http.Request) {
	st := stateOf(r)
	if st == nil {
		return
	}
	st.secret = newSecret()
	st.update = true
	if st.cfg.UseSessions {
		st.commit()
	}
}

// Exempt wraps a view that must accept unsafe requests without a token
// (Django's csrf_exempt), such as a webhook authenticated otherwise. It
// takes effect when the middleware can see the view: through
// Options.Resolve (the project wires its router there), or when a
// [Middleware] wraps the exempt handler directly. [Token] still works
// inside an exempt view.
func Exempt(h http.Handler) http.Handler {
	if h == nil {
		panic("csrf: Exempt(nil)")
	}
	return exemptHandler{h}
}

type exemptHandler struct{ http.Handler }

func (exemptHandler) csrfExempt() {}

// IsExempt reports whether h was wrapped in [Exempt] (directly, or by a
// handler type that has a csrfExempt marker method). A nil h is not exempt.
func IsExempt(h http.Handler) bool {
	_, ok := h.(interface{ csrfExempt() })
	return ok
}

type skipKey struct{}
type skipMarker struct{}

// WithoutChecks returns ctx marked so that [Middleware] lets unsafe
// requests through unchecked while still issuing tokens and cookies: what
// Django's test client does unless enforce_csrf_checks is set. It is for
// test clients; only code in the process can set a context value, so a
// client cannot ask for it.
func WithoutChecks(ctx context.Context) context.Context {
	return context.WithValue(ctx, skipKey{}, skipMarker{})
}
