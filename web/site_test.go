package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestErrorPlainFallbackLogsAndKeepsHeaders(t *testing.T) {
	logger, logs := newTestLogger()
	r := withSite(httptest.NewRequest("POST", "/x", nil), &Site{Logger: logger})
	r = WithRequestID(r, "req-1")
	w := httptest.NewRecorder()
	Error(w, r, MethodNotAllowed("GET", "HEAD"))
	if w.Code != 405 {
		t.Fatalf("status = %d, want 405", w.Code)
	}
	if got := w.Header().Values("Allow"); len(got) != 1 || got[0] != "GET, HEAD" {
		t.Errorf("Allow = %q", got)
	}
	if !strings.Contains(logs.String(), "level=INFO") {
		t.Errorf("4xx not logged at INFO: %s", logs)
	}

	w = httptest.NewRecorder()
	Error(w, r, errors.New("db is down"))
	if w.Code != 500 || strings.Contains(w.Body.String(), "db is down") {
		t.Errorf("500 page = %d %q; must not leak the error without Debug", w.Code, w.Body)
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "request_id=req-1") {
		t.Errorf("500 log lacks level or request id: %s", logs)
	}
}

func TestErrorDelegatesToSiteErrors(t *testing.T) {
	var gotStatus int
	var gotErr error
	s := &Site{Errors: func(w http.ResponseWriter, r *http.Request, status int, err error) {
		gotStatus, gotErr = status, err
		w.WriteHeader(status)
	}}
	r := withSite(httptest.NewRequest("GET", "/", nil), s)
	w := httptest.NewRecorder()
	want := Gone("old")
	Error(w, r, want)
	if gotStatus != 410 || gotErr != want {
		t.Errorf("handler got (%d, %v)", gotStatus, gotErr)
	}
}

func TestErrorCommittedWritesNothing(t *testing.T) {
	logger, logs := newTestLogger()
	called := false
	s := &Site{Logger: logger, Errors: func(http.ResponseWriter, *http.Request, int, error) { called = true }}
	r := withSite(httptest.NewRequest("GET", "/", nil), s)
	w := httptest.NewRecorder()

	Error(w, r, fmt.Errorf("view: %w", committed(errBrokenPipe)))
	if called || w.Body.Len() != 0 || w.Code != 200 && w.Code != 0 {
		t.Fatalf("committed error produced a response (called=%v, body=%q)", called, w.Body)
	}
	if !strings.Contains(logs.String(), "level=DEBUG") {
		t.Errorf("client gone should log at DEBUG: %s", logs)
	}

	Error(w, r, &CommittedError{Err: errors.New("producer failed")})
	if !strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("server failure after commit should log at ERROR: %s", logs)
	}
}

func TestErrorCommittedWithCanceledContextIsQuiet(t *testing.T) {
	logger, logs := newTestLogger()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := withSite(httptest.NewRequest("GET", "/", nil).WithContext(ctx), &Site{Logger: logger})
	Error(httptest.NewRecorder(), r, &CommittedError{Err: errors.New("write failed")})
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("logged at ERROR although the client had gone: %s", logs)
	}
}

func TestErrorNilDoesNothing(t *testing.T) {
	w := httptest.NewRecorder()
	Error(w, httptest.NewRequest("GET", "/", nil), nil)
	if w.Body.Len() != 0 {
		t.Errorf("Error(nil) wrote %q", w.Body)
	}
}

func TestHandlerFuncServesError(t *testing.T) {
	h := HandlerFunc(func(w http.ResponseWriter, r *http.Request) error { return NotFound("nope") })
	w := httptest.NewRecorder()
	h.ServeHTTP(w, withSite(httptest.NewRequest("GET", "/", nil), &Site{Debug: true, Logger: discardLogger()}))
	if w.Code != 404 || !strings.Contains(w.Body.String(), "nope") {
		t.Errorf("got %d %q", w.Code, w.Body)
	}
}

func TestCopyErrorHeadersIsIdempotent(t *testing.T) {
	w := httptest.NewRecorder()
	err := MethodNotAllowed("GET")
	copyErrorHeaders(w, err)
	copyErrorHeaders(w, err)
	if got := w.Header().Values("Allow"); len(got) != 1 {
		t.Errorf("Allow = %q after two copies, want one value", got)
	}
}
