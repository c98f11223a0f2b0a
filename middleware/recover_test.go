package middleware

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/web"
)

func TestRecoverBeforeWrite(t *testing.T) {
	c := newErrorCapture(nil)
	h := c.attach(Recover(RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("X-Custom", "kept")
		panic("boom")
	}))))
	rec := serve(h, httptest.NewRequest("GET", "/p", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q: the view's type survived onto the error page", ct)
	}
	if rec.Header().Get("ETag") != "" {
		t.Error("the view's ETag survived onto the error page")
	}
	if rec.Header().Get("X-Custom") != "kept" || rec.Header().Get("X-Request-ID") == "" {
		t.Errorf("non-representation headers lost: %v", rec.Header())
	}
	if len(c.errs) != 1 {
		t.Fatalf("error page called %d times", len(c.errs))
	}
	var pe *web.PanicError
	if !errors.As(c.errs[0], &pe) || pe.Value != "boom" || !strings.Contains(string(pe.Stack), "recover_test.go") {
		t.Fatalf("error page got %#v, want a PanicError with the stack", c.errs[0])
	}
	// Recover sits outside RequestID, yet the error page sees the id.
	if c.reqIDs[0] != rec.Header().Get("X-Request-ID") {
		t.Errorf("error page request id %q, response %q", c.reqIDs[0], rec.Header().Get("X-Request-ID"))
	}
}

func TestRecoverAfterWriteAborts(t *testing.T) {
	logs := &syncBuffer{}
	c := newErrorCapture(slog.New(slog.NewTextHandler(logs, nil)))
	h := c.attach(Recover(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		panic("late")
	})))
	var got any
	func() {
		defer func() { got = recover() }()
		serve(h, httptest.NewRequest("GET", "/late", nil))
	}()
	if got != http.ErrAbortHandler {
		t.Fatalf("panic value %v, want http.ErrAbortHandler", got)
	}
	if len(c.errs) != 0 {
		t.Fatal("an error page was written after the response started")
	}
	out := logs.String()
	if !strings.Contains(out, "panic after the response started") || !strings.Contains(out, "late") ||
		!strings.Contains(out, "recover_test.go") || !strings.Contains(out, "path=/late") {
		t.Fatalf("log line lacks the panic, stack or path: %s", out)
	}
}

func TestRecoverPassesAbortHandlerOn(t *testing.T) {
	c := newErrorCapture(nil)
	h := c.attach(Recover(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(http.ErrAbortHandler)
	})))
	var got any
	func() {
		defer func() { got = recover() }()
		serve(h, httptest.NewRequest("GET", "/", nil))
	}()
	if got != http.ErrAbortHandler || len(c.errs) != 0 {
		t.Fatalf("panic %v, error pages %d", got, len(c.errs))
	}
}

func TestRecoverNoPanic(t *testing.T) {
	rec := serve(Recover(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "tea")
	})), httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusTeapot || rec.Body.String() != "tea" {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
}

// TestRecoverRealServer checks what a client sees: a clean 500 page for an
// early panic, and a broken connection, never a complete-looking body, for
// a late one.
func TestRecoverRealServer(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/early", func(http.ResponseWriter, *http.Request) { panic("early") })
	mux.HandleFunc("/late", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.Write([]byte("partial"))
		http.NewResponseController(w).Flush()
		panic("late")
	})
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	c := newErrorCapture(quiet)
	srv := httptest.NewUnstartedServer(c.attach(Recover(mux)))
	srv.Config.ErrorLog = nil
	srv.Start()
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/early")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 500 || !strings.Contains(string(body), "500 Internal Server Error") {
		t.Fatalf("early panic: %d %q", resp.StatusCode, body)
	}

	resp, err = http.Get(srv.URL + "/late")
	if err != nil {
		t.Fatal(err)
	}
	body, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil {
		t.Fatalf("late panic: body %q read without error; the connection should be aborted", body)
	}
}
