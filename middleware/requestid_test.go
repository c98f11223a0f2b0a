package middleware

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/web"
)

func TestRequestIDGenerated(t *testing.T) {
	var seen string
	h := RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = web.RequestID(r)
	}))
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	id := rec.Header().Get("X-Request-ID")
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Fatalf("generated id %q is not 32 hex digits", id)
	}
	if seen != id {
		t.Fatalf("handler saw %q, response says %q", seen, id)
	}
	ids := map[string]bool{id: true}
	for range 1000 {
		id := serve(h, httptest.NewRequest("GET", "/", nil)).Header().Get("X-Request-ID")
		if ids[id] {
			t.Fatalf("id %q repeated", id)
		}
		ids[id] = true
	}
}

func TestRequestIDIncoming(t *testing.T) {
	for _, tc := range []struct {
		in   string
		keep bool
	}{
		{"abc-123", true},
		{"f81d4fae-7dec-11d0-a765-00a0c91e6bf6", true},
		{"Root=1-67891233-abcdef012345678912345678", false}, // '=' is not allowed
		{"a.b_c:d-E", true},
		{strings.Repeat("x", 128), true},
		{strings.Repeat("x", 129), false},
		{"has space", false},
		{"<script>", false},
		{"é", false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("X-Request-ID", tc.in)
		got := serve(RequestID(http.NotFoundHandler()), r).Header().Get("X-Request-ID")
		if (got == tc.in) != tc.keep {
			t.Errorf("incoming %q: response id %q, keep=%v", tc.in, got, tc.keep)
		}
		if got == "" {
			t.Errorf("incoming %q: no id", tc.in)
		}
	}
}

func TestValidRequestID(t *testing.T) {
	if ValidRequestID("") || !ValidRequestID("a") || ValidRequestID("a\nb") || ValidRequestID("a/b") {
		t.Fatal("ValidRequestID disagrees with its documented rule")
	}
}
