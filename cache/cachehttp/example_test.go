package cachehttp_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/cachehttp"
)

func ExampleSite() {
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	runs := 0
	home := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		runs++
		io.WriteString(w, "<h1>Welcome</h1>")
	})
	h := cachehttp.Site(c, cachehttp.SiteOptions{XCache: true})(home)

	for range 3 {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
		fmt.Println(w.Code, w.Header().Get("X-Cache"), w.Header().Get("Cache-Control"), w.Body.String())
	}
	fmt.Println("view runs:", runs)
	// Output:
	// 200 MISS max-age=600 <h1>Welcome</h1>
	// 200 HIT max-age=600 <h1>Welcome</h1>
	// 200 HIT max-age=600 <h1>Welcome</h1>
	// view runs: 1
}

func ExampleCachePage() {
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	report := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "expensive report")
	})
	mux := http.NewServeMux()
	mux.Handle("GET /report/", cachehttp.CachePage(c, 15*time.Minute)(report))

	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/report/", nil))
	fmt.Println(w.Header().Get("Cache-Control"))
	// Output:
	// max-age=900
}

func ExampleNeverCache() {
	account := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "your balance")
	})
	w := httptest.NewRecorder()
	cachehttp.NeverCache(account).ServeHTTP(w, httptest.NewRequest("GET", "/account/", nil))
	fmt.Println(w.Header().Get("Cache-Control"))
	// Output:
	// private, no-cache, no-store, must-revalidate, max-age=0
}

func ExampleCacheControl() {
	logo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	immutable := cachehttp.CacheControl(cachehttp.CacheControlOptions{
		Public: true, MaxAge: 365 * 24 * time.Hour, Immutable: true,
	})
	w := httptest.NewRecorder()
	immutable(logo).ServeHTTP(w, httptest.NewRequest("GET", "/logo.3f2a.svg", nil))
	fmt.Println(w.Header().Get("Cache-Control"))
	// Output:
	// public, immutable, max-age=31536000
}

func ExamplePatchVary() {
	h := http.Header{}
	h.Set("Vary", "Accept-Encoding")
	cachehttp.PatchVary(h, "Cookie", "accept-encoding")
	fmt.Println(h.Get("Vary"))
	// Output:
	// Accept-Encoding, Cookie
}

// exampleRenderer stands in for the template engine
// (templates.Engine implements web.Renderer).
type exampleRenderer struct{ renders int }

func (e *exampleRenderer) Render(w io.Writer, r *http.Request, name, block string, data any) error {
	e.renders++
	_, err := fmt.Fprintf(w, "<aside>%d posts</aside>", data.(map[string]any)["count"])
	return err
}

func ExampleFragments() {
	ctx := context.Background()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})

	// The engine is built with the functions, then given to them:
	//	f := cachehttp.NewFragments(c, nil)
	//	eng, err := templates.New(templates.Options{Funcs: f.Funcs(), ...})
	//	f.SetRenderer(eng)
	// and a template says {{cache 300 "sidebar" "partials/sidebar.html" . .user}}.
	eng := &exampleRenderer{}
	f := cachehttp.NewFragments(c, eng)

	html, _ := f.Render(300, "sidebar", "partials/sidebar.html", map[string]any{"count": 3}, "ann")
	fmt.Println(html)
	html, _ = f.Render(300, "sidebar", "partials/sidebar.html", map[string]any{"count": 4}, "ann")
	fmt.Println(html, "(cached)")

	// A new post: drop ann's sidebar so the next page shows it.
	_ = cachehttp.InvalidateFragment(ctx, c, "sidebar", "ann")
	html, _ = f.Render(300, "sidebar", "partials/sidebar.html", map[string]any{"count": 4}, "ann")
	fmt.Println(html)
	fmt.Println("renders:", eng.renders)
	// Output:
	// <aside>3 posts</aside>
	// <aside>3 posts</aside> (cached)
	// <aside>4 posts</aside>
	// renders: 2
}

func ExampleFragmentKey() {
	fmt.Println(cachehttp.FragmentKey("sidebar", "ann", 42))
	fmt.Println(strings.HasPrefix(cachehttp.FragmentKey("sidebar"), "template.cache.sidebar."))
	// Output:
	// template.cache.sidebar.e36a726097149107467a95b86ebd4205
	// true
}
