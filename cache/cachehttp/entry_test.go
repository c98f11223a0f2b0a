package cachehttp

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
)

func TestEntryRoundTrip(t *testing.T) {
	h := http.Header{
		"Content-Type": {"text/html; charset=utf-8"},
		"Vary":         {"Accept-Encoding"},
		"X-Multi":      {"a", "", "c"},
	}
	body := []byte("<p>\x00binary ok</p>")
	data := appendEntry(nil, 203, 1700000000, h, []string{"X-Frame-Options"}, body)
	e, err := decodeEntry(data)
	if err != nil {
		t.Fatal(err)
	}
	if e.status != 203 || e.expires != 1700000000 || !bytes.Equal(e.body, body) {
		t.Fatalf("decoded %d %d %q", e.status, e.expires, e.body)
	}
	out := http.Header{"X-Frame-Options": {"DENY"}, "Vary": {"Cookie"}, "Content-Type": {"text/plain"}}
	e.apply(out)
	want := http.Header{
		"Content-Type": {"text/html; charset=utf-8"},
		"Vary":         {"Cookie, Accept-Encoding"},
		"X-Multi":      {"a", "", "c"},
	}
	if len(out) != len(want) {
		t.Fatalf("applied headers = %v, want %v", out, want)
	}
	for k, vs := range want {
		if !slices.Equal(out[k], vs) {
			t.Errorf("%s = %q, want %q", k, out[k], vs)
		}
	}
}

func TestDecodeEntryRejectsCorruption(t *testing.T) {
	good := appendEntry(nil, 200, 1, http.Header{"A": {"b"}}, nil, []byte("body"))
	for name, data := range map[string][]byte{
		"empty":         nil,
		"other version": append([]byte{9}, good[1:]...),
		"truncated":     good[:5],
		"bad status":    appendEntry(nil, 42, 1, nil, nil, nil),
	} {
		if _, err := decodeEntry(data); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
	// A header count that disagrees with the block is caught before use.
	bad := slices.Clone(good)
	bad[4] = 2 // number of keys, after version, status and expiry
	if _, err := decodeEntry(bad); err == nil {
		t.Error("a wrong key count was accepted")
	}
}

// FuzzDecodeEntry feeds arbitrary bytes, as a shared cache server might
// hold, to the decoder: it must reject or decode without panicking, and a
// decoded entry must apply cleanly.
func FuzzDecodeEntry(f *testing.F) {
	f.Add(appendEntry(nil, 200, 1700000000, http.Header{"Content-Type": {"text/html"}, "Vary": {"Cookie"}}, []string{"X-Gone"}, []byte("hello")))
	f.Add(appendEntry(nil, 404, -5, nil, nil, nil))
	f.Add([]byte{1, 200, 1, 2, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeEntry(data)
		if err != nil {
			return
		}
		h := http.Header{"Vary": {"Accept"}}
		e.apply(h)
		// Re-encoding what was applied must decode again.
		h.Del("Vary")
		again := appendEntry(nil, e.status, e.expires, h, nil, e.body)
		if _, err := decodeEntry(again); err != nil {
			t.Fatalf("re-encoded entry does not decode: %v", err)
		}
	})
}

// TestSiteCorruptEntry: bytes under a page key that are not a page (from
// another program or version) are a miss, and are replaced.
func TestSiteCorruptEntry(t *testing.T) {
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	pc := newPageCache(c, SiteOptions{Logger: slog.New(slog.DiscardHandler)})
	runs := 0
	h := pc.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		runs++
		_, _ = w.Write([]byte("fresh"))
	}))
	get := func() string {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
		return w.Body.String()
	}
	get()
	r := httptest.NewRequest("GET", "/", nil)
	key := pc.pageKey("GET", absoluteURL(r), nil, r)
	if found, _ := c.Has(context.Background(), key); !found {
		t.Fatalf("no page stored under %q", key)
	}
	if err := c.Set(context.Background(), key, []byte("\x01garbage"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if body := get(); body != "fresh" || runs != 2 {
		t.Fatalf("corrupt entry: body %q, runs %d; want the view's page", body, runs)
	}
	if body := get(); body != "fresh" || runs != 2 {
		t.Fatalf("the corrupt entry was not replaced: body %q, runs %d", body, runs)
	}
}
