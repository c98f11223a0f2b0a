package cachehttp_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache/cachehttp"
)

func TestNeverCache(t *testing.T) {
	// The view tries to make itself cacheable; NeverCache wins.
	v := &view{header: map[string]string{"Cache-Control": "public, max-age=3600"}, body: "account"}
	before := time.Now().Add(-time.Second)
	w := do(cachehttp.NeverCache(v), "GET", "/account/", nil)
	cc := w.Header().Get("Cache-Control")
	if cc != "max-age=0, private, no-cache, no-store, must-revalidate" {
		t.Errorf("Cache-Control = %q", cc)
	}
	exp, err := http.ParseTime(w.Header().Get("Expires"))
	if err != nil || exp.Before(before) || exp.After(time.Now().Add(time.Second)) {
		t.Errorf("Expires = %q, want now", w.Header().Get("Expires"))
	}
	if w.Body.String() != "account" {
		t.Errorf("body = %q", w.Body.String())
	}

	// A view that writes nothing still gets the headers.
	w = do(cachehttp.NeverCache(&view{}), "GET", "/", nil)
	if !strings.Contains(w.Header().Get("Cache-Control"), "no-store") {
		t.Errorf("empty response Cache-Control = %q", w.Header().Get("Cache-Control"))
	}
}

func TestVaryOnHeaders(t *testing.T) {
	v := &view{header: map[string]string{"Vary": "Accept-Encoding"}}
	w := do(cachehttp.VaryOnHeaders(v, "accept-encoding", "Accept-Language"), "GET", "/", nil)
	if got := w.Header().Values("Vary"); len(got) != 1 || got[0] != "Accept-Encoding, Accept-Language" {
		t.Errorf("Vary = %q", got)
	}
	w = do(cachehttp.VaryOnCookie(&view{}), "GET", "/", nil)
	if got := w.Header().Get("Vary"); got != "Cookie" {
		t.Errorf("VaryOnCookie Vary = %q", got)
	}
	plain := &view{}
	if cachehttp.VaryOnHeaders(plain) != http.Handler(plain) {
		t.Error("VaryOnHeaders with no headers should return the handler itself")
	}
}

func TestCacheControlMiddleware(t *testing.T) {
	for _, tc := range []struct {
		view string
		opts cachehttp.CacheControlOptions
		want string
	}{
		{"", cachehttp.CacheControlOptions{Public: true, MaxAge: time.Hour}, "public, max-age=3600"},
		{"private", cachehttp.CacheControlOptions{Public: true}, "public"},
		{"public, max-age=60", cachehttp.CacheControlOptions{Private: true}, "max-age=60, private"},
		// max-age is lowered, never raised.
		{"max-age=60", cachehttp.CacheControlOptions{MaxAge: time.Hour}, "max-age=60"},
		{"max-age=7200", cachehttp.CacheControlOptions{MaxAge: time.Hour}, "max-age=3600"},
		{"s-maxage=10", cachehttp.CacheControlOptions{SMaxAge: time.Minute}, "s-maxage=60"},
		{"", cachehttp.CacheControlOptions{MaxAge: cachehttp.ExpireNow, NoCache: true}, "no-cache, max-age=0"},
		{"", cachehttp.CacheControlOptions{
			Public: true, MaxAge: 365 * 24 * time.Hour, Immutable: true, StaleWhileRevalidate: 30 * time.Second,
			StaleIfError: time.Minute, MustRevalidate: true, ProxyRevalidate: true, NoTransform: true, NoStore: true,
		}, "public, no-store, must-revalidate, proxy-revalidate, no-transform, immutable, max-age=31536000, stale-while-revalidate=30, stale-if-error=60"},
		{`no-cache="Set-Cookie, X-A", Max-Age=5`, cachehttp.CacheControlOptions{Public: true}, `no-cache=Set-Cookie, X-A, max-age=5, public`},
	} {
		t.Run(tc.view+"+"+tc.want, func(t *testing.T) {
			v := &view{}
			if tc.view != "" {
				v.header = map[string]string{"Cache-Control": tc.view}
			}
			w := do(cachehttp.CacheControl(tc.opts)(v), "GET", "/", nil)
			if got := w.Header().Get("Cache-Control"); got != tc.want {
				t.Errorf("Cache-Control = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPatchVary(t *testing.T) {
	for _, tc := range []struct {
		have []string
		add  []string
		want []string
	}{
		{nil, []string{"Cookie"}, []string{"Cookie"}},
		{[]string{"Accept-Encoding"}, []string{"cookie", "Accept-Encoding"}, []string{"Accept-Encoding, cookie"}},
		{[]string{"Accept-Encoding", "Cookie"}, nil, []string{"Accept-Encoding, Cookie"}},
		{[]string{"Cookie"}, []string{"*"}, []string{"*"}},
		{[]string{"Cookie"}, []string{""}, []string{"Cookie"}},
		{nil, nil, nil},
	} {
		h := http.Header{}
		for _, v := range tc.have {
			h.Add("Vary", v)
		}
		cachehttp.PatchVary(h, tc.add...)
		if got := h.Values("Vary"); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("PatchVary(%q, %q) = %q, want %q", tc.have, tc.add, got, tc.want)
		}
	}
}

func TestPatchCacheControlRemovesEmpty(t *testing.T) {
	h := http.Header{"Cache-Control": {" , "}}
	cachehttp.PatchCacheControl(h, cachehttp.CacheControlOptions{})
	if _, ok := h["Cache-Control"]; ok {
		t.Errorf("an empty Cache-Control was kept: %q", h["Cache-Control"])
	}
}

// TestPatchWriterKeepsCapabilities: a streaming view under the helpers can
// still flush.
func TestPatchWriterKeepsCapabilities(t *testing.T) {
	var flushErr error
	h := cachehttp.NeverCache(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("a"))
		flushErr = http.NewResponseController(w).Flush()
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if flushErr != nil || !w.Flushed {
		t.Fatalf("flush through NeverCache: err %v, flushed %v", flushErr, w.Flushed)
	}
}
