package middleware

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestWritersKeepCapabilities runs every middleware that wraps the
// ResponseWriter on a live server and checks that a handler can still
// flush, set deadlines and hijack the connection through it.
func TestWritersKeepCapabilities(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	for name, mw := range map[string]func(http.Handler) http.Handler{
		"Recover":        Recover,
		"RequestLog":     RequestLog(logger),
		"GZip":           GZip(GZipOptions{}),
		"ConditionalGet": ConditionalGet,
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if _, ok := w.(http.Flusher); !ok {
					t.Errorf("%T is not an http.Flusher", w)
				}
				if _, ok := w.(http.Hijacker); !ok {
					t.Errorf("%T is not an http.Hijacker", w)
				}
				rc := http.NewResponseController(w)
				if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
					t.Errorf("SetWriteDeadline: %v", err)
				}
				if r.URL.Path == "/flush" {
					io.WriteString(w, "streamed")
					if err := rc.Flush(); err != nil {
						t.Errorf("Flush: %v", err)
					}
					return
				}
				conn, brw, err := rc.Hijack()
				if err != nil {
					t.Errorf("Hijack: %v", err)
					return
				}
				defer conn.Close()
				brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
				brw.Flush()
			})))
			defer srv.Close()
			for path, want := range map[string]string{"/flush": "streamed", "/hijack": "hi"} {
				resp, err := http.Get(srv.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if string(body) != want {
					t.Errorf("%s: body %q, want %q", path, body, want)
				}
			}
		})
	}
}
