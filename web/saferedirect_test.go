package web

import "testing"

func TestIsSafeRedirect(t *testing.T) {
	allowed := []string{"testserver", "Example.COM", "api.example.com:8443", ".trusted.example", "*"}
	tests := []struct {
		url   string
		https bool
		want  bool
	}{
		// References to this site.
		{"/", false, true},
		{"/account/?next=/x#top", false, true},
		{"edit/", false, true},
		{"?page=2", false, true},
		{"#top", false, true},
		{"/path with space", false, true},
		{"/%2F%2Fevil.example", false, true},
		// Allowed absolute URLs.
		{"http://testserver/x", false, true},
		{"https://example.com/x", true, true},
		{"HTTPS://EXAMPLE.com/x", true, true},
		{"http://example.com:8000/", false, true},
		{"//example.com/p", false, true},
		{"https://api.example.com:8443/v1", false, true},
		{"https://trusted.example/", false, true},
		{"https://a.b.trusted.example/", false, true},
		// Other hosts, and the wildcard that must not count.
		{"http://evil.example/", false, false},
		{"https://api.example.com/v1", false, false}, // entry has a port: must match it
		{"https://nottrusted.example/", false, false},
		{"https://example.com.evil.example/", false, false},
		// Scheme-relative and slash tricks.
		{"//evil.example", false, false},
		{"///evil.example", false, false},
		{`\\evil.example`, false, false},
		{`/\evil.example`, false, false},
		{`\/evil.example`, false, false},
		{`http:\\evil.example`, false, false},
		{`http:/\evil.example`, false, false},
		{`https://example.com\@evil.example/`, false, false},
		// Schemes.
		{"javascript:alert(1)", false, false},
		{"JavaScript:alert(1)", false, false},
		{"data:text/html,<script>x</script>", false, false},
		{"ftp://example.com/", false, false},
		{"http:evil.example", false, false},
		{"http:///evil.example", false, false},
		{"http://example.com/", true, false}, // https required
		{"//example.com/", true, false},      // scheme-relative counts as http
		// Credentials and confusables.
		{"http://user@example.com/", false, false},
		{"http://example.com@evil.example/", false, false},
		{"http://evil.example#@example.com", false, false},
		{"http://evil.example?@example.com", false, false},
		// Whitespace and control characters.
		{"", false, false},
		{" //evil.example", false, false},
		{"\t//evil.example", false, false},
		{"\x00//evil.example", false, false},
		{"/\t/evil.example", false, false},
		{"/\n/evil.example", false, false},
		{"\u00a0//evil.example", false, false},
		{"\u200b//evil.example", false, false},
		{"/\u202e/x", false, false},
		{"/\x7f", false, false},
		{"\xff/", false, false},
	}
	for _, tt := range tests {
		if got := IsSafeRedirect(tt.url, allowed, tt.https); got != tt.want {
			t.Errorf("IsSafeRedirect(%q, https=%v) = %v, want %v", tt.url, tt.https, got, tt.want)
		}
	}
}

func TestIsSafeRedirectNoHosts(t *testing.T) {
	if !IsSafeRedirect("/ok", nil, false) {
		t.Error("a path was unsafe with no allowed hosts")
	}
	if IsSafeRedirect("https://example.com/", nil, false) {
		t.Error("an absolute URL was safe with no allowed hosts")
	}
	if IsSafeRedirect("https://example.com/", []string{"*", ""}, false) {
		t.Error("the * wildcard made an absolute URL safe")
	}
}

func TestIsSafeRedirectIPv6(t *testing.T) {
	if !IsSafeRedirect("http://[::1]:8000/", []string{"[::1]"}, false) {
		t.Error("IPv6 host without port entry rejected")
	}
	if IsSafeRedirect("http://[::2]/", []string{"[::1]"}, false) {
		t.Error("other IPv6 host accepted")
	}
}
