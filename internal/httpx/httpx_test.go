package httpx

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestWrapReusesExistingWrapper(t *testing.T) {
	rec := httptest.NewRecorder()
	rw := Wrap(rec)
	if got := Wrap(rw); got != rw {
		t.Fatal("Wrap of a *ResponseWriter made a second wrapper")
	}
	if rw.Unwrap() != rec {
		t.Fatal("Unwrap does not return the wrapped writer")
	}
}

func TestStatusAndBytes(t *testing.T) {
	rec := httptest.NewRecorder()
	rw := Wrap(rec)
	if rw.Started() || rw.Status() != 0 {
		t.Fatalf("fresh wrapper: Started=%v Status=%d", rw.Started(), rw.Status())
	}
	rw.WriteHeader(http.StatusNotFound)
	rw.WriteHeader(http.StatusOK) // superfluous
	if _, err := io.WriteString(rw, "hello"); err != nil {
		t.Fatal(err)
	}
	if rw.Status() != http.StatusNotFound || rw.Written() != 5 || !rw.Started() {
		t.Fatalf("Status=%d Written=%d Started=%v", rw.Status(), rw.Written(), rw.Started())
	}
	if rec.Code != http.StatusNotFound || rec.Body.String() != "hello" {
		t.Fatalf("recorder got %d %q", rec.Code, rec.Body.String())
	}
}

// codes records the statuses written to it.
type codes struct {
	bare
	got []int
}

func (c *codes) WriteHeader(code int) { c.got = append(c.got, code) }

func TestInformationalNotRecorded(t *testing.T) {
	c := &codes{bare: bare{h: http.Header{}}}
	rw := Wrap(c)
	rw.WriteHeader(http.StatusEarlyHints)
	if rw.Status() != 0 || rw.Started() {
		t.Fatalf("103 recorded as the final status: %d", rw.Status())
	}
	rw.WriteHeader(http.StatusCreated)
	if rw.Status() != http.StatusCreated || len(c.got) != 2 || c.got[0] != 103 {
		t.Fatalf("Status=%d forwarded=%v", rw.Status(), c.got)
	}
}

func TestImplicitOK(t *testing.T) {
	rw := Wrap(httptest.NewRecorder())
	rw.Write([]byte("x"))
	if rw.Status() != http.StatusOK {
		t.Fatalf("Status after a bare Write = %d, want 200", rw.Status())
	}
}

func TestSwitchingProtocolsIsFinal(t *testing.T) {
	rw := Wrap(httptest.NewRecorder())
	rw.WriteHeader(http.StatusSwitchingProtocols)
	if rw.Status() != http.StatusSwitchingProtocols {
		t.Fatalf("Status = %d, want 101", rw.Status())
	}
}

func TestFlushThroughResponseController(t *testing.T) {
	rec := httptest.NewRecorder()
	rw := Wrap(rec)
	if err := http.NewResponseController(rw).Flush(); err != nil {
		t.Fatal(err)
	}
	if !rec.Flushed || rw.Status() != http.StatusOK {
		t.Fatalf("Flushed=%v Status=%d", rec.Flushed, rw.Status())
	}
}

// bare implements nothing beyond http.ResponseWriter.
type bare struct{ h http.Header }

func (b *bare) Header() http.Header         { return b.h }
func (b *bare) Write(p []byte) (int, error) { return len(p), nil }
func (b *bare) WriteHeader(int)             {}

func TestFlushAndHijackNotSupported(t *testing.T) {
	rw := Wrap(&bare{h: http.Header{}})
	if err := rw.FlushError(); !errors.Is(err, http.ErrNotSupported) {
		t.Fatalf("FlushError = %v, want ErrNotSupported", err)
	}
	if rw.Started() {
		t.Fatal("a failed flush marked the response started")
	}
	if _, _, err := rw.Hijack(); !errors.Is(err, http.ErrNotSupported) {
		t.Fatalf("Hijack = %v, want ErrNotSupported", err)
	}
	if rw.Hijacked() {
		t.Fatal("failed hijack recorded")
	}
}

type readerFromWriter struct {
	bare
	used bool
}

func (r *readerFromWriter) ReadFrom(src io.Reader) (int64, error) {
	r.used = true
	return io.Copy(io.Discard, src)
}

func TestReadFrom(t *testing.T) {
	rf := &readerFromWriter{bare: bare{h: http.Header{}}}
	rw := Wrap(rf)
	// LimitReader hides strings.Reader's WriteTo, which io.Copy prefers.
	n, err := io.Copy(rw, io.LimitReader(strings.NewReader("0123456789"), 100))
	if err != nil || n != 10 {
		t.Fatalf("io.Copy = %d, %v", n, err)
	}
	if !rf.used || rw.Written() != 10 || rw.Status() != http.StatusOK {
		t.Fatalf("ReaderFrom used=%v Written=%d Status=%d", rf.used, rw.Written(), rw.Status())
	}

	rec := httptest.NewRecorder() // no ReadFrom: falls back to io.Copy
	rw = Wrap(rec)
	if _, err := rw.ReadFrom(strings.NewReader("abc")); err != nil {
		t.Fatal(err)
	}
	if rec.Body.String() != "abc" || rw.Written() != 3 {
		t.Fatalf("body %q written %d", rec.Body.String(), rw.Written())
	}
}

// TestRealServer checks the capabilities that only a live connection has:
// deadlines through Unwrap, and hijacking.
func TestRealServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := Wrap(w)
		rc := http.NewResponseController(rw)
		if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			t.Errorf("SetWriteDeadline through the wrapper: %v", err)
		}
		conn, brw, err := rw.Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer conn.Close()
		if !rw.Hijacked() || !rw.Started() {
			t.Errorf("Hijacked=%v Started=%v", rw.Hijacked(), rw.Started())
		}
		brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
		brw.Flush()
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(bufio.NewReader(resp.Body))
	if string(body) != "hijacked" {
		t.Fatalf("body %q", body)
	}
}
