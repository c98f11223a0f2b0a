package middleware

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// nonceView writes the request's nonce as its body.
var nonceView = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(CSPNonce(r)))
})

func TestCSPStatic(t *testing.T) {
	h := CSP(CSPOptions{Policy: "default-src 'self'"})(nonceView)
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	if got := rec.Header().Get("Content-Security-Policy"); got != "default-src 'self'" {
		t.Errorf("policy %q", got)
	}
	if rec.Body.String() != "" {
		t.Errorf("nonce %q made for a policy without {nonce}", rec.Body.String())
	}
	if _, ok := rec.Header()["Content-Security-Policy-Report-Only"]; ok {
		t.Error("report-only header sent")
	}
	w := newReusableWriter()
	r := httptest.NewRequest("GET", "/", nil)
	if n := testing.AllocsPerRun(100, func() { w.reset(); h.ServeHTTP(w, r) }); n != 0 {
		t.Errorf("static policy: %v allocations per request", n)
	}
}

func TestCSPNonce(t *testing.T) {
	h := CSP(CSPOptions{
		Policy:           "script-src 'self' 'nonce-{nonce}'; style-src 'nonce-{nonce}'",
		ReportOnlyPolicy: "default-src 'none'; script-src 'nonce-{nonce}'",
	})(nonceView)
	seen := map[string]bool{}
	for range 20 {
		rec := serve(h, httptest.NewRequest("GET", "/", nil))
		nonce := rec.Body.String()
		raw, err := base64.StdEncoding.DecodeString(nonce)
		if err != nil || len(raw) != 16 {
			t.Fatalf("nonce %q is not base64 of 16 bytes", nonce)
		}
		if seen[nonce] {
			t.Fatalf("nonce %q repeated", nonce)
		}
		seen[nonce] = true
		want := "script-src 'self' 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'"
		if got := rec.Header().Get("Content-Security-Policy"); got != want {
			t.Fatalf("policy %q, want %q", got, want)
		}
		if got := rec.Header().Get("Content-Security-Policy-Report-Only"); got != "default-src 'none'; script-src 'nonce-"+nonce+"'" {
			t.Fatalf("report-only policy %q", got)
		}
	}
}

func TestCSPReportOnlyAlone(t *testing.T) {
	rec := serve(CSP(CSPOptions{ReportOnlyPolicy: "default-src 'self'"})(text("")), httptest.NewRequest("GET", "/", nil))
	if _, ok := rec.Header()["Content-Security-Policy"]; ok || rec.Header().Get("Content-Security-Policy-Report-Only") != "default-src 'self'" {
		t.Errorf("headers %v", rec.Header())
	}
}

func TestCSPOverrideAndExempt(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/override", CSPOverride("script-src 'nonce-{nonce}' https://cdn.example")(nonceView))
	mux.Handle("/exempt", CSPExempt(nonceView))
	mux.Handle("/", nonceView)
	h := CSP(CSPOptions{Policy: "default-src 'self'; script-src 'nonce-{nonce}'", ReportOnlyPolicy: "default-src 'none'"})(mux)

	rec := serve(h, httptest.NewRequest("GET", "/override", nil))
	nonce := rec.Body.String()
	if nonce == "" || rec.Header().Get("Content-Security-Policy") != "script-src 'nonce-"+nonce+"' https://cdn.example" {
		t.Errorf("override: nonce %q policy %q", nonce, rec.Header().Get("Content-Security-Policy"))
	}
	if rec.Header().Get("Content-Security-Policy-Report-Only") != "default-src 'none'" {
		t.Error("override dropped the report-only policy")
	}
	if vs := rec.Header().Values("Content-Security-Policy"); len(vs) != 1 {
		t.Errorf("override left %d policies", len(vs))
	}

	rec = serve(h, httptest.NewRequest("GET", "/exempt", nil))
	for _, k := range []string{"Content-Security-Policy", "Content-Security-Policy-Report-Only"} {
		if _, ok := rec.Header()[k]; ok {
			t.Errorf("exempt view sent %s", k)
		}
	}

	// An override with a nonce works without CSP around it too.
	rec = serve(CSPOverride("script-src 'nonce-{nonce}'")(nonceView), httptest.NewRequest("GET", "/", nil))
	if n := rec.Body.String(); n == "" || rec.Header().Get("Content-Security-Policy") != "script-src 'nonce-"+n+"'" {
		t.Errorf("standalone override: %q %q", n, rec.Header().Get("Content-Security-Policy"))
	}
}

func TestCSPBadOptionsPanic(t *testing.T) {
	for name, f := range map[string]func(){
		"empty":    func() { CSP(CSPOptions{}) },
		"newline":  func() { CSP(CSPOptions{Policy: "a\nb"}) },
		"override": func() { CSPOverride(" ") },
	} {
		func() {
			defer func() {
				if v, _ := recover().(string); !strings.HasPrefix(v, "middleware: ") {
					t.Errorf("%s: panic %q", name, v)
				}
			}()
			f()
		}()
	}
}

func TestCSPPolicy(t *testing.T) {
	got := CSPPolicy(map[string]string{"script-src": "'self' 'nonce-{nonce}'", "default-src": "'self'", "upgrade-insecure-requests": ""})
	if want := "default-src 'self'; script-src 'self' 'nonce-{nonce}'; upgrade-insecure-requests"; got != want {
		t.Errorf("CSPPolicy = %q, want %q", got, want)
	}
	if CSPPolicy(nil) != "" {
		t.Error("nil map")
	}
}
