package messages

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

var allStorages = []Storage{StorageFallback, StorageCookie, StorageSession}

// TestRedirectShowOnce is redirect-after-POST: the message added before
// the redirect shows on the next page, once.
func TestRedirectShowOnce(t *testing.T) {
	for _, st := range allStorages {
		t.Run(string(st), func(t *testing.T) {
			s := newSite(t, Options{Storage: st})
			if got := s.get(addQuery("Saved.", "And <b>this</b>")); got != "info|Saved.\ninfo|And <b>this</b>\n" {
				t.Fatalf("after redirect: %q", got)
			}
			if got := s.get("/show"); got != "" {
				t.Fatalf("shown twice: %q", got)
			}
			if c := s.cookie(); c != "" {
				t.Errorf("messages cookie left behind: %q", c)
			}
			if st != StorageCookie {
				if v, ok := s.sessions.only(t)[sessionKey]; ok {
					t.Errorf("session still holds messages: %v", v)
				}
			}
		})
	}
}

// TestUnreadSurvive: a page that does not read messages leaves them.
func TestUnreadSurvive(t *testing.T) {
	for _, st := range allStorages {
		t.Run(string(st), func(t *testing.T) {
			s := newSite(t, Options{Storage: st})
			resp, err := (&http.Client{Jar: s.client.Jar, CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			}}).Get(s.srv.URL + addQuery("one"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			s.get("/quiet")
			s.get("/quiet")
			s.get(addQuery("two") + "&level=30&then=show&tag=fade")
			// then=show read both above: gone now.
			if got := s.get("/show"); got != "" {
				t.Fatalf("read messages came back: %q", got)
			}
		})
	}
	// And the content of that read, on a fresh site.
	s := newSite(t, Options{})
	s.get("/add?text=one&then=stay")
	if got := s.get("/add?text=two&level=30&tag=fade&then=show"); got != "info|one\nfade warning|two\n" {
		t.Fatalf("got %q", got)
	}
}

// TestAddAfterRead: a message added after the messages were read is kept
// for the next request, the read ones are not (Django's update rule).
func TestAddAfterRead(t *testing.T) {
	for _, st := range allStorages {
		t.Run(string(st), func(t *testing.T) {
			opts := Options{Storage: st}
			ss := newTestSessions()
			opts.SecretKey, opts.now = testKey, fixedNow
			if st != StorageCookie {
				opts.Session = ss.get
			}
			var step int
			h := ss.middleware(Middleware(opts)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch step {
				case 0:
					Info(r, "old")
				case 1:
					msgs := Get(r)
					Warning(r, "new")
					writeMessages(w, msgs)
				case 2:
					writeMessages(w, Get(r))
				}
			})))
			var cookies []*http.Cookie
			do := func() string {
				req := httptest.NewRequest("GET", "/", nil)
				for _, c := range cookies {
					req.AddCookie(c)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				for _, c := range rec.Result().Cookies() {
					cookies = upsert(cookies, c)
				}
				step++
				return rec.Body.String()
			}
			do()
			if got := do(); got != "info|old\n" {
				t.Fatalf("step 1: %q", got)
			}
			if got := do(); got != "warning|new\n" {
				t.Fatalf("step 2: %q", got)
			}
		})
	}
}

// upsert is a minimal cookie jar: the last Set-Cookie of a name wins, and
// an expired one removes it.
func upsert(cs []*http.Cookie, c *http.Cookie) []*http.Cookie {
	out := cs[:0:0]
	for _, o := range cs {
		if o.Name != c.Name {
			out = append(out, o)
		}
	}
	if c.MaxAge >= 0 {
		out = append(out, c)
	}
	return out
}

// TestLazy: a request that neither adds nor reads messages touches neither
// the cookie nor the session.
func TestLazy(t *testing.T) {
	for _, st := range allStorages {
		t.Run(string(st), func(t *testing.T) {
			var calls atomic.Int32
			ss := newTestSessions()
			opts := Options{Storage: st, SecretKey: testKey}
			opts.Session = func(r *http.Request) Session { calls.Add(1); return ss.get(r) }
			h := ss.middleware(Middleware(opts)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, "hi")
			})))
			req := httptest.NewRequest("GET", "/", nil)
			req.Header.Set("Cookie", "messages=whatever")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if calls.Load() != 0 || ss.accessed != 0 {
				t.Errorf("session touched: %d calls, %d accesses", calls.Load(), ss.accessed)
			}
			for _, c := range rec.Result().Cookies() {
				if c.Name == DefaultCookieName {
					t.Errorf("cookie written: %v", c)
				}
			}
		})
	}
}

// TestTamperedCookieIgnored: a cookie that does not verify shows nothing
// and is deleted.
func TestTamperedCookieIgnored(t *testing.T) {
	for _, st := range []Storage{StorageFallback, StorageCookie} {
		t.Run(string(st), func(t *testing.T) {
			s := newSite(t, Options{Storage: st})
			s.get("/add?text=secret&then=stay")
			good := s.cookie()
			if good == "" {
				t.Fatal("no cookie set")
			}
			i := strings.LastIndexByte(good, ':') + 3
			flipped := good[:i] + string("AB"[btoi(good[i] == 'A')]) + good[i+1:]
			for _, bad := range []string{flipped, good[:strings.LastIndexByte(good, ':')], "garbage"} {
				s.setCookie(bad)
				if got := s.get("/show"); got != "" {
					t.Errorf("tampered cookie %q showed %q", bad, got)
				}
				if c := s.cookie(); c != "" {
					t.Errorf("tampered cookie not deleted: %q", c)
				}
			}
			// A cookie signed with another key is tampered too.
			other := newSite(t, Options{Storage: st, SecretKey: "another-key"})
			other.get("/add?text=forged&then=stay")
			s.setCookie(other.cookie())
			if got := s.get("/show"); got != "" {
				t.Errorf("cookie signed with another key showed %q", got)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestKeyRotation: a cookie signed with an old key is still read.
func TestKeyRotation(t *testing.T) {
	old := newSite(t, Options{SecretKey: "old-key"})
	old.get("/add?text=kept&then=stay")
	s := newSite(t, Options{SecretKey: "new-key", SecretKeyFallbacks: []string{"old-key"}})
	s.setCookie(old.cookie())
	if got := s.get("/show"); got != "info|kept\n" {
		t.Fatalf("got %q", got)
	}
}

// TestOverflowToSession: with the fallback storage, messages that do not
// fit in the cookie go to the session, and all come back in order.
func TestOverflowToSession(t *testing.T) {
	s := newSite(t, Options{})
	var texts, want []string
	for i := range 60 {
		text := fmt.Sprintf("message %02d %x", i, sha256.Sum256([]byte{byte(i)}))
		texts = append(texts, text+strings.Repeat("é", i%5))
		want = append(want, "info|"+texts[i])
	}
	s.get(addQuery(texts...) + "&then=stay") // add without reading
	cookie := s.cookie()
	if len(cookie) > DefaultMaxCookieSize {
		t.Fatalf("cookie is %d bytes, over the limit", len(cookie))
	}
	c, _ := Options{SecretKey: testKey}.compile()
	inCookie, marker, err := c.decodeCookie(cookie)
	if err != nil || !marker {
		t.Fatalf("cookie: marker %v, err %v", marker, err)
	}
	stored, ok := s.sessions.only(t)[sessionKey].(string)
	if !ok {
		t.Fatal("nothing in the session")
	}
	inSession, _, err := decodeList([]byte(stored))
	if err != nil {
		t.Fatal(err)
	}
	if len(inCookie)+len(inSession) != 60 || len(inCookie) == 0 || len(inSession) == 0 {
		t.Fatalf("split %d + %d", len(inCookie), len(inSession))
	}
	// The cookie keeps the oldest.
	if inCookie[0].Text != texts[0] || inSession[0].Text != texts[len(inCookie)] {
		t.Fatalf("order: cookie starts %q, session starts %q", inCookie[0].Text, inSession[0].Text)
	}
	if got := s.get("/show"); got != strings.Join(want, "\n")+"\n" {
		t.Fatalf("read back:\n%s", got)
	}
	if s.cookie() != "" {
		t.Error("cookie not deleted")
	}
	if _, ok := s.sessions.only(t)[sessionKey]; ok {
		t.Error("session entry not deleted")
	}
}

// TestCookieOnlyOverflow: the cookie storage alone keeps the newest
// messages that fit and drops the oldest, as Django does.
func TestCookieOnlyOverflow(t *testing.T) {
	s := newSite(t, Options{Storage: StorageCookie, MaxCookieSize: 300})
	var texts []string
	for i := range 6 {
		texts = append(texts, fmt.Sprintf("%d %x", i, sha256.Sum256([]byte{byte(i)})))
	}
	s.get(addQuery(texts...) + "&then=stay")
	if n := len(s.cookie()); n == 0 || n > 300 {
		t.Fatalf("cookie length %d", n)
	}
	got := s.get("/show")
	if !strings.Contains(s.logs.String(), "lost=") {
		t.Errorf("dropped messages not logged: %q", s.logs)
	}
	if strings.Contains(got, texts[0]) || !strings.HasSuffix(got, "info|"+texts[5]+"\n") {
		t.Fatalf("got %q", got)
	}
}

// TestFallbackWithoutSession: without a session the overflow is dropped
// and logged, and what fits still works.
func TestFallbackWithoutSession(t *testing.T) {
	var logs bytes.Buffer
	opts := Options{SecretKey: testKey, MaxCookieSize: MinCookieSize, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	h := Middleware(opts)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := range 20 {
			Info(r, fmt.Sprintf("message number %d with some text %x", i, i*1234567))
		}
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	var found bool
	for _, c := range rec.Result().Cookies() {
		found = found || c.Name == DefaultCookieName && c.Value != ""
	}
	if !found {
		t.Fatal("no cookie for the messages that fit")
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "lost=") {
		t.Errorf("lost messages not logged: %q", logs.String())
	}
}

func TestLevels(t *testing.T) {
	s := newSite(t, Options{})
	s.get("/add?text=hidden&level=10&then=stay")
	if got := s.get("/show"); got != "" {
		t.Fatalf("debug shown at the default level: %q", got)
	}
	s = newSite(t, Options{MinLevel: LevelDebug, Tags: map[Level]string{LevelError: "danger"}})
	s.get("/add?text=dbg&level=10&then=stay")
	s.get("/add?text=bad&level=40&then=stay")
	if got := s.get("/show"); got != "debug|dbg\ndanger|bad\n" {
		t.Fatalf("got %q", got)
	}

	h := Middleware(Options{SecretKey: testKey})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if MinLevel(r) != LevelInfo {
			t.Errorf("MinLevel %v", MinLevel(r))
		}
		SetLevel(r, LevelWarning)
		Info(r, "dropped")
		Success(r, "dropped too")
		Warning(r, "kept")
		Error(r, "kept too")
		Debug(r, "dropped")
		Info(r, "") // empty: ignored
		if got := Get(r); len(got) != 2 || got[0].Text != "kept" || got[1].Level != LevelError {
			t.Errorf("got %+v", got)
		}
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}

func TestNotInstalledAndCommitted(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	if err := Info(r, "x"); err != ErrNotInstalled {
		t.Errorf("Add without middleware: %v", err)
	}
	if Get(r) != nil || MinLevel(r) != LevelInfo || SetLevel(r, 1) != ErrNotInstalled {
		t.Error("functions without middleware")
	}
	if l := ContextProcessor(r)["messages"].(List); l.Len() != 0 || l.All() != nil {
		t.Error("List without middleware")
	}
	h := Middleware(Options{SecretKey: testKey})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Info(r, "before")
		io.WriteString(w, "body")
		if err := Info(r, "after"); err != ErrCommitted {
			t.Errorf("Add after the response started: %v", err)
		}
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(rec.Header().Get("Set-Cookie"), "messages=") {
		t.Errorf("cookie not set before the body: %q", rec.Header())
	}
}

// TestCookieAttributes: the cookie carries the configured attributes.
func TestCookieAttributes(t *testing.T) {
	h := Middleware(Options{SecretKey: testKey, CookieDomain: "example.com", CookieSecure: true,
		CookieSameSite: http.SameSiteStrictMode, CookieName: "flash"})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Info(r, "x")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	sc := rec.Header().Get("Set-Cookie")
	for _, want := range []string{"flash=", "Domain=example.com", "Secure", "HttpOnly", "SameSite=Strict", "Path=/"} {
		if !strings.Contains(sc, want) {
			t.Errorf("Set-Cookie %q lacks %q", sc, want)
		}
	}
	if strings.Contains(sc, "Max-Age") || strings.Contains(sc, "Expires") {
		t.Errorf("messages cookie should last for the browser session: %q", sc)
	}
}

// TestConcurrentAdd: a view may add from several goroutines.
func TestConcurrentAdd(t *testing.T) {
	h := Middleware(Options{SecretKey: testKey})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		done := make(chan bool)
		for i := range 8 {
			go func() { Info(r, fmt.Sprint(i)); done <- true }()
		}
		for range 8 {
			<-done
		}
		if n := len(Get(r)); n != 8 {
			t.Errorf("%d messages", n)
		}
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}
