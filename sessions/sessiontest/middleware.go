package sessiontest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jazzgo/jazz/sessions"
)

// RunMiddleware runs the engine-level tests: requests through
// [sessions.Middleware] configured by newOptions (Store set for a
// server-side engine, nil with SecretKey for signed cookies). The suite
// sets nothing else but wraps the Store to count its calls.
func RunMiddleware(t *testing.T, newOptions func(t *testing.T) sessions.Options) {
	t.Helper()
	for _, tc := range middlewareTests {
		t.Run(tc.name, func(t *testing.T) {
			opts := newOptions(t)
			e := &engine{t: t}
			if opts.Store != nil {
				e.store = &counting{Store: opts.Store}
				opts.Store = e.store
			}
			e.h = sessions.Middleware(opts)(http.HandlerFunc(e.view))
			tc.fn(t, e)
		})
	}
}

// counting is a Store that counts Loads and Saves.
type counting struct {
	sessions.Store
	loads, saves atomic.Int64
}

func (c *counting) Load(ctx context.Context, key string) (sessions.Data, error) {
	c.loads.Add(1)
	return c.Store.Load(ctx, key)
}

func (c *counting) Save(ctx context.Context, key string, d sessions.Data, expiry time.Time, create bool) error {
	c.saves.Add(1)
	return c.Store.Save(ctx, key, d, expiry, create)
}

// engine is the handler under test and what the tests observe.
type engine struct {
	t     *testing.T
	h     http.Handler
	store *counting // nil for signed cookies
}

// view acts on the request path: /set?k=v sets each query pair, /get?k
// writes the value of k (or "<none>"), /none touches nothing, /flush,
// /cycle, /browser-close, /expiry?s=N, /expire-at?unix=N, /incr adds
// to "n", /fail500 sets a value and answers 500.
func (e *engine) view(w http.ResponseWriter, r *http.Request) {
	s := sessions.FromRequest(r)
	if s == nil {
		http.Error(w, "no session on the request", http.StatusInternalServerError)
		return
	}
	q := r.URL.Query()
	switch r.URL.Path {
	case "/set":
		for k, v := range q {
			s.Set(k, v[0])
		}
	case "/get":
		v, ok := s.Get(q.Get("k"))
		if !ok {
			io.WriteString(w, "<none>")
			return
		}
		fmt.Fprint(w, v)
		return
	case "/none":
	case "/flush":
		if err := s.Flush(); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	case "/cycle":
		if err := s.CycleKey(); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	case "/browser-close":
		s.Set("k", "v")
		s.SetExpiry(0)
	case "/expiry":
		n, _ := strconv.Atoi(q.Get("s"))
		s.Set("k", "v")
		s.SetExpiry(time.Duration(n) * time.Second)
	case "/expire-at":
		n, _ := strconv.ParseInt(q.Get("unix"), 10, 64)
		s.Set("k", "v")
		s.SetExpiryAt(time.Unix(n, 0))
	case "/incr":
		n, _ := s.GetInt("n")
		s.Set("n", n+1)
	case "/fail500":
		s.Set("k", "v")
		http.Error(w, "boom", http.StatusInternalServerError)
		return
	default:
		http.NotFound(w, r)
		return
	}
	io.WriteString(w, "ok")
}

// result is one response as the tests look at it.
type result struct {
	status int
	body   string
	header http.Header
	cookie *http.Cookie // the session cookie set, nil when none
}

// do requests path with the session cookie value (none when "").
func (e *engine) do(path, cookie string) result {
	e.t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://example.com"+path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", sessions.DefaultCookieName+"="+cookie)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	res := rec.Result()
	out := result{status: res.StatusCode, body: rec.Body.String(), header: res.Header}
	for _, c := range res.Cookies() {
		if c.Name == sessions.DefaultCookieName {
			out.cookie = c
		}
	}
	return out
}

// start makes a session holding k=v and returns its cookie value.
func (e *engine) start() string {
	e.t.Helper()
	r := e.do("/set?k=v", "")
	if r.cookie == nil || r.cookie.Value == "" {
		e.t.Fatalf("setting a value sent no session cookie (status %d, %s)", r.status, r.body)
	}
	return r.cookie.Value
}

func (e *engine) get(cookie, key string) string {
	e.t.Helper()
	r := e.do("/get?k="+key, cookie)
	if r.status != http.StatusOK {
		e.t.Fatalf("/get: status %d: %s", r.status, r.body)
	}
	return r.body
}

// deadOnServer checks that the store no longer knows key.
func (e *engine) deadOnServer(key, why string) {
	e.t.Helper()
	if e.store == nil {
		return
	}
	if d, err := e.store.Store.Load(context.Background(), key); !errors.Is(err, sessions.ErrNotFound) {
		e.t.Fatalf("%s: the store still has the session %q: %v, %v", why, key, d, err)
	}
}

func varies(h http.Header) bool {
	for _, v := range h.Values("Vary") {
		if strings.Contains(v, "Cookie") {
			return true
		}
	}
	return false
}

var middlewareTests = []struct {
	name string
	fn   func(t *testing.T, e *engine)
}{
	{"CookieSetAndRead", func(t *testing.T, e *engine) {
		r := e.do("/set?k=v", "")
		c := r.cookie
		if c == nil {
			t.Fatal("no session cookie")
		}
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge != int(sessions.DefaultAge/time.Second) || c.Expires.IsZero() {
			t.Fatalf("cookie attributes: %+v", c)
		}
		if e.store != nil && (len(c.Value) != sessions.KeyLength || !sessions.ValidKey(c.Value)) {
			t.Fatalf("session key %q is not %d characters of [a-z0-9]", c.Value, sessions.KeyLength)
		}
		if !varies(r.header) {
			t.Fatal("no Vary: Cookie on a response that used the session")
		}
		if got := e.get(c.Value, "k"); got != "v" {
			t.Fatalf("value read back = %q", got)
		}
	}},
	{"NoSessionNoCookie", func(t *testing.T, e *engine) {
		for _, path := range []string{"/none", "/get?k=k"} {
			if r := e.do(path, ""); r.cookie != nil || len(r.header.Values("Set-Cookie")) != 0 {
				t.Fatalf("%s without a session set a cookie: %v", path, r.header.Values("Set-Cookie"))
			}
		}
	}},
	{"Lazy", func(t *testing.T, e *engine) {
		cookie := e.start()
		var before int64
		if e.store != nil {
			before = e.store.loads.Load()
		}
		r := e.do("/none", cookie)
		if e.store != nil && e.store.loads.Load() != before {
			t.Fatal("the store was read for a request that did not touch the session")
		}
		if r.cookie != nil || varies(r.header) {
			t.Fatalf("an untouched session changed the response: cookie %v, Vary %q", r.cookie, r.header.Values("Vary"))
		}
	}},
	{"ReadOnlyNotSaved", func(t *testing.T, e *engine) {
		cookie := e.start()
		var before int64
		if e.store != nil {
			before = e.store.saves.Load()
		}
		r := e.do("/get?k=k", cookie)
		if r.cookie != nil {
			t.Fatal("reading the session re-sent the cookie")
		}
		if e.store != nil && e.store.saves.Load() != before {
			t.Fatal("reading the session saved it")
		}
		if !varies(r.header) {
			t.Fatal("no Vary: Cookie after reading the session")
		}
	}},
	{"Modify", func(t *testing.T, e *engine) {
		cookie := e.start()
		r := e.do("/set?k=changed&other=x", cookie)
		if r.cookie == nil {
			t.Fatal("a modified session sent no cookie")
		}
		if e.store != nil && r.cookie.Value != cookie {
			t.Fatalf("modifying changed the key from %q to %q", cookie, r.cookie.Value)
		}
		if got := e.get(r.cookie.Value, "k"); got != "changed" {
			t.Fatalf("k = %q", got)
		}
		for i := 1; i <= 3; i++ {
			r = e.do("/incr", r.cookie.Value)
		}
		if got := e.get(r.cookie.Value, "n"); got != "3" {
			t.Fatalf("counter = %q after 3 increments", got)
		}
	}},
	{"UnknownKeyNotAdopted", func(t *testing.T, e *engine) {
		for _, made := range []string{sessions.NewKey(), "attackerchosenkey0000000000000000", "../../etc/passwd"} {
			r := e.do("/set?k=v", made)
			if r.cookie == nil {
				t.Fatalf("no cookie for a session started with unknown key %q", made)
			}
			if r.cookie.Value == made {
				t.Fatalf("the client's key %q was adopted", made)
			}
			e.deadOnServer(made, "a key the client made up")
			if got := e.get(r.cookie.Value, "k"); got != "v" {
				t.Fatalf("the new session reads %q", got)
			}
		}
	}},
	{"UnknownKeyEmptyDeletesCookie", func(t *testing.T, e *engine) {
		r := e.do("/get?k=k", sessions.NewKey())
		if r.body != "<none>" {
			t.Fatalf("unknown key read %q", r.body)
		}
		if r.cookie == nil || r.cookie.MaxAge >= 0 {
			t.Fatalf("a cookie naming no session was not deleted: %+v", r.cookie)
		}
	}},
	{"Tampered", func(t *testing.T, e *engine) {
		cookie := e.start()
		// Change one character in the middle (for signed cookies: inside
		// the payload or the signature).
		i := len(cookie) / 2
		c := byte('a')
		if cookie[i] == 'a' {
			c = 'b'
		}
		bad := cookie[:i] + string(c) + cookie[i+1:]
		if got := e.get(bad, "k"); got != "<none>" {
			t.Fatalf("a tampered cookie read k = %q, want an empty session", got)
		}
		// And the untampered cookie still works.
		if got := e.get(cookie, "k"); got != "v" {
			t.Fatalf("the original cookie reads %q", got)
		}
	}},
	{"Flush", func(t *testing.T, e *engine) {
		cookie := e.start()
		r := e.do("/flush", cookie)
		if r.cookie == nil || r.cookie.MaxAge >= 0 || r.cookie.Value != "" {
			t.Fatalf("Flush did not delete the cookie: %+v", r.cookie)
		}
		if !varies(r.header) {
			t.Fatal("no Vary: Cookie after Flush")
		}
		e.deadOnServer(cookie, "after Flush")
		if e.store != nil {
			if got := e.get(cookie, "k"); got != "<none>" {
				t.Fatalf("the flushed key still reads k = %q", got)
			}
		}
	}},
	{"CycleKey", func(t *testing.T, e *engine) {
		cookie := e.start()
		r := e.do("/cycle", cookie)
		if r.status != http.StatusOK || r.cookie == nil {
			t.Fatalf("CycleKey: status %d, cookie %v: %s", r.status, r.cookie, r.body)
		}
		if e.store != nil && r.cookie.Value == cookie {
			t.Fatal("CycleKey kept the key")
		}
		if got := e.get(r.cookie.Value, "k"); got != "v" {
			t.Fatalf("after CycleKey k = %q", got)
		}
		if e.store != nil {
			e.deadOnServer(cookie, "the key before CycleKey")
			if got := e.get(cookie, "k"); got != "<none>" {
				t.Fatalf("the old key still reads k = %q", got)
			}
		}
	}},
	{"BrowserCloseExpiry", func(t *testing.T, e *engine) {
		r := e.do("/browser-close", "")
		if r.cookie == nil {
			t.Fatal("no cookie")
		}
		if r.cookie.MaxAge != 0 || !r.cookie.Expires.IsZero() {
			t.Fatalf("a browser-close session cookie has Max-Age %d, Expires %v", r.cookie.MaxAge, r.cookie.Expires)
		}
		// The session itself still lives on the server (Options.Age).
		if got := e.get(r.cookie.Value, "k"); got != "v" {
			t.Fatalf("browser-close session reads k = %q", got)
		}
	}},
	{"FixedExpiry", func(t *testing.T, e *engine) {
		r := e.do("/expiry?s=3600", "")
		if r.cookie == nil || r.cookie.MaxAge != 3600 {
			t.Fatalf("SetExpiry(1h): cookie %+v", r.cookie)
		}
		if d := time.Until(r.cookie.Expires); d < 3590*time.Second || d > 3610*time.Second {
			t.Fatalf("Expires is %v from now, want an hour", d)
		}
	}},
	{"ExpiryInThePast", func(t *testing.T, e *engine) {
		r := e.do(fmt.Sprintf("/expire-at?unix=%d", time.Now().Add(-time.Hour).Unix()), "")
		if r.cookie != nil && r.cookie.MaxAge >= 0 {
			t.Fatalf("a session that expired an hour ago was sent with Max-Age %d", r.cookie.MaxAge)
		}
		if e.store != nil && r.cookie != nil {
			if got := e.get(r.cookie.Value, "k"); got != "<none>" {
				t.Fatalf("an expired session reads k = %q", got)
			}
		}
	}},
	{"Error500NotSaved", func(t *testing.T, e *engine) {
		var before int64
		if e.store != nil {
			before = e.store.saves.Load()
		}
		r := e.do("/fail500", "")
		if r.status != http.StatusInternalServerError || r.cookie != nil {
			t.Fatalf("a 500 response: status %d, cookie %v", r.status, r.cookie)
		}
		if e.store != nil && e.store.saves.Load() != before {
			t.Fatal("the session was saved for a 500 response")
		}
	}},
	{"ConcurrentRequests", func(t *testing.T, e *engine) {
		cookie := e.start()
		const n = 16
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("http://example.com/set?w%d=%d", i, i), nil)
				req.Header.Set("Cookie", sessions.DefaultCookieName+"="+cookie)
				rec := httptest.NewRecorder()
				e.h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					t.Errorf("concurrent request %d: status %d: %s", i, rec.Code, rec.Body)
				}
			})
		}
		wg.Wait()
		if e.store == nil {
			return // each response carries its own cookie: nothing is shared
		}
		if got := e.get(cookie, "k"); got != "v" {
			t.Fatalf("after concurrent requests k = %q", got)
		}
		d, err := e.store.Store.Load(context.Background(), cookie)
		if err != nil {
			t.Fatal(err)
		}
		// Requests that overlap lose each other's values (no locking, as
		// in Django), but every value present is one a request wrote.
		if len(d) < 2 || d["k"] != "v" {
			t.Fatalf("after concurrent requests the session is %v", d)
		}
		for k, v := range d {
			if k != "k" && "w"+fmt.Sprint(v) != k {
				t.Fatalf("after concurrent requests %q = %v, which no request wrote", k, v)
			}
		}
	}},
}
