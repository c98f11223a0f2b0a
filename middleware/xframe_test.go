package middleware

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestXFrameOptions(t *testing.T) {
	for in, want := range map[string]string{"": "DENY", "deny": "DENY", " sameorigin ": "SAMEORIGIN"} {
		rec := serve(XFrameOptions(in)(text("ok")), httptest.NewRequest("GET", "/", nil))
		if got := rec.Header().Get("X-Frame-Options"); got != want {
			t.Errorf("XFrameOptions(%q): header %q, want %q", in, got, want)
		}
	}
}

func TestXFrameOptionsViewWins(t *testing.T) {
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	})
	if got := serve(XFrameOptions("DENY")(view), httptest.NewRequest("GET", "/", nil)).Header().Get("X-Frame-Options"); got != "SAMEORIGIN" {
		t.Errorf("view's header replaced: %q", got)
	}
}

func TestXFrameExempt(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/widget", XFrameExempt(text("embed me")))
	mux.Handle("/", text("page"))
	h := XFrameOptions("")(mux)
	rec := serve(h, httptest.NewRequest("GET", "/widget", nil))
	if _, ok := rec.Header()["X-Frame-Options"]; ok || rec.Body.String() != "embed me" {
		t.Errorf("exempt view got X-Frame-Options %q", rec.Header().Get("X-Frame-Options"))
	}
	if got := serve(h, httptest.NewRequest("GET", "/", nil)).Header().Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("other view: %q", got)
	}
}

func TestXFrameOptionsInvalidPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("ALLOW-FROM accepted")
		}
	}()
	XFrameOptions("ALLOW-FROM https://example.com")
}
