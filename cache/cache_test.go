package cache_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
)

// broken is a backend whose every call fails with err, as a cache server
// that went away.
type broken struct{ err error }

func (b broken) Get(context.Context, string) ([]byte, bool, error)        { return nil, false, b.err }
func (b broken) Set(context.Context, string, []byte, time.Duration) error { return b.err }
func (b broken) Add(context.Context, string, []byte, time.Duration) (bool, error) {
	return false, b.err
}
func (b broken) Delete(context.Context, string) (bool, error)               { return false, b.err }
func (b broken) Clear(context.Context, string) error                        { return b.err }
func (b broken) Close() error                                               { return nil }
func (b broken) Incr(context.Context, string, int64) (int64, error)         { return 0, b.err }
func (b broken) Touch(context.Context, string, time.Duration) (bool, error) { return false, b.err }

// logBuffer is a slog handler target safe for concurrent writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) lines() int { return strings.Count(l.String(), "\n") }

func newLogger() (*slog.Logger, *logBuffer) {
	lb := &logBuffer{}
	return slog.New(slog.NewTextHandler(lb, nil)), lb
}

func TestLenientFailures(t *testing.T) {
	ctx := context.Background()
	down := errors.New("connection refused")
	logger, logs := newLogger()
	c := cache.New(broken{down}, cache.Options{Logger: logger, Name: "default"})

	var s string
	if found, err := c.Get(ctx, "k", &s); found || err != nil {
		t.Fatalf("Get on a failing backend = %v, %v; want a plain miss", found, err)
	}
	if _, found, err := c.GetBytes(ctx, "k"); found || err != nil {
		t.Fatalf("GetBytes = %v, %v; want a miss", found, err)
	}
	if err := c.Set(ctx, "k", "v", cache.Default); err != nil {
		t.Fatalf("Set = %v; want the write dropped silently", err)
	}
	if added, err := c.Add(ctx, "k", "v", cache.Default); added || err != nil {
		t.Fatalf("Add = %v, %v; want false, nil", added, err)
	}
	if del, err := c.Delete(ctx, "k"); del || err != nil {
		t.Fatalf("Delete = %v, %v", del, err)
	}
	if has, err := c.Has(ctx, "k"); has || err != nil {
		t.Fatalf("Has = %v, %v", has, err)
	}
	if ok, err := c.Touch(ctx, "k", time.Minute); ok || err != nil {
		t.Fatalf("Touch = %v, %v", ok, err)
	}
	if _, err := c.Incr(ctx, "k", 1); !errors.Is(err, cache.ErrNotFound) || errors.Is(err, down) {
		t.Fatalf("Incr = %v; want ErrNotFound without the backend error", err)
	}
	if got, err := c.GetMany(ctx, []string{"a", "b"}); err != nil || len(got) != 0 {
		t.Fatalf("GetMany = %v, %v; want empty", got, err)
	}
	if err := c.SetMany(ctx, map[string]any{"a": 1}, cache.Default); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteMany(ctx, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	computed := false
	err := c.GetOrSet(ctx, "g", &s, cache.Default, func(context.Context) (any, error) { computed = true; return "fresh", nil })
	if err != nil || !computed || s != "fresh" {
		t.Fatalf("GetOrSet = %q, %v (computed %v); want the computed value", s, err, computed)
	}
	st := c.Stats()
	if st.Errors < 12 || st.Hits != 0 || st.Sets != 0 {
		t.Fatalf("Stats = %+v; want every failure counted, no hits or sets", st)
	}
	// Rate-limited: one line for the burst, naming the cache and error.
	out := logs.String()
	if logs.lines() != 1 || !strings.Contains(out, "level=WARN") || !strings.Contains(out, "connection refused") ||
		!strings.Contains(out, "cache=default") || !strings.Contains(out, "logger=jazz.cache") {
		t.Fatalf("log output:\n%s\nwant one WARN line on jazz.cache naming the cache and error", out)
	}
}

func TestStrictFailures(t *testing.T) {
	ctx := context.Background()
	down := errors.New("connection refused")
	logger, _ := newLogger()
	c := cache.New(broken{down}, cache.Options{Strict: true, Logger: logger})
	_, err := c.Get(ctx, "user:1", new(string))
	var ce *cache.Error
	if !errors.Is(err, down) || !errors.As(err, &ce) || ce.Op != "get" || ce.Key != "user:1" {
		t.Fatalf("Get error = %v; want *cache.Error{get, user:1} wrapping the backend error", err)
	}
	if want := `cache: get "user:1": connection refused`; err.Error() != want {
		t.Fatalf("message %q; want %q", err, want)
	}
	if err := c.Set(ctx, "k", "v", cache.Default); !errors.Is(err, down) {
		t.Fatalf("Set = %v", err)
	}
	if _, err := c.Incr(ctx, "k", 1); !errors.Is(err, down) {
		t.Fatalf("Incr = %v", err)
	}
	if err := c.GetOrSet(ctx, "k", new(string), cache.Default, func(context.Context) (any, error) { return "v", nil }); !errors.Is(err, down) {
		t.Fatalf("GetOrSet = %v", err)
	}
	// Strict GetOrSet stops at the failed lookup rather than computing.
	if st := c.Stats(); st.Errors != 4 {
		t.Fatalf("Errors = %d; want 4 (get, set, incr, get_or_set)", st.Errors)
	}
}

func TestCancelledContextIsNotABackendFailure(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	logger, logs := newLogger()
	c := cache.New(broken{context.Canceled}, cache.Options{Logger: logger})
	if found, err := c.Get(ctx, "k", new(string)); found || err != nil {
		t.Fatalf("Get = %v, %v", found, err)
	}
	if st := c.Stats(); st.Errors != 0 || logs.lines() != 0 {
		t.Fatalf("a caller's cancelled context was counted (%+v) or logged (%q)", st, logs.String())
	}
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	c.Set(ctx, "a", "1", cache.Default)
	c.Add(ctx, "a", "2", cache.Default) // not stored
	c.Add(ctx, "b", "2", cache.Default)
	c.Get(ctx, "a", new(string))
	c.Get(ctx, "zz", new(string))
	c.GetMany(ctx, []string{"a", "b", "c"})
	c.WithVersion(2).Get(ctx, "a", new(string)) // views share counters
	want := cache.Stats{Hits: 3, Misses: 3, Sets: 2}
	if got := c.Stats(); got != want {
		t.Fatalf("Stats = %+v; want %+v", got, want)
	}
}

func TestUndecodableValueIsAMiss(t *testing.T) {
	ctx := context.Background()
	b := cache.NewLocMem(cache.LocMemOptions{})
	logger, logs := newLogger()
	lenient := cache.New(b, cache.Options{Logger: logger})
	strict := cache.New(b, cache.Options{Strict: true, Logger: logger})
	lenient.Set(ctx, "n", "not a number", cache.Default)
	n := 99
	if found, err := lenient.Get(ctx, "n", &n); found || err != nil {
		t.Fatalf("Get into *int of text = %v, %v; want a miss", found, err)
	}
	if lenient.Stats().Errors != 1 || logs.lines() != 1 {
		t.Fatalf("an undecodable value was not counted and logged: %+v %q", lenient.Stats(), logs.String())
	}
	if _, err := strict.Get(ctx, "n", &n); !errors.Is(err, cache.ErrNotInteger) {
		t.Fatalf("strict Get = %v; want ErrNotInteger", err)
	}
	type old struct{ A int }
	lenient.Set(ctx, "s", old{1}, cache.Default)
	var wrong []string
	if _, err := strict.Get(ctx, "s", &wrong); err == nil || !strings.Contains(err.Error(), "decoding into *[]string") {
		t.Fatalf("strict Get of a struct into *[]string = %v", err)
	}
	// GetOrSet recomputes over a value it cannot decode.
	var fixed int
	err := lenient.GetOrSet(ctx, "n", &fixed, cache.Default, func(context.Context) (any, error) { return 5, nil })
	if err != nil || fixed != 5 {
		t.Fatalf("GetOrSet over a stale value = %d, %v", fixed, err)
	}
}

func TestProgrammingErrorsAreAlwaysReturned(t *testing.T) {
	ctx := context.Background()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{})
	c.Set(ctx, "k", "v", cache.Default)
	for _, k := range []string{"k", "missing"} {
		if _, err := c.Get(ctx, k, nil); err == nil || !strings.Contains(err.Error(), "non-nil pointer") {
			t.Fatalf("Get(%q) with a nil dst = %v", k, err)
		}
	}
	if err := c.GetOrSet(ctx, "k", nil, cache.Default, nil); err == nil {
		t.Fatal("GetOrSet with a nil dst succeeded")
	}
	if err := c.Set(ctx, "k", nil, cache.Default); err == nil || !strings.Contains(err.Error(), "nil value") {
		t.Fatalf("Set(nil) = %v", err)
	}
	if err := c.Set(ctx, "k", func() {}, cache.Default); err == nil || !strings.Contains(err.Error(), `cache: set "k": encoding func()`) {
		t.Fatalf("Set(func) = %v", err)
	}
	if err := c.SetMany(ctx, map[string]any{"ok": 1, "bad": make(chan int)}, cache.Default); err == nil {
		t.Fatal("SetMany with an unencodable value succeeded")
	}
	if _, err := c.Decr(ctx, "k", -1<<63); err == nil {
		t.Fatal("Decr(MinInt64) succeeded")
	}
}

func TestErrorMessages(t *testing.T) {
	ctx := context.Background()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{KeyPrefix: "site"})
	_, err := c.Incr(ctx, "hits", 1)
	if want := `cache: incr "hits": key not found`; err == nil || err.Error() != want {
		t.Fatalf("Incr of a missing key: %v; want %q", err, want)
	}
	_, err = c.Decr(ctx, "hits", 1)
	if want := `cache: decr "hits": key not found`; err == nil || err.Error() != want {
		t.Fatalf("Decr of a missing key: %v; want %q", err, want)
	}
	err = c.Set(ctx, "has space", 1, cache.Default)
	if msg := err.Error(); !strings.HasPrefix(msg, `cache: invalid key "has space": `) || !strings.Contains(msg, "cache.HashKey") {
		t.Fatalf("invalid key message %q; want the quoted key and the HashKey hint", msg)
	}
	long := strings.Repeat("é", 200)
	err = c.Set(ctx, long, 1, cache.Default)
	if msg := err.Error(); len(msg) > 250 || !strings.Contains(msg, "(400 bytes)") || !strings.Contains(msg, "over the limit of 250") {
		t.Fatalf("long key message %q; want it truncated, with the sizes", msg)
	}
}

func TestKeyFunctions(t *testing.T) {
	if got := cache.DefaultKeyFunc("k", "", 1); got != ":1:k" {
		t.Fatalf("DefaultKeyFunc = %q; want Django's \":1:k\"", got)
	}
	if got := cache.DefaultKeyFunc("a:b", "site", -3); got != "site:-3:a:b" {
		t.Fatalf("DefaultKeyFunc = %q", got)
	}
	h := cache.HashKey("\x00 anything")
	if len(h) != 64 || cache.ValidateKey(h) != nil || h == cache.HashKey("\x00 anything else") {
		t.Fatalf("HashKey = %q", h)
	}
	// A custom KeyFunc decides the backend key, and validation applies to it.
	ctx := context.Background()
	b := cache.NewLocMem(cache.LocMemOptions{})
	c := cache.New(b, cache.Options{KeyPrefix: "p", KeyFunc: func(k, p string, v int) string { return p + ":" + k + "#" }})
	c.Set(ctx, "k", "v", cache.Default)
	if v, ok, _ := b.Get(ctx, "p:k#"); !ok || string(v) != "v" {
		t.Fatalf("custom KeyFunc not used: %q %v", v, ok)
	}
	spacey := cache.New(b, cache.Options{KeyFunc: func(k, p string, v int) string { return k + " x" }})
	if err := spacey.Set(ctx, "k", "v", cache.Default); !errors.Is(err, cache.ErrInvalidKey) {
		t.Fatalf("a KeyFunc producing a space: %v; want ErrInvalidKey", err)
	}
	if got := c.ClearPrefix(); got != "p:" {
		t.Fatalf("ClearPrefix = %q", got)
	}
}

func TestJSONSerializer(t *testing.T) {
	ctx := context.Background()
	c := cache.New(cache.NewLocMem(cache.LocMemOptions{}), cache.Options{Serializer: cache.JSON{}})
	type point struct{ X, Y int }
	c.Set(ctx, "p", point{1, 2}, cache.Default)
	raw, _, _ := c.GetBytes(ctx, "p")
	if string(raw) != `{"X":1,"Y":2}` {
		t.Fatalf("stored %q; want JSON", raw)
	}
	p, found, err := cache.Get[point](ctx, c, "p")
	if err != nil || !found || p != (point{1, 2}) {
		t.Fatalf("Get[point] = %v, %v, %v", p, found, err)
	}
	// Strings stay raw whatever the serializer.
	c.Set(ctx, "s", "text", cache.Default)
	if raw, _, _ := c.GetBytes(ctx, "s"); string(raw) != "text" {
		t.Fatalf("string stored as %q", raw)
	}
}

func TestDefaultTimeoutForever(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	b := cache.NewLocMem(cache.LocMemOptions{Now: func() time.Time { return now }})
	c := cache.New(b, cache.Options{DefaultTimeout: cache.Forever})
	d := cache.New(b, cache.Options{KeyPrefix: "d"})
	c.Set(ctx, "k", "v", cache.Default)
	d.Set(ctx, "k", "v", cache.Default)
	now = now.Add(cache.DefaultTimeout + time.Second)
	if ok, _ := c.Has(ctx, "k"); !ok {
		t.Fatal("DefaultTimeout Forever: the value expired")
	}
	if ok, _ := d.Has(ctx, "k"); ok {
		t.Fatal("zero DefaultTimeout did not mean 300 s")
	}
}

func TestWithVersionSharesBackend(t *testing.T) {
	c := cache.New(cache.NewDummy(), cache.Options{Version: 4, Name: "n"})
	v := c.WithVersion(0)
	if c.Version() != 4 || v.Version() != 0 || v.Name() != "n" || v.Backend() != c.Backend() {
		t.Fatalf("views: %d %d %q", c.Version(), v.Version(), v.Name())
	}
	if cache.New(cache.NewDummy(), cache.Options{}).Version() != 1 {
		t.Fatal("default version is not 1")
	}
}

func TestNewNilBackendPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "nil Backend") {
			t.Fatalf("recover() = %v", r)
		}
	}()
	cache.New(nil, cache.Options{})
}
