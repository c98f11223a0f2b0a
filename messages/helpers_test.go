package messages

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

const testKey = "jazz-interop-test-secret-key-0123456789-DO-NOT-USE-IN-PRODUCTION"

// fixedNow is the interop vectors' frozen clock.
func fixedNow() time.Time { return time.Unix(1700000000, 0) }

// testSessions is a small server-side session engine for the tests: a
// map per browser, found by a "testsid" cookie. It stands in for package
// sessions (built beside this one), and counts accesses so laziness can be
// checked.
type testSessions struct {
	mu       sync.Mutex
	data     map[string]*testSession
	next     int
	accessed int
}

type testSession struct {
	owner    *testSessions
	values   map[string]any
	modified bool
}

func (s *testSession) Get(key string) (any, bool) {
	s.owner.mu.Lock()
	defer s.owner.mu.Unlock()
	s.owner.accessed++
	v, ok := s.values[key]
	return v, ok
}

func (s *testSession) Set(key string, value any) {
	s.owner.mu.Lock()
	defer s.owner.mu.Unlock()
	s.owner.accessed++
	s.values[key] = value
	s.modified = true
}

func (s *testSession) Delete(key string) {
	s.owner.mu.Lock()
	defer s.owner.mu.Unlock()
	s.owner.accessed++
	if _, ok := s.values[key]; ok {
		delete(s.values, key)
		s.modified = true
	}
}

type testSessionKey struct{}

func newTestSessions() *testSessions { return &testSessions{data: map[string]*testSession{}} }

// middleware attaches the browser's session, making one on first visit.
func (ts *testSessions) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.mu.Lock()
		var sess *testSession
		if c, err := r.Cookie("testsid"); err == nil {
			sess = ts.data[c.Value]
		}
		if sess == nil {
			ts.next++
			id := fmt.Sprint(ts.next)
			sess = &testSession{owner: ts, values: map[string]any{}}
			ts.data[id] = sess
			http.SetCookie(w, &http.Cookie{Name: "testsid", Value: id, Path: "/"})
		}
		ts.mu.Unlock()
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), testSessionKey{}, sess)))
	})
}

// get returns the request's session; a nil *testSession must not become a
// non-nil Session, hence the explicit nil.
func (ts *testSessions) get(r *http.Request) Session {
	if s, ok := r.Context().Value(testSessionKey{}).(*testSession); ok {
		return s
	}
	return nil
}

// only returns the single session's values (tests use one browser).
func (ts *testSessions) only(t *testing.T) map[string]any {
	t.Helper()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if len(ts.data) != 1 {
		t.Fatalf("want one session, have %d", len(ts.data))
	}
	for _, s := range ts.data {
		return s.values
	}
	return nil
}

// site is a test site: /add?text=..&level=..&tag=.. adds messages and
// redirects to /show, which prints the messages (then=show prints them at
// once, then=stay reads nothing); /quiet touches nothing.
type site struct {
	t        *testing.T
	logs     *bytes.Buffer
	srv      *httptest.Server
	client   *http.Client
	sessions *testSessions
}

func newSite(t *testing.T, opts Options) *site {
	t.Helper()
	ss := newTestSessions()
	if opts.SecretKey == "" {
		opts.SecretKey = testKey
	}
	if opts.Session == nil && opts.Storage != StorageCookie {
		opts.Session = ss.get
	}
	if opts.now == nil {
		opts.now = fixedNow
	}
	logs := new(bytes.Buffer)
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(logs, nil))
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/add", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		level := LevelInfo
		if l := q.Get("level"); l != "" {
			fmt.Sscan(l, &level)
		}
		for _, text := range q["text"] {
			if err := Add(r, level, text, q["tag"]...); err != nil {
				t.Errorf("Add: %v", err)
			}
		}
		switch q.Get("then") {
		case "show":
			writeMessages(w, Get(r))
			return
		case "stay":
			io.WriteString(w, "ok")
			return
		}
		http.Redirect(w, r, "/show", http.StatusSeeOther)
	})
	mux.HandleFunc("/show", func(w http.ResponseWriter, r *http.Request) {
		writeMessages(w, Get(r))
	})
	mux.HandleFunc("/quiet", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "quiet")
	})
	h := ss.middleware(Middleware(opts)(mux))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &site{t: t, logs: logs, srv: srv, client: &http.Client{Jar: jar}, sessions: ss}
}

func writeMessages(w http.ResponseWriter, msgs []Message) {
	var b strings.Builder
	for _, m := range msgs {
		fmt.Fprintf(&b, "%s|%s\n", m.Tags(), m.Text)
	}
	io.WriteString(w, b.String())
}

// get fetches path (following redirects) and returns the body.
func (s *site) get(path string) string {
	s.t.Helper()
	resp, err := s.client.Get(s.srv.URL + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		s.t.Fatalf("GET %s: %s", path, resp.Status)
	}
	return string(b)
}

// cookie returns the browser's messages cookie, or "".
func (s *site) cookie() string {
	u, _ := url.Parse(s.srv.URL)
	for _, c := range s.client.Jar.Cookies(u) {
		if c.Name == DefaultCookieName {
			return c.Value
		}
	}
	return ""
}

func (s *site) setCookie(v string) {
	u, _ := url.Parse(s.srv.URL)
	s.client.Jar.SetCookies(u, []*http.Cookie{{Name: DefaultCookieName, Value: v, Path: "/"}})
}

func addQuery(texts ...string) string {
	q := url.Values{"text": texts}
	return "/add?" + q.Encode()
}
