package urls

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jazzgo/jazz/web"
)

// TestMatchInsideProject checks the path a Jazz project takes: the request
// carries web.WithSite's state, so the router records its match in place
// instead of copying the request, and everything that reads the match still
// sees it.
func TestMatchInsideProject(t *testing.T) {
	var got struct {
		route, slug string
		year        int64
		value       any
		sameReq     bool
	}
	var in *http.Request
	view := func(w http.ResponseWriter, r *http.Request) {
		got.route = RouteOf(r).FullName()
		got.slug = r.PathValue("slug")
		got.year, _ = Int(r, "year")
		got.value = Value(r, "year")
		got.sameReq = r == in
	}
	static := func(w http.ResponseWriter, r *http.Request) {
		got.route = RouteOf(r).FullName()
		got.sameReq = r == in
	}
	rt, err := New([]Pattern{
		Include("blog/", []Pattern{
			Path("<int:year>/<slug:slug>/", view, "post"),
			Path("", static, "index"),
		}, "blog"),
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	serve := func(path string) {
		t.Helper()
		in = web.WithSite(httptest.NewRequest("GET", path, nil), &web.Site{})
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, in)
		if rec.Code != 200 {
			t.Fatalf("%s: status %d", path, rec.Code)
		}
	}
	serve("/blog/2026/hello/")
	if got.route != "blog:post" || got.slug != "hello" || got.year != 2026 || got.value != int64(2026) || !got.sameReq {
		t.Fatalf("converter route: %+v", got)
	}
	serve("/blog/")
	if got.route != "blog:index" || !got.sameReq {
		t.Fatalf("static route: %+v", got)
	}
	// Without the project's state the router derives a new request.
	in = httptest.NewRequest("GET", "/blog/2026/hello/", nil)
	rt.ServeHTTP(httptest.NewRecorder(), in)
	if got.sameReq || got.route != "blog:post" || got.year != 2026 {
		t.Fatalf("bare router: %+v", got)
	}
}
