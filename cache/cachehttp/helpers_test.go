package cachehttp_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
)

// clock is a settable fake time shared by the cache backend and the
// middleware, so expiry is tested without sleeping.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// newCache returns a locmem-backed front on clk.
func newCache(t testing.TB, clk *clock) *cache.Cache {
	t.Helper()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{MaxEntries: -1, Now: clk.Now}), cache.Options{Strict: true})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// view is a handler that counts its runs and answers as configured.
type view struct {
	runs   atomic.Int64
	status int
	header map[string]string
	body   string
}

func (v *view) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v.runs.Add(1)
	for k, val := range v.header {
		w.Header().Set(k, val)
	}
	if v.status != 0 {
		w.WriteHeader(v.status)
	}
	_, _ = w.Write([]byte(v.body))
}

// do sends a request for method and target, changed by mod when not nil,
// through h.
func do(h http.Handler, method, target string, mod func(*http.Request)) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	if mod != nil {
		mod(r)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func setHeader(k, v string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set(k, v) }
}
