package web

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
)

// brokenWriter is a ResponseWriter whose client has gone: every Write fails.
type brokenWriter struct {
	*httptest.ResponseRecorder
}

var errBrokenPipe = errors.New("write: broken pipe")

func (b brokenWriter) Write(p []byte) (int, error) { return 0, errBrokenPipe }

func newBroken() brokenWriter { return brokenWriter{httptest.NewRecorder()} }

// logBuffer collects log records as text for assertions.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func newTestLogger() (*slog.Logger, *logBuffer) {
	lb := &logBuffer{}
	return slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})), lb
}

// fakeRenderer renders from a map of name -> function, recording calls.
type fakeRenderer struct {
	pages map[string]func(w io.Writer, data any) error
	calls []string
}

func (f *fakeRenderer) Render(w io.Writer, r *http.Request, name, block string, data any) error {
	f.calls = append(f.calls, name+"#"+block)
	p, ok := f.pages[name]
	if !ok {
		return errors.New("template " + name + " not found")
	}
	return p(w, data)
}

func withSite(r *http.Request, s *Site) *http.Request { return WithSite(r, s) }

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// nullWriter is a ResponseWriter that keeps headers and drops the body,
// so benchmarks measure the helper rather than a recorder.
type nullWriter struct{ h http.Header }

func newNullWriter() *nullWriter { return &nullWriter{h: http.Header{}} }

func (n *nullWriter) Header() http.Header         { return n.h }
func (n *nullWriter) Write(p []byte) (int, error) { return len(p), nil }
func (n *nullWriter) WriteHeader(int)             {}
