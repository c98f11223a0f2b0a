package csrf

import (
	"crypto/tls"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
)

// quiet keeps refusal logs out of test output.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// req describes one test request.
type req struct {
	method  string
	secure  bool
	host    string // default "testserver"
	cookie  string // csrftoken value; "" for none
	form    string // csrfmiddlewaretoken value, sent when hasForm
	hasForm bool
	header  string // X-CSRFToken value, sent when hasHdr
	hasHdr  bool
	origin  string // sent when non-empty
	referer string // sent when non-empty
}

func (q req) build() *http.Request {
	method := q.method
	if method == "" {
		method = http.MethodPost
	}
	host := q.host
	if host == "" {
		host = "testserver"
	}
	scheme := "http"
	if q.secure {
		scheme = "https"
	}
	var body io.Reader
	if q.hasForm {
		body = strings.NewReader(url.Values{DefaultFieldName: {q.form}}.Encode())
	}
	r := httptest.NewRequest(method, scheme+"://"+host+"/form/", body)
	r.Host = host
	if q.secure {
		r.TLS = &tls.ConnectionState{}
	} else {
		r.TLS = nil
	}
	if q.hasForm {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if q.cookie != "" {
		r.Header.Set("Cookie", DefaultCookieName+"="+q.cookie)
	}
	if q.hasHdr {
		r.Header.Set(DefaultHeaderName, q.header)
	}
	if q.origin != "" {
		r.Header.Set("Origin", q.origin)
	}
	if q.referer != "" {
		r.Header.Set("Referer", q.referer)
	}
	return r
}

// result is what a request through the middleware produced.
type result struct {
	status   int
	reason   string // the failure reason, "" when accepted
	body     string
	cookie   *http.Cookie // the csrftoken cookie set, or nil
	header   http.Header
	viewRan  bool
	rendered string // the token the view rendered, if it did
}

// run sends q through Middleware(opts) around a view that renders a token
// when render is set.
func run(opts Options, q req, render bool) result {
	var res result
	if opts.Logger == nil {
		opts.Logger = quiet
	}
	opts.FailureView = func(w http.ResponseWriter, r *http.Request, reason string) {
		res.reason = reason
		w.WriteHeader(http.StatusForbidden)
	}
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res.viewRan = true
		if render {
			res.rendered = Token(r)
			io.WriteString(w, res.rendered)
			return
		}
		io.WriteString(w, "ok")
	})
	rec := httptest.NewRecorder()
	Middleware(opts)(view).ServeHTTP(rec, q.build())
	res.status, res.body, res.header = rec.Code, rec.Body.String(), rec.Header()
	res.cookie = setCookie(rec.Result(), DefaultCookieName)
	return res
}

// setCookie returns the cookie name set by resp, or nil.
func setCookie(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// secretOf unmasks a cookie or token value, or returns "" when it is not
// one.
func secretOf(v string) string {
	s, reason := parseToken(v)
	if reason != "" {
		return ""
	}
	return s
}

func slogText(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }
