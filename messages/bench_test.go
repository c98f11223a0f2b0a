package messages

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkQuietRequest is the cost on a request that does not use
// messages: attaching the store and wrapping the writer.
func BenchmarkQuietRequest(b *testing.B) {
	h := Middleware(Options{SecretKey: testKey})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	req := httptest.NewRequest("GET", "/", nil)
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, req)
	}
}

// BenchmarkCookieRoundTrip adds two messages on one request and shows them
// on the next: encode, sign, verify, decode.
func BenchmarkCookieRoundTrip(b *testing.B) {
	add := Middleware(Options{SecretKey: testKey})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Success(r, "Profile saved.")
		Warning(r, "Your password expires in 3 days.")
	}))
	show := Middleware(Options{SecretKey: testKey})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(Get(r)) != 2 {
			b.Fatal("lost messages")
		}
	}))
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		add.ServeHTTP(rec, httptest.NewRequest("POST", "/", nil))
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Cookie", rec.Header().Get("Set-Cookie"))
		show.ServeHTTP(httptest.NewRecorder(), req)
	}
}
