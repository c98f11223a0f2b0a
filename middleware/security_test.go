package middleware

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSecurityDefaults(t *testing.T) {
	rec := serve(Security(SecurityOptions{})(text("ok")), httptest.NewRequest("GET", "/", nil))
	want := map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"Referrer-Policy":            "same-origin",
		"Cross-Origin-Opener-Policy": "same-origin",
		"Strict-Transport-Security":  "",
	}
	for k, v := range want {
		if got := rec.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

func TestSecurityOff(t *testing.T) {
	rec := serve(Security(SecurityOptions{NoContentTypeNosniff: true, ReferrerPolicy: "None", CrossOriginOpenerPolicy: Off})(text("ok")),
		httptest.NewRequest("GET", "/", nil))
	for _, k := range []string{"X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"} {
		if v, ok := rec.Header()[k]; ok {
			t.Errorf("%s sent as %q although turned off", k, v)
		}
	}
}

func TestSecurityHSTS(t *testing.T) {
	mw := Security(SecurityOptions{HSTSSeconds: 3600, HSTSIncludeSubdomains: true, HSTSPreload: true})
	r := httptest.NewRequest("GET", "https://example.com/", nil) // sets r.TLS
	if got := serve(mw(text("ok")), r).Header().Get("Strict-Transport-Security"); got != "max-age=3600; includeSubDomains; preload" {
		t.Errorf("HSTS on TLS = %q", got)
	}
	if got := serve(mw(text("ok")), httptest.NewRequest("GET", "/", nil)).Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("HSTS sent on plain HTTP: %q", got)
	}
	r = httptest.NewRequest("GET", "https://example.com/", nil)
	if got := serve(Security(SecurityOptions{HSTSSeconds: 60})(text("ok")), r).Header().Get("Strict-Transport-Security"); got != "max-age=60" {
		t.Errorf("plain HSTS = %q", got)
	}
	r = httptest.NewRequest("GET", "https://example.com/", nil)
	if got := serve(Security(SecurityOptions{})(text("ok")), r).Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("HSTS with 0 seconds = %q", got)
	}
}

func TestSecurityViewAndOuterHeadersWin(t *testing.T) {
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Del("Cross-Origin-Opener-Policy")
	})
	outer := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Content-Type-Options", "outer")
			h.ServeHTTP(w, r)
		})
	}
	rec := serve(outer(Security(SecurityOptions{})(view)), httptest.NewRequest("GET", "/", nil))
	if rec.Header().Get("Referrer-Policy") != "no-referrer" || rec.Header().Get("X-Content-Type-Options") != "outer" {
		t.Errorf("headers overridden: %v", rec.Header())
	}
	if _, ok := rec.Header()["Cross-Origin-Opener-Policy"]; ok {
		t.Error("a header the view deleted came back")
	}
}

func TestSecuritySharedValueIsNotMutatedByAdd(t *testing.T) {
	mw := Security(SecurityOptions{})
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Referrer-Policy", "strict-origin")
	})
	first := serve(mw(view), httptest.NewRequest("GET", "/", nil))
	if got := first.Header().Values("Referrer-Policy"); len(got) != 2 {
		t.Fatalf("Add gave %v", got)
	}
	second := serve(mw(text("")), httptest.NewRequest("GET", "/", nil))
	if got := second.Header().Values("Referrer-Policy"); len(got) != 1 || got[0] != "same-origin" {
		t.Fatalf("a view's Add leaked into the next response: %v", got)
	}
}

func TestSecuritySSLRedirect(t *testing.T) {
	opts := SecurityOptions{SSLRedirect: true, SSLRedirectExempt: []string{`^health$`, `^api/`}}
	mw := Security(opts)
	for _, tc := range []struct {
		target, host, location string
		proto                  string
	}{
		{"/a/b?x=1&y=%20", "example.com", "https://example.com/a/b?x=1&y=%20", ""},
		{"/", "example.com:8080", "https://example.com:8080/", ""},
		{"/health", "example.com", "", ""},   // exempt
		{"/api/v1/x", "example.com", "", ""}, // exempt
		{"/apix", "example.com", "https://example.com/apix", ""},
		{"/p", "example.com", "https://example.com/p", "https"}, // not trusted: still redirected
	} {
		r := httptest.NewRequest("GET", tc.target, nil)
		r.Host = tc.host
		if tc.proto != "" {
			r.Header.Set("X-Forwarded-Proto", tc.proto)
		}
		rec := serve(mw(text("ok")), r)
		if tc.location == "" {
			if rec.Code != 200 {
				t.Errorf("%s: %d, want no redirect", tc.target, rec.Code)
			}
			continue
		}
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != tc.location {
			t.Errorf("%s: %d Location %q, want 301 %q", tc.target, rec.Code, rec.Header().Get("Location"), tc.location)
		}
	}

	// SSLHost and a trusted proxy header.
	mw = Security(SecurityOptions{SSLRedirect: true, SSLHost: "secure.example.com", ProxySSLHeader: ProxyHeader{"X-Forwarded-Proto", "https"}})
	r := httptest.NewRequest("GET", "/x?y", nil)
	if loc := serve(mw(text("ok")), r).Header().Get("Location"); loc != "https://secure.example.com/x?y" {
		t.Errorf("SSLHost redirect to %q", loc)
	}
	r = httptest.NewRequest("GET", "/x", nil)
	r.Header.Set("X-Forwarded-Proto", "https")
	if rec := serve(mw(text("ok")), r); rec.Code != 200 {
		t.Errorf("request marked secure by the trusted proxy was redirected: %d", rec.Code)
	}
	// TLS request: no redirect.
	if rec := serve(mw(text("ok")), httptest.NewRequest("GET", "https://example.com/", nil)); rec.Code != 200 {
		t.Errorf("TLS request redirected: %d", rec.Code)
	}
}

func TestSecurityRedirectBadHost(t *testing.T) {
	c := newErrorCapture(nil)
	r := httptest.NewRequest("GET", "/", nil)
	r.Host = "evil.example/@x"
	rec := serve(c.attach(Security(SecurityOptions{SSLRedirect: true})(text("ok"))), r)
	if rec.Code != 400 || rec.Header().Get("Location") != "" {
		t.Fatalf("bad host: %d Location %q", rec.Code, rec.Header().Get("Location"))
	}
}

func TestIsSecure(t *testing.T) {
	proxy := ProxyHeader{"X-Forwarded-Proto", "https"}
	for _, tc := range []struct {
		tls    bool
		header []string
		proxy  ProxyHeader
		want   bool
	}{
		{tls: true, want: true},
		{want: false},
		{header: []string{"https"}, want: false}, // header not trusted
		{header: []string{"https"}, proxy: proxy, want: true},
		{header: []string{"HTTPS "}, proxy: proxy, want: true},
		{header: []string{"https, http"}, proxy: proxy, want: true},
		{header: []string{"http, https"}, proxy: proxy, want: false},
		{header: []string{"http", "https"}, proxy: proxy, want: false},
		{proxy: proxy, want: false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if tc.tls {
			r.TLS = &tls.ConnectionState{}
		}
		for _, v := range tc.header {
			r.Header.Add("X-Forwarded-Proto", v)
		}
		if got := IsSecure(r, tc.proxy); got != tc.want {
			t.Errorf("%+v: IsSecure = %v", tc, got)
		}
	}
}

func TestSecurityBadOptionsPanic(t *testing.T) {
	for name, opts := range map[string]SecurityOptions{
		"regexp":  {SSLRedirectExempt: []string{"("}},
		"control": {ReferrerPolicy: "same-origin\r\nX-Evil: 1"},
		"sslhost": {SSLHost: "https://example.com"},
	} {
		func() {
			defer func() {
				v := recover()
				if v == nil || !strings.HasPrefix(v.(string), "middleware: SecurityOptions.") {
					t.Errorf("%s: panic %v, want a message naming the option", name, v)
				}
			}()
			Security(opts)
		}()
	}
}

func TestSecurityNoAllocs(t *testing.T) {
	h := Security(SecurityOptions{HSTSSeconds: 10})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	w := newReusableWriter()
	r := httptest.NewRequest("GET", "https://example.com/", nil)
	h.ServeHTTP(w, r)
	allocs := testing.AllocsPerRun(100, func() {
		w.reset()
		h.ServeHTTP(w, r)
	})
	if allocs != 0 {
		t.Fatalf("Security allocates %v times per request", allocs)
	}
	if len(w.h) != 4 {
		t.Fatalf("headers %v", w.h)
	}
}
