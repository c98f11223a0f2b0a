package templates

import (
	"bytes"
	"html/template"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"time"
)

// exec renders src as a one-file template with the built-in functions.
func exec(t *testing.T, src string, data map[string]any) string {
	t.Helper()
	e, err := New(Options{Dirs: []fs.FS{mapfs("t.html", src)}})
	if err != nil {
		t.Fatalf("New(%q): %v", src, err)
	}
	var b bytes.Buffer
	if err := e.Render(&b, nil, "t.html", "", data); err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return b.String()
}

func execErr(t *testing.T, src string, data map[string]any) error {
	t.Helper()
	e, err := New(Options{Dirs: []fs.FS{mapfs("t.html", src)}})
	if err != nil {
		t.Fatalf("New(%q): %v", src, err)
	}
	return e.Render(&bytes.Buffer{}, nil, "t.html", "", data)
}

const nb = "\u00a0"

var (
	fri  = time.Date(2003, time.October, 3, 15, 5, 9, 123456000, time.FixedZone("CET", 3600))
	noon = time.Date(2024, time.January, 1, 12, 0, 0, 0, time.UTC)
	mid  = time.Date(2024, time.February, 29, 0, 0, 0, 0, time.UTC)
)

func TestDate(t *testing.T) {
	for _, c := range []struct {
		format string
		t      time.Time
		want   string
	}{
		{"N j, Y", fri, "Oct. 3, 2003"},
		{"", fri, "Oct. 3, 2003"},
		{"Y-m-d H:i", fri, "2003-10-03 15:05"},
		{"D, d M Y", fri, "Fri, 03 Oct 2003"},
		{"l F jS", fri, "Friday October 3rd"},
		{"n/j/y G:i:s", fri, "10/3/03 15:05:09"},
		{"A a P", fri, "PM p.m. 3:05 p.m."},
		{"e O Z", fri, "CET +0100 3600"},
		{"c", fri, "2003-10-03T15:05:09.123456+01:00"},
		{"c", noon, "2024-01-01T12:00:00+00:00"},
		{"r", fri, "Fri, 03 Oct 2003 15:05:09 +0100"},
		{"U", noon, "1704110400"},
		{"P", noon, "noon"},
		{"P", mid, "midnight"},
		{"P", time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC), "9 a.m."},
		{"f g h", time.Date(2024, 1, 1, 0, 30, 0, 0, time.UTC), "12:30 12 12"},
		{"N", time.Date(2024, time.September, 1, 0, 0, 0, 0, time.UTC), "Sept."},
		{"N", time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC), "March"},
		{"L t z w b", mid, "True 29 60 4 feb"},
		{"L t", fri, "False 31"},
		{"jS jS jS jS", time.Date(2024, 1, 11, 0, 0, 0, 0, time.UTC), "11th 11th 11th 11th"},
		{"S", time.Date(2024, 1, 22, 0, 0, 0, 0, time.UTC), "nd"},
		{"o-W", time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), "2020-53"},
		{"u", fri, "123456"},
		{`\Y\e\a\r: Y \\`, fri, `Year: 2003 \`},
		{"Y", time.Date(999, 1, 1, 0, 0, 0, 0, time.UTC), "0999"},
		{"y", time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC), "05"},
		{"a Q!", noon, "p.m. Q!"},
	} {
		if got := dateFilter(c.format, c.t); got != c.want {
			t.Errorf("date %q = %q, want %q", c.format, got, c.want)
		}
	}
	var nilTime *time.Time
	for _, v := range []any{nil, nilTime, time.Time{}, "2003-10-03", 12} {
		if got := dateFilter("Y", v); got != "" {
			t.Errorf("date of %#v = %q, want \"\"", v, got)
		}
	}
	if got := dateFilter("Y", &fri); got != "2003" {
		t.Errorf("date of *time.Time = %q", got)
	}
	if got := exec(t, `{{.t | date "N j, Y"}}|{{date "Y" .missing}}`, map[string]any{"t": fri}); got != "Oct. 3, 2003|" {
		t.Errorf("in a template: %q", got)
	}
}

func TestTime(t *testing.T) {
	if got, err := timeFilter("H:i", fri); err != nil || got != "15:05" {
		t.Errorf("time H:i = %q, %v", got, err)
	}
	if got, _ := timeFilter("", noon); got != "noon" {
		t.Errorf("time default = %q", got)
	}
	if got, err := timeFilter("H", nil); err != nil || got != "" {
		t.Errorf("time of nil = %q, %v", got, err)
	}
	if _, err := timeFilter("Y H", fri); err == nil || !strings.Contains(err.Error(), `'Y'`) {
		t.Errorf("date letter in time: err = %v", err)
	}
	if _, err := timeFilter("Y", nil); err == nil {
		t.Error("a bad format is accepted when the value is nil")
	}
}

func TestTimesince(t *testing.T) {
	base := time.Date(2024, time.January, 31, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		d, now time.Time
		want   string
	}{
		{base, base, "0" + nb + "minutes"},
		{base, base.Add(59 * time.Second), "0" + nb + "minutes"},
		{base, base.Add(time.Minute), "1" + nb + "minute"},
		{base, base.Add(4*24*time.Hour + 6*time.Hour + 5*time.Minute), "4" + nb + "days, 6" + nb + "hours"},
		{base, base.Add(15 * 24 * time.Hour), "2" + nb + "weeks, 1" + nb + "day"},
		// Jan 31 + 1 month is Feb 28 (February always counts 28 days).
		{base, time.Date(2024, time.February, 29, 10, 0, 0, 0, time.UTC), "4" + nb + "weeks, 1" + nb + "day"},
		// Stops at the first zero unit: 1 month, 0 weeks, 2 days.
		{base, time.Date(2024, time.March, 1, 10, 0, 0, 0, time.UTC), "1" + nb + "month"},
		{base, time.Date(2024, time.March, 10, 10, 0, 0, 0, time.UTC), "1" + nb + "month, 1" + nb + "week"},
		{base, time.Date(2025, time.January, 31, 10, 0, 0, 0, time.UTC), "1" + nb + "year"},
		{base, time.Date(2026, time.March, 31, 9, 0, 0, 0, time.UTC), "2" + nb + "years, 1" + nb + "month"},
		// Units must be adjacent: a year and 3 days shows only the year.
		{base, time.Date(2025, time.February, 3, 10, 0, 0, 0, time.UTC), "1" + nb + "year"},
		{base, base.Add(-time.Hour), "0" + nb + "minutes"},
	} {
		if got, _ := timesince(c.now, c.d); got != c.want {
			t.Errorf("timesince(%v, %v) = %q, want %q", c.d, c.now, got, c.want)
		}
		if got, _ := timeuntil(c.d, c.now); got != c.want {
			t.Errorf("timeuntil(%v from %v) = %q, want %q", c.now, c.d, got, c.want)
		}
	}
	got, err := timesince(time.Now().Add(-3*time.Hour - 10*time.Minute - 5*time.Second))
	if err != nil || got != "3"+nb+"hours, 10"+nb+"minutes" {
		t.Errorf("timesince until now = %q, %v", got, err)
	}
	got, _ = timeuntil(time.Now().Add(2*24*time.Hour + time.Hour + 30*time.Second))
	if got != "2"+nb+"days, 1"+nb+"hour" {
		t.Errorf("timeuntil from now = %q", got)
	}
	if got, _ := timesince(nil); got != "" {
		t.Errorf("timesince(nil) = %q", got)
	}
	if got, _ := timesince(nil, base); got != "" {
		t.Errorf("timesince with nil reference = %q", got)
	}
	if _, err := timesince(); err == nil {
		t.Error("timesince() without arguments did not fail")
	}
	if got := exec(t, `{{.d | timesince .now}}`, map[string]any{"d": base, "now": base.Add(90 * time.Minute)}); got != "1"+nb+"hour, 30"+nb+"minutes" {
		t.Errorf("pipeline: %q", got)
	}
}

func TestTruncate(t *testing.T) {
	for _, c := range []struct {
		n    int
		v    any
		want string
	}{
		{2, "Joel is a slug", "Joel is …"},
		{4, "Joel is a slug", "Joel is a slug"},
		{5, "  spaced \n  out ", "spaced out"},
		{0, "x y", ""},
		{3, nil, ""},
	} {
		if got := truncatewords(c.n, c.v); got != c.want {
			t.Errorf("truncatewords %d %q = %q, want %q", c.n, c.v, got, c.want)
		}
	}
	for _, c := range []struct {
		n    int
		v    any
		want string
	}{
		{7, "Joel is a slug", "Joel i…"},
		{14, "Joel is a slug", "Joel is a slug"},
		{13, "Joel is a slug", "Joel is a sl…"},
		{1, "ab", "…"},
		{0, "ab", ""},
		{3, "héllo", "hé…"},
		{3, "e\u0301e\u0301e\u0301", "e\u0301e\u0301e\u0301"}, // combining accents do not count
		{3, nil, ""},
	} {
		if got := truncatechars(c.n, c.v); got != c.want {
			t.Errorf("truncatechars %d %q = %q, want %q", c.n, c.v, got, c.want)
		}
	}
	if got := exec(t, `{{.body | truncatewords 2}}`, map[string]any{"body": "one <two> three"}); got != "one &lt;two&gt; …" {
		t.Errorf("pipeline: %q", got)
	}
}

func TestPluralize(t *testing.T) {
	for _, c := range []struct {
		args []any
		want string
	}{
		{[]any{1}, ""},
		{[]any{0}, "s"},
		{[]any{2}, "s"},
		{[]any{1.0}, ""},
		{[]any{uint8(1)}, ""},
		{[]any{"1"}, ""},
		{[]any{"2"}, "s"},
		{[]any{"many"}, ""},
		{[]any{[]int{1}}, ""},
		{[]any{[]int{1, 2}}, "s"},
		{[]any{nil}, ""},
		{[]any{1, "es"}, ""},
		{[]any{2, "es"}, "es"},
		{[]any{"es", 2}, "es"}, // pipeline order
		{[]any{"es", "2"}, "es"},
		{[]any{1, "y,ies"}, "y"},
		{[]any{3, "y,ies"}, "ies"},
		{[]any{"y,ies", []string{"a"}}, "y"},
		{[]any{3, "a,b,c"}, ""},
	} {
		got, err := pluralize(c.args...)
		if err != nil || got != c.want {
			t.Errorf("pluralize%v = %q, %v; want %q", c.args, got, err, c.want)
		}
	}
	for _, args := range [][]any{{}, {1, 2}, {1, "s", 3}} {
		if _, err := pluralize(args...); err == nil {
			t.Errorf("pluralize%v did not fail", args)
		}
	}
	got := exec(t, `{{.n}} box{{pluralize .n "es"}}, {{.m}} cherr{{.m | pluralize "y,ies"}}, {{len .l}} item{{pluralize .l}}`,
		map[string]any{"n": 2, "m": 1, "l": []int{1, 2, 3}})
	if got != "2 boxes, 1 cherry, 3 items" {
		t.Errorf("in a template: %q", got)
	}
}

func TestLinebreaks(t *testing.T) {
	for _, c := range []struct {
		v        any
		br, pars template.HTML
	}{
		{"a\nb", "a<br>b", "<p>a<br>b</p>"},
		{"a\r\n\r\nb\rc", "a<br><br>b<br>c", "<p>a</p>\n\n<p>b<br>c</p>"},
		{"x\n\n\n\ny\n", "x<br><br><br><br>y<br>", "<p>x</p>\n\n<p>y<br></p>"},
		{"<b>&\n", "&lt;b&gt;&amp;<br>", "<p>&lt;b&gt;&amp;<br></p>"},
		{template.HTML("<b>x</b>\ny"), "<b>x</b><br>y", "<p><b>x</b><br>y</p>"},
		{nil, "", ""},
		{"", "", ""},
	} {
		if got := linebreaksbr(c.v); got != c.br {
			t.Errorf("linebreaksbr %q = %q, want %q", c.v, got, c.br)
		}
		if got := linebreaks(c.v); got != c.pars {
			t.Errorf("linebreaks %q = %q, want %q", c.v, got, c.pars)
		}
	}
	if got := exec(t, `{{.t | linebreaksbr}}`, map[string]any{"t": "<i>\n"}); got != "&lt;i&gt;<br>" {
		t.Errorf("in a template (must not be escaped twice): %q", got)
	}
}

func TestDefaults(t *testing.T) {
	var nilPtr *int
	zero := 0
	for _, c := range []struct {
		v            any
		def, defNone any
	}{
		{nil, "D", "D"},
		{nilPtr, "D", "D"},
		{[]int(nil), "D", "D"},
		{"", "D", ""},
		{0, "D", 0},
		{0.0, "D", 0.0},
		{uint(0), "D", uint(0)},
		{false, "D", false},
		{[]int{}, "D", []int{}},
		{map[string]int{}, "D", map[string]int{}},
		{time.Time{}, "D", time.Time{}},
		{&zero, &zero, &zero},
		{"x", "x", "x"},
		{3, 3, 3},
		{true, true, true},
		{[]int{1}, []int{1}, []int{1}},
		{struct{}{}, struct{}{}, struct{}{}},
	} {
		if got := defaultFilter("D", c.v); !reflect.DeepEqual(got, c.def) {
			t.Errorf("default %#v = %#v, want %#v", c.v, got, c.def)
		}
		if got := defaultIfNone("D", c.v); !reflect.DeepEqual(got, c.defNone) {
			t.Errorf("default_if_none %#v = %#v, want %#v", c.v, got, c.defNone)
		}
	}
	if got := exec(t, `{{.name | default "anon"}} {{.missing | default "none"}} {{.empty | default_if_none "n"}}.`, map[string]any{"name": "", "empty": ""}); got != "anon none ." {
		t.Errorf("in a template: %q", got)
	}
}

func TestYesno(t *testing.T) {
	for _, c := range []struct {
		choices string
		v       any
		want    string
	}{
		{"yes,no,maybe", true, "yes"},
		{"yes,no,maybe", false, "no"},
		{"yes,no,maybe", nil, "maybe"},
		{"", nil, "maybe"},
		{"", 1, "yes"},
		{"y,n", nil, "n"},
		{"y,n", "", "n"},
		{"a,b,c,d", nil, "b"},
	} {
		if got, err := yesno(c.choices, c.v); err != nil || got != c.want {
			t.Errorf("yesno %q %#v = %q, %v; want %q", c.choices, c.v, got, err, c.want)
		}
	}
	if _, err := yesno("yes", true); err == nil {
		t.Error("yesno with one choice did not fail")
	}
}

func TestFilesizeformat(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{0, "0" + nb + "bytes"},
		{1, "1" + nb + "byte"},
		{1023, "1023" + nb + "bytes"},
		{1024, "1.0" + nb + "KB"},
		{1536, "1.5" + nb + "KB"},
		{1280, "1.2" + nb + "KB"}, // 1.25 rounds half to even, as Python's round
		{10 * 1024 * 1024, "10.0" + nb + "MB"},
		{int64(1) << 30, "1.0" + nb + "GB"},
		{int64(1) << 40, "1.0" + nb + "TB"},
		{int64(1) << 50, "1.0" + nb + "PB"},
		{int64(1) << 60, "1024.0" + nb + "PB"},
		{1024*1024 - 1, "1024.0" + nb + "KB"},
		{-2048, "-2.0" + nb + "KB"},
		{-1, "-1" + nb + "byte"},
		{uint64(2048), "2.0" + nb + "KB"},
		{1536.9, "1.5" + nb + "KB"},
		{"2048", "2.0" + nb + "KB"},
		{"12.5", "0" + nb + "bytes"},
		{"x", "0" + nb + "bytes"},
		{nil, "0" + nb + "bytes"},
	} {
		if got := filesizeformat(c.v); got != c.want {
			t.Errorf("filesizeformat %#v = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Hello World!":             "hello-world",
		"  Jazz -- a Go   web fw ": "jazz-a-go-web-fw",
		"snake_case stays":         "snake_case-stays",
		"_-trim me-_":              "trim-me",
		"Café au lait":             "caf-au-lait",
		"2024: a year":             "2024-a-year",
		"":                         "",
		"!!!":                      "",
	} {
		if got := slugify(in); got != want {
			t.Errorf("slugify %q = %q, want %q", in, got, want)
		}
	}
	if slugify(nil) != "" {
		t.Error("slugify(nil) != \"\"")
	}
}

func TestFloatformat(t *testing.T) {
	for _, c := range []struct {
		args []any
		want string
	}{
		{[]any{34.23234}, "34.2"},
		{[]any{34.00000}, "34"},
		{[]any{34.26000}, "34.3"},
		{[]any{3, 34.23234}, "34.232"},
		{[]any{3, 34.0}, "34.000"},
		{[]any{3, 34.26}, "34.260"},
		{[]any{"0", 34.23234}, "34"},
		{[]any{"0", 34.0}, "34"},
		{[]any{"0", 39.56}, "40"},
		{[]any{-3, 34.23234}, "34.232"},
		{[]any{-3, 34.0}, "34"},
		{[]any{-3, 34.26}, "34.260"},
		{[]any{-1, 34.0001}, "34.0"},
		{[]any{2, 2.675}, "2.68"}, // half up on the decimal form, unlike binary rounding
		{[]any{2, 0.125}, "0.13"},
		{[]any{1, -0.04}, "0.0"}, // no negative zero
		{[]any{1, -0.06}, "-0.1"},
		{[]any{0, -2.5}, "-3"},
		{[]any{1, 9.96}, "10.0"},
		{[]any{2, 7}, "7.00"},
		{[]any{7}, "7"},
		{[]any{"2", "3.14159"}, "3.14"},
		{[]any{2, "12345678901234567890.125"}, "12345678901234567890.13"},
		{[]any{1, "1e3"}, "1000.0"},
		{[]any{"2g", 1234567.891}, "1,234,567.89"},
		{[]any{"g", 1234567.0}, "1,234,567"},
		{[]any{"2u", 1.5}, "1.50"},
		{[]any{float32(0.1)}, "0.1"},
		{[]any{nil}, ""},
		{[]any{"abc"}, ""},
		{[]any{"x", 1.5}, "1.5"}, // a bad argument returns the value
		{[]any{2, "inf"}, "inf"},
		{[]any{1 << 30, 1.5}, "1.5"}, // precision beyond the cap
	} {
		got, err := floatformat(c.args...)
		if err != nil || got != c.want {
			t.Errorf("floatformat%v = %q, %v; want %q", c.args, got, err, c.want)
		}
	}
	if _, err := floatformat(); err == nil {
		t.Error("floatformat() did not fail")
	}
	if got := exec(t, `{{.x | floatformat}} {{.x | floatformat 3}}`, map[string]any{"x": 1.25}); got != "1.3 1.250" {
		t.Errorf("in a template: %q", got)
	}
}

type stringer struct{ s string }

func (s *stringer) String() string { return s.s }

func TestSmallFilters(t *testing.T) {
	var nilStringer *stringer
	checks := []struct {
		name      string
		got, want any
	}{
		{"join strings", join(", ", []string{"a", "b"}), "a, b"},
		{"join any", join("-", []any{1, "x", nil, 2.5}), "1-x--2.5"},
		{"join ints", join("+", [2]int{1, 2}), "1+2"},
		{"join string", join(",", "abc"), "abc"},
		{"join nil", join(",", nil), ""},
		{"join other", join(",", 3), ""},
		{"length string", length("héllo"), 5},
		{"length slice", length([]int{1, 2}), 2},
		{"length map", length(map[int]int{1: 1}), 1},
		{"length nil", length(nil), 0},
		{"length int", length(5), 0},
		{"upper", upper("abc é"), "ABC É"},
		{"lower", lower("ABC"), "abc"},
		{"upper nil", upper(nil), ""},
		{"upper stringer", upper(&stringer{"x"}), "X"},
		{"upper nil stringer", upper(nilStringer), ""},
		{"title", title("they're bill's friends from the UK"), "They're Bill's Friends From The Uk"},
		{"title digits", title("1st place, 2ND try"), "1st Place, 2nd Try"},
		{"title apostrophe start", title("'tis o'neil"), "'Tis O'Neil"},
		{"capfirst", capfirst("élan vital"), "Élan vital"},
		{"capfirst empty", capfirst(""), ""},
		{"wordcount", wordcount(" a b\n c "), 3},
		{"wordcount nil", wordcount(nil), 0},
		{"striptags", striptags(`<p class="x">Hello <b>world</b>!</p><!-- c --> 1 < 2`), "Hello world! 1 < 2"},
		{"striptags nested", striptags("<<b>script>alert(1)<</b>/script>"), "alert(1)"},
		{"striptags unclosed", striptags("a <b"), "a <b"},
		{"first slice", first([]string{"a", "b"}), "a"},
		{"last slice", last([]int{1, 2, 3}), 3},
		{"first string", first("héllo"), "h"},
		{"last string", last("héllo"), "o"},
		{"first empty", first([]int{}), ""},
		{"last nil", last(nil), ""},
		{"first other", first(3), ""},
		{"add ints", add(2, 3), int64(5)},
		{"add int strings", add("2", "3"), int64(5)},
		{"add float", add(0.5, 2), 2.5},
		{"add strings", add("b", "a"), "ab"},
		{"add slices", add([]int{3}, []int{1, 2}), []int{1, 2, 3}},
		{"add mismatch", add("x", 2), ""},
		{"add nil", add(nil, 2), ""},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
	if got := exec(t, `{{.tags | join ", "}}|{{.n | add 5}}|{{.s | title}}|{{.l | length}}`,
		map[string]any{"tags": []string{"a", "<b>"}, "n": 1, "s": "go jazz", "l": []int{1}}); got != "a, &lt;b&gt;|6|Go Jazz|1" {
		t.Errorf("in a template: %q", got)
	}
}

func TestURLEncode(t *testing.T) {
	for _, c := range []struct {
		args []any
		want any
	}{
		{[]any{"a b/c?d=e&f"}, template.URL("a%20b/c%3Fd%3De%26f")},
		{[]any{"", "a/b"}, template.URL("a%2Fb")},
		{[]any{":/", "http://x/"}, "http://x/"},
		{[]any{"é~_.-"}, template.URL("%C3%A9~_.-")},
		{[]any{"javascript:alert(1)"}, template.URL("javascript%3Aalert%281%29")},
		{[]any{nil}, template.URL("")},
	} {
		got, err := urlencode(c.args...)
		if err != nil || got != c.want {
			t.Errorf("urlencode%q = %#v, %v; want %#v", c.args, got, err, c.want)
		}
	}
	if _, err := urlencode(1, "x"); err == nil {
		t.Error("a non-string safe set was accepted")
	}
	// Encoded once, not twice, inside a query string.
	if got := exec(t, `<a href="/s?q={{.q | urlencode}}">{{.q | urlencode}}</a>`, map[string]any{"q": "a b&c"}); got != `<a href="/s?q=a%20b%26c">a%20b%26c</a>` {
		t.Errorf("in a template: %q", got)
	}
	// A scheme let through by safe characters is still vetted by html/template.
	if got := exec(t, `<a href="{{.q | urlencode ":"}}">`, map[string]any{"q": "javascript:alert(1)"}); strings.Contains(got, "javascript:") {
		t.Errorf("unsafe URL let through: %q", got)
	}
}

func TestDict(t *testing.T) {
	if got := exec(t, `{{define "card"}}{{.a}}-{{.b}}{{end}}{{template "card" dict "a" 1 "b" .x}}`, map[string]any{"x": "X"}); got != "1-X" {
		t.Errorf("got %q", got)
	}
	if _, err := dict("a"); err == nil {
		t.Error("odd arguments accepted")
	}
	if _, err := dict(1, 2); err == nil {
		t.Error("non-string key accepted")
	}
}

func TestFilterErrorsSurface(t *testing.T) {
	if err := execErr(t, `{{yesno "bad" true}}`, nil); err == nil || !strings.Contains(err.Error(), "t.html") || !strings.Contains(err.Error(), "yesno") {
		t.Errorf("err = %v", err)
	}
}

func TestFuncsIsFresh(t *testing.T) {
	a := Funcs()
	a["date"] = nil
	if Funcs()["date"] == nil {
		t.Error("Funcs shares its map between calls")
	}
	if _, ok := Funcs()["safe"]; ok {
		t.Error("safe must not be provided")
	}
}
