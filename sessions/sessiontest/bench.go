package sessiontest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jazzgo/jazz/sessions"
)

// Benchmark measures one request that loads a session of a few values,
// changes one and saves it, through [sessions.Middleware] configured by
// opts: the cost a session adds to a request with each engine.
func Benchmark(b *testing.B, opts sessions.Options) {
	b.Helper()
	h := sessions.Middleware(opts)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := sessions.FromRequest(r)
		n, _ := s.GetInt("visits")
		s.Set("visits", n+1)
		if !s.Has("user") {
			s.Set("user", "42")
			s.Set("backend", "jazz/auth.ModelBackend")
			s.Set("cart", []any{1, 2, 3})
		}
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	cookies := rec.Result().Cookies()
	if len(cookies) == 0 {
		b.Fatal("sessiontest: the first request set no session cookie")
	}
	cookie := cookies[0]
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		if opts.Store == nil {
			cookie = rec.Result().Cookies()[0]
		}
	}
}
