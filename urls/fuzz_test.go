package urls

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// fuzzPatterns is a fixed URLconf that exercises every kind of segment.
func fuzzPatterns() []Pattern {
	v := func(w http.ResponseWriter, r *http.Request) {}
	return []Pattern{
		Path("", v, "home"),
		Path("blog/", v, "blog"),
		Path("blog/<int:year>/<slug:slug>/", v, "detail"),
		Path("blog/archive/", v, "archive"),
		Path("blog/<str:title>/", v, "title"),
		Path("files/<path:p>/edit/", v, "file-edit"),
		Path("files/<path:p>", v, "file"),
		Path("page-<int:n>.html", v, "page"),
		Path("v<int:a>.<int:b>/", v, "version"),
		Path("u/<uuid:id>/", v, "user"),
		Path("api/items/", v, "items").Methods("POST"),
		Handle("static/", http.NotFoundHandler()),
		Path("<slug:a>-<slug:b>/", v, "pair"),
		Path("<str:x>/<str:y>/", v, "two"),
		Path("<name>", v, "one"),
	}
}

type fuzzFixture struct {
	all    *Router
	single []*Router // one router per pattern, to compute the expected winner
}

func newFuzzFixture(t testing.TB) *fuzzFixture {
	ps := fuzzPatterns()
	f := &fuzzFixture{all: mustNew(t, ps, Options{})}
	for _, p := range ps {
		f.single = append(f.single, mustNew(t, []Pattern{p}, Options{}))
	}
	return f
}

func fuzzRequest(target string) (*http.Request, bool) {
	if !strings.HasPrefix(target, "/") {
		return nil, false
	}
	u, err := url.ParseRequestURI(target)
	if err != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, false
	}
	r := &http.Request{Method: http.MethodGet, URL: u, Header: http.Header{}}
	return r.WithContext(context.Background()), true
}

// matchIndex reports which route of rt serves r: its index, or -1 for a 404
// and -2 for a 405.
func matchIndex(rt *Router, r *http.Request) (int, *http.Request) {
	_, r2, err := rt.Match(r)
	if err != nil {
		if strings.Contains(err.Error(), "405") {
			return -2, nil
		}
		return -1, nil
	}
	rt2 := RouteOf(r2)
	for i, x := range rt.routes {
		if &x.info == rt2 {
			return i, r2
		}
	}
	panic("route not found")
}

func (f *fuzzFixture) check(t *testing.T, target string) {
	r, ok := fuzzRequest(target)
	if !ok {
		return
	}
	got, r2 := matchIndex(f.all, r)
	// The tree must agree with trying each pattern alone, in order.
	want, sawMethod := -1, false
	for i, s := range f.single {
		switch k, _ := matchIndex(s, r); k {
		case 0:
			want = i
		case -2:
			sawMethod = true
		}
		if want >= 0 {
			break
		}
	}
	if want < 0 && sawMethod {
		want = -2
	}
	if got != want {
		t.Fatalf("%q: router picks %d, patterns in order pick %d", target, got, want)
	}
	if r.URL.RawPath == "" {
		if res := f.all.Resolves(r.URL.Path); res != (got >= 0 || got == -2) {
			t.Fatalf("%q: Resolves = %v but Match gives %d", target, res, got)
		}
	}
	if got < 0 {
		return
	}
	route := f.all.routes[got]
	if route.info.Name == "" {
		return
	}
	names, values := Params(r2)
	for i, n := range names {
		if r2.PathValue(n) != values[i] {
			t.Fatalf("%q: PathValue(%s) = %q, captured %q", target, n, r2.PathValue(n), values[i])
		}
	}
	// Reverse with the captured text must give a path that matches the
	// same route with the same text.
	args := make([]any, len(values))
	goArgs := make([]any, len(values))
	for i, v := range values {
		args[i] = v
		goArgs[i] = Value(r2, names[i])
		if goArgs[i] == nil {
			t.Fatalf("%q: Value(%s) is nil", target, names[i])
		}
	}
	for _, a := range [][]any{args, goArgs} {
		p, err := f.all.Reverse(route.info.Name, a...)
		if err != nil {
			if strings.Contains(err.Error(), "dot segment") {
				continue
			}
			t.Fatalf("%q: Reverse(%s, %q): %v", target, route.info.Name, a, err)
		}
		back, ok := fuzzRequest(p)
		if !ok {
			t.Fatalf("%q: Reverse gave unparsable %q", target, p)
		}
		k, rb := matchIndex(f.single[got], back)
		if k != 0 {
			t.Fatalf("%q: reversed %q does not match route %q", target, p, route.info.Pattern)
		}
		for i, n := range names {
			if gv := Value(rb, n); !reflect.DeepEqual(gv, goArgs[i]) {
				t.Fatalf("%q: reversed %q gives %s=%#v, want %#v", target, p, n, gv, goArgs[i])
			}
		}
	}
}

func FuzzMatch(f *testing.F) {
	for _, s := range []string{"/", "/blog/", "/blog/2026/hello/", "/blog/archive/", "/blog/x%2Fy/",
		"/files/a/b/edit/", "/files/%2Fetc/passwd", "/page-7.html", "/v1.2/", "/a-b-c/", "/x/y/",
		"/u/0b8a9d5e-3c4f-4a61-9d2e-7f1c2b3a4d5e/", "/api/items/", "/static/x", "/%2E%2E", "/a%20b"} {
		f.Add(s)
	}
	fx := newFuzzFixture(f)
	f.Fuzz(func(t *testing.T, target string) { fx.check(t, target) })
}

// sampleFor returns a value each built-in converter accepts.
func sampleFor(conv string) string {
	switch conv {
	case ConvInt:
		return "12"
	case ConvUUID:
		return "0b8a9d5e-3c4f-4a61-9d2e-7f1c2b3a4d5e"
	case ConvPath:
		return "p/q r"
	}
	return "s-1"
}

func FuzzRoute(f *testing.F) {
	for _, s := range []string{"", "a/", "<int:id>/", "<slug:a>-<slug:b>/", "x/<path:p>", "<a", "a>",
		"<:x>", "<int:>", "<int:a><int:b>", "/lead", "a//b", "<path:a>/<path:b>", "v<int:a>.<int:b>/",
		"caf\u00e9/<str:n>?x", "<uuid:u>/../", "<x>/<x>"} {
		f.Add(s)
	}
	view := func(w http.ResponseWriter, r *http.Request) {}
	f.Fuzz(func(t *testing.T, route string) {
		rt, err := New([]Pattern{Path(route, view, "x")}, Options{})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "urls: ") {
				t.Fatalf("error without package prefix: %v", err)
			}
			return
		}
		r := rt.routes[0]
		args := make([]any, len(r.params))
		for i, p := range r.params {
			args[i] = sampleFor(p.conv.name)
		}
		p, err := rt.Reverse("x", args...)
		if err != nil {
			if strings.Contains(err.Error(), "would not match back") {
				return
			}
			t.Fatalf("route %q: Reverse(%q): %v", route, args, err)
		}
		req, ok := fuzzRequest(p)
		if !ok {
			t.Fatalf("route %q: Reverse gave unparsable %q", route, p)
		}
		_, r2, err := rt.Match(req)
		if err != nil {
			t.Fatalf("route %q: reversed path %q does not match: %v", route, p, err)
		}
		_, values := Params(r2)
		if fmt.Sprint(values) != fmt.Sprint(args) {
			t.Fatalf("route %q: %q read back as %q, want %q", route, p, values, args)
		}
	})
}
