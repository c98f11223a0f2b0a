package middleware_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/jazzgo/jazz/middleware"
	"github.com/jazzgo/jazz/web"
)

// The default chain around a view, outermost first.
func Example() {
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello")
	})
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h := web.Chain(view,
		middleware.Recover,
		middleware.RequestID,
		middleware.RequestLog(logger),
		middleware.Security(middleware.SecurityOptions{HSTSSeconds: 3600}),
		middleware.Common(middleware.CommonOptions{AllowedHosts: []string{".example.com"}}),
		middleware.XFrameOptions("DENY"),
	)

	r := httptest.NewRequest("GET", "https://www.example.com/", nil)
	r.Header.Set("X-Request-ID", "req-42")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	for _, k := range []string{"X-Request-Id", "Strict-Transport-Security", "X-Content-Type-Options",
		"Referrer-Policy", "Cross-Origin-Opener-Policy", "X-Frame-Options"} {
		fmt.Printf("%s: %s\n", k, rec.Header().Get(k))
	}
	fmt.Println(rec.Code, rec.Body.String())
	// Output:
	// X-Request-Id: req-42
	// Strict-Transport-Security: max-age=3600
	// X-Content-Type-Options: nosniff
	// Referrer-Policy: same-origin
	// Cross-Origin-Opener-Policy: same-origin
	// X-Frame-Options: DENY
	// 200 hello
}

func ExampleHostAllowed() {
	allowed := []string{".example.com", "[::1]"}
	for _, host := range []string{"example.com", "api.example.com:8443", "[::1]:8000", "evil.example"} {
		fmt.Println(host, middleware.HostAllowed(host, allowed))
	}
	// Output:
	// example.com true
	// api.example.com:8443 true
	// [::1]:8000 true
	// evil.example false
}

// A view marks its inline script with the request's nonce.
func ExampleCSPNonce() {
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "<script nonce=%q>go()</script>", middleware.CSPNonce(r))
	})
	h := middleware.CSP(middleware.CSPOptions{Policy: "script-src 'self' 'nonce-{nonce}'"})(view)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))

	var nonce string
	fmt.Sscanf(rec.Body.String(), "<script nonce=%q>", &nonce)
	fmt.Println(len(nonce), rec.Header().Get("Content-Security-Policy") == "script-src 'self' 'nonce-"+nonce+"'")
	// Output: 24 true
}

func ExampleCSPPolicy() {
	fmt.Println(middleware.CSPPolicy(map[string]string{
		"script-src":  "'self' 'nonce-{nonce}'",
		"default-src": "'self'",
		"img-src":     "'self' data:",
	}))
	// Output: default-src 'self'; img-src 'self' data:; script-src 'self' 'nonce-{nonce}'
}

// An embeddable widget opts out of X-Frame-Options.
func ExampleXFrameExempt() {
	mux := http.NewServeMux()
	mux.Handle("/widget", middleware.XFrameExempt(http.NotFoundHandler()))
	mux.Handle("/", http.NotFoundHandler())
	h := middleware.XFrameOptions("SAMEORIGIN")(mux)
	for _, path := range []string{"/widget", "/page"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		fmt.Printf("%s: %q\n", path, rec.Header().Get("X-Frame-Options"))
	}
	// Output:
	// /widget: ""
	// /page: "SAMEORIGIN"
}
