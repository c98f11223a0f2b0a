package cachehttp_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/cachehttp"
)

// TestCachePageFromContext checks CachePage(nil, ...): the cache comes from
// the request, each cache keeps its own pages, and a request without one
// is served uncached.
func TestCachePageFromContext(t *testing.T) {
	runs := 0
	h := cachehttp.CachePage(nil, time.Minute)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		runs++
		w.Write([]byte("page"))
	}))
	get := func(c *cache.Cache) {
		t.Helper()
		r := httptest.NewRequest("GET", "/p", nil)
		if c != nil {
			r = r.WithContext(cache.WithCache(r.Context(), c))
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != 200 || rec.Body.String() != "page" {
			t.Fatalf("got %d %q", rec.Code, rec.Body.String())
		}
	}
	a := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	b := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	get(a)
	get(a)
	if runs != 1 {
		t.Fatalf("second request on cache a ran the view: runs = %d", runs)
	}
	get(b)
	if runs != 2 {
		t.Fatalf("cache b shared cache a's page: runs = %d", runs)
	}
	get(nil)
	get(nil)
	if runs != 4 {
		t.Fatalf("requests without a cache must not be cached: runs = %d", runs)
	}
}
