package cachehttp_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/cachehttp"
)

// TestSiteRules sends two requests for each case through the per-site
// cache and checks whether the second was answered from the cache, which
// the view's run counter proves.
func TestSiteRules(t *testing.T) {
	type req struct {
		method, target string
		mod            func(*http.Request)
	}
	get := req{"GET", "/page/", nil}
	cases := []struct {
		name          string
		opts          cachehttp.SiteOptions
		status        int
		header        map[string]string
		first, second req
		wantHit       bool
	}{
		{name: "plain 200 is cached", first: get, second: get, wantHit: true},
		{name: "Cache-Control private", header: map[string]string{"Cache-Control": "private"}, first: get, second: get},
		{name: "Cache-Control no-cache", header: map[string]string{"Cache-Control": "no-cache"}, first: get, second: get},
		{name: "Cache-Control no-store", header: map[string]string{"Cache-Control": "public, no-store"}, first: get, second: get},
		{name: "Cache-Control max-age=0", header: map[string]string{"Cache-Control": "max-age=0"}, first: get, second: get},
		{name: "s-maxage=0 wins over max-age", header: map[string]string{"Cache-Control": "max-age=60, s-maxage=0"}, first: get, second: get},
		{name: "invalid max-age", header: map[string]string{"Cache-Control": "max-age=soon"}, first: get, second: get},
		{name: "positive max-age", header: map[string]string{"Cache-Control": "public, max-age=60"}, first: get, second: get, wantHit: true},
		{name: "Expires in the past", header: map[string]string{"Expires": "Thu, 01 Jan 1970 00:00:00 GMT"}, first: get, second: get},
		{name: "invalid Expires", header: map[string]string{"Expires": "0"}, first: get, second: get},
		{name: "Set-Cookie", header: map[string]string{"Set-Cookie": "sessionid=abc; HttpOnly"}, first: get, second: get},
		{name: "Vary star", header: map[string]string{"Vary": "*"}, first: get, second: get},
		{name: "Vary Cookie by default", header: map[string]string{"Vary": "Cookie"},
			first: req{"GET", "/page/", setHeader("Cookie", "a=1")}, second: req{"GET", "/page/", setHeader("Cookie", "a=1")}},
		{name: "Vary Cookie allowed, same cookie", opts: cachehttp.SiteOptions{CacheVaryCookie: true}, header: map[string]string{"Vary": "Cookie"},
			first: req{"GET", "/page/", setHeader("Cookie", "a=1")}, second: req{"GET", "/page/", setHeader("Cookie", "a=1")}, wantHit: true},
		{name: "Vary Cookie allowed, other cookie", opts: cachehttp.SiteOptions{CacheVaryCookie: true}, header: map[string]string{"Vary": "Cookie"},
			first: req{"GET", "/page/", setHeader("Cookie", "a=1")}, second: req{"GET", "/page/", setHeader("Cookie", "a=2")}},
		{name: "Vary Accept-Encoding, same value", header: map[string]string{"Vary": "Accept-Encoding"},
			first: req{"GET", "/page/", setHeader("Accept-Encoding", "gzip")}, second: req{"GET", "/page/", setHeader("Accept-Encoding", "gzip")}, wantHit: true},
		{name: "Vary Accept-Encoding, other value", header: map[string]string{"Vary": "Accept-Encoding"},
			first: req{"GET", "/page/", setHeader("Accept-Encoding", "gzip")}, second: req{"GET", "/page/", setHeader("Accept-Encoding", "br")}},
		{name: "Vary Accept-Encoding, header absent then present", header: map[string]string{"Vary": "accept-encoding"},
			first: get, second: req{"GET", "/page/", setHeader("Accept-Encoding", "gzip")}},
		{name: "unvaried request header is ignored", first: get, second: req{"GET", "/page/", setHeader("Accept-Language", "fr")}, wantHit: true},
		{name: "HEAD after GET", first: get, second: req{"HEAD", "/page/", nil}, wantHit: true},
		{name: "HEAD after HEAD", first: req{"HEAD", "/page/", nil}, second: req{"HEAD", "/page/", nil}, wantHit: true},
		{name: "GET after HEAD", first: req{"HEAD", "/page/", nil}, second: get},
		{name: "POST never cached", first: req{"POST", "/page/", nil}, second: req{"POST", "/page/", nil}},
		{name: "GET after POST", first: req{"POST", "/page/", nil}, second: get},
		{name: "query strings are distinct", first: req{"GET", "/page/?p=1", nil}, second: req{"GET", "/page/?p=2", nil}},
		{name: "same query string", first: req{"GET", "/page/?p=1", nil}, second: req{"GET", "/page/?p=1", nil}, wantHit: true},
		{name: "hosts are distinct", first: get, second: req{"GET", "/page/", func(r *http.Request) { r.Host = "other.example" }}},
		{name: "404 not cached", status: http.StatusNotFound, first: get, second: get},
		{name: "301 not cached", status: http.StatusMovedPermanently, header: map[string]string{"Location": "/x/"}, first: get, second: get},
		{name: "Authorization request not stored", first: req{"GET", "/page/", setHeader("Authorization", "Basic YTpi")}, second: get},
		{name: "Authorization request never reads", first: get, second: req{"GET", "/page/", setHeader("Authorization", "Basic YTpi")}},
		{name: "Authorization with public response is stored", header: map[string]string{"Cache-Control": "public"},
			first: req{"GET", "/page/", setHeader("Authorization", "Basic YTpi")}, second: get, wantHit: true},
		{name: "request no-store", first: req{"GET", "/page/", setHeader("Cache-Control", "no-store")}, second: get},
		{name: "request no-cache still reads", first: get, second: req{"GET", "/page/", setHeader("Cache-Control", "no-cache")}, wantHit: true},
		{name: "too large", opts: cachehttp.SiteOptions{MaxSize: 4}, first: get, second: get},
		{name: "trailer", header: map[string]string{"Trailer": "X-Checksum"}, first: get, second: get},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			tc.opts.Now = clk.Now
			v := &view{status: tc.status, header: tc.header, body: "hello, world"}
			h := cachehttp.Site(newCache(t, clk), tc.opts)(v)
			do(h, tc.first.method, tc.first.target, tc.first.mod)
			before := v.runs.Load()
			w := do(h, tc.second.method, tc.second.target, tc.second.mod)
			hit := v.runs.Load() == before
			if hit != tc.wantHit {
				t.Fatalf("second request served from cache = %v, want %v (headers %v)", hit, tc.wantHit, w.Header())
			}
			wantStatus := tc.status
			if wantStatus == 0 {
				wantStatus = http.StatusOK
			}
			if w.Code != wantStatus {
				t.Errorf("status = %d, want %d", w.Code, wantStatus)
			}
			if tc.second.method == "GET" && w.Body.String() != "hello, world" {
				t.Errorf("body = %q, want the view's", w.Body.String())
			}
		})
	}
}

// TestSiteHitSkipsView proves a hit answers without running the view, and
// that the stored response is replayed exactly.
func TestSiteHitSkipsView(t *testing.T) {
	clk := newClock()
	v := &view{header: map[string]string{"Content-Type": "text/html; charset=utf-8", "X-Custom": "1"}, body: "<p>home</p>"}
	h := cachehttp.Site(newCache(t, clk), cachehttp.SiteOptions{XCache: true, Now: clk.Now})(v)

	first := do(h, "GET", "/", nil)
	if got := first.Header().Get("X-Cache"); got != "MISS" {
		t.Errorf("first X-Cache = %q, want MISS", got)
	}
	for i := range 5 {
		w := do(h, "GET", "/", nil)
		if got := w.Header().Get("X-Cache"); got != "HIT" {
			t.Fatalf("request %d: X-Cache = %q, want HIT", i+2, got)
		}
		if w.Body.String() != "<p>home</p>" || w.Header().Get("Content-Type") != "text/html; charset=utf-8" || w.Header().Get("X-Custom") != "1" {
			t.Fatalf("request %d: hit differs from the view's response: %d %v %q", i+2, w.Code, w.Header(), w.Body.String())
		}
		if w.Header().Get("Etag") != first.Header().Get("Etag") || w.Header().Get("Last-Modified") != first.Header().Get("Last-Modified") {
			t.Errorf("validators changed between miss and hit: %v vs %v", first.Header(), w.Header())
		}
	}
	if n := v.runs.Load(); n != 1 {
		t.Fatalf("view ran %d times for 6 requests, want 1", n)
	}
}

// TestSiteHeaders checks the headers added to stored pages, the remaining
// lifetime on hits, and max-age capping the timeout.
func TestSiteHeaders(t *testing.T) {
	clk := newClock()
	start := clk.Now()
	v := &view{body: "x"}
	h := cachehttp.Site(newCache(t, clk), cachehttp.SiteOptions{Now: clk.Now, Timeout: 10 * time.Minute})(v)

	w := do(h, "GET", "/", nil)
	if got, want := w.Header().Get("Cache-Control"), "max-age=600"; got != want {
		t.Errorf("miss Cache-Control = %q, want %q", got, want)
	}
	if got, want := w.Header().Get("Expires"), start.Add(10*time.Minute).Format(http.TimeFormat); got != want {
		t.Errorf("miss Expires = %q, want %q", got, want)
	}
	if got, want := w.Header().Get("Last-Modified"), start.Format(http.TimeFormat); got != want {
		t.Errorf("Last-Modified = %q, want %q", got, want)
	}
	if etag := w.Header().Get("Etag"); !strings.HasPrefix(etag, `W/"`) {
		t.Errorf("ETag = %q, want a weak one", etag)
	}
	if got := w.Header().Get("Content-Length"); got != "1" {
		t.Errorf("Content-Length = %q, want 1", got)
	}

	clk.Advance(100 * time.Second)
	w = do(h, "GET", "/", nil)
	if v.runs.Load() != 1 {
		t.Fatal("second request ran the view")
	}
	if got, want := w.Header().Get("Cache-Control"), "max-age=500"; got != want {
		t.Errorf("hit Cache-Control = %q, want %q (the remaining lifetime)", got, want)
	}
	if got, want := w.Header().Get("Expires"), start.Add(10*time.Minute).Format(http.TimeFormat); got != want {
		t.Errorf("hit Expires = %q, want %q", got, want)
	}
	clk.Advance(501 * time.Second)
	do(h, "GET", "/", nil)
	if v.runs.Load() != 2 {
		t.Fatalf("view ran %d times, want 2: the entry outlived its timeout", v.runs.Load())
	}
}

func TestSiteMaxAgeCapsTimeout(t *testing.T) {
	for _, tc := range []struct {
		cc        string
		live      time.Duration // still a hit after this long
		gone      time.Duration // a miss after this long
		wantCC    string
		wantCCHit string
	}{
		{cc: "public, max-age=60", live: 59 * time.Second, gone: 61 * time.Second, wantCC: "public, max-age=60", wantCCHit: "public, max-age=1"},
		{cc: "max-age=60, s-maxage=30", live: 29 * time.Second, gone: 31 * time.Second, wantCC: "max-age=30, s-maxage=30", wantCCHit: "max-age=1, s-maxage=30"},
		// A longer max-age than the middleware's timeout does not extend it.
		{cc: "max-age=3600", live: 599 * time.Second, gone: 601 * time.Second, wantCC: "max-age=600", wantCCHit: "max-age=1"},
	} {
		t.Run(tc.cc, func(t *testing.T) {
			clk := newClock()
			v := &view{header: map[string]string{"Cache-Control": tc.cc}}
			h := cachehttp.Site(newCache(t, clk), cachehttp.SiteOptions{Now: clk.Now})(v)
			w := do(h, "GET", "/", nil)
			if got := w.Header().Get("Cache-Control"); got != tc.wantCC {
				t.Errorf("miss Cache-Control = %q, want %q", got, tc.wantCC)
			}
			clk.Advance(tc.live)
			w = do(h, "GET", "/", nil)
			if v.runs.Load() != 1 {
				t.Fatalf("miss after %v, want a hit", tc.live)
			}
			if got := w.Header().Get("Cache-Control"); got != tc.wantCCHit {
				t.Errorf("hit Cache-Control = %q, want %q", got, tc.wantCCHit)
			}
			clk.Advance(tc.gone - tc.live)
			do(h, "GET", "/", nil)
			if v.runs.Load() != 2 {
				t.Fatalf("hit after %v, want a miss", tc.gone)
			}
		})
	}
}

// TestSiteOuterHeaders checks that headers set by middleware outside the
// cache are theirs on every response: not stored, not duplicated, and a
// deletion by the view is replayed.
func TestSiteOuterHeaders(t *testing.T) {
	clk := newClock()
	var n int
	outer := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n++
			w.Header().Set("X-Request-Id", strings.Repeat("r", n))
			w.Header().Set("X-Frame-Options", "DENY")
			w.Header().Set("Vary", "Accept-Encoding")
			next.ServeHTTP(w, r)
		})
	}
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Del("X-Frame-Options") // this page may be framed
		w.Header().Add("Vary", "Accept-Language")
		_, _ = w.Write([]byte("page"))
	})
	runs := 0
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { runs++; view(w, r) })
	h := outer(cachehttp.Site(newCache(t, clk), cachehttp.SiteOptions{Now: clk.Now})(counted))

	do(h, "GET", "/", nil)
	w := do(h, "GET", "/", nil)
	if runs != 1 {
		t.Fatalf("view ran %d times, want 1", runs)
	}
	if got := w.Header().Values("X-Request-Id"); len(got) != 1 || got[0] != "rr" {
		t.Errorf("X-Request-Id on the hit = %q, want the outer middleware's current one, once", got)
	}
	if got := w.Header().Get("X-Frame-Options"); got != "" {
		t.Errorf("X-Frame-Options = %q, want the view's deletion replayed", got)
	}
	if got := w.Header().Values("Vary"); len(got) != 1 || got[0] != "Accept-Encoding, Accept-Language" {
		t.Errorf("Vary = %q, want both fields once", got)
	}
}

// TestSiteStreaming: a flushed response is sent as it is written and not
// stored; a large one is sent whole.
func TestSiteStreaming(t *testing.T) {
	clk := newClock()
	c := newCache(t, clk)
	var flushed bool
	stream := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("event 1\n"))
		http.NewResponseController(w).Flush()
		flushed = true
		_, _ = w.Write([]byte("event 2\n"))
	})
	h := cachehttp.Site(c, cachehttp.SiteOptions{Now: clk.Now})(stream)
	srv := httptest.NewRecorder()
	h.ServeHTTP(srv, httptest.NewRequest("GET", "/events", nil))
	if !flushed || !srv.Flushed || srv.Body.String() != "event 1\nevent 2\n" {
		t.Fatalf("flushed=%v recorder.Flushed=%v body=%q", flushed, srv.Flushed, srv.Body.String())
	}
	flushed = false
	do(h, "GET", "/events", nil)
	if !flushed {
		t.Error("a streamed response was served from the cache")
	}

	big := bytes.Repeat([]byte("0123456789"), 1000)
	bigView := &view{body: string(big)}
	h = cachehttp.Site(c, cachehttp.SiteOptions{Now: clk.Now, MaxSize: 4096})(bigView)
	w := do(h, "GET", "/big", nil)
	if !bytes.Equal(w.Body.Bytes(), big) {
		t.Fatalf("large body came back with %d bytes, want %d", w.Body.Len(), len(big))
	}
	do(h, "GET", "/big", nil)
	if bigView.runs.Load() != 2 {
		t.Error("a body over MaxSize was stored")
	}
}

func TestSiteKeyPrefixSeparates(t *testing.T) {
	clk := newClock()
	c := newCache(t, clk)
	a := &view{body: "a"}
	b := &view{body: "b"}
	ha := cachehttp.Site(c, cachehttp.SiteOptions{KeyPrefix: "a", Now: clk.Now})(a)
	hb := cachehttp.Site(c, cachehttp.SiteOptions{KeyPrefix: "b", Now: clk.Now})(b)
	do(ha, "GET", "/", nil)
	if w := do(hb, "GET", "/", nil); w.Body.String() != "b" {
		t.Fatalf("prefix b served %q", w.Body.String())
	}
	if w := do(ha, "GET", "/", nil); w.Body.String() != "a" || a.runs.Load() != 1 {
		t.Fatalf("prefix a: body %q, runs %d", w.Body.String(), a.runs.Load())
	}
}

func TestSiteEmptyAndHeadBodies(t *testing.T) {
	clk := newClock()
	v := &view{} // writes nothing: an empty 200
	h := cachehttp.Site(newCache(t, clk), cachehttp.SiteOptions{Now: clk.Now})(v)
	do(h, "GET", "/empty", nil)
	w := do(h, "GET", "/empty", nil)
	if v.runs.Load() != 1 || w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") != "0" {
		t.Fatalf("runs %d, %d %v %q", v.runs.Load(), w.Code, w.Header(), w.Body.String())
	}

	v = &view{body: "hello"}
	h = cachehttp.Site(newCache(t, clk), cachehttp.SiteOptions{Now: clk.Now})(v)
	do(h, "GET", "/", nil)
	w = do(h, "HEAD", "/", nil)
	if w.Body.Len() != 0 || w.Header().Get("Content-Length") != "5" {
		t.Fatalf("HEAD from the GET page: body %q, Content-Length %q", w.Body.String(), w.Header().Get("Content-Length"))
	}
}

func TestConstructorsRejectBadConfig(t *testing.T) {
	c := newCache(t, newClock())
	for name, f := range map[string]func(){
		"nil cache":        func() { cachehttp.Site(nil, cachehttp.SiteOptions{}) },
		"prefix space":     func() { cachehttp.Site(c, cachehttp.SiteOptions{KeyPrefix: "my site"}) },
		"page zero":        func() { cachehttp.CachePage(c, 0) },
		"page two options": func() { cachehttp.CachePage(c, time.Minute, cachehttp.SiteOptions{}, cachehttp.SiteOptions{}) },
		"fragments nil":    func() { cachehttp.NewFragments(nil, nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.HasPrefix(s, "cachehttp: ") {
					t.Fatalf("panic = %v, want a cachehttp message", r)
				}
			}()
			f()
		})
	}
}

func TestCachePage(t *testing.T) {
	clk := newClock()
	c := newCache(t, clk)
	v := &view{body: "report"}
	h := cachehttp.CachePage(c, 30*time.Second, cachehttp.SiteOptions{KeyPrefix: "reports", Now: clk.Now, Timeout: time.Hour})(v)
	w := do(h, "GET", "/report", nil)
	if got := w.Header().Get("Cache-Control"); got != "max-age=30" {
		t.Errorf("Cache-Control = %q, want max-age=30 from CachePage's timeout", got)
	}
	clk.Advance(29 * time.Second)
	do(h, "GET", "/report", nil)
	clk.Advance(2 * time.Second)
	do(h, "GET", "/report", nil)
	if n := v.runs.Load(); n != 2 {
		t.Fatalf("view ran %d times, want 2 (hit at 29s, miss at 31s)", n)
	}

	// A never-cache view stays uncached under CachePage.
	nv := &view{body: "secret"}
	h = cachehttp.CachePage(c, time.Minute)(cachehttp.NeverCache(nv))
	do(h, "GET", "/secret", nil)
	do(h, "GET", "/secret", nil)
	if nv.runs.Load() != 2 {
		t.Error("CachePage stored a NeverCache view")
	}
}

// failingBackend is a cache.Backend whose every call fails, as a stopped
// Redis would.
type failingBackend struct{}

var errDown = errors.New("connection refused")

func (failingBackend) Get(context.Context, string) ([]byte, bool, error) { return nil, false, errDown }
func (failingBackend) Set(context.Context, string, []byte, time.Duration) error {
	return errDown
}
func (failingBackend) Add(context.Context, string, []byte, time.Duration) (bool, error) {
	return false, errDown
}
func (failingBackend) Delete(context.Context, string) (bool, error) { return false, errDown }
func (failingBackend) Clear(context.Context, string) error          { return errDown }
func (failingBackend) Close() error                                 { return nil }

var _ cache.Backend = failingBackend{}

// TestSiteCacheDown: a failing cache never fails a page, strict or not.
func TestSiteCacheDown(t *testing.T) {
	for _, strict := range []bool{false, true} {
		var logs bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&logs, nil))
		c := cache.New(failingBackend{}, cache.Options{Strict: strict, Logger: slog.New(slog.DiscardHandler)})
		v := &view{body: "still here"}
		h := cachehttp.Site(c, cachehttp.SiteOptions{Logger: logger})(v)
		for range 2 {
			if w := do(h, "GET", "/", nil); w.Code != 200 || w.Body.String() != "still here" {
				t.Fatalf("strict=%v: %d %q", strict, w.Code, w.Body.String())
			}
		}
		if v.runs.Load() != 2 {
			t.Errorf("strict=%v: view ran %d times, want 2", strict, v.runs.Load())
		}
		if strict && !strings.Contains(logs.String(), "connection refused") {
			t.Errorf("strict errors were not logged: %q", logs.String())
		}
	}
}
