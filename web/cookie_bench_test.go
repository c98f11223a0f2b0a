package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func BenchmarkSignedCookie(b *testing.B) {
	site := &Site{SecretKey: "bench-key", SecretKeyFallbacks: []string{"old-key"}}
	w := httptest.NewRecorder()
	if err := SetSignedCookie(w, WithSite(httptest.NewRequest("GET", "/", nil), site), &http.Cookie{Name: "remember", Value: "42"}, "auth"); err != nil {
		b.Fatal(err)
	}
	r := WithSite(httptest.NewRequest("GET", "/", nil), site)
	pair, _, _ := strings.Cut(w.Header().Get("Set-Cookie"), ";")
	r.Header.Set("Cookie", "csrftoken=abc; "+pair+"; theme=dark")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := SignedCookie(r, "remember", "auth", time.Hour); !ok {
			b.Fatal("cookie rejected")
		}
	}
}
