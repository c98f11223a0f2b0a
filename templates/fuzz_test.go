package templates

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzFilters feeds arbitrary text, as user data would be, to the text and
// number filters and checks their contracts rather than exact output.
func FuzzFilters(f *testing.F) {
	for _, s := range []string{"", "Joel is a slug", "<b>x</b>", "<<b>script>", "34.26", "-0.05", "1e400", "e\u0301e\u0301", "\xff\xfe", "9.999"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		n %= 1000
		if got := truncatechars(n, s); n > 0 && utf8.ValidString(s) {
			count := 0
			for _, r := range got {
				if !unicode.Is(unicode.Mn, r) {
					count++
				}
			}
			if count > n {
				t.Errorf("truncatechars(%d, %q) = %q: %d characters", n, s, got, count)
			}
		}
		if got := truncatewords(n, s); n > 0 && len(strings.Fields(got)) > n+1 {
			t.Errorf("truncatewords(%d, %q) = %q", n, s, got)
		}
		if got := striptags(s); strings.Contains(got, "<") {
			if i := strings.IndexByte(got, '<'); i+1 < len(got) && strings.IndexByte(got[i:], '>') > 0 {
				c := got[i+1]
				if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' {
					t.Errorf("striptags(%q) = %q still has a tag", s, got)
				}
			}
		}
		if got := slugify(s); strings.Trim(got, "abcdefghijklmnopqrstuvwxyz0123456789_-") != "" || strings.Contains(got, "--") {
			t.Errorf("slugify(%q) = %q", s, got)
		}
		got, err := floatformat(n%10, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, perr := strconv.ParseFloat(strings.TrimSpace(s), 64); perr == nil && got != s {
			if _, err := strconv.ParseFloat(got, 64); err != nil {
				t.Errorf("floatformat(%d, %q) = %q, not a number", n%10, s, got)
			}
		}
		linebreaks(s)
		title(s)
		filesizeformat(s)
		pluralize(s, "y,ies")
		urlencode(s)
	})
}
