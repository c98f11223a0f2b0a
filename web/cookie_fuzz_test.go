package web

import (
	"testing"
	"unicode/utf8"
)

// FuzzCookieHeader parses arbitrary Cookie headers the way Django does:
// it must never panic and must only produce valid UTF-8. The input, when it
// is valid UTF-8, is also used as a cookie value: quoting it and parsing it
// back must give it unchanged.
func FuzzCookieHeader(f *testing.F) {
	f.Add(`greeting="h\351llo:1r31eq:ADntmhLXmOxDauX5q4WZEARyDsFg6pCUO5M4XZXVuAA"`)
	f.Add(`specials="a\073b\054c\"d\\e:1r31eq:EN9Ple0uPPuzf1b-R8D--FwB0Pek873Q4cN1UUZy3xw"`)
	f.Add("a=1; a=2; lonely; =v;;")
	f.Add(`x="\`)
	f.Add("\xff\xfe=\x1c\"\\3")
	f.Fuzz(func(t *testing.T, in string) {
		forEachCookie(in, func(name, value string) {
			if !utf8.ValidString(name) || !utf8.ValidString(value) {
				t.Fatalf("parsing %q gave invalid UTF-8: %q=%q", in, name, value)
			}
		})
		if !utf8.ValidString(in) {
			return
		}
		q := quoteCookie(in)
		for i := 0; i < len(q); i++ {
			if q[i] == ';' || q[i] < 0x20 || q[i] == 0x7f {
				t.Fatalf("quoteCookie(%q) = %q holds byte %#x", in, q, q[i])
			}
		}
		var got string
		found := false
		forEachCookie("a=1; n="+q+"; z=2", func(name, value string) {
			if name == "n" {
				got, found = value, true
			}
		})
		if !found || got != in {
			t.Fatalf("quoted %q as %q, parsed back %q (found %v)", in, q, got, found)
		}
	})
}
