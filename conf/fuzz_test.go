package conf

import (
	"strings"
	"testing"
)

// FuzzMaskURL checks that a password in a URL's userinfo never survives
// masking, whatever surrounds it, and that text without a URL is left
// alone.
func FuzzMaskURL(f *testing.F) {
	f.Add("user", "pw", "host:5432", "/db?sslmode=require")
	f.Add("", "p@ss:w0rd", "cache", "")
	f.Add("u", "x", "h", " and redis://:y@h2/0")
	f.Fuzz(func(t *testing.T, user, pw, host, rest string) {
		plain := user + pw + host + rest
		if !strings.Contains(plain, "://") && MaskURL(plain) != plain {
			t.Fatalf("MaskURL changed text without a URL: %q -> %q", plain, MaskURL(plain))
		}
		if pw == "" || strings.ContainsAny(pw, "/?# \t\n") || strings.ContainsAny(user, "/?#@: \t\n") ||
			strings.ContainsAny(host, "@/?# \t\n") || strings.Contains(pw, "://") {
			return
		}
		s := "x://" + user + ":" + pw + "@" + host + rest
		if strings.Contains("x://"+user+":"+Masked+"@"+host+rest, pw) {
			return // pw occurs elsewhere; its presence proves nothing
		}
		if out := MaskURL(s); strings.Contains(out, pw) {
			t.Fatalf("MaskURL(%q) = %q leaks %q", s, out, pw)
		}
	})
}
