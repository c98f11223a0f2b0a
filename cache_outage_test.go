package jazz

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/internal/testenv"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// syncBuffer is a log sink the server's goroutines may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSiteSurvivesCacheOutage runs a site whose per-site cache is a Redis
// or memcached server started by the test, stops the server mid-test and
// starts it again: every request answers 200 throughout (from the view
// while the cache is down), the failures are logged, and caching resumes.
func TestSiteSurvivesCacheOutage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		start  func(testing.TB) *testenv.Server
		scheme string
	}{
		{"redis", testenv.StartRedisServer, "redis://%s/0"},
		{"memcached", testenv.StartMemcachedServer, "memcached://%s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := tc.start(t)
			runs := 0
			view := func(w http.ResponseWriter, r *http.Request) error {
				runs++
				var page string
				if err := db.FromContext(r.Context()).QueryRowContext(r.Context(), "SELECT 'page'").Scan(&page); err != nil {
					return err
				}
				return web.Text(w, 200, page) // built from the database
			}
			logs := &syncBuffer{}
			p, err := New(Settings{
				SecretKey: "k", AllowedHosts: []string{"example.com"}, LogOutput: "discard",
				LogHandlers: []slog.Handler{slog.NewTextHandler(logs, nil)},
				CacheURL:    strings.Replace(tc.scheme, "%s", srv.Addr(), 1),
				DatabaseURL: "sqlite:///" + filepath.Join(t.TempDir(), "site.db"),
				Middleware:  append(DefaultMiddleware(), CacheMiddleware),
				URLs:        []urls.Pattern{urls.Path("", view, "home")},
			})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			get := func() {
				t.Helper()
				rec := httptest.NewRecorder()
				p.ServeHTTP(rec, httptest.NewRequest("GET", "http://example.com/", nil))
				if rec.Code != 200 || rec.Body.String() != "page" {
					t.Fatalf("status %d body %q", rec.Code, rec.Body.String())
				}
			}
			get()
			get()
			if runs != 1 {
				t.Fatalf("with the cache up the view ran %d times, want 1", runs)
			}
			srv.Stop()
			get()
			get()
			if runs != 3 {
				t.Fatalf("with the cache down every request must reach the view: runs = %d, want 3", runs)
			}
			if p.Cache.Stats().Errors == 0 || !strings.Contains(logs.String(), "jazz.cache") {
				t.Fatalf("cache errors not counted or logged (errors %d); log:\n%s", p.Cache.Stats().Errors, logs.String())
			}
			srv.Start()
			get() // stores the page again
			before := runs
			get()
			if runs != before {
				t.Fatalf("after the server came back the page was not cached again: runs %d -> %d", before, runs)
			}
		})
	}
}
