package static

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func refsOf(css string) []string {
	var out []string
	for _, sp := range cssRefs([]byte(css)) {
		out = append(out, css[sp.start:sp.end])
	}
	return out
}

func TestCSSRefs(t *testing.T) {
	for css, want := range map[string][]string{
		`a{background:url(a.png)}`:                      {"a.png"},
		`a{background:url( "b c.png" )}`:                {"b c.png"},
		`a{background:url('x.png?#iefix')}`:             {"x.png?#iefix"},
		`a{background:URL(up.png)}`:                     {"up.png"},
		`@import "a.css"; @import 'b.css' screen;`:      {"a.css", "b.css"},
		`@IMPORT url(c.css);`:                           {"c.css"},
		`@import"tight.css";`:                           {"tight.css"},
		`/* url(no.png) @import "no.css"; */ x{}`:       nil,
		`a::before{content:"url(no.png)"}`:              nil,
		`a::before{content:'it\'s url(no.png)'}`:        nil,
		`a{background:myurl(no.png)}`:                   nil,
		`a{background:x-url(no.png)}`:                   nil,
		`@imports "no.css";`:                            nil,
		`a{background:url()}`:                           nil,
		`a{background:url("")}`:                         nil,
		`a{background:url(unterminated`:                 nil,
		`a{background:url("unterminated)}`:              nil,
		`a{background:url(a b.png)}`:                    nil,
		`a{background:url(a"b.png)} b{x:url(ok.png)}`:   {"ok.png"},
		`a{background:url("es\"c.png")}`:                nil,
		`a{background:url("a.png" x)} b{x:url(ok.png)}`: {"ok.png"},
		`a{background:url("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><path d='M0 0(1)'/></svg>")}`: {"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><path d='M0 0(1)'/></svg>"},
		"a{background:url(\n a.png \n)}":     {"a.png"},
		`/* unterminated comment url(a.png)`: nil,
	} {
		if got := refsOf(css); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("cssRefs(%s) = %q, want %q", css, got, want)
		}
	}
}

func TestRefTarget(t *testing.T) {
	f := &Files{url: "/static/"}
	for _, tc := range []struct{ css, ref, want string }{
		{"css/site.css", "../img/a.png", "img/a.png"},
		{"css/site.css", "img/a.png", "css/img/a.png"},
		{"css/site.css", "./a.css", "css/a.css"},
		{"site.css", "a%20b.png", "a b.png"},
		{"css/site.css", "/static/img/a.png", "img/a.png"},
		{"css/site.css", "../../x.png", "../x.png"},
		{"css/site.css", "data:image/png;base64,AA", ""},
		{"css/site.css", "https://x/a.png", ""},
		{"css/site.css", "HTTP://x/a.png", ""},
		{"css/site.css", "//cdn/a.png", ""},
		{"css/site.css", "/media/a.png", ""},
		{"css/site.css", "", ""},
		{"css/site.css", "img/", ""},
		{"css/site.css", "..", ""},
		{"css/site.css", "bad%zz.png", ""},
	} {
		got, ok := f.refTarget(tc.css, tc.ref)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("refTarget(%s, %s) = %q, %v; want %q", tc.css, tc.ref, got, ok, tc.want)
		}
	}
}

func TestHashedRef(t *testing.T) {
	h := "0123456789ab"
	for _, tc := range []struct{ p, hashed, want string }{
		{"../img/a.png", "img/a." + h + ".png", "../img/a." + h + ".png"},
		{"a%20b.png", "a b." + h + ".png", "a%20b." + h + ".png"},
		{"a%2Epng", "a." + h + ".png", "a." + h + ".png"},
		{"LICENSE", "LICENSE." + h, "LICENSE." + h},
	} {
		if got := hashedRef(tc.p, tc.hashed); got != tc.want {
			t.Errorf("hashedRef(%s) = %s, want %s", tc.p, got, tc.want)
		}
	}
}

func TestHashedName(t *testing.T) {
	for name, want := range map[string]string{
		"css/site.css": "css/site.0123456789ab.css",
		"LICENSE":      "LICENSE.0123456789ab",
		"js/a.min.js":  "js/a.min.0123456789ab.js",
		"a.tar.gz":     "a.tar.0123456789ab.gz",
	} {
		got := hashedName(name, "0123456789ab")
		if got != want || hashOfName(got) != "0123456789ab" {
			t.Errorf("hashedName(%s) = %s (hash back %q), want %s", name, got, hashOfName(got), want)
		}
	}
	for _, name := range []string{"css/site.css", "a.0123456789AB.css", "a.0123456789a.css", "0123456789ab.css"} {
		if h := hashOfName(name); h != "" {
			t.Errorf("hashOfName(%s) = %q, want none", name, h)
		}
	}
}

func TestRewriteCSSStopsAtError(t *testing.T) {
	boom := errors.New("boom")
	_, err := rewriteCSS([]byte(`a{b:url(x.png)}`), func(string) (string, error) { return "", boom })
	if !errors.Is(err, boom) {
		t.Errorf("error = %v", err)
	}
}

// FuzzCSSRewrite checks that the rewriter never panics, changes only the
// URL references it reports, and reports none in text that has no url(
// or @import.
func FuzzCSSRewrite(f *testing.F) {
	for _, s := range []string{
		`@import "a.css"; body{background:url("../img/b.png?v=1#x")}`,
		`a{b:url(data:image/png;base64,AAAA)} /* url(c.png) */ d{content:"url(e)"}`,
		`@import url('x.css') screen; @font-face{src:url(f.woff2?#iefix) format("woff2")}`,
		`a{b:url(`, `a{b:url("`, `"\`, `/*`, `@import`, `@import "`, `url(\)`, "url('a\nb')",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, css string) {
		src := []byte(css)
		var seen []string
		out, err := rewriteCSS(src, func(ref string) (string, error) {
			seen = append(seen, ref)
			return ref, nil
		})
		if err != nil || !bytes.Equal(out, src) {
			t.Fatalf("identity rewrite changed the text: %q -> %q (%v)", src, out, err)
		}
		low := strings.ToLower(css)
		if len(seen) > 0 && !strings.Contains(low, "url(") && !strings.Contains(low, "@import") {
			t.Fatalf("found references %q in text without url( or @import", seen)
		}
		spans := cssRefs(src)
		last := 0
		for i, sp := range spans {
			if sp.start < last || sp.end <= sp.start || sp.end > len(src) {
				t.Fatalf("span %d %+v out of order or bounds (len %d)", i, sp, len(src))
			}
			ref := css[sp.start:sp.end]
			if ref != strings.TrimSpace(ref) || strings.Contains(ref, "\\") {
				t.Fatalf("span %q has edge space or an escape", ref)
			}
			last = sp.end
		}
		// Rewriting every reference to a marker keeps everything between
		// references byte for byte.
		out, _ = rewriteCSS(src, func(string) (string, error) { return "\x00", nil })
		var want []byte
		last = 0
		for _, sp := range spans {
			want = append(append(want, src[last:sp.start]...), 0)
			last = sp.end
		}
		want = append(want, src[last:]...)
		if !bytes.Equal(out, want) {
			t.Fatalf("text outside references changed:\n got %q\nwant %q", out, want)
		}
	})
}
