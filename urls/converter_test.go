package urls

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func TestBuiltinMatchersAgreeWithRegexp(t *testing.T) {
	inputs := []string{"", "0", "42", "007", "9223372036854775807", "9223372036854775808",
		"-1", "abc", "a-b_C9", "a b", "a/b", "caf\u00e9", "0b8a9d5e-3c4f-4a61-9d2e-7f1c2b3a4d5e",
		"0B8A9D5E-3C4F-4A61-9D2E-7F1C2B3A4D5E", "0b8a9d5e3c4f4a619d2e7f1c2b3a4d5e", "x\ny"}
	for _, name := range []string{ConvInt, ConvSlug, ConvUUID} {
		c, _ := registeredConverter(name)
		re := regexp.MustCompile(`^(?:` + c.Regexp() + `)$`)
		m := c.(Matcher)
		for _, s := range inputs {
			want := re.MatchString(s)
			if name == ConvInt && s == "9223372036854775808" {
				want = false // does not fit an int64: documented
			}
			if got := m.Match(s); got != want {
				t.Errorf("%s.Match(%q) = %v, regexp says %v", name, s, got, want)
			}
			if _, err := c.ToGo(s); (err == nil) != m.Match(s) {
				t.Errorf("%s: ToGo(%q) err = %v disagrees with Match", name, s, err)
			}
		}
	}
}

func TestIntConverter(t *testing.T) {
	c := intConverter{}
	if v, err := c.ToGo("0042"); err != nil || v != int64(42) {
		t.Errorf("ToGo(0042) = %#v, %v", v, err)
	}
	for _, v := range []any{-1, int64(-5), "x", 1.5, "", int8(-1)} {
		if s, err := c.ToURL(v); err == nil {
			t.Errorf("ToURL(%#v) = %q, want error", v, s)
		}
	}
	for v, want := range map[any]string{7: "7", uint64(1<<63 - 1): "9223372036854775807", "12": "12", int32(3): "3"} {
		if s, err := c.ToURL(v); err != nil || s != want {
			t.Errorf("ToURL(%#v) = %q, %v", v, s, err)
		}
	}
}

func TestSpanDetection(t *testing.T) {
	for re, want := range map[string]bool{
		`.+`: true, `[^/]+`: false, `[a-z]+`: false, `[ -~]+`: true, `a/b`: true,
		`(?s).*`: true, `[0-9]{4}`: false, `\w+`: false, `[^a]+`: true,
	} {
		got, err := regexpMatchesSlash(re)
		if err != nil || got != want {
			t.Errorf("regexpMatchesSlash(%q) = %v, %v; want %v", re, got, err, want)
		}
	}
}

// dirsConv spans segments through its regexp and converts to a slice.
type dirsConv struct{}

func (dirsConv) Regexp() string             { return `[a-z]+(?:/[a-z]+)*` }
func (dirsConv) ToGo(s string) (any, error) { return strings.Split(s, "/"), nil }
func (dirsConv) ToURL(v any) (string, error) {
	if d, ok := v.([]string); ok {
		return strings.Join(d, "/"), nil
	}
	return "", fmt.Errorf("want []string, got %T", v)
}

func TestCustomSpanningConverter(t *testing.T) {
	var got any
	rt := mustNew(t, []Pattern{
		Path("d/<dirs:d>/index/", func(w http.ResponseWriter, r *http.Request) { got = Value(r, "d") }, "d"),
	}, Options{Converters: map[string]Converter{"dirs": dirsConv{}}})
	if code, _, _ := serve(rt, "GET", "/d/a/bc/index/"); code != 200 || fmt.Sprint(got) != "[a bc]" {
		t.Errorf("code %d value %v", code, got)
	}
	if code, _, _ := serve(rt, "GET", "/d/a/B/index/"); code != 404 {
		t.Errorf("upper case accepted: %d", code)
	}
	if p, err := rt.Reverse("d", []string{"x", "y"}); err != nil || p != "/d/x/y/index/" {
		t.Errorf("Reverse = %q, %v", p, err)
	}
	if _, err := rt.Reverse("d", []string{"X"}); err == nil || !strings.Contains(err.Error(), "does not accept back") {
		t.Errorf("Reverse of a value the regexp refuses: %v", err)
	}
}

func TestBadConverterRegexp(t *testing.T) {
	bad := badRegexp{}
	_, err := New([]Pattern{Path("<bad:x>/", echo, "x")}, Options{Converters: map[string]Converter{"bad": bad}})
	if err == nil || !strings.Contains(err.Error(), "does not compile") {
		t.Errorf("err = %v", err)
	}
}

type badRegexp struct{ dirsConv }

func (badRegexp) Regexp() string { return `[` }

var registerEven sync.Once

func TestRegisterConverter(t *testing.T) {
	// The registry is process-wide: register once even under -count=N.
	registerEven.Do(func() { RegisterConverter("test_even", evenConv{}) })
	rt := mustNew(t, []Pattern{Path("<test_even:n>/", echo, "n")}, Options{})
	if code, _, _ := serve(rt, "GET", "/4/"); code != 200 {
		t.Errorf("registered converter not used: %d", code)
	}
	for _, c := range []struct {
		name string
		conv Converter
		want string
	}{
		{"test_even", evenConv{}, "called twice"},
		{"int", evenConv{}, "called twice"},
		{"bad name", evenConv{}, "not an identifier"},
		{"test_nil", nil, "is nil"},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), c.want) {
					t.Errorf("RegisterConverter(%q) panic = %v, want %q", c.name, r, c.want)
				}
			}()
			RegisterConverter(c.name, c.conv)
		}()
	}
}
