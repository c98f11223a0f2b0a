package web

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRedirectStatuses(t *testing.T) {
	r := httptest.NewRequest("GET", "/a/b", nil)
	tests := []struct {
		name string
		do   func(w *httptest.ResponseRecorder) error
		code int
		loc  string
	}{
		{"found", func(w *httptest.ResponseRecorder) error { return Redirect(w, r, "/x") }, 302, "/x"},
		{"relative", func(w *httptest.ResponseRecorder) error { return Redirect(w, r, "c") }, 302, "/a/c"},
		{"permanent", func(w *httptest.ResponseRecorder) error { return RedirectPermanent(w, r, "/p") }, 301, "/p"},
		{"303", func(w *httptest.ResponseRecorder) error { return RedirectStatus(w, r, "/s", 303) }, 303, "/s"},
		{"307", func(w *httptest.ResponseRecorder) error { return RedirectStatus(w, r, "/s", 307) }, 307, "/s"},
		{"308", func(w *httptest.ResponseRecorder) error { return RedirectStatus(w, r, "https://x.example/", 308) }, 308, "https://x.example/"},
	}
	for _, tt := range tests {
		w := httptest.NewRecorder()
		if err := tt.do(w); err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if w.Code != tt.code || w.Header().Get("Location") != tt.loc {
			t.Errorf("%s: got %d %q, want %d %q", tt.name, w.Code, w.Header().Get("Location"), tt.code, tt.loc)
		}
	}
}

func TestRedirectRejects(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	for _, tc := range []struct {
		url    string
		status int
	}{{"", 302}, {"/a\r\nSet-Cookie: x=1", 302}, {"/x\x00", 302}, {"/ok", 200}, {"/ok", 304}} {
		w := httptest.NewRecorder()
		if err := RedirectStatus(w, r, tc.url, tc.status); err == nil {
			t.Errorf("RedirectStatus(%q, %d) succeeded", tc.url, tc.status)
		}
		if w.Header().Get("Location") != "" {
			t.Errorf("RedirectStatus(%q, %d) wrote a Location", tc.url, tc.status)
		}
	}
}

func TestRedirectTo(t *testing.T) {
	site := &Site{Reverse: func(name string, args ...any) (string, error) {
		if name != "blog:post" {
			return "", fmt.Errorf("urls: no route named %q", name)
		}
		return fmt.Sprintf("/blog/%v/", args[0]), nil
	}}
	r := withSite(httptest.NewRequest("GET", "/", nil), site)
	w := httptest.NewRecorder()
	if err := RedirectTo(w, r, "blog:post", "hello"); err != nil {
		t.Fatal(err)
	}
	if w.Code != 302 || w.Header().Get("Location") != "/blog/hello/" {
		t.Errorf("got %d %q", w.Code, w.Header().Get("Location"))
	}

	w = httptest.NewRecorder()
	err := RedirectTo(w, r, "nope")
	if err == nil || !strings.Contains(err.Error(), `no route named "nope"`) || w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("unknown name: err=%v code=%d", err, w.Code)
	}

	err = RedirectTo(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil), "blog:post")
	if err == nil || !strings.Contains(err.Error(), "no URL reverser") {
		t.Errorf("missing reverser: err = %v", err)
	}
	if errors.Is(err, ErrNotFound) {
		t.Error("a missing reverser is a server error, not a 404")
	}
}

func TestSafeRedirect(t *testing.T) {
	site := &Site{AllowedHosts: []string{"cdn.example.com"}}
	tests := []struct {
		host, next, fallback, want string
		tls                        bool
	}{
		{"site.example", "/account/", "/", "/account/", false},
		{"site.example", "//evil.example/", "/home", "/home", false},
		{"site.example", "https://evil.example/", "", "/", false},
		{"site.example", "http://site.example/x", "/", "http://site.example/x", false},
		{"site.example", "http://site.example/x", "/", "/", true}, // https page: no downgrade
		{"site.example", "https://cdn.example.com/a", "/", "https://cdn.example.com/a", false},
		{"site.example", "javascript:alert(1)", "/", "/", false},
		{"site.example", "", "/fallback", "/fallback", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/login", nil)
		r.Host = tt.host
		if tt.tls {
			r.TLS = &tls.ConnectionState{}
		}
		r = withSite(r, site)
		w := httptest.NewRecorder()
		if err := SafeRedirect(w, r, tt.next, tt.fallback); err != nil {
			t.Errorf("SafeRedirect(%q): %v", tt.next, err)
			continue
		}
		if got := w.Header().Get("Location"); got != tt.want {
			t.Errorf("SafeRedirect(%q, tls=%v) -> %q, want %q", tt.next, tt.tls, got, tt.want)
		}
	}
	if len(site.AllowedHosts) != 1 || cap(site.AllowedHosts) != 1 {
		t.Errorf("SafeRedirect changed the site's AllowedHosts: %v", site.AllowedHosts)
	}
}
