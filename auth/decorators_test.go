package auth_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/jazzgo/jazz/auth"
)

func TestSafeNext(t *testing.T) {
	ctx := auth.WithConfig(context.Background(), auth.Config{SecretKey: "k", AllowedHosts: []string{"partner.example"}})
	for _, tc := range []struct {
		next string
		tls  bool
		ok   bool
	}{
		{"/accounts/profile/", false, true},
		{"/search/?q=a", false, true},
		{"http://testserver/page/", false, true},
		{"https://partner.example/x", false, true},
		{"http://testserver/page/", true, false}, // no downgrade from https
		{"https://evil.example/", false, false},
		{"//evil.example", false, false},
		{"//evil.example/path", false, false},
		{"///evil.example", false, false},
		{`/\evil.example`, false, false},
		{`\\evil.example`, false, false},
		{"/\t/evil.example", false, false},
		{"https://testserver@evil.example/", false, false},
		{"javascript:alert(1)", false, false},
		{"http:evil.example", false, false},
		{" /page/", false, false},
		{"", false, false},
	} {
		r := httptest.NewRequest("GET", "http://testserver/accounts/login/", nil).WithContext(ctx)
		if tc.tls {
			r = httptest.NewRequest("GET", "https://testserver/accounts/login/", nil).WithContext(ctx)
		}
		got, ok := auth.SafeNext(r, tc.next)
		if ok != tc.ok {
			t.Errorf("SafeNext(%q, tls=%v) ok = %v, want %v", tc.next, tc.tls, ok, tc.ok)
		}
		if want := map[bool]string{true: tc.next, false: auth.DefaultLoginRedirectURL}[tc.ok]; got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", tc.next, got, want)
		}
	}
}

func TestLoginURLFor(t *testing.T) {
	ctx := auth.WithConfig(context.Background(), auth.Config{SecretKey: "k", LoginURL: "/login/?lang=fr"})
	r := httptest.NewRequest("GET", "/", nil).WithContext(ctx)
	if got, want := auth.LoginURLFor(r, "/a/b/?x=1"), "/login/?lang=fr&next=/a/b/%3Fx%3D1"; got != want {
		t.Fatalf("LoginURLFor = %q, want %q", got, want)
	}
}
