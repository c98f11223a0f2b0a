package middleware

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/jazzgo/jazz/web"
)

// serve runs one request through h and returns the recorded response.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// text is a view writing body as text/plain.
func text(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(body))
	})
}

// errorCapture is a web.Site whose error pages record the errors given to
// them and write "status: message" as the body.
type errorCapture struct {
	mu     sync.Mutex
	errs   []error
	reqIDs []string
	site   web.Site
}

func newErrorCapture(logger *slog.Logger) *errorCapture {
	c := &errorCapture{}
	c.site = web.Site{Logger: logger, Errors: func(w http.ResponseWriter, r *http.Request, status int, err error) {
		c.mu.Lock()
		c.errs = append(c.errs, err)
		c.reqIDs = append(c.reqIDs, web.RequestID(r))
		c.mu.Unlock()
		web.PlainError(w, status, err, true)
	}}
	return c
}

// attach returns h with the capture's Site put on every request, outside
// everything else.
func (c *errorCapture) attach(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, web.WithSite(r, &c.site))
	})
}

// syncBuffer is a bytes.Buffer safe for a logger shared with a server.
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

func (s *syncBuffer) lines() []string {
	out := strings.TrimSpace(s.String())
	if out == "" {
		return nil
	}
	return strings.Split(out, "\n")
}

// reusableWriter is a minimal ResponseWriter for allocation counts and
// benchmarks: its header map is cleared, not replaced, between requests.
type reusableWriter struct {
	h      http.Header
	status int
	n      int
}

func newReusableWriter() *reusableWriter { return &reusableWriter{h: make(http.Header, 16)} }

func (w *reusableWriter) Header() http.Header { return w.h }
func (w *reusableWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *reusableWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = 200
	}
	w.n += len(p)
	return len(p), nil
}
func (w *reusableWriter) reset() {
	clear(w.h)
	w.status, w.n = 0, 0
}
