package jazz

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/cachehttp"
	"github.com/jazzgo/jazz/cache/dbcache"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

func TestCacheSettings(t *testing.T) {
	base := Settings{SecretKey: "k", LogOutput: "discard", AllowedHosts: []string{"example.com"}}

	p, err := New(base)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Cache.Backend().(*cache.LocMem); !ok {
		t.Fatalf("default cache backend = %T, want locmem", p.Cache.Backend())
	}
	p.Close()

	s := base
	s.CacheURL = "nosuch://x"
	if _, err := New(s); err == nil || !strings.Contains(err.Error(), "CACHE_URL") || !strings.Contains(err.Error(), "nosuch") {
		t.Fatalf("bad CACHE_URL: %v", err)
	}

	s = base
	s.Middleware = append(DefaultMiddleware(), CacheMiddleware)
	s.CacheMiddlewareAlias = "pages"
	if _, err := New(s); err == nil || !strings.Contains(err.Error(), "CacheMiddlewareAlias") {
		t.Fatalf("missing per-site cache alias: %v", err)
	}
}

// TestPerSiteCache serves a page three times through CacheMiddleware: the
// view runs once.
func TestPerSiteCache(t *testing.T) {
	runs := 0
	view := func(w http.ResponseWriter, r *http.Request) error {
		runs++
		if cache.FromContext(r.Context()) == nil {
			return web.NotFound("no cache on the request")
		}
		return web.Text(w, 200, "hello")
	}
	p, err := New(Settings{
		SecretKey: "k", LogOutput: "discard", AllowedHosts: []string{"example.com"},
		Middleware: append(DefaultMiddleware(), CacheMiddleware),
		URLs:       []urls.Pattern{urls.Path("", view, "home")},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for i := 0; i < 3; i++ {
		rec := httptest.NewRecorder()
		p.ServeHTTP(rec, httptest.NewRequest("GET", "http://example.com/", nil))
		if rec.Code != 200 || rec.Body.String() != "hello" {
			t.Fatalf("request %d: %d %q", i, rec.Code, rec.Body.String())
		}
	}
	if runs != 1 {
		t.Fatalf("view ran %d times, want 1 (the rest from the cache)", runs)
	}
}

// TestFragmentCache renders a page whose sidebar is fragment-cached: the
// sidebar's template runs once over three renders.
func TestFragmentCache(t *testing.T) {
	ticks := 0
	tpl := fstest.MapFS{
		"page.html":    {Data: []byte(`<main>{{.n}}</main>{{cache 60 "sidebar" "sidebar.html" .}}`)},
		"sidebar.html": {Data: []byte(`<aside>{{tick}}</aside>`)},
	}
	n := 0
	view := func(w http.ResponseWriter, r *http.Request) error {
		n++
		return web.Render(w, r, "page.html", web.Context{"n": n})
	}
	p, err := New(Settings{
		SecretKey: "k", LogOutput: "discard", AllowedHosts: []string{"example.com"},
		TemplateDirs:  []fs.FS{tpl},
		TemplateFuncs: template.FuncMap{"tick": func() int { ticks++; return ticks }},
		URLs:          []urls.Pattern{urls.Path("", view, "home")},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for i := 1; i <= 3; i++ {
		rec := httptest.NewRecorder()
		p.ServeHTTP(rec, httptest.NewRequest("GET", "http://example.com/", nil))
		want := fmt.Sprintf("<main>%d</main><aside>1</aside>", i)
		if rec.Body.String() != want {
			t.Fatalf("render %d = %q, want %q", i, rec.Body.String(), want)
		}
	}
	if err := cachehttp.InvalidateFragment(context.Background(), p.Cache, "sidebar"); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	p.ServeHTTP(rec, httptest.NewRequest("GET", "http://example.com/", nil))
	if !strings.Contains(rec.Body.String(), "<aside>2</aside>") {
		t.Fatalf("after invalidation: %q", rec.Body.String())
	}
}

func TestDatabaseCacheAndCreateCacheTable(t *testing.T) {
	p, err := New(Settings{
		SecretKey: "k", LogOutput: "discard",
		DatabaseURL: "sqlite:///" + filepath.Join(t.TempDir(), "site.db"),
		CacheURL:    "db://site_cache",
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var out bytes.Buffer
	if code := p.Main(context.Background(), []string{"createcachetable"}, &manage.IO{Stdout: &out, Stderr: &out}); code != 0 {
		t.Fatalf("createcachetable: exit %d: %s", code, out.String())
	}
	if !dbcache.TableExists(context.Background(), p.DB, "site_cache") {
		t.Fatal("createcachetable did not create site_cache")
	}
	ctx := context.Background()
	if err := p.Cache.Set(ctx, "k", "v", cache.Default); err != nil {
		t.Fatal(err)
	}
	var got string
	if found, err := p.Cache.Get(ctx, "k", &got); err != nil || !found || got != "v" {
		t.Fatalf("Get = %q, %v, %v", got, found, err)
	}
}

// TestCheckReportsDeadCache points the cache at a port nobody listens on:
// start-up goes on (the cache is not strict), and check names the cache.
func TestCheckReportsDeadCache(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	p, err := New(Settings{SecretKey: "k", LogOutput: "discard", CacheURL: "redis://" + addr + "/0"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var out bytes.Buffer
	p.Main(context.Background(), []string{"check"}, &manage.IO{Stdout: &out, Stderr: &out})
	if !strings.Contains(out.String(), "caches.W001") {
		t.Fatalf("check output lacks caches.W001:\n%s", out.String())
	}
}
