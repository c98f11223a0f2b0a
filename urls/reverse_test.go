package urls

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

type stringer string

func (s stringer) String() string { return string(s) }

func reverseRouter(t testing.TB) *Router {
	v := func(w http.ResponseWriter, r *http.Request) {}
	return mustNew(t, []Pattern{
		Path("", v, "home"),
		Include("blog/", []Pattern{
			Path("", v, "post-list"),
			Path("<int:year>/<slug:slug>/", v, "post-detail"),
			Include("<slug:cat>/", []Pattern{Path("feed/", v, "feed")}, "cats"),
		}, "blog"),
		Path("tag/<str:name>/", v, "tag"),
		Path("files/<path:p>", v, "file"),
		Path("<path:p>", v, "root-file"),
		Path("u/<uuid:id>/", v, "user"),
		Path("page-<int:n>.html", v, "page"),
		Path("<slug:a>-<slug:b>/", v, "pair"),
		Path("caf\u00e9 menu/", v, "menu"),
	}, Options{})
}

func TestReverse(t *testing.T) {
	rt := reverseRouter(t)
	id := "0b8a9d5e-3c4f-4a61-9d2e-7f1c2b3a4d5e"
	cases := []struct {
		name string
		args []any
		want string
	}{
		{"home", nil, "/"},
		{"blog:post-list", nil, "/blog/"},
		{"blog:post-detail", []any{2026, "hello"}, "/blog/2026/hello/"},
		{"blog:post-detail", []any{int64(7), stringer("x")}, "/blog/7/x/"},
		{"blog:post-detail", []any{uint8(7), "a_b-c"}, "/blog/7/a_b-c/"},
		{"blog:post-detail", []any{"0042", "x"}, "/blog/0042/x/"},
		{"blog:cats:feed", []any{"go"}, "/blog/go/feed/"},
		{"tag", []any{"a b?c#d%e"}, "/tag/a%20b%3Fc%23d%25e/"},
		{"tag", []any{"a/b"}, "/tag/a%2Fb/"},
		{"tag", []any{"caf\u00e9"}, "/tag/caf%C3%A9/"},
		{"file", []any{"css/site v2.css"}, "/files/css/site%20v2.css"},
		{"root-file", []any{"/etc/x"}, "/%2Fetc/x"},
		{"user", []any{strings.ToUpper(id)}, "/u/" + id + "/"},
		{"user", []any{[16]byte{0x0b, 0x8a, 0x9d, 0x5e, 0x3c, 0x4f, 0x4a, 0x61, 0x9d, 0x2e, 0x7f, 0x1c, 0x2b, 0x3a, 0x4d, 0x5e}}, "/u/" + id + "/"},
		{"page", []any{3}, "/page-3.html"},
		{"pair", []any{"x", "y"}, "/x-y/"},
		{"menu", nil, "/caf%C3%A9%20menu/"},
	}
	for _, c := range cases {
		got, err := rt.Reverse(c.name, c.args...)
		if err != nil || got != c.want {
			t.Errorf("Reverse(%q, %v) = %q, %v; want %q", c.name, c.args, got, err, c.want)
		}
	}
}

func TestReverseKw(t *testing.T) {
	rt := reverseRouter(t)
	got, err := rt.ReverseKw("blog:post-detail", map[string]any{"year": 2026, "slug": "hello"})
	if err != nil || got != "/blog/2026/hello/" {
		t.Errorf("ReverseKw = %q, %v", got, err)
	}
	if got, err := rt.ReverseKw("home", nil); err != nil || got != "/" {
		t.Errorf("ReverseKw(home) = %q, %v", got, err)
	}
	for _, c := range []struct {
		kw   map[string]any
		want string
	}{
		{map[string]any{"year": 2026}, `missing argument "slug"`},
		{map[string]any{"year": 2026, "slug": "x", "page": 2}, `unexpected argument(s) "page"`},
		{map[string]any{"year": 2026, "sulg": "x"}, `missing argument "slug"`},
	} {
		_, err := rt.ReverseKw("blog:post-detail", c.kw)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrNoReverseMatch) {
			t.Errorf("ReverseKw(%v) err = %v, want %q", c.kw, err, c.want)
		}
	}
	if _, err := rt.ReverseKw("home", map[string]any{"x": 1}); err == nil {
		t.Error("extra argument to a route without parameters accepted")
	}
}

func TestReverseErrors(t *testing.T) {
	rt := reverseRouter(t)
	cases := []struct {
		name string
		args []any
		want string
	}{
		{"blog:post-detial", nil, `no route has this name (did you mean "blog:post-detail"`},
		{"post-detail", nil, `did you mean "blog:post-detail"?`},
		{"zzzzzzzzzzzzzz", nil, `"namespace:name"`},
		{"blog:post-detail", []any{2026}, `takes 2 argument(s) (year, slug), got 1`},
		{"home", []any{1}, `takes 0 argument(s)`},
		{"blog:post-detail", []any{-1, "x"}, `argument "year": value not accepted: int converter takes non-negative integers, got -1`},
		{"blog:post-detail", []any{"12a", "x"}, `argument "year"`},
		{"blog:post-detail", []any{1, "not a slug"}, `argument "slug"`},
		{"blog:post-detail", []any{1, 2.5}, `slug converter takes a string, got float64`},
		{"tag", []any{""}, `non-empty`},
		{"tag", []any{".."}, `dot segment`},
		{"file", []any{"a/../b"}, `dot segment ".."`},
		{"user", []any{"not-a-uuid"}, `canonical UUID`},
		{"pair", []any{"x", "y-z"}, `would not match back`},
	}
	for _, c := range cases {
		_, err := rt.Reverse(c.name, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Reverse(%q, %v) err = %v, want it to contain %q", c.name, c.args, err, c.want)
			continue
		}
		var re *ReverseError
		if !errors.As(err, &re) || re.Name != c.name || !errors.Is(err, ErrNoReverseMatch) {
			t.Errorf("Reverse(%q) err %#v is not a ReverseError matching ErrNoReverseMatch", c.name, err)
		}
		if !strings.HasPrefix(err.Error(), "urls: reverse ") {
			t.Errorf("error %q lacks the package prefix", err)
		}
	}
	if _, err := rt.Reverse("nope"); !errors.Is(err, ErrUnknownName) {
		t.Errorf("unknown name err = %v, want ErrUnknownName", err)
	}
}

// TestReverseRoundTrip serves every reversed path and checks the same route
// and values come back.
func TestReverseRoundTrip(t *testing.T) {
	rt := mustNew(t, []Pattern{
		Path("tag/<str:name>/", echo, "tag"),
		Path("files/<path:p>/raw/", echo, "file"),
		Path("<path:p>", echo, "root"),
	}, Options{})
	values := []string{"a b", "a/b", "100%", "x?y#z", "caf\u00e9", "a;b,c", "semi;colon", "+plus+", "~.-_"}
	for _, v := range values {
		for _, name := range []string{"tag", "file", "root"} {
			p, err := rt.Reverse(name, v)
			if err != nil {
				t.Errorf("Reverse(%s, %q): %v", name, v, err)
				continue
			}
			_, body, _ := serve(rt, "GET", p)
			want := name + " " + map[string]string{"tag": "name", "file": "p", "root": "p"}[name] + "=" + v
			if body != want {
				t.Errorf("GET %s (from %q) = %q, want %q", p, v, body, want)
			}
		}
	}
}

func TestReverseStaticDoesNotAllocate(t *testing.T) {
	rt := reverseRouter(t)
	n := testing.AllocsPerRun(100, func() {
		if _, err := rt.Reverse("blog:post-list"); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Errorf("Reverse of a static route allocates %v times", n)
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"kitten", "sitting", 3}, {"", "abc", 3}, {"same", "same", 0}, {"ab", "ba", 2}} {
		if got := editDistance(c.a, c.b, 10); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
