package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestStream(t *testing.T) {
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/events", nil)
	var flushedBodies []string
	err := Stream(w, r, "text/event-stream", func(out io.Writer, flush func() error) error {
		for i := range 3 {
			fmt.Fprintf(out, "data: %d\n\n", i)
			if err := flush(); err != nil {
				return err
			}
			flushedBodies = append(flushedBodies, w.Body.String())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/event-stream" || !w.Flushed {
		t.Errorf("got %d %q flushed=%v", w.Code, w.Header().Get("Content-Type"), w.Flushed)
	}
	if w.Header().Get("X-Accel-Buffering") != "no" || w.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("headers = %v", w.Header())
	}
	if len(flushedBodies) != 3 || flushedBodies[0] != "data: 0\n\n" {
		t.Errorf("bodies after each flush = %q", flushedBodies)
	}
}

func TestStreamStopsWhenClientGoes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := httptest.NewRequest("GET", "/", nil).WithContext(ctx)
	w := httptest.NewRecorder()
	writes := 0
	err := Stream(w, r, "", func(out io.Writer, flush func() error) error {
		for {
			if _, err := io.WriteString(out, "tick\n"); err != nil {
				return err
			}
			writes++
			if writes == 2 {
				cancel() // the client disconnects
			}
			if err := flush(); err != nil {
				return err
			}
		}
	})
	if writes != 2 {
		t.Errorf("producer wrote %d times, want it stopped after the client left at 2", writes)
	}
	var ce *CommittedError
	if !errors.As(err, &ce) || !errors.Is(err, ErrClientGone) || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want *CommittedError wrapping ErrClientGone and context.Canceled", err)
	}
	if w.Header().Get("Content-Type") != "application/octet-stream" {
		t.Errorf("default Content-Type = %q", w.Header().Get("Content-Type"))
	}
}

func TestStreamProducerError(t *testing.T) {
	logger, logs := newTestLogger()
	r := withSite(httptest.NewRequest("GET", "/", nil), &Site{Logger: logger})
	w := httptest.NewRecorder()
	h := HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return Stream(w, r, "text/plain", func(out io.Writer, flush func() error) error {
			io.WriteString(out, "partial")
			return errors.New("database went away")
		})
	})
	h.ServeHTTP(w, r)
	if w.Body.String() != "partial" {
		t.Errorf("body = %q; the error must not append a page to a started stream", w.Body)
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "database went away") {
		t.Errorf("producer failure not logged at ERROR: %s", logs)
	}
}

// noFlushWriter hides the recorder's Flush, like a wrapper that forgot it.
type noFlushWriter struct{ w *httptest.ResponseRecorder }

func (n noFlushWriter) Header() http.Header         { return n.w.Header() }
func (n noFlushWriter) Write(p []byte) (int, error) { return n.w.Write(p) }
func (n noFlushWriter) WriteHeader(s int)           { n.w.WriteHeader(s) }

func TestStreamWithoutFlusher(t *testing.T) {
	rec := httptest.NewRecorder()
	err := Stream(noFlushWriter{rec}, httptest.NewRequest("GET", "/", nil), "text/plain", func(out io.Writer, flush func() error) error {
		io.WriteString(out, "x")
		return flush()
	})
	if err != nil || rec.Body.String() != "x" {
		t.Errorf("err=%v body=%q; flush must be a no-op without a Flusher", err, rec.Body)
	}
}
