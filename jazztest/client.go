package jazztest

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"github.com/jazzgo/jazz/csrf"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/jazzgo/jazz"
)

// Host is the host name test requests are sent to, as Django's test client
// uses "testserver". [NewProject] adds it to AllowedHosts.
const Host = "testserver"

// maxRedirects bounds FollowRedirects, so a redirect loop fails the test
// instead of hanging it.
const maxRedirects = 20

// Client sends requests to a handler in-process, with no network and no
// port, keeping cookies between requests like a browser. It is not safe
// for concurrent use; make one client per goroutine.
type Client struct {
	t       testing.TB
	handler http.Handler
	jar     *cookiejar.Jar

	// FollowRedirects makes the client follow 3xx responses with a GET
	// (307 and 308 repeat the method and body), recording each hop in
	// Response.RedirectChain.
	FollowRedirects bool
	// Secure sends requests as HTTPS (the request carries TLS state and
	// Secure cookies are kept and sent).
	Secure bool
	// EnforceCSRFChecks makes the CSRF middleware check this client's
	// requests. Off by default, as Django's test client: tests post forms
	// without fetching a token first. Turn it on to test the protection.
	EnforceCSRFChecks bool
	// Header is added to every request.
	Header http.Header
}

// NewClient returns a client for h (a *jazz.Project or any http.Handler).
func NewClient(t testing.TB, h http.Handler) *Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatalf("jazztest: cookie jar: %v", err)
	}
	return &Client{t: t, handler: h, jar: jar, Header: http.Header{}}
}

// Redirect is one hop of a followed redirect.
type Redirect struct {
	URL        string
	StatusCode int
}

// Response is a finished response with what the test client recorded on the
// way: the templates rendered and their contexts.
type Response struct {
	t testing.TB
	// StatusCode, Header and Body are the response as the client saw it.
	StatusCode int
	Header     http.Header
	Body       []byte
	// Request is the request that produced this response (the last one
	// when redirects were followed).
	Request *http.Request
	// Templates lists the templates rendered, in order, by name.
	Templates []string
	// Contexts holds the data each template in Templates was rendered
	// with, at the same index.
	Contexts []map[string]any
	// RedirectChain lists the redirects followed to get here.
	RedirectChain []Redirect
}

func (c *Client) base() *url.URL {
	scheme := "http"
	if c.Secure {
		scheme = "https"
	}
	return &url.URL{Scheme: scheme, Host: Host, Path: "/"}
}

// Get sends a GET for path, which may carry a query string.
func (c *Client) Get(path string) *Response { return c.Do(c.NewRequest(http.MethodGet, path, nil)) }

// Head sends a HEAD for path.
func (c *Client) Head(path string) *Response { return c.Do(c.NewRequest(http.MethodHead, path, nil)) }

// Delete sends a DELETE for path.
func (c *Client) Delete(path string) *Response {
	return c.Do(c.NewRequest(http.MethodDelete, path, nil))
}

// Post sends form as an application/x-www-form-urlencoded POST.
func (c *Client) Post(path string, form url.Values) *Response {
	req := c.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// PostJSON sends v encoded as JSON.
func (c *Client) PostJSON(path string, v any) *Response {
	return c.sendJSON(http.MethodPost, path, v)
}

// PutJSON sends v encoded as JSON with PUT.
func (c *Client) PutJSON(path string, v any) *Response {
	return c.sendJSON(http.MethodPut, path, v)
}

func (c *Client) sendJSON(method, path string, v any) *Response {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatalf("jazztest: encode JSON for %s %s: %v", method, path, err)
	}
	req := c.NewRequest(method, path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	return c.Do(req)
}

// NewRequest builds a request for path as the client would send it, for
// tests that need to adjust it before [Client.Do].
func (c *Client) NewRequest(method, path string, body io.Reader) *http.Request {
	u := c.base().ResolveReference(&url.URL{})
	ref, err := url.Parse(path)
	if err != nil {
		c.t.Fatalf("jazztest: bad path %q: %v", path, err)
	}
	u = u.ResolveReference(ref)
	req := httptest.NewRequest(method, u.String(), body)
	req.Host = u.Host
	if u.Scheme == "https" {
		req.TLS = &tls.ConnectionState{HandshakeComplete: true}
	} else {
		req.TLS = nil
	}
	req.RemoteAddr = "127.0.0.1:40000"
	return req
}

// Do sends req, records the templates it renders, stores the cookies it
// sets and, with FollowRedirects, follows its redirects.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	var chain []Redirect
	for hop := 0; ; hop++ {
		resp := c.do(req)
		if !c.FollowRedirects || resp.StatusCode < 300 || resp.StatusCode > 399 {
			resp.RedirectChain = chain
			return resp
		}
		loc := resp.Header.Get("Location")
		if loc == "" {
			resp.RedirectChain = chain
			return resp
		}
		if hop == maxRedirects {
			c.t.Fatalf("jazztest: more than %d redirects from %s", maxRedirects, chain[0].URL)
		}
		chain = append(chain, Redirect{URL: loc, StatusCode: resp.StatusCode})
		next, err := req.URL.Parse(loc)
		if err != nil {
			c.t.Fatalf("jazztest: bad Location %q: %v", loc, err)
		}
		if next.Host != "" && next.Host != Host {
			// An external redirect: report it rather than leave the site.
			resp.RedirectChain = chain
			return resp
		}
		method, body := http.MethodGet, io.Reader(nil)
		if resp.StatusCode == http.StatusTemporaryRedirect || resp.StatusCode == http.StatusPermanentRedirect {
			method = req.Method
			if req.GetBody != nil {
				body, _ = req.GetBody()
			}
		}
		nreq := c.NewRequest(method, next.RequestURI(), body)
		if next.Scheme == "https" {
			nreq.TLS = &tls.ConnectionState{HandshakeComplete: true}
		}
		if method != http.MethodGet {
			nreq.Header.Set("Content-Type", req.Header.Get("Content-Type"))
		}
		req = nreq
	}
}

func (c *Client) do(req *http.Request) *Response {
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	cookieURL := c.cookieURL(req)
	for _, ck := range c.jar.Cookies(cookieURL) {
		req.AddCookie(ck)
	}
	resp := &Response{t: c.t}
	ctx := req.Context()
	if !c.EnforceCSRFChecks {
		ctx = csrf.WithoutChecks(ctx)
	}
	ctx = jazz.WithRenderObserver(ctx, func(name string, data map[string]any) {
		resp.Templates = append(resp.Templates, name)
		resp.Contexts = append(resp.Contexts, data)
	})
	req = req.WithContext(ctx)
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	resp.StatusCode, resp.Header, resp.Body, resp.Request = res.StatusCode, res.Header, body, req
	if cks := res.Cookies(); len(cks) > 0 {
		c.jar.SetCookies(cookieURL, cks)
	}
	return resp
}

func (c *Client) cookieURL(req *http.Request) *url.URL {
	u := *req.URL
	u.Host = Host
	u.Scheme = "http"
	if req.TLS != nil {
		u.Scheme = "https"
	}
	return &u
}

// Cookie returns the value of the named cookie the client holds for the
// site root, and whether it holds one.
func (c *Client) Cookie(name string) (string, bool) {
	for _, ck := range c.jar.Cookies(c.base()) {
		if ck.Name == name {
			return ck.Value, true
		}
	}
	return "", false
}

// SetCookie stores a cookie as if the site had set it.
func (c *Client) SetCookie(ck *http.Cookie) {
	c.jar.SetCookies(c.base(), []*http.Cookie{ck})
}

// Text returns the body as a string.
func (r *Response) Text() string { return string(r.Body) }

// JSON decodes the body into v, failing the test if it is not JSON.
func (r *Response) JSON(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		r.t.Fatalf("jazztest: response is not JSON (%v): %.200s", err, r.Body)
	}
}

// Context returns the value of key in the contexts of the templates
// rendered, searching them in render order, as Django's response.context
// does.
func (r *Response) Context(key string) (any, bool) {
	for _, c := range r.Contexts {
		if v, ok := c[key]; ok {
			return v, true
		}
	}
	return nil, false
}

// AssertStatus fails the test unless the status code is want.
func (r *Response) AssertStatus(want int) *Response {
	r.t.Helper()
	if r.StatusCode != want {
		r.t.Fatalf("%s %s: status %d, want %d; body: %.300s", r.Request.Method, r.Request.URL.RequestURI(), r.StatusCode, want, r.Body)
	}
	return r
}

// AssertContains fails the test unless the body contains text.
func (r *Response) AssertContains(text string) *Response {
	r.t.Helper()
	if !bytes.Contains(r.Body, []byte(text)) {
		r.t.Fatalf("%s %s: body does not contain %q; body: %.500s", r.Request.Method, r.Request.URL.RequestURI(), text, r.Body)
	}
	return r
}

// AssertNotContains fails the test if the body contains text.
func (r *Response) AssertNotContains(text string) *Response {
	r.t.Helper()
	if bytes.Contains(r.Body, []byte(text)) {
		r.t.Fatalf("%s %s: body contains %q", r.Request.Method, r.Request.URL.RequestURI(), text)
	}
	return r
}

// AssertHeader fails the test unless header key has the value want.
func (r *Response) AssertHeader(key, want string) *Response {
	r.t.Helper()
	if got := r.Header.Get(key); got != want {
		r.t.Fatalf("%s %s: header %s = %q, want %q", r.Request.Method, r.Request.URL.RequestURI(), key, got, want)
	}
	return r
}

// AssertTemplateUsed fails the test unless the template name was rendered.
func (r *Response) AssertTemplateUsed(name string) *Response {
	r.t.Helper()
	for _, n := range r.Templates {
		if n == name {
			return r
		}
	}
	r.t.Fatalf("%s %s: template %q not used; used: %v", r.Request.Method, r.Request.URL.RequestURI(), name, r.Templates)
	return r
}

// AssertRedirects fails the test unless the response is a redirect with
// the given status to location (compared as written in the Location
// header).
func (r *Response) AssertRedirects(status int, location string) *Response {
	r.t.Helper()
	if r.StatusCode != status || r.Header.Get("Location") != location {
		r.t.Fatalf("%s %s: got %d to %q, want %d to %q", r.Request.Method, r.Request.URL.RequestURI(),
			r.StatusCode, r.Header.Get("Location"), status, location)
	}
	return r
}

// String describes the response for failure messages.
func (r *Response) String() string {
	return fmt.Sprintf("%d %s (%d bytes)", r.StatusCode, r.Header.Get("Content-Type"), len(r.Body))
}
