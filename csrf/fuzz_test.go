package csrf

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzParseToken feeds arbitrary cookie and token values to the parser and
// to the middleware. Seeds are in testdata/fuzz/FuzzParseToken.
func FuzzParseToken(f *testing.F) {
	f.Add(secretS)
	f.Add(cookieS)
	f.Add("")
	h := Middleware(Options{Logger: quiet, FailureView: func(w http.ResponseWriter, r *http.Request, reason string) {
		w.WriteHeader(http.StatusForbidden)
	}})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	f.Fuzz(func(t *testing.T, s string) {
		secret, reason := parseToken(s)
		switch {
		case reason == "" && (len(secret) != SecretLength || checkFormat(secret) != ""):
			t.Fatalf("parseToken(%q) accepted with secret %q", s, secret)
		case reason == "" && len(s) == TokenLength && maskWith(secret, s[:SecretLength]) != s:
			t.Fatalf("parseToken(%q) = %q does not mask back", s, secret)
		case reason == "" && len(s) == SecretLength && secret != s:
			t.Fatalf("parseToken(%q) = %q changed a raw secret", s, secret)
		case reason != "" && secret != "":
			t.Fatalf("parseToken(%q) refused (%s) but returned %q", s, reason, secret)
		case reason != "" && reason != reasonIncorrectLength && reason != reasonInvalidCharacters:
			t.Fatalf("parseToken(%q): unknown reason %q", s, reason)
		}
		if reason == "" && !sameSecret(secret, unmask(mask(secret))) {
			t.Fatalf("mask round trip of %q", secret)
		}

		// The same value as cookie and as header: accepted exactly when it
		// parses (a value always matches itself).
		r := httptest.NewRequest("POST", "http://testserver/", nil)
		r.Header["Cookie"] = []string{"csrftoken=" + s}
		r.Header["X-Csrftoken"] = []string{s}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code == http.StatusOK && reason != "" {
			t.Fatalf("middleware accepted malformed %q", s)
		}
	})
}
