package middleware

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

func jsonLogger(buf io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: level}))
}

func decodeLines(t *testing.T, buf *syncBuffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range buf.lines() {
		m := map[string]any{}
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("bad log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

func TestRequestLogFields(t *testing.T) {
	buf := &syncBuffer{}
	h := RequestID(RequestLog(jsonLogger(buf, slog.LevelInfo))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "nope!")
	})))
	r := httptest.NewRequest("POST", "/a/b?q=1", nil)
	r.RemoteAddr = "192.0.2.7:5555"
	rec := serve(h, r)
	lines := decodeLines(t, buf)
	if len(lines) != 1 {
		t.Fatalf("%d lines, want 1", len(lines))
	}
	l := lines[0]
	want := map[string]any{
		"level": "INFO", "msg": "request", "method": "POST", "path": "/a/b",
		"status": 404.0, "bytes": 5.0, "request_id": rec.Header().Get("X-Request-ID"),
		"remote_addr": "192.0.2.7:5555",
	}
	for k, v := range want {
		if l[k] != v {
			t.Errorf("%s = %v, want %v", k, l[k], v)
		}
	}
	if _, ok := l["duration"].(float64); !ok {
		t.Errorf("duration missing: %v", l)
	}
	if _, ok := l["panicked"]; ok {
		t.Error("panicked set on a normal request")
	}
}

func TestRequestLogLevels(t *testing.T) {
	buf := &syncBuffer{}
	logger := jsonLogger(buf, slog.LevelWarn)
	status := 200
	h := RequestLog(logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
	}))
	for _, s := range []int{200, 302, 404} {
		status = s
		serve(h, httptest.NewRequest("GET", "/", nil))
	}
	if got := buf.lines(); len(got) != 0 {
		t.Fatalf("WARN logger printed INFO lines: %v", got)
	}
	status = 503
	serve(h, httptest.NewRequest("GET", "/", nil))
	lines := decodeLines(t, buf)
	if len(lines) != 1 || lines[0]["level"] != "ERROR" || lines[0]["status"] != 503.0 {
		t.Fatalf("5xx lines: %v", lines)
	}
}

func TestRequestLogDisabledPassesThrough(t *testing.T) {
	logger := jsonLogger(io.Discard, slog.LevelError+4)
	var got http.ResponseWriter
	rec := httptest.NewRecorder()
	RequestLog(logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = w
	})).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if got != http.ResponseWriter(rec) {
		t.Fatalf("handler got %T, want the untouched recorder", got)
	}
}

func TestRequestLogImplicitOK(t *testing.T) {
	buf := &syncBuffer{}
	serve(RequestLog(jsonLogger(buf, slog.LevelInfo))(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})),
		httptest.NewRequest("GET", "/", nil))
	if l := decodeLines(t, buf); len(l) != 1 || l[0]["status"] != 200.0 || l[0]["bytes"] != 0.0 {
		t.Fatalf("lines %v", l)
	}
}

func TestRequestLogPanic(t *testing.T) {
	buf := &syncBuffer{}
	c := newErrorCapture(slog.New(slog.NewTextHandler(io.Discard, nil)))
	h := c.attach(Recover(RequestLog(jsonLogger(buf, slog.LevelInfo))(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("x")
	}))))
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	l := decodeLines(t, buf)
	if rec.Code != 500 || len(l) != 1 || l[0]["status"] != 500.0 || l[0]["panicked"] != true || l[0]["level"] != "ERROR" {
		t.Fatalf("response %d, lines %v", rec.Code, l)
	}
}

func TestRequestLogOutsideRequestID(t *testing.T) {
	buf := &syncBuffer{}
	h := RequestLog(jsonLogger(buf, slog.LevelInfo))(RequestID(http.NotFoundHandler()))
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	if l := decodeLines(t, buf); len(l) != 1 || l[0]["request_id"] != rec.Header().Get("X-Request-ID") {
		t.Fatalf("lines %v, id %q", l, rec.Header().Get("X-Request-ID"))
	}
}

func TestRequestLogNilLoggerUsesDefault(t *testing.T) {
	buf := &syncBuffer{}
	old := slog.Default()
	slog.SetDefault(jsonLogger(buf, slog.LevelInfo))
	defer slog.SetDefault(old)
	serve(RequestLog(nil)(http.NotFoundHandler()), httptest.NewRequest("GET", "/x", nil))
	if l := decodeLines(t, buf); len(l) != 1 || l[0]["path"] != "/x" {
		t.Fatalf("lines %v", l)
	}
}
