package sessions_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/cachestore"
	"github.com/jazzgo/jazz/sessions/sessiontest"
)

const testSecret = "jazz-interop-test-secret-key-0123456789-DO-NOT-USE-IN-PRODUCTION"

// The signed-cookie engine has no Store: only the middleware part of the
// suite applies.
func TestSignedCookiesConformance(t *testing.T) {
	sessiontest.RunMiddleware(t, func(t *testing.T) sessions.Options {
		return sessions.Options{SecretKey: testSecret}
	})
}

func locmemStore(t *testing.T) sessions.Store {
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{Strict: true})
	t.Cleanup(func() { c.Close() })
	return cachestore.New(c)
}

func serve(h http.Handler, path, cookie string) *http.Response {
	req := httptest.NewRequest(http.MethodGet, "http://example.com"+path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", "sessionid="+cookie)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func sessionCookie(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == "sessionid" {
			return c
		}
	}
	return nil
}

func body(res *http.Response) string {
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// A cookie Django's signed_cookies engine wrote is read, within its age.
func TestDjangoSignedCookieThroughMiddleware(t *testing.T) {
	v := loadVectors(t)
	vec := v.Cookies.Vectors[0]
	for _, l := range vec.Loads {
		if l.Age != 0 {
			continue
		}
		mw := sessions.Middleware(sessions.Options{SecretKey: v.Keys.Secret, Now: fixedClock(l.Now)})
		h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			v, _ := sessions.FromRequest(r).GetString("foo")
			io.WriteString(w, v)
		}))
		want, _ := data(t, l.Load)["foo"].(string) // "" for an empty session
		if got := body(serve(h, "/", vec.CookieValue)); got != want {
			t.Errorf("at %d: foo = %q, want %q", l.Now, got, want)
		}
	}
}

// The cookie carries the attributes Django's login response has.
func TestCookieAttributes(t *testing.T) {
	v := loadVectors(t)
	now := time.Unix(v.FixedTime, 0)
	mw := sessions.Middleware(sessions.Options{Store: locmemStore(t), Now: func() time.Time { return now }})
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sessions.FromRequest(r).Set("_auth_user_id", "42")
	}))
	line := serve(h, "/", "").Header.Get("Set-Cookie")
	// Django: sessionid=KEY; expires=Tue, 28 Nov 2023 22:13:20 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax
	for _, attr := range strings.Split(v.Login.SetCookie, "; ")[1:] {
		if !strings.Contains(strings.ToLower(line), strings.ToLower(attr)) {
			t.Errorf("Set-Cookie %q lacks Django's %q", line, attr)
		}
	}
}

func TestOptionsApplied(t *testing.T) {
	mw := sessions.Middleware(sessions.Options{
		Store: locmemStore(t), CookieName: "sid", Age: time.Hour, Domain: "example.com",
		Path: "/app", Secure: true, ScriptReadable: true, SameSite: http.SameSiteStrictMode,
	})
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sessions.FromRequest(r).Set("a", 1)
	}))
	res := serve(h, "/", "")
	cs := res.Cookies()
	if len(cs) != 1 {
		t.Fatalf("cookies %v", cs)
	}
	c := cs[0]
	if c.Name != "sid" || c.MaxAge != 3600 || c.Domain != "example.com" || c.Path != "/app" || !c.Secure || c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Fatalf("cookie %+v", c)
	}
}

func TestExpireAtBrowserCloseOption(t *testing.T) {
	mw := sessions.Middleware(sessions.Options{Store: locmemStore(t), ExpireAtBrowserClose: true})
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := sessions.FromRequest(r)
		s.Set("a", 1)
		if r.URL.Path == "/persist" {
			s.SetExpiry(time.Hour)
		}
	}))
	if c := sessionCookie(serve(h, "/", "")); c == nil || c.MaxAge != 0 || !c.Expires.IsZero() {
		t.Fatalf("browser-close cookie %+v", c)
	}
	if c := sessionCookie(serve(h, "/persist", "")); c == nil || c.MaxAge != 3600 {
		t.Fatalf("a session's own expiry did not override the option: %+v", c)
	}
}

func TestSaveEveryRequest(t *testing.T) {
	store := &countingStore{Store: locmemStore(t)}
	mw := sessions.Middleware(sessions.Options{Store: store, SaveEveryRequest: true})
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/set" {
			sessions.FromRequest(r).Set("a", 1)
		}
	}))
	key := sessionCookie(serve(h, "/set", "")).Value
	before := store.saves.Load()
	c := sessionCookie(serve(h, "/", key))
	if c == nil || c.Value != key || store.saves.Load() != before+1 {
		t.Fatalf("an untouched session was not saved and re-sent: cookie %v, saves %d", c, store.saves.Load()-before)
	}
	// Without a session nothing is created.
	if c := sessionCookie(serve(h, "/", "")); c != nil {
		t.Fatalf("a request without a session got cookie %v", c)
	}
}

type countingStore struct {
	sessions.Store
	saves atomic.Int64
	fail  error
}

func (c *countingStore) Save(ctx context.Context, key string, d sessions.Data, exp time.Time, create bool) error {
	c.saves.Add(1)
	if c.fail != nil {
		return c.fail
	}
	return c.Store.Save(ctx, key, d, exp, create)
}

// A failed save replaces the view's response by a 500; the view's
// headers and body are not sent.
func TestSaveFailureIs500(t *testing.T) {
	store := &countingStore{Store: locmemStore(t), fail: errors.New("disk on fire")}
	mw := sessions.Middleware(sessions.Options{Store: store})
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sessions.FromRequest(r).Set("a", 1)
		w.Header().Set("X-View", "yes")
		io.WriteString(w, "logged in!")
	}))
	res := serve(h, "/", "")
	if res.StatusCode != http.StatusInternalServerError || res.Header.Get("X-View") != "" || sessionCookie(res) != nil {
		t.Fatalf("status %d, headers %v", res.StatusCode, res.Header)
	}
	if b := body(res); strings.Contains(b, "logged in") {
		t.Fatalf("the view's body was sent: %q", b)
	}
}

func TestSignedCookieTooLarge(t *testing.T) {
	mw := sessions.Middleware(sessions.Options{SecretKey: testSecret})
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := sessions.FromRequest(r)
		// Random-looking data does not compress below the limit.
		for i := range 300 {
			s.Set(fmt.Sprintf("k%03d", i), sessions.NewKey())
		}
	}))
	res := serve(h, "/", "")
	if res.StatusCode != http.StatusInternalServerError || sessionCookie(res) != nil {
		t.Fatalf("an oversized signed cookie: status %d, cookie %v", res.StatusCode, sessionCookie(res))
	}
}

// The session is saved before the first byte leaves: headers set by then
// carry the cookie, for writes, flushes and explicit statuses alike.
func TestSavedBeforeHeaders(t *testing.T) {
	for name, write := range map[string]func(w http.ResponseWriter){
		"Write":       func(w http.ResponseWriter) { io.WriteString(w, "x") },
		"WriteHeader": func(w http.ResponseWriter) { w.WriteHeader(http.StatusCreated) },
		"Flush":       func(w http.ResponseWriter) { http.NewResponseController(w).Flush() },
		"ReadFrom":    func(w http.ResponseWriter) { io.Copy(w, strings.NewReader("x")) },
	} {
		mw := sessions.Middleware(sessions.Options{Store: locmemStore(t)})
		h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sessions.FromRequest(r).Set("a", 1)
			write(w)
			// A value set after the response started is not saved.
			sessions.FromRequest(r).Set("late", 1)
		}))
		srv := httptest.NewServer(h)
		res, err := http.Get(srv.URL)
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if sessionCookie(res) == nil {
			t.Errorf("%s: no session cookie on the response", name)
		}
	}
}

func TestVaryKept(t *testing.T) {
	mw := sessions.Middleware(sessions.Options{Store: locmemStore(t)})
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		sessions.FromRequest(r).Get("a")
	}))
	if got := serve(h, "/", "").Header.Values("Vary"); len(got) != 2 || got[0] != "Accept-Encoding" || got[1] != "Cookie" {
		t.Fatalf("Vary = %q", got)
	}
	h = mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept, cookie")
		sessions.FromRequest(r).Get("a")
	}))
	if got := serve(h, "/", "").Header.Values("Vary"); len(got) != 1 {
		t.Fatalf("Vary = %q: Cookie added twice", got)
	}
}

func TestBadOptions(t *testing.T) {
	if _, err := sessions.NewMiddleware(sessions.Options{}); err == nil || !strings.Contains(err.Error(), "SecretKey") {
		t.Fatalf("no engine: %v", err)
	}
	if _, err := sessions.NewMiddleware(sessions.Options{SecretKey: "k", CookieName: "bad name"}); err == nil {
		t.Fatal("a cookie name with a space was accepted")
	}
	if _, err := sessions.NewMiddleware(sessions.Options{SecretKey: "k", Age: -time.Second}); err == nil {
		t.Fatal("a negative Age was accepted")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("Middleware with bad options did not panic")
		}
	}()
	sessions.Middleware(sessions.Options{})
}

func TestFromRequestWithoutMiddleware(t *testing.T) {
	if s := sessions.FromRequest(httptest.NewRequest("GET", "/", nil)); s != nil {
		t.Fatalf("FromRequest without the middleware = %v", s)
	}
}
