package csrf

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"github.com/jazzgo/jazz/middleware"
	"github.com/jazzgo/jazz/web"
)

// state is the CSRF bookkeeping of one request: the secret it carries and
// whether the response must (re)send it. The middleware creates it; [Token]
// and [Rotate] change it in place from inside the view.
type state struct {
	cfg     *config
	w       http.ResponseWriter // the writer the cookie goes to
	secret  string              // the secret in use: the request's, or a new one
	cookie  string              // the request's cookie value when it was a valid masked token
	update  bool                // send the secret in the response
	sent    bool                // the response has started: too late to set a cookie
	skip    bool                // checks disabled for this request (tests)
	session SessionStore
}

type stateKey struct{}

func stateOf(r *http.Request) *state {
	st, _ := r.Context().Value(stateKey{}).(*state)
	return st
}

// Middleware protects unsafe requests (any method but GET, HEAD, OPTIONS
// and TRACE) against cross-site request forgery the way Django's
// CsrfViewMiddleware does:
//
//  1. When the request has an Origin header, it must be the request's own
//     origin or a trusted one (Options.TrustedOrigins).
//  2. Otherwise, on HTTPS, the Referer must be present, https, and of the
//     same host, a trusted origin, or under Options.CookieDomain.
//  3. The token from the POST field (Options.FieldName) or, failing that,
//     the header (Options.HeaderName) must carry the same secret as the
//     cookie (or the session, with Options.UseSessions). Tokens and
//     cookies are read in both of Django's forms: 32-character secrets and
//     64-character masked tokens.
//
// A refused request gets Options.FailureView (a 403 by default) and a WARN
// log line; the view is not called. Safe requests always pass. Every
// request can call [Token] to get a freshly masked token for a page, which
// also makes the response (re)send the cookie; an invalid cookie is
// replaced by a new one.
//
// A url-encoded POST body is read with [web.ParseForm] (so r.Form is ready
// for the view), and an unreadable one gets the error ParseForm reports
// (400, 413) through [web.Error]. A multipart body is scanned only up to
// the token field and left for the view to read in full, uploads included.
// Nested uses (a project-wide Middleware and a view wrapped in its own)
// check once, in the outermost, with its Options.
//
// Middleware panics when opts fails [Options.Check]: a misconfigured site
// fails at start-up. The returned middleware is safe for concurrent use.
func Middleware(opts Options) func(http.Handler) http.Handler {
	c := newConfig(opts)
	return func(next http.Handler) http.Handler {
		exempt := IsExempt(next) // Middleware(opts)(Exempt(view))
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c.serve(w, r, next, exempt)
		})
	}
}

func (c *config) serve(w http.ResponseWriter, r *http.Request, next http.Handler, exempt bool) {
	if stateOf(r) != nil {
		next.ServeHTTP(w, r) // an outer Middleware already checked
		return
	}
	_, skip := r.Context().Value(skipKey{}).(skipMarker)
	st := &state{cfg: c, skip: skip || exempt}
	if c.UseSessions {
		st.session = c.Session(r)
		if st.session == nil {
			web.Error(w, r, errors.New("csrf: Options.UseSessions is set but the request has no session; put the session middleware before (outside) the CSRF middleware"))
			return
		}
	}
	incoming, badReason := st.load(r)
	rw := &responseWriter{ResponseWriter: w, st: st}
	st.w = w
	r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))

	if reason, err := c.check(r, st, incoming, badReason); err != nil {
		web.Error(rw, r, err)
		st.commit()
		return
	} else if reason != "" {
		c.reject(rw, r, reason)
		st.commit()
		return
	}
	next.ServeHTTP(rw, r)
	st.commit()
}

// load reads the request's secret. It returns the secret as it came (""
// when there was none) and, for a malformed cookie, Django's reason; a
// malformed cookie is replaced by a new secret at once, so that pages
// rendered now carry a token that works next time.
func (st *state) load(r *http.Request) (incoming, badReason string) {
	c := st.cfg
	var raw string
	var found bool
	if c.UseSessions {
		var v any
		if v, found = st.session.Get(SessionKey); found {
			raw, found = v.(string)
		}
	} else {
		raw, found = web.Cookie(r, c.CookieName)
	}
	if !found {
		return "", ""
	}
	secret, reason := parseToken(raw)
	if reason != "" {
		st.secret, st.update = newSecret(), true
		return "", reason
	}
	st.secret = secret
	if len(raw) == TokenLength {
		st.cookie = raw
	}
	return secret, ""
}

// check decides a request. It returns a failure reason, or an error for
// web.Error when the body could not be read, or neither when it passes.
func (c *config) check(r *http.Request, st *state, incoming, badReason string) (string, error) {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return "", nil
	}
	if st.skip || c.exempt(r) {
		return "", nil
	}
	secure := middleware.IsSecure(r, c.ProxySSLHeader)
	if vs, ok := r.Header["Origin"]; ok {
		origin := ""
		if len(vs) > 0 {
			origin = vs[0]
		}
		if !c.originVerified(r, origin, secure) {
			return fmt.Sprintf(reasonBadOrigin, origin), nil
		}
	} else if secure {
		if reason := c.checkReferer(r, secure); reason != "" {
			return reason, nil
		}
	}
	if badReason != "" {
		return "CSRF cookie " + badReason + ".", nil
	}
	if incoming == "" {
		return ReasonNoCookie, nil
	}
	token, source, err := c.requestToken(r)
	if err != nil {
		return "", err
	}
	if source == "" {
		return ReasonTokenMissing, nil
	}
	secret, reason := parseToken(token)
	if reason == "" && !sameSecret(secret, incoming) {
		reason = "incorrect"
	}
	if reason != "" {
		if source != "POST" {
			source = "the '" + c.headerLabel + "' HTTP header"
		}
		return "CSRF token from " + source + " " + reason + ".", nil
	}
	return "", nil
}

// requestToken finds the submitted token: the POST field first, then the
// header. source is "POST", "header" or "" (none).
func (c *config) requestToken(r *http.Request) (token, source string, err error) {
	header, hasHeader := r.Header[http.CanonicalHeaderKey(c.HeaderName)]
	if r.Method == http.MethodPost {
		v, err := c.formToken(r, hasHeader)
		if err != nil {
			return "", "", err
		}
		if v != "" {
			return v, "POST", nil
		}
	}
	if hasHeader && len(header) > 0 {
		return header[0], "header", nil
	}
	return "", "", nil
}

// formToken reads the token field of a POST body. Only form bodies are
// read (Django reads request.POST, which is empty for others). A url-encoded
// body goes through [web.ParseForm], so r.Form is ready for the view; a
// multipart one is scanned up to the field and put back, because it may
// hold uploads that ParseForm refuses and the view means to stream; when
// the header carries a token it is not scanned at all.
func (c *config) formToken(r *http.Request, hasHeader bool) (string, error) {
	if r.PostForm != nil {
		return r.PostForm.Get(c.FieldName), nil
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return "", nil
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		if _, err := web.ParseForm(r); err != nil {
			return "", err
		}
		return r.PostForm.Get(c.FieldName), nil
	case "multipart/form-data":
		if hasHeader {
			return "", nil // the header will do; spare scanning an upload
		}
		v, _ := multipartToken(r, c.FieldName)
		return v, nil
	}
	return "", nil
}

// exempt reports whether the view for r was wrapped in [Exempt].
func (c *config) exempt(r *http.Request) bool {
	if c.Resolve == nil {
		return false
	}
	return IsExempt(c.Resolve(r))
}

func (c *config) reject(w http.ResponseWriter, r *http.Request, reason string) {
	c.Logger.LogAttrs(r.Context(), slog.LevelWarn, "Forbidden ("+reason+"): "+r.URL.Path,
		slog.String("reason", reason), slog.String("method", r.Method), slog.String("path", r.URL.Path))
	if c.FailureView != nil {
		c.FailureView(w, r, reason)
		return
	}
	writeFailure(w, reason, c.Debug)
}

// start is called as the response starts: the cookie goes now or never.
func (st *state) start() {
	st.commit()
	st.sent = true
}

// commit sends the secret if the request needs it and the response has
// not started. In session mode the session is updated instead, right away,
// so that it is saved whichever way the session middleware orders its work.
func (st *state) commit() {
	if !st.update || st.sent {
		return
	}
	c := st.cfg
	if c.UseSessions {
		// update stays set: the final commit, after the view, puts the
		// secret back if the view flushed the session (logout) meanwhile.
		if v, ok := st.session.Get(SessionKey); !ok || v != st.secret {
			st.session.Set(SessionKey, st.secret)
		}
		return
	}
	st.update = false
	value := st.secret
	if c.CookieMasked {
		value = st.cookie
		if value == "" || unmask(value) != st.secret {
			value = mask(st.secret)
			st.cookie = value
		}
	}
	ck := &http.Cookie{Name: c.CookieName, Value: value, MaxAge: c.maxAge, Secure: c.CookieSecure}
	opts := []web.CookieOption{web.CookiePath(c.CookiePath), web.CookieSameSite(c.CookieSameSite)}
	if c.CookieDomain != "" {
		opts = append(opts, web.CookieDomain(c.CookieDomain))
	}
	if !c.CookieHTTPOnly {
		opts = append(opts, web.CookieScriptReadable())
	}
	_ = web.SetCookie(st.w, ck, opts...) // name checked by Options.Check; the value is ASCII
	addVary(st.w.Header(), "Cookie")
}

// addVary adds v to the Vary header unless it is there already.
func addVary(h http.Header, v string) {
	for _, line := range h.Values("Vary") {
		for _, f := range strings.Split(line, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, v) {
				return
			}
		}
	}
	h.Add("Vary", v)
}
