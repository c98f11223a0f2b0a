package urls

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/web"
)

// echo is a view that writes the route's full name and its parameters.
func echo(w http.ResponseWriter, r *http.Request) {
	rt := RouteOf(r)
	if rt == nil {
		io.WriteString(w, "no route")
		return
	}
	names, values := Params(r)
	id := rt.FullName()
	if id == "" {
		id = "=" + rt.Pattern
	}
	fmt.Fprint(w, id)
	for i, n := range names {
		if got := r.PathValue(n); got != values[i] {
			fmt.Fprintf(w, " MISMATCH %s=%q/%q", n, got, values[i])
		}
		fmt.Fprintf(w, " %s=%s", n, values[i])
	}
}

func mustNew(t testing.TB, ps []Pattern, opts Options) *Router {
	t.Helper()
	rt, err := New(ps, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return rt
}

// serve sends a request for target (a request URI) and returns status and body.
func serve(h http.Handler, method, target string) (int, string, http.Header) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec.Code, rec.Body.String(), rec.Header()
}

func TestServeMatching(t *testing.T) {
	blog := []Pattern{
		Path("", echo, "list"),
		Path("<int:year>/<slug:slug>/", echo, "detail"),
		Path("<int:year>/", echo, "year"),
		Path("archive/", echo, "archive"),
		Path("<str:anything>/", echo, "anything"),
	}
	rt := mustNew(t, []Pattern{
		Path("", echo, "home"),
		Include("blog/", blog, "blog"),
		Path("files/<path:p>/edit/", echo, "file-edit"),
		Path("files/<path:p>", echo, "file"),
		Path("first/<path:p>", echo, "greedy"),
		Path("first/<path:p>/edit/", echo, "never"),
		Path("page-<int:n>.html", echo, "page"),
		Path("v<int:major>.<int:minor>/", echo, "version"),
		Path("u/<uuid:id>/", echo, "user"),
		Path("<name>", echo, "catch"),
	}, Options{})
	tests := []struct{ path, want string }{
		{"/", "home"},
		{"/blog/", "blog:list"},
		{"/blog/2026/hello-world/", "blog:detail year=2026 slug=hello-world"},
		{"/blog/2026/", "blog:year year=2026"},
		// Pattern order: "<int:year>/" comes before "archive/" but does not
		// match it; "<str:anything>/" comes after both.
		{"/blog/archive/", "blog:archive"},
		{"/blog/news/", "blog:anything anything=news"},
		// int overflow makes the int converter refuse, so str gets it.
		{"/blog/99999999999999999999/", "blog:anything anything=99999999999999999999"},
		{"/blog/2026/not%20a%20slug/", "404"},
		{"/blog", "catch name=blog"},
		{"/files/a/b/c.txt", "file p=a/b/c.txt"},
		{"/files/a/b/edit/", "file-edit p=a/b"},
		{"/files/a/b/edit", "file p=a/b/edit"},
		{"/files/", "404"},
		// Django's rule: the earlier pattern wins even when a later one
		// is more specific.
		{"/first/a/edit/", "greedy p=a/edit/"},
		{"/page-12.html", "page n=12"},
		{"/page-x.html", "catch name=page-x.html"},
		{"/v1.22/", "version major=1 minor=22"},
		{"/u/0b8a9d5e-3c4f-4a61-9d2e-7f1c2b3a4d5e/", "user id=0b8a9d5e-3c4f-4a61-9d2e-7f1c2b3a4d5e"},
		{"/u/0B8A9D5E-3C4F-4A61-9D2E-7F1C2B3A4D5E/", "404"},
		{"/a%20b", "catch name=a b"},
		// An encoded slash stays inside its segment.
		{"/a%2Fb", "catch name=a/b"},
		{"/blog/2026/x%2Fy/", "404"},
		{"/blog/x%2Fy/", "blog:anything anything=x/y"},
		{"/files/a%2Fb/edit/", "file-edit p=a/b"},
		{"/nope/nope", "404"},
	}
	for _, tc := range tests {
		code, body, _ := serve(rt, "GET", tc.path)
		got := body
		if code == http.StatusNotFound {
			got = "404"
		} else if code != http.StatusOK {
			got = fmt.Sprint(code)
		}
		if got != tc.want {
			t.Errorf("GET %s = %q, want %q", tc.path, got, tc.want)
		}
	}
}

// TestFirstPatternWins checks Django's ordering where the tree would
// otherwise prefer a literal segment over an earlier converter.
func TestFirstPatternWins(t *testing.T) {
	rt := mustNew(t, []Pattern{
		Path("<str:a>/x/", echo, "first"),
		Path("b/x/", echo, "second"),
		Path("b/y/", echo, "third"),
		Path("<str:a>/y/", echo, "fourth"),
	}, Options{})
	for path, want := range map[string]string{
		"/b/x/": "first a=b",
		"/b/y/": "third",
		"/c/y/": "fourth a=c",
	} {
		if _, body, _ := serve(rt, "GET", path); body != want {
			t.Errorf("GET %s = %q, want %q", path, body, want)
		}
	}
}

type evenConv struct{}

func (evenConv) Regexp() string { return `[0-9]+` }
func (evenConv) ToGo(s string) (any, error) {
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil || n%2 != 0 {
		return nil, errors.New("odd")
	}
	return n, nil
}
func (evenConv) ToURL(v any) (string, error) { return fmt.Sprint(v), nil }

func TestConverterErrorMeansKeepTrying(t *testing.T) {
	rt := mustNew(t, []Pattern{
		Path("n/<even:n>/", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "even %#v", Value(r, "n"))
		}, "even"),
		Path("n/<int:n>/", func(w http.ResponseWriter, r *http.Request) {
			n, ok := Int(r, "n")
			fmt.Fprintf(w, "int %d %v %#v", n, ok, Value(r, "n"))
		}, "int"),
	}, Options{Converters: map[string]Converter{"even": evenConv{}}})
	if _, body, _ := serve(rt, "GET", "/n/4/"); body != "even 4" {
		t.Errorf("/n/4/ = %q", body)
	}
	if _, body, _ := serve(rt, "GET", "/n/5/"); body != "int 5 true 5" {
		t.Errorf("/n/5/ = %q", body)
	}
}

func TestMethods(t *testing.T) {
	rt := mustNew(t, []Pattern{
		Path("posts/", echo, "posts").Methods("GET"),
		Path("posts/", echo, "posts-create").Methods("POST"),
		Path("posts/<int:id>/", echo, "post").Methods("PUT", "DELETE", "PURGE"),
		Path("any/", echo, "any"),
	}, Options{})
	cases := []struct {
		method, path string
		code         int
		body, allow  string
	}{
		{"GET", "/posts/", 200, "posts", ""},
		{"HEAD", "/posts/", 200, "posts", ""},
		{"POST", "/posts/", 200, "posts-create", ""},
		{"DELETE", "/posts/", 405, "", "GET, HEAD, POST, OPTIONS"},
		{"OPTIONS", "/posts/", 204, "", "GET, HEAD, POST, OPTIONS"},
		{"PURGE", "/posts/7/", 200, "post id=7", ""},
		{"GET", "/posts/7/", 405, "", "PUT, DELETE, PURGE, OPTIONS"},
		{"GET", "/posts/x/", 404, "", ""},
		{"BREW", "/any/", 200, "any", ""},
	}
	for _, c := range cases {
		code, body, h := serve(rt, c.method, c.path)
		if code != c.code || (c.code == 200 && body != c.body) || h.Get("Allow") != c.allow {
			t.Errorf("%s %s = %d %q Allow=%q, want %d %q Allow=%q", c.method, c.path, code, body, h.Get("Allow"), c.code, c.body, c.allow)
		}
	}
}

func TestNotFoundGoesThroughSite(t *testing.T) {
	rt := mustNew(t, []Pattern{Path("a/", echo, "a")}, Options{})
	var gotStatus int
	var gotErr error
	site := &web.Site{Errors: func(w http.ResponseWriter, r *http.Request, status int, err error) {
		gotStatus, gotErr = status, err
		w.WriteHeader(status)
	}}
	r := web.WithSite(httptest.NewRequest("GET", "/secret/internal/", nil), site)
	rec := httptest.NewRecorder()
	rt.ServeHTTP(rec, r)
	if gotStatus != 404 || !errors.Is(gotErr, web.ErrNotFound) {
		t.Fatalf("status %d err %v", gotStatus, gotErr)
	}
	if strings.Contains(gotErr.Error(), "secret") || strings.Contains(gotErr.Error(), "a/") {
		t.Errorf("404 error leaks details: %v", gotErr)
	}
}

func TestHandleMount(t *testing.T) {
	files := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "files %s %s", r.URL.Path, RouteOf(r).Pattern)
	})
	rt := mustNew(t, []Pattern{
		Handle("static/", files),
		Include("<slug:lang>/", []Pattern{Handle("docs", files)}, ""),
		Path("static", echo, "static-noslash"),
	}, Options{})
	for path, want := range map[string]string{
		"/static/":            "files /static/ static/",
		"/static/css/app.css": "files /static/css/app.css static/",
		"/static":             "static-noslash",
		"/en/docs":            "files /en/docs <slug:lang>/docs",
		"/en/docs/x/y":        "files /en/docs/x/y <slug:lang>/docs",
	} {
		if _, body, _ := serve(rt, "GET", path); body != want {
			t.Errorf("GET %s = %q, want %q", path, body, want)
		}
	}
	if code, _, _ := serve(rt, "GET", "/en/docsx"); code != 404 {
		t.Errorf("/en/docsx = %d, want 404", code)
	}
	catchAll := mustNew(t, []Pattern{Path("a/", echo, "a"), Handle("", files)}, Options{})
	if _, body, _ := serve(catchAll, "GET", "/zzz"); body != "files /zzz " {
		t.Errorf("catch-all = %q", body)
	}
}

func TestRouteOfAndValues(t *testing.T) {
	var seen *Route
	var year any
	var pattern string
	rt := mustNew(t, []Pattern{Include("blog/", []Pattern{
		Include("<int:year>/", []Pattern{
			Path("<slug:slug>/", func(w http.ResponseWriter, r *http.Request) {
				seen, year, pattern = RouteOf(r), Value(r, "year"), r.Pattern
			}, "detail"),
		}, "archive"),
	}, "blog")}, Options{})
	serve(rt, "GET", "/blog/2026/hi/")
	if seen == nil || seen.Name != "detail" || seen.Namespace != "blog:archive" ||
		seen.Pattern != "blog/<int:year>/<slug:slug>/" || seen.FullName() != "blog:archive:detail" {
		t.Fatalf("RouteOf = %+v", seen)
	}
	if year != int64(2026) {
		t.Errorf("Value(year) = %#v, want int64(2026)", year)
	}
	if pattern != "/blog/<int:year>/<slug:slug>/" {
		t.Errorf("r.Pattern = %q", pattern)
	}
	r := httptest.NewRequest("GET", "/", nil)
	if RouteOf(r) != nil || Value(r, "x") != nil {
		t.Error("unrouted request has a route")
	}
	if _, ok := Int(r, "x"); ok {
		t.Error("Int on unrouted request")
	}
}

func TestResolves(t *testing.T) {
	rt := mustNew(t, []Pattern{
		Path("blog/", echo, "blog").Methods("POST"),
		Path("<int:id>/", echo, "id"),
	}, Options{})
	for path, want := range map[string]bool{
		"/blog/": true, "/blog": false, "/12/": true, "/12": false, "": false, "x": false,
	} {
		if got := rt.Resolves(path); got != want {
			t.Errorf("Resolves(%q) = %v", path, got)
		}
	}
}

func TestNewErrors(t *testing.T) {
	ok := func(w http.ResponseWriter, r *http.Request) {}
	cases := []struct {
		name string
		ps   []Pattern
		want string
	}{
		{"leading slash", []Pattern{Path("/a/", ok, "a")}, `drop the leading slash (write "a/")`},
		{"leading slash in include", []Pattern{Include("b/", []Pattern{Path("/a/", ok, "a")}, "")}, `route "b//a/"`},
		{"unknown converter", []Pattern{Path("<itn:x>/", ok, "a")}, `unknown converter "itn" (known: int, path, slug, str`},
		{"unclosed", []Pattern{Path("<int:x/", ok, "a")}, "no matching '>'"},
		{"stray close", []Pattern{Path("a>/", ok, "a")}, "no matching '<'"},
		{"bad name", []Pattern{Path("<int:>/", ok, "a")}, "not an identifier"},
		{"spaces", []Pattern{Path("<int : x>/", ok, "a")}, "not an identifier"},
		{"duplicate param", []Pattern{Path("<int:x>/<slug:x>/", ok, "a")}, `parameter "x" appears twice`},
		{"duplicate param across include", []Pattern{Include("<int:x>/", []Pattern{Path("<x>/", ok, "a")}, "")}, `parameter "x" appears twice`},
		{"adjacent", []Pattern{Path("<int:a><int:b>/", ok, "a")}, "separated by literal text"},
		{"two paths", []Pattern{Path("<path:a>/x/<path:b>", ok, "a")}, "more than one converter that spans"},
		{"path in text", []Pattern{Path("f-<path:a>", ok, "a")}, "must fill whole segments"},
		{"query", []Pattern{Path("a/?b=1", ok, "a")}, "not a query string"},
		{"double slash", []Pattern{Path("a//b", ok, "a")}, "doubled slash"},
		{"dot", []Pattern{Path("a/../b", ok, "a")}, "dot segment"},
		{"bad view", []Pattern{Path("a/", 42, "a")}, `route "a/" (name "a"): view of type int is not a view`},
		{"nil view", []Pattern{Path("a/", nil, "a")}, "view of type <nil>"},
		{"nil handler", []Pattern{Handle("a/", nil)}, "nil handler"},
		{"lower method", []Pattern{Path("a/", ok, "a").Methods("get")}, `must be upper case (write "GET")`},
		{"bad method", []Pattern{Path("a/", ok, "a").Methods("GE T")}, "not a valid HTTP method"},
		{"no methods", []Pattern{Path("a/", ok, "a").Methods()}, "at least one method"},
		{"include methods", []Pattern{Include("a/", nil, "").Methods("GET")}, "Methods cannot be set on an Include"},
		{"duplicate name", []Pattern{Path("a/", ok, "x"), Path("b/", ok, "x")}, `name already used by route "a/"`},
		{"duplicate across includes", []Pattern{
			Include("a/", []Pattern{Path("", ok, "x")}, "ns"),
			Include("b/", []Pattern{Path("", ok, "x")}, "ns"),
		}, `route "b/" (name "ns:x")`},
		{"colon name", []Pattern{Path("a/", ok, "a:b")}, "cannot contain ':'"},
		{"colon namespace", []Pattern{Include("a/", nil, "x:y")}, "contains ':'"},
		{"zero", []Pattern{{}}, "zero Pattern"},
		{"span in mount", []Pattern{Handle("<path:p>/", http.NotFoundHandler())}, "Handle prefix cannot hold"},
		{"too many", []Pattern{Path(strings.Repeat("<int:a>/", 0)+manyParams(17), ok, "a")}, "at most 16"},
	}
	for _, c := range cases {
		_, err := New(c.ps, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, err, c.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), "urls: ") {
			t.Errorf("%s: error %q does not start with the package name", c.name, err)
		}
	}
}

func manyParams(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "<int:p%d>/", i)
	}
	return b.String()
}

func TestNewReportsAllErrors(t *testing.T) {
	_, err := New([]Pattern{Path("/a", nil, "a"), Path("<zz:b>", echo, "b")}, Options{})
	var re *RouteError
	if !errors.As(err, &re) {
		t.Fatalf("err %v is not a *RouteError", err)
	}
	if !strings.Contains(err.Error(), `route "/a"`) || !strings.Contains(err.Error(), `route "<zz:b>"`) {
		t.Errorf("want both problems reported, got %v", err)
	}
}

func TestSameNameSameRouteSplitsByMethod(t *testing.T) {
	rt := mustNew(t, []Pattern{
		Path("items/", echo, "items").Methods("GET"),
		Path("items/", echo, "items").Methods("POST"),
	}, Options{})
	if p, err := rt.Reverse("items"); err != nil || p != "/items/" {
		t.Errorf("Reverse = %q, %v", p, err)
	}
}

func TestRoutes(t *testing.T) {
	rt := mustNew(t, []Pattern{
		Path("a/", echo, "a").Methods("GET"),
		Include("b/", []Pattern{Path("<int:id>/", echo, "c")}, "ns"),
		Handle("s/", http.NotFoundHandler()),
	}, Options{})
	var got []string
	for _, r := range rt.Routes() {
		got = append(got, fmt.Sprintf("%s|%s|%v|%v|%v", r.FullName(), r.Pattern, r.Methods, r.Params, r.Mount))
	}
	want := []string{"a|a/|[GET HEAD]|[]|false", "ns:c|b/<int:id>/|[]|[id]|false", "|s/|[]|[]|true"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Routes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestOptionsConvertersConflict(t *testing.T) {
	_, err := New(nil, Options{Converters: map[string]Converter{"int": evenConv{}}})
	if err == nil || !strings.Contains(err.Error(), "already a built-in") {
		t.Errorf("err = %v", err)
	}
}

func TestMatchAllocations(t *testing.T) {
	rt := mustNew(t, []Pattern{Path("a/", echo, "a"), Path("<int:id>/", echo, "id")}, Options{})
	static := httptest.NewRequest("GET", "/a/", nil)
	missing := httptest.NewRequest("GET", "/zz/", nil)
	// The request copy and the route context are the whole cost of a
	// static match; a 404 and Resolves allocate nothing.
	for _, c := range []struct {
		name string
		f    func()
		max  float64
	}{
		{"static", func() { rt.Match(static) }, 2},
		{"404", func() { rt.Match(missing) }, 0},
		{"Resolves", func() { rt.Resolves("/12/") }, 0},
	} {
		if n := testing.AllocsPerRun(100, c.f); n > c.max {
			t.Errorf("%s: %v allocations, want at most %v", c.name, n, c.max)
		}
	}
}

func TestNestedRouters(t *testing.T) {
	inner := mustNew(t, []Pattern{Path("api/<int:v>/", echo, "inner")}, Options{})
	outer := mustNew(t, []Pattern{Handle("api/", inner)}, Options{})
	if _, body, _ := serve(outer, "GET", "/api/2/"); body != "inner v=2" {
		t.Errorf("nested = %q", body)
	}
}

func TestConcurrentServe(t *testing.T) {
	rt := reverseRouter(t)
	h := mustNew(t, []Pattern{Path("<int:year>/<slug:slug>/", echo, "d")}, Options{})
	done := make(chan string)
	for g := range 8 {
		go func() {
			var bad string
			for i := range 200 {
				want := fmt.Sprintf("d year=%d slug=s%d", i, g)
				if _, body, _ := serve(h, "GET", fmt.Sprintf("/%d/s%d/", i, g)); body != want {
					bad = body
				}
				if _, err := rt.Reverse("blog:post-detail", i, "x"); err != nil {
					bad = err.Error()
				}
			}
			done <- bad
		}()
	}
	for range 8 {
		if bad := <-done; bad != "" {
			t.Error(bad)
		}
	}
}
