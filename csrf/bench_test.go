package csrf

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func BenchmarkSafeRequest(b *testing.B) {
	h := Middleware(Options{})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	r := req{method: "GET", cookie: secretS}.build()
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
}

func BenchmarkPostWithHeader(b *testing.B) {
	h := Middleware(Options{})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	r := req{cookie: secretS, header: tokenS, hasHdr: true, origin: "http://testserver"}.build()
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

func BenchmarkToken(b *testing.B) {
	var tok string
	h := Middleware(Options{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tok = Token(r) }))
	r := req{method: "GET", cookie: secretS}.build()
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	_ = tok
}
