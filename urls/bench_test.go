package urls

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchRouter has 60 patterns: static pages, per-app includes with
// converters, and a catch-all at the end, roughly a mid-sized site.
func benchRouter(b *testing.B) *Router {
	v := func(w http.ResponseWriter, r *http.Request) {}
	var root []Pattern
	for i := range 20 {
		root = append(root, Path(fmt.Sprintf("page%d/", i), v, fmt.Sprintf("page%d", i)))
	}
	for i := range 8 {
		app := []Pattern{
			Path("", v, "list"),
			Path("<int:id>/", v, "detail"),
			Path("<int:id>/edit/", v, "edit").Methods("GET", "POST"),
			Path("<int:year>/<slug:slug>/", v, "dated"),
		}
		root = append(root, Include(fmt.Sprintf("app%d/", i), app, fmt.Sprintf("app%d", i)))
	}
	root = append(root,
		Path("files/<path:p>", v, "files"),
		Path("u/<uuid:id>/", v, "user"),
		Path("<slug:slug>/", v, "flat"),
	)
	return mustNew(b, root, Options{})
}

type nopWriter struct{ h http.Header }

func (w *nopWriter) Header() http.Header         { return w.h }
func (w *nopWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *nopWriter) WriteHeader(int)             {}

func benchServe(b *testing.B, target string, wantStatus int) {
	rt := benchRouter(b)
	r := httptest.NewRequest("GET", target, nil)
	if code, _, _ := serve(rt, "GET", target); code != wantStatus {
		b.Fatalf("GET %s = %d, want %d", target, code, wantStatus)
	}
	w := &nopWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		rt.ServeHTTP(w, r)
	}
}

func BenchmarkServeStatic(b *testing.B)    { benchServe(b, "/page17/", 200) }
func BenchmarkServeConverter(b *testing.B) { benchServe(b, "/app6/2026/hello-world/", 200) }
func BenchmarkServeNotFound(b *testing.B)  { benchServe(b, "/app6/2026/hello-world/extra/", 404) }

func BenchmarkMatchStatic(b *testing.B) {
	rt := benchRouter(b)
	r := httptest.NewRequest("GET", "/app3/", nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := rt.Match(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolves(b *testing.B) {
	rt := benchRouter(b)
	b.ReportAllocs()
	for b.Loop() {
		if !rt.Resolves("/app6/2026/hello-world/") {
			b.Fatal("no match")
		}
	}
}

func BenchmarkReverseStatic(b *testing.B) {
	rt := benchRouter(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rt.Reverse("app5:list"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReverseArgs(b *testing.B) {
	rt := benchRouter(b)
	args := []any{2026, "hello-world"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rt.Reverse("app5:dated", args...); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReverseKw(b *testing.B) {
	rt := benchRouter(b)
	kw := map[string]any{"year": 2026, "slug": "hello-world"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rt.ReverseKw("app5:dated", kw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMatchNotFound(b *testing.B) {
	rt := benchRouter(b)
	r := httptest.NewRequest("GET", "/app6/2026/hello-world/extra/", nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := rt.Match(r); err == nil {
			b.Fatal("matched")
		}
	}
}

func BenchmarkMatchConverter(b *testing.B) {
	rt := benchRouter(b)
	r := httptest.NewRequest("GET", "/app6/2026/hello-world/", nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := rt.Match(r); err != nil {
			b.Fatal(err)
		}
	}
}
