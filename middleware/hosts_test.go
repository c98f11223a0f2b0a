package middleware

import (
	"strings"
	"testing"
)

func TestHostAllowed(t *testing.T) {
	allowed := []string{"example.com", ".Example.ORG", "[2001:db8::1]", "127.0.0.1"}
	for _, tc := range []struct {
		host string
		want bool
	}{
		{"example.com", true},
		{"example.com:80", true},
		{"Example.Com.", true},
		{"sub.example.com", false},
		{"example.org", true},
		{"deep.sub.example.org", true},
		{"notexample.org", false},
		{"example.org.evil.example", false},
		{"[2001:db8::1]", true},
		{"[2001:DB8::1]:8443", true},
		{"[2001:db8::2]", false},
		{"2001:db8::1", false}, // a bare IPv6 literal is not a valid Host
		{"127.0.0.1:8000", true},
		{"", false},
		{":80", false},
		{"example.com:", false},
		{"[::1", false},
		{"[]", false},
		{"[:]", false},
		{"example.com/evil", false},
		{"exa\x00mple.com", false},
	} {
		if got := HostAllowed(tc.host, allowed); got != tc.want {
			t.Errorf("HostAllowed(%q) = %v, want %v", tc.host, got, tc.want)
		}
	}
	if HostAllowed("example.com", nil) {
		t.Error("nil list allowed a host")
	}
	if !HostAllowed("anything.example", []string{"*"}) || HostAllowed("bad host", []string{"*"}) {
		t.Error("* wrong")
	}
}

func TestHostAllowedNoAllocs(t *testing.T) {
	allowed := []string{"a.example", ".example.com"}
	if n := testing.AllocsPerRun(100, func() { HostAllowed("www.example.com:443", allowed) }); n != 0 {
		t.Fatalf("%v allocations", n)
	}
}

func TestQuoteHost(t *testing.T) {
	if got := quoteHost("a'b\\c\n\xff"); got != `'a\'b\\c\x0a\xff'` {
		t.Errorf("quoteHost = %s", got)
	}
	if got := quoteHost(strings.Repeat("a", 300)); len(got) != 255+5 {
		t.Errorf("long host quoted to %d bytes", len(got))
	}
}

// FuzzHostAllowed checks HostAllowed against properties that hold for any
// input: it never panics, a host accepted by "*" is accepted by its own
// lower-cased domain as an exact pattern, and a host whose domain is
// accepted by a ".domain" pattern also passes for the exact domain.
func FuzzHostAllowed(f *testing.F) {
	for _, s := range []string{"example.com", "EXAMPLE.com:80", "[::1]:8000", "[::ffff:1.2.3.4]", "a..b", ".", "x.", "[", "]:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		star := HostAllowed(host, []string{"*"})
		domain, _ := splitDomainPort(host)
		if star != (domain != "") {
			t.Fatalf("%q: * says %v but domain is %q", host, star, domain)
		}
		if !star {
			return
		}
		if !HostAllowed(host, []string{domain}) {
			t.Fatalf("%q not allowed by its own domain %q", host, domain)
		}
		if !HostAllowed(host, []string{"." + domain}) {
			t.Fatalf("%q not allowed by .%s", host, domain)
		}
		if strings.ContainsAny(domain, "/@?#\\ ") {
			t.Fatalf("%q: domain %q has URL delimiters", host, domain)
		}
	})
}
