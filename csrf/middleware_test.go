package csrf

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/middleware"
	"github.com/jazzgo/jazz/web"
)

// From csrf.json's mask vectors: a secret, two maskings of it, and a
// masking of another secret.
const (
	secretS  = "s3cr3tS3CR3Ts3cr3tS3CR3Ts3cr3t00"
	cookieS  = "MaskMaskMaskMaskMaskMaskMaskMask43uBFtadeRl343uBFtadeRl343uBFtia"
	tokenS   = "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzRsBQsShs1gsiRsBQsShs1gsiRsBQsSpp"
	tokenOth = "MaskMaskMaskMaskMaskMaskMaskMaskcbUngfYrkj2von6zsraDwveHAzibE3mf"
)

// withToken is a POST carrying a good cookie and form token.
func withToken(q req) req {
	q.cookie, q.form, q.hasForm = cookieS, tokenS, true
	return q
}

func TestMiddlewareRules(t *testing.T) {
	trusted := Options{TrustedOrigins: []string{"https://app.example.com", "https://*.example.net", "http://localhost:8000"}}
	domain := Options{CookieDomain: ".example.com"}
	proxy := Options{ProxySSLHeader: middleware.ProxyHeader{Name: "X-Forwarded-Proto", Value: "https"}}
	tests := []struct {
		name   string
		opts   Options
		q      req
		reason string // "" = accepted
	}{
		// Methods.
		{"GET", Options{}, req{method: "GET"}, ""},
		{"HEAD", Options{}, req{method: "HEAD"}, ""},
		{"OPTIONS", Options{}, req{method: "OPTIONS"}, ""},
		{"TRACE", Options{}, req{method: "TRACE"}, ""},
		{"POST without anything", Options{}, req{}, ReasonNoCookie},
		{"PUT without token", Options{}, req{method: "PUT", cookie: cookieS}, ReasonTokenMissing},
		{"PATCH without token", Options{}, req{method: "PATCH", cookie: cookieS}, ReasonTokenMissing},
		{"DELETE without token", Options{}, req{method: "DELETE", cookie: cookieS}, ReasonTokenMissing},
		{"unknown method without token", Options{}, req{method: "PROPFIND", cookie: cookieS}, ReasonTokenMissing},
		{"PATCH with header", Options{}, req{method: "PATCH", cookie: cookieS, header: tokenS, hasHdr: true}, ""},
		{"PUT with a form token only (only POST bodies are read)", Options{}, req{method: "PUT", cookie: cookieS, form: tokenS, hasForm: true}, ReasonTokenMissing},

		// Tokens and cookies.
		{"form token", Options{}, withToken(req{}), ""},
		{"raw secret cookie and token", Options{}, req{cookie: secretS, form: secretS, hasForm: true}, ""},
		{"token without cookie", Options{}, req{form: tokenS, hasForm: true}, ReasonNoCookie},
		{"empty cookie", Options{}, req{cookie: `""`, form: tokenS, hasForm: true}, "CSRF cookie has incorrect length."},
		{"wrong form token", Options{}, req{cookie: cookieS, form: tokenOth, hasForm: true}, "CSRF token from POST incorrect."},
		{"form token wins over header", Options{}, req{cookie: cookieS, form: tokenOth, hasForm: true, header: tokenS, hasHdr: true}, "CSRF token from POST incorrect."},
		{"empty form token falls back to header", Options{}, req{cookie: cookieS, form: "", hasForm: true, header: tokenS, hasHdr: true}, ""},
		{"header incorrect", Options{}, req{cookie: cookieS, header: tokenOth, hasHdr: true}, "CSRF token from the 'X-Csrftoken' HTTP header incorrect."},
		{"header bad characters", Options{}, req{cookie: cookieS, header: strings.Repeat("-", 64), hasHdr: true}, "CSRF token from the 'X-Csrftoken' HTTP header has invalid characters."},
		{"header bad length", Options{}, req{cookie: cookieS, header: "abc", hasHdr: true}, "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."},
		{"empty header has incorrect length (as in Django)", Options{}, req{cookie: cookieS, header: "", hasHdr: true}, "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."},

		// Origin.
		{"same origin", Options{}, withToken(req{origin: "http://testserver"}), ""},
		{"same origin over https", Options{}, withToken(req{secure: true, origin: "https://testserver"}), ""},
		{"origin with the wrong scheme", Options{}, withToken(req{origin: "https://testserver"}), "Origin checking failed - https://testserver does not match any trusted origins."},
		{"origin of another site", Options{}, withToken(req{origin: "https://evil.example"}), "Origin checking failed - https://evil.example does not match any trusted origins."},
		{"origin null", Options{}, withToken(req{origin: "null"}), "Origin checking failed - null does not match any trusted origins."},
		{"origin other port", Options{}, withToken(req{origin: "http://testserver:8080"}), "Origin checking failed - http://testserver:8080 does not match any trusted origins."},
		{"origin check before token check", Options{}, req{origin: "https://evil.example"}, "Origin checking failed - https://evil.example does not match any trusted origins."},
		{"trusted exact origin", trusted, withToken(req{secure: true, origin: "https://app.example.com"}), ""},
		{"trusted origin with port", trusted, withToken(req{origin: "http://localhost:8000"}), ""},
		{"trusted exact origin does not cover subdomains", trusted, withToken(req{secure: true, origin: "https://x.app.example.com"}), "Origin checking failed - https://x.app.example.com does not match any trusted origins."},
		{"trusted wildcard subdomain", trusted, withToken(req{secure: true, origin: "https://a.b.example.net"}), ""},
		{"trusted wildcard apex", trusted, withToken(req{secure: true, origin: "https://example.net"}), ""},
		{"trusted wildcard other scheme", trusted, withToken(req{secure: true, origin: "http://a.example.net"}), "Origin checking failed - http://a.example.net does not match any trusted origins."},
		{"trusted wildcard lookalike", trusted, withToken(req{secure: true, origin: "https://badexample.net"}), "Origin checking failed - https://badexample.net does not match any trusted origins."},
		{"origin replaces the referer check", Options{}, withToken(req{secure: true, origin: "https://testserver"}), ""},

		// Referer (HTTPS without Origin).
		{"https without referer", Options{}, withToken(req{secure: true}), ReasonNoReferer},
		{"http needs no referer", Options{}, withToken(req{}), ""},
		{"referer same host", Options{}, withToken(req{secure: true, referer: "https://testserver/x"}), ""},
		{"referer other port", Options{}, withToken(req{secure: true, referer: "https://testserver:8443/"}), "Referer checking failed - https://testserver:8443/ does not match any trusted origins."},
		{"referer insecure", Options{}, withToken(req{secure: true, referer: "http://testserver/"}), ReasonInsecureReferer},
		{"referer malformed", Options{}, withToken(req{secure: true, referer: "not a url"}), ReasonMalformedReferer},
		{"referer without host", Options{}, withToken(req{secure: true, referer: "https:///x"}), ReasonMalformedReferer},
		{"referer trusted", trusted, withToken(req{secure: true, referer: "https://app.example.com/form"}), ""},
		{"referer trusted wildcard", trusted, withToken(req{secure: true, referer: "https://www.example.net/"}), ""},
		{"referer under the cookie domain", domain, withToken(req{secure: true, host: "www.example.com", referer: "https://shop.example.com/"}), ""},
		{"referer outside the cookie domain", domain, withToken(req{secure: true, host: "www.example.com", referer: "https://example.org/"}), "Referer checking failed - https://example.org/ does not match any trusted origins."},
		{"cookie domain with the request's port", domain, withToken(req{secure: true, host: "www.example.com:8443", referer: "https://a.example.com:8443/"}), ""},
		{"cookie domain, referer without the port", domain, withToken(req{secure: true, host: "www.example.com:8443", referer: "https://a.example.com/"}), "Referer checking failed - https://a.example.com/ does not match any trusted origins."},
		{"referer check before token check", Options{}, req{secure: true}, ReasonNoReferer},
		{"proxy header makes it https", proxy, func() req { q := withToken(req{}); return q }(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(tt.opts, tt.q, false)
			if res.reason != tt.reason {
				t.Fatalf("reason %q, want %q", res.reason, tt.reason)
			}
			if accepted := res.status == http.StatusOK && res.viewRan; accepted != (tt.reason == "") {
				t.Fatalf("status %d, view ran %v", res.status, res.viewRan)
			}
		})
	}
}

func TestProxySSLHeader(t *testing.T) {
	opts := Options{ProxySSLHeader: middleware.ProxyHeader{Name: "X-Forwarded-Proto", Value: "https"}, Logger: quiet}
	var reason string
	opts.FailureView = func(w http.ResponseWriter, r *http.Request, why string) { reason = why; w.WriteHeader(403) }
	h := Middleware(opts)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	r := withToken(req{}).build()
	r.Header.Set("X-Forwarded-Proto", "https")
	h.ServeHTTP(httptest.NewRecorder(), r)
	if reason != ReasonNoReferer {
		t.Fatalf("behind a TLS proxy: reason %q, want the HTTPS referer check", reason)
	}
}

func TestCookieAttributes(t *testing.T) {
	res := run(Options{}, req{method: "GET"}, true)
	c := res.cookie
	if c == nil {
		t.Fatal("no cookie")
	}
	if len(c.Value) != SecretLength || c.Path != "/" || c.MaxAge != 31449600 || c.SameSite != http.SameSiteLaxMode ||
		c.HttpOnly || c.Secure || c.Domain != "" {
		t.Fatalf("default cookie %+v", c)
	}
	if v := res.header.Values("Vary"); len(v) != 1 || v[0] != "Cookie" {
		t.Fatalf("Vary %q", v)
	}
	if got := secretOf(res.rendered); got != c.Value {
		t.Fatalf("token secret %q, cookie %q", got, c.Value)
	}

	res = run(Options{CookieName: "csrftoken", CookieDomain: ".example.com", CookiePath: "/app", CookieSecure: true,
		CookieHTTPOnly: true, CookieSameSite: http.SameSiteStrictMode, CookieAge: -1}, req{method: "GET"}, true)
	c = res.cookie
	if c == nil || c.Domain != "example.com" || c.Path != "/app" || !c.Secure || !c.HttpOnly ||
		c.SameSite != http.SameSiteStrictMode || c.MaxAge != 0 || !c.Expires.IsZero() {
		t.Fatalf("configured cookie %+v", c)
	}
}

func TestCookieOnlyWhenNeeded(t *testing.T) {
	if res := run(Options{}, req{method: "GET"}, false); res.cookie != nil {
		t.Errorf("GET without Token set a cookie: %v", res.cookie)
	}
	if res := run(Options{}, withToken(req{}), false); res.cookie != nil {
		t.Errorf("accepted POST without Token set a cookie: %v", res.cookie)
	}
	// Token renews a valid cookie (its expiry) with the same secret.
	res := run(Options{}, req{method: "GET", cookie: cookieS}, true)
	if res.cookie == nil || res.cookie.Value != secretS {
		t.Errorf("GET with a masked cookie and Token: cookie %v, want the unmasked secret", res.cookie)
	}
	// A broken cookie is replaced even when the request is refused.
	res = run(Options{}, req{cookie: "short", form: tokenS, hasForm: true}, false)
	if res.status != 403 || res.cookie == nil || secretOf(res.cookie.Value) == "" {
		t.Errorf("broken cookie: status %d, cookie %v", res.status, res.cookie)
	}
}

func TestTokensAreMaskedPerCall(t *testing.T) {
	var a, b string
	h := Middleware(Options{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, b = Token(r), Token(r)
	}))
	h.ServeHTTP(httptest.NewRecorder(), req{method: "GET", cookie: cookieS}.build())
	if a == b || len(a) != TokenLength || secretOf(a) != secretS || secretOf(b) != secretS {
		t.Fatalf("tokens %q and %q: want two different maskings of %q", a, b, secretS)
	}
}

func TestRotate(t *testing.T) {
	var before, after string
	h := Middleware(Options{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		before = Token(r)
		Rotate(r)
		after = Token(r)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, withToken(req{}).build())
	c := setCookie(rec.Result(), DefaultCookieName)
	if c == nil || secretOf(before) != secretS || secretOf(after) == secretS || c.Value != secretOf(after) {
		t.Fatalf("rotate: before %q after %q cookie %v", secretOf(before), secretOf(after), c)
	}
	// The old token no longer passes with the new cookie.
	if res := run(Options{}, req{cookie: c.Value, form: tokenS, hasForm: true}, false); res.reason != "CSRF token from POST incorrect." {
		t.Fatalf("old token after rotation: %q", res.reason)
	}
	Rotate(httptest.NewRequest("GET", "/", nil)) // outside the middleware: no effect, no panic
}

func TestTokenOutsideMiddleware(t *testing.T) {
	if got := Token(httptest.NewRequest("GET", "/", nil)); got != "" {
		t.Fatalf("Token outside the middleware = %q", got)
	}
}

func TestCookieBeforeResponseStarts(t *testing.T) {
	cases := map[string]func(w http.ResponseWriter, r *http.Request){
		"empty body": func(w http.ResponseWriter, r *http.Request) { Token(r) },
		"WriteHeader": func(w http.ResponseWriter, r *http.Request) {
			Token(r)
			w.WriteHeader(http.StatusCreated)
		},
		"Flush": func(w http.ResponseWriter, r *http.Request) {
			Token(r)
			http.NewResponseController(w).Flush()
		},
		"ReadFrom": func(w http.ResponseWriter, r *http.Request) {
			Token(r)
			io.Copy(w, strings.NewReader("body"))
		},
	}
	for name, view := range cases {
		t.Run(name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			Middleware(Options{})(http.HandlerFunc(view)).ServeHTTP(rec, req{method: "GET"}.build())
			if setCookie(rec.Result(), DefaultCookieName) == nil {
				t.Fatal("no cookie")
			}
		})
	}
	t.Run("after early hints", func(t *testing.T) {
		// httptest.ResponseRecorder treats a 1xx as final; a server does not.
		srv := httptest.NewServer(Middleware(Options{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", "</app.css>; rel=preload")
			w.WriteHeader(http.StatusEarlyHints)
			Token(r)
			w.Write([]byte("x"))
		})))
		defer srv.Close()
		resp, err := srv.Client().Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if setCookie(resp, DefaultCookieName) == nil {
			t.Fatal("no cookie after a 103")
		}
	})
	t.Run("too late", func(t *testing.T) {
		rec := httptest.NewRecorder()
		Middleware(Options{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("started"))
			Token(r)
		})).ServeHTTP(rec, req{method: "GET"}.build())
		if c := setCookie(rec.Result(), DefaultCookieName); c != nil {
			t.Fatalf("cookie %v added after the response started", c)
		}
	})
}

func TestExempt(t *testing.T) {
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, Token(r)) })
	exempt := Exempt(view)
	if !IsExempt(exempt) || IsExempt(view) || IsExempt(nil) {
		t.Fatal("IsExempt")
	}
	mux := http.NewServeMux()
	mux.Handle("/hook/", exempt)
	mux.Handle("/form/", view)
	resolve := func(r *http.Request) http.Handler { h, _ := mux.Handler(r); return h }
	h := Middleware(Options{Resolve: resolve, Logger: quiet})(mux)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/hook/", nil))
	if rec.Code != 200 || len(rec.Body.String()) != TokenLength {
		t.Fatalf("exempt view: %d %q", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/form/", nil))
	if rec.Code != 403 {
		t.Fatalf("protected view: %d", rec.Code)
	}
}

func TestExemptWrappedDirectly(t *testing.T) {
	var tok string
	h := Middleware(Options{Logger: quiet})(Exempt(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tok = Token(r) })))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req{}.build())
	if rec.Code != 200 || len(tok) != TokenLength {
		t.Fatalf("%d, token %q", rec.Code, tok)
	}
}

func TestNestedMiddlewareChecksOnce(t *testing.T) {
	calls := 0
	inner := Middleware(Options{Logger: quiet, FailureView: func(w http.ResponseWriter, r *http.Request, reason string) {
		calls++
		w.WriteHeader(403)
	}})
	outer := Middleware(Options{Logger: quiet})
	var tok string
	h := outer(inner(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tok = Token(r) })))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, withToken(req{}).build())
	if rec.Code != 200 || calls != 0 || secretOf(tok) != secretS {
		t.Fatalf("nested: %d, inner refusals %d, token %q", rec.Code, calls, tok)
	}
	if cs := rec.Result().Cookies(); len(cs) != 1 {
		t.Fatalf("nested middlewares set %d cookies", len(cs))
	}
}

func TestWithoutChecks(t *testing.T) {
	ran := false
	h := Middleware(Options{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ran = true; Token(r) }))
	r := req{}.build()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r.WithContext(WithoutChecks(r.Context())))
	if !ran || rec.Code != 200 || setCookie(rec.Result(), DefaultCookieName) == nil {
		t.Fatalf("WithoutChecks: ran %v, %d", ran, rec.Code)
	}
}

// mapSession is an in-memory SessionStore.
type mapSession map[string]any

func (m mapSession) Get(k string) (any, bool) { v, ok := m[k]; return v, ok }
func (m mapSession) Set(k string, v any)      { m[k] = v }

func TestSessions(t *testing.T) {
	sess := mapSession{}
	opts := Options{UseSessions: true, Session: func(*http.Request) SessionStore { return sess }}

	res := run(opts, req{method: "GET"}, true)
	if res.cookie != nil {
		t.Fatalf("cookie %v set in session mode", res.cookie)
	}
	secret, _ := sess[SessionKey].(string)
	if len(secret) != SecretLength || secretOf(res.rendered) != secret {
		t.Fatalf("session secret %q, token %q", secret, res.rendered)
	}
	// A token rendered from the session verifies; the csrftoken cookie is
	// ignored.
	if res := run(opts, req{cookie: secret, form: res.rendered, hasForm: true}, false); res.reason != "" {
		t.Fatalf("POST with the session's token: %q", res.reason)
	}
	if res := run(opts, req{form: tokenS, hasForm: true}, false); res.reason != "CSRF token from POST incorrect." {
		t.Fatalf("POST with another token: %q", res.reason)
	}
	delete(sess, SessionKey)
	if res := run(opts, req{form: tokenS, hasForm: true}, false); res.reason != ReasonNoCookie {
		t.Fatalf("POST with no secret in the session: %q", res.reason)
	}
	sess[SessionKey] = cookieS // a masked value, as Django before 4.0 stored
	if res := run(opts, req{form: tokenS, hasForm: true}, false); res.reason != "" {
		t.Fatalf("POST against a masked session secret: %q", res.reason)
	}

	// A view that flushes the session after rendering a token (logout
	// page with a login form) still leaves the secret in the session.
	sess = mapSession{}
	h := Middleware(opts)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Token(r)
		clear(sess)
	}))
	h.ServeHTTP(httptest.NewRecorder(), req{method: "GET"}.build())
	if v, _ := sess[SessionKey].(string); len(v) != SecretLength {
		t.Fatalf("after a flush: session secret %q", v)
	}

	noSession := Options{UseSessions: true, Session: func(*http.Request) SessionStore { return nil }}
	rec := httptest.NewRecorder()
	r := web.WithSite(req{method: "GET"}.build(), &web.Site{Logger: quiet})
	Middleware(noSession)(http.NotFoundHandler()).ServeHTTP(rec, r)
	if rec.Code != 500 {
		t.Fatalf("no session on the request: %d", rec.Code)
	}
}

func TestBodies(t *testing.T) {
	h := func(check func(r *http.Request)) http.Handler {
		return Middleware(Options{Logger: quiet})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { check(r) }))
	}
	t.Run("JSON with header keeps the body", func(t *testing.T) {
		var body string
		r := httptest.NewRequest("POST", "/", strings.NewReader(`{"a":1}`))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Cookie", "csrftoken="+cookieS)
		r.Header.Set("X-CSRFToken", tokenS)
		rec := httptest.NewRecorder()
		h(func(r *http.Request) { b, _ := io.ReadAll(r.Body); body = string(b) }).ServeHTTP(rec, r)
		if rec.Code != 200 || body != `{"a":1}` {
			t.Fatalf("%d, body %q", rec.Code, body)
		}
	})
	multi := func(withField bool) (*bytes.Buffer, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		if withField {
			mw.WriteField(DefaultFieldName, tokenS)
		}
		mw.WriteField("title", "hello")
		mw.Close()
		return &buf, mw.FormDataContentType()
	}
	t.Run("multipart with header is left unread", func(t *testing.T) {
		buf, ct := multi(false)
		want := buf.String()
		r := httptest.NewRequest("POST", "/", buf)
		r.Header.Set("Content-Type", ct)
		r.Header.Set("Cookie", "csrftoken="+cookieS)
		r.Header.Set("X-CSRFToken", tokenS)
		var body string
		rec := httptest.NewRecorder()
		h(func(r *http.Request) { b, _ := io.ReadAll(r.Body); body = string(b) }).ServeHTTP(rec, r)
		if rec.Code != 200 || body != want {
			t.Fatalf("%d, body read %d bytes of %d", rec.Code, len(body), len(want))
		}
	})
	t.Run("multipart with uploads is scanned and put back", func(t *testing.T) {
		for _, tokenFirst := range []bool{true, false} {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			if tokenFirst {
				mw.WriteField(DefaultFieldName, tokenS)
			}
			fw, _ := mw.CreateFormFile("upload", "big.bin")
			fw.Write(bytes.Repeat([]byte("0123456789"), 100000))
			if !tokenFirst {
				mw.WriteField(DefaultFieldName, tokenS)
			}
			mw.Close()
			want := buf.String()
			r := httptest.NewRequest("POST", "/", &buf)
			r.Header.Set("Content-Type", mw.FormDataContentType())
			r.Header.Set("Cookie", "csrftoken="+cookieS)
			var body string
			rec := httptest.NewRecorder()
			h(func(r *http.Request) { b, _ := io.ReadAll(r.Body); body = string(b) }).ServeHTTP(rec, r)
			if rec.Code != 200 || body != want {
				t.Fatalf("token first %v: %d, view read %d bytes of %d", tokenFirst, rec.Code, len(body), len(want))
			}
		}
	})
	t.Run("multipart token past the body limit", func(t *testing.T) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("upload", "big.bin")
		fw.Write(bytes.Repeat([]byte("x"), 5000))
		mw.WriteField(DefaultFieldName, tokenS)
		mw.Close()
		r := httptest.NewRequest("POST", "/", &buf)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		r.Header.Set("Cookie", "csrftoken="+cookieS)
		r = web.WithSite(r, &web.Site{MaxBodyBytes: 1000})
		rec := httptest.NewRecorder()
		h(func(*http.Request) {}).ServeHTTP(rec, r)
		if rec.Code != 403 {
			t.Fatalf("%d", rec.Code)
		}
	})
	t.Run("multipart field", func(t *testing.T) {
		buf, ct := multi(true)
		r := httptest.NewRequest("POST", "/", buf)
		r.Header.Set("Content-Type", ct)
		r.Header.Set("Cookie", "csrftoken="+cookieS)
		var title string
		rec := httptest.NewRecorder()
		h(func(r *http.Request) { title = r.PostFormValue("title") }).ServeHTTP(rec, r)
		if rec.Code != 200 || title != "hello" {
			t.Fatalf("%d, title %q", rec.Code, title)
		}
	})
	t.Run("form stays readable by the view", func(t *testing.T) {
		r := withToken(req{}).build()
		var tok string
		rec := httptest.NewRecorder()
		h(func(r *http.Request) { tok = r.PostFormValue(DefaultFieldName) }).ServeHTTP(rec, r)
		if rec.Code != 200 || tok != tokenS {
			t.Fatalf("%d, field %q", rec.Code, tok)
		}
	})
	t.Run("body over the limit is a 413", func(t *testing.T) {
		r := withToken(req{}).build()
		r = web.WithSite(r, &web.Site{MaxBodyBytes: 10, Logger: quiet})
		rec := httptest.NewRecorder()
		ran := false
		h(func(*http.Request) { ran = true }).ServeHTTP(rec, r)
		if rec.Code != http.StatusRequestEntityTooLarge || ran {
			t.Fatalf("%d, view ran %v", rec.Code, ran)
		}
	})
}

func TestFailurePage(t *testing.T) {
	for _, debug := range []bool{false, true} {
		rec := httptest.NewRecorder()
		Middleware(Options{Debug: debug, Logger: quiet})(http.NotFoundHandler()).ServeHTTP(rec, req{}.build())
		body := rec.Body.String()
		if rec.Code != 403 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") ||
			!strings.Contains(body, "CSRF verification failed. Request aborted.") {
			t.Fatalf("debug=%v: %d %q", debug, rec.Code, body)
		}
		if strings.Contains(body, ReasonNoCookie) != debug {
			t.Errorf("debug=%v: reason shown = %v", debug, !debug)
		}
		if !strings.Contains(body, "requires a CSRF cookie") {
			t.Errorf("debug=%v: no help for a missing cookie", debug)
		}
	}
}

func TestFailureIsLogged(t *testing.T) {
	var buf bytes.Buffer
	logger := slogText(&buf)
	Middleware(Options{Logger: logger})(http.NotFoundHandler()).ServeHTTP(httptest.NewRecorder(), req{}.build())
	if !strings.Contains(buf.String(), "level=WARN") || !strings.Contains(buf.String(), `reason="CSRF cookie not set."`) {
		t.Fatalf("log: %s", buf.String())
	}
}

func TestOptionsCheck(t *testing.T) {
	bad := map[string]Options{
		"origin without scheme":    {TrustedOrigins: []string{"example.com"}},
		"origin with path":         {TrustedOrigins: []string{"https://example.com/app"}},
		"sessions without Session": {UseSessions: true},
		"SameSite=None, insecure":  {CookieSameSite: http.SameSiteNoneMode},
		"bad cookie name":          {CookieName: "csrf token"},
		"bad header name":          {HeaderName: "X CSRF"},
	}
	for name, o := range bad {
		if err := o.Check(); err == nil {
			t.Errorf("%s: no error", name)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Middleware did not panic", name)
				}
			}()
			Middleware(o)
		}()
	}
	good := Options{TrustedOrigins: []string{"https://*.example.com", "http://localhost:8000"}, CookieSameSite: http.SameSiteNoneMode, CookieSecure: true}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestRandomString(t *testing.T) {
	seen := map[byte]bool{}
	for range 200 {
		s := newSecret()
		if len(s) != SecretLength || checkFormat(s) != "" {
			t.Fatalf("secret %q", s)
		}
		for i := range len(s) {
			seen[s[i]] = true
		}
	}
	if len(seen) != 62 {
		t.Fatalf("%d distinct characters in 6400 draws, want all 62", len(seen))
	}
	if newSecret() == newSecret() {
		t.Fatal("two secrets equal")
	}
}
