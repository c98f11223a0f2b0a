package cachehttp_test

import (
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/cachehttp"
)

// homeView stands for a site's home page: a template listing recent posts.
// It does no database work, so the ratio below understates what a real
// page gains.
func homeView(tb testing.TB) http.Handler {
	tmpl := template.Must(template.New("home").Parse(`<!doctype html><html><head><title>{{.Title}}</title></head><body>
<h1>{{.Title}}</h1><ul>{{range .Posts}}<li><a href="/posts/{{.Slug}}/">{{.Title}}</a> by {{.Author}} on {{.Date.Format "2 Jan 2006"}}</li>{{end}}</ul></body></html>`))
	type post struct {
		Slug, Title, Author string
		Date                time.Time
	}
	data := struct {
		Title string
		Posts []post
	}{Title: "Jazz & friends"}
	for i := range 20 {
		data.Posts = append(data.Posts, post{Slug: "post-" + string(rune('a'+i)), Title: "A <post> about things", Author: "ann", Date: time.Date(2025, 1, i+1, 0, 0, 0, 0, time.UTC)})
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := tmpl.Execute(w, data); err != nil {
			tb.Error(err)
		}
	})
}

// sink is a reusable ResponseWriter, so the benchmarks measure the
// handler rather than httptest.ResponseRecorder.
type sink struct {
	h    http.Header
	n    int
	code int
}

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) WriteHeader(code int)        { s.code = code }
func (s *sink) Write(p []byte) (int, error) { s.n += len(p); return len(p), nil }

func runBench(b *testing.B, h http.Handler) {
	r := httptest.NewRequest("GET", "http://example.com/", nil)
	w := &sink{h: http.Header{}}
	h.ServeHTTP(w, r) // warm the cache where there is one
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		w.n = 0
		h.ServeHTTP(w, r)
	}
	if w.n == 0 {
		b.Fatal("empty response")
	}
}

// BenchmarkHomeUncached is the view alone.
func BenchmarkHomeUncached(b *testing.B) { runBench(b, homeView(b)) }

// BenchmarkHomeSiteMiss is the view through Site when its page may not be
// stored: the cost the middleware adds to every uncacheable page.
func BenchmarkHomeSiteMiss(b *testing.B) {
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	runBench(b, cachehttp.Site(c, cachehttp.SiteOptions{})(cachehttp.CacheControl(cachehttp.CacheControlOptions{Private: true})(homeView(b))))
}

// BenchmarkHomeSiteHit is the same page answered from the cache.
func BenchmarkHomeSiteHit(b *testing.B) {
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	runBench(b, cachehttp.Site(c, cachehttp.SiteOptions{})(homeView(b)))
}

// BenchmarkFragmentHit is one cached fragment lookup.
func BenchmarkFragmentHit(b *testing.B) {
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	f := cachehttp.NewFragments(c, rendererFunc(func(w io.Writer, _ string, _ any) error {
		_, err := w.Write([]byte("<aside>sidebar</aside>"))
		return err
	}))
	if _, err := f.Render(300, "sidebar", "sidebar.html", nil, 42); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Render(300, "sidebar", "sidebar.html", nil, 42); err != nil {
			b.Fatal(err)
		}
	}
}
