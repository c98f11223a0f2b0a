package cachetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
)

// Options describes what the backend under test can do.
type Options struct {
	// Clock, when set, is the clock the backends made by newBackend read
	// for expiry (wire Clock.Now into them); the suite advances it to test
	// expiry without waiting.
	Clock *Clock
	// RealTime runs the expiry tests with real timeouts of 2 seconds (each
	// waits about 3.5 s) when there is no Clock, as for servers that keep
	// their own time. Skipped under -short. Without Clock or RealTime the
	// expiry tests are skipped.
	RealTime bool
	// ClearIsScoped says Clear removes only the cache's own prefix, so the
	// suite checks that another prefix's keys survive it.
	ClearIsScoped bool
	// StoresNothing is for the dummy backend: the suite checks that every
	// read misses instead.
	StoresNothing bool
	// UnsignedCounters is for memcached, whose counters cannot go below
	// zero or past 2^64: the Incr test stays within non-negative values
	// and skips the int64 overflow check.
	UnsignedCounters bool
	// LargeValueSize is the size of the large-value test (0 means 1 MiB).
	// memcached's default item limit (-I 1m) counts the key and header
	// too, so use a little less there, or start the server with -I 2m.
	LargeValueSize int
}

// Clock is a manual clock for backends that take a Now function. It is
// safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock showing start.
func NewClock(start time.Time) *Clock { return &Clock{t: start} }

// Now returns the clock's time; pass it as the backend's Now.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is one subtest's backend and a strict front over it.
type env struct {
	t      *testing.T
	ctx    context.Context
	b      cache.Backend
	c      *cache.Cache
	prefix string
	opts   Options
}

// front returns another strict front over the same backend, with the
// subtest's prefix plus suffix.
func (e *env) front(suffix string, o cache.Options) *cache.Cache {
	o.KeyPrefix = e.prefix + suffix
	o.Strict = true
	return cache.New(e.b, o)
}

// Run runs the suite. newBackend is called once per subtest and must
// return a backend ready for use (servers may be shared between calls:
// every subtest uses its own random key prefix); Run closes it when the
// subtest ends. The fronts Run builds are Strict, so a backend error fails
// the test.
func Run(t *testing.T, newBackend func(t *testing.T) cache.Backend, opts Options) {
	t.Helper()
	var run string
	{
		var b [4]byte
		rand.Read(b[:])
		run = "ct" + hex.EncodeToString(b[:])
	}
	tests := []struct {
		name string
		fn   func(*env)
	}{
		{"GetSet", testGetSet},
		{"Values", testValues},
		{"RawEncoding", testRawEncoding},
		{"LargeValue", testLargeValue},
		{"Add", testAdd},
		{"Many", testMany},
		{"Touch", testTouch},
		{"Incr", testIncr},
		{"IncrConcurrent", testIncrConcurrent},
		{"Versions", testVersions},
		{"Prefix", testPrefix},
		{"Clear", testClear},
		{"ExpireNow", testExpireNow},
		{"Expiry", testExpiry},
		{"KeyValidation", testKeyValidation},
		{"GetOrSet", testGetOrSet},
		{"SingleFlight", testSingleFlight},
		{"Concurrent", testConcurrent},
	}
	if opts.StoresNothing {
		tests = []struct {
			name string
			fn   func(*env)
		}{
			{"StoresNothing", testStoresNothing},
			{"KeyValidation", testKeyValidation},
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newBackend(t)
			if b == nil {
				t.Fatal("cachetest: newBackend returned nil")
			}
			t.Cleanup(func() {
				if err := b.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			e := &env{t: t, ctx: context.Background(), b: b, prefix: run + "." + tc.name, opts: opts}
			e.c = cache.New(b, cache.Options{KeyPrefix: e.prefix, Strict: true})
			tc.fn(e)
		})
	}
}

// --- helpers ---------------------------------------------------------------

func (e *env) set(c *cache.Cache, key string, v any, ttl time.Duration) {
	e.t.Helper()
	if err := c.Set(e.ctx, key, v, ttl); err != nil {
		e.t.Fatalf("Set(%q): %v", key, err)
	}
}

func (e *env) getString(c *cache.Cache, key string) (string, bool) {
	e.t.Helper()
	var s string
	found, err := c.Get(e.ctx, key, &s)
	if err != nil {
		e.t.Fatalf("Get(%q): %v", key, err)
	}
	return s, found
}

func (e *env) wantString(c *cache.Cache, key, want string) {
	e.t.Helper()
	got, found := e.getString(c, key)
	if !found || got != want {
		e.t.Fatalf("Get(%q) = %q, found=%v; want %q, found", key, got, found, want)
	}
}

func (e *env) wantMiss(c *cache.Cache, key string) {
	e.t.Helper()
	got, found := e.getString(c, key)
	if found {
		e.t.Fatalf("Get(%q) = %q, found; want a miss", key, got)
	}
	has, err := c.Has(e.ctx, key)
	if err != nil || has {
		e.t.Fatalf("Has(%q) = %v, %v; want false", key, has, err)
	}
}

// needClock skips a test that must move time, or prepares a real-time run.
// It returns a function that lets time pass by at least d.
func (e *env) needClock() (advance func(d time.Duration)) {
	e.t.Helper()
	switch {
	case e.opts.Clock != nil:
		return e.opts.Clock.Advance
	case e.opts.RealTime && !testing.Short():
		return time.Sleep
	case e.opts.RealTime:
		e.t.Skip("cachetest: real-time expiry tests skipped under -short")
	default:
		e.t.Skip("cachetest: expiry not tested: set Options.Clock (backend with a Now hook) or Options.RealTime")
	}
	return nil
}

func roundTrip[T any](e *env, key string, v T) {
	e.t.Helper()
	e.set(e.c, key, v, cache.Default)
	var got T
	found, err := e.c.Get(e.ctx, key, &got)
	if err != nil || !found {
		e.t.Fatalf("Get(%q) after Set(%T): found=%v err=%v", key, v, found, err)
	}
	if !reflect.DeepEqual(got, v) {
		e.t.Fatalf("%T round trip: got %#v, want %#v", v, got, v)
	}
	got2, found, err := cache.Get[T](e.ctx, e.c, key)
	if err != nil || !found || !reflect.DeepEqual(got2, v) {
		e.t.Fatalf("cache.Get[%T] = %#v, %v, %v; want %#v", v, got2, found, err, v)
	}
}

// --- tests -------------------------------------------------------------------

func testGetSet(e *env) {
	e.wantMiss(e.c, "missing")
	s := "untouched"
	if found, err := e.c.Get(e.ctx, "missing", &s); found || err != nil || s != "untouched" {
		e.t.Fatalf("Get of a missing key: found=%v err=%v dst=%q; want miss, dst untouched", found, err, s)
	}
	e.set(e.c, "k", "v1", cache.Default)
	e.wantString(e.c, "k", "v1")
	e.set(e.c, "k", "v2", cache.Default)
	e.wantString(e.c, "k", "v2")
	if b, found, err := e.c.GetBytes(e.ctx, "k"); err != nil || !found || string(b) != "v2" {
		e.t.Fatalf("GetBytes = %q, %v, %v; want v2", b, found, err)
	}
	if has, err := e.c.Has(e.ctx, "k"); err != nil || !has {
		e.t.Fatalf("Has = %v, %v; want true", has, err)
	}
	if del, err := e.c.Delete(e.ctx, "k"); err != nil || !del {
		e.t.Fatalf("Delete of a present key = %v, %v; want true", del, err)
	}
	e.wantMiss(e.c, "k")
	if del, err := e.c.Delete(e.ctx, "k"); err != nil || del {
		e.t.Fatalf("Delete of a missing key = %v, %v; want false", del, err)
	}
	// Returned bytes are the caller's: changing them changes nothing.
	e.set(e.c, "own", []byte("abc"), cache.Default)
	b, _, _ := e.c.GetBytes(e.ctx, "own")
	if len(b) > 0 {
		b[0] = 'X'
	}
	e.wantString(e.c, "own", "abc")
	src := []byte("xyz")
	e.set(e.c, "own2", src, cache.Default)
	src[0] = 'Q'
	e.wantString(e.c, "own2", "xyz")
}

type record struct {
	Name  string
	Tags  []string
	Score float64
	When  time.Time
	Inner *struct{ A, B int }
}

func testValues(e *env) {
	roundTrip(e, "string", "héllo, wörld")
	roundTrip(e, "empty-string", "")
	roundTrip(e, "bytes", []byte{0, 1, 0, 255, 'a', 0})
	roundTrip(e, "empty-bytes", []byte{})
	roundTrip(e, "int", -42)
	roundTrip(e, "int64-max", int64(math.MaxInt64))
	roundTrip(e, "int64-min", int64(math.MinInt64))
	roundTrip(e, "uint64-max", uint64(math.MaxUint64))
	roundTrip(e, "int8", int8(-128))
	roundTrip(e, "uint16", uint16(65535))
	roundTrip(e, "bool", true)
	roundTrip(e, "float", 3.25)
	roundTrip(e, "map", map[string]int{"a": 1, "b": 2})
	roundTrip(e, "slice", []string{"x", "", "z"})
	roundTrip(e, "struct", record{
		Name: "n", Tags: []string{"a", "b"}, Score: 0.5,
		When:  time.Date(2030, 5, 6, 7, 8, 9, 10, time.UTC),
		Inner: &struct{ A, B int }{1, 2},
	})
}

func testRawEncoding(e *env) {
	// Strings, bytes and integers are stored as they are, so other
	// programs can read them and Incr can work on integers.
	for _, tc := range []struct {
		v    any
		want string
	}{
		{"plain text", "plain text"},
		{[]byte("a\x00b"), "a\x00b"},
		{42, "42"},
		{int64(-7), "-7"},
		{uint8(200), "200"},
	} {
		e.set(e.c, "raw", tc.v, cache.Default)
		b, found, err := e.c.GetBytes(e.ctx, "raw")
		if err != nil || !found || string(b) != tc.want {
			e.t.Fatalf("Set(%T %v) stored %q (found=%v err=%v); want %q", tc.v, tc.v, b, found, err, tc.want)
		}
	}
	// An integer reads back as its text.
	e.set(e.c, "n", 1234, cache.Default)
	e.wantString(e.c, "n", "1234")
}

func testLargeValue(e *env) {
	size := e.opts.LargeValueSize
	if size <= 0 {
		size = 1 << 20
	}
	v := make([]byte, size)
	rand.Read(v)
	e.set(e.c, "large", v, cache.Default)
	got, found, err := e.c.GetBytes(e.ctx, "large")
	if err != nil || !found {
		e.t.Fatalf("GetBytes of a %d-byte value: found=%v err=%v", size, found, err)
	}
	if !bytes.Equal(got, v) {
		e.t.Fatalf("a %d-byte value came back as %d bytes, different", size, len(got))
	}
}

func testAdd(e *env) {
	added, err := e.c.Add(e.ctx, "a", "first", cache.Default)
	if err != nil || !added {
		e.t.Fatalf("Add of a new key = %v, %v; want true", added, err)
	}
	e.wantString(e.c, "a", "first")
	added, err = e.c.Add(e.ctx, "a", "second", cache.Default)
	if err != nil || added {
		e.t.Fatalf("Add of a present key = %v, %v; want false", added, err)
	}
	e.wantString(e.c, "a", "first")
	e.c.Delete(e.ctx, "a")
	if added, err := e.c.Add(e.ctx, "a", "third", cache.Default); err != nil || !added {
		e.t.Fatalf("Add after Delete = %v, %v; want true", added, err)
	}
	e.wantString(e.c, "a", "third")
	// Expire-now: nothing stored; the result says whether the key was free.
	if added, err := e.c.Add(e.ctx, "b", "x", 0); err != nil || !added {
		e.t.Fatalf("Add(ttl 0) of a free key = %v, %v; want true", added, err)
	}
	e.wantMiss(e.c, "b")
	if added, err := e.c.Add(e.ctx, "a", "x", 0); err != nil || added {
		e.t.Fatalf("Add(ttl 0) of a present key = %v, %v; want false", added, err)
	}
	e.wantString(e.c, "a", "third")
}

func testMany(e *env) {
	if got, err := e.c.GetMany(e.ctx, nil); err != nil || got == nil || len(got) != 0 {
		e.t.Fatalf("GetMany(nil) = %v, %v; want an empty map", got, err)
	}
	err := e.c.SetMany(e.ctx, map[string]any{"a": 1, "b": "bee", "c": []byte{0, 'c'}}, cache.Default)
	if err != nil {
		e.t.Fatalf("SetMany: %v", err)
	}
	got, err := e.c.GetMany(e.ctx, []string{"a", "b", "c", "missing"})
	if err != nil {
		e.t.Fatalf("GetMany: %v", err)
	}
	want := map[string][]byte{"a": []byte("1"), "b": []byte("bee"), "c": {0, 'c'}}
	if !reflect.DeepEqual(got, want) {
		e.t.Fatalf("GetMany = %q; want %q", got, want)
	}
	typed, err := cache.GetMany[string](e.ctx, e.c, []string{"b", "missing"})
	if err != nil || !reflect.DeepEqual(typed, map[string]string{"b": "bee"}) {
		e.t.Fatalf("cache.GetMany[string] = %v, %v; want map[b:bee]", typed, err)
	}
	ints, err := cache.GetMany[int](e.ctx, e.c, []string{"a"})
	if err != nil || ints["a"] != 1 {
		e.t.Fatalf("cache.GetMany[int] = %v, %v; want map[a:1]", ints, err)
	}
	if err := e.c.DeleteMany(e.ctx, []string{"a", "b", "missing"}); err != nil {
		e.t.Fatalf("DeleteMany: %v", err)
	}
	got, err = e.c.GetMany(e.ctx, []string{"a", "b", "c"})
	if err != nil || len(got) != 1 || got["c"] == nil {
		e.t.Fatalf("GetMany after DeleteMany = %q, %v; want only c", got, err)
	}
	// SetMany with an expire-now ttl removes the keys.
	if err := e.c.SetMany(e.ctx, map[string]any{"c": "new"}, 0); err != nil {
		e.t.Fatalf("SetMany(ttl 0): %v", err)
	}
	e.wantMiss(e.c, "c")
	if err := e.c.DeleteMany(e.ctx, nil); err != nil {
		e.t.Fatalf("DeleteMany(nil): %v", err)
	}
}

func testTouch(e *env) {
	if ok, err := e.c.Touch(e.ctx, "missing", time.Minute); err != nil || ok {
		e.t.Fatalf("Touch of a missing key = %v, %v; want false", ok, err)
	}
	e.set(e.c, "t", "v", time.Minute)
	if ok, err := e.c.Touch(e.ctx, "t", time.Hour); err != nil || !ok {
		e.t.Fatalf("Touch of a present key = %v, %v; want true", ok, err)
	}
	e.wantString(e.c, "t", "v")
	if ok, err := e.c.Touch(e.ctx, "t", cache.Forever); err != nil || !ok {
		e.t.Fatalf("Touch(Forever) = %v, %v; want true", ok, err)
	}
	e.wantString(e.c, "t", "v")
	// An expire-now Touch removes the key.
	if ok, err := e.c.Touch(e.ctx, "t", 0); err != nil || !ok {
		e.t.Fatalf("Touch(0) of a present key = %v, %v; want true", ok, err)
	}
	e.wantMiss(e.c, "t")
}

func testIncr(e *env) {
	if _, err := e.c.Incr(e.ctx, "missing", 1); !errors.Is(err, cache.ErrNotFound) {
		e.t.Fatalf("Incr of a missing key: %v; want ErrNotFound", err)
	}
	if _, err := e.c.Decr(e.ctx, "missing", 1); !errors.Is(err, cache.ErrNotFound) {
		e.t.Fatalf("Decr of a missing key: %v; want ErrNotFound", err)
	}
	e.set(e.c, "text", "abc", cache.Default)
	if _, err := e.c.Incr(e.ctx, "text", 1); !errors.Is(err, cache.ErrNotInteger) {
		e.t.Fatalf("Incr of a text value: %v; want ErrNotInteger", err)
	}
	e.set(e.c, "n", 10, cache.Default)
	steps := []struct {
		op    string
		delta int64
		want  int64
	}{{"incr", 5, 15}, {"incr", 0, 15}, {"decr", 20, -5}, {"incr", -5, -10}, {"decr", -11, 1}}
	if e.opts.UnsignedCounters {
		steps = steps[:2]
		steps = append(steps, struct {
			op    string
			delta int64
			want  int64
		}{"decr", 14, 1})
	}
	for _, s := range steps {
		var n int64
		var err error
		if s.op == "incr" {
			n, err = e.c.Incr(e.ctx, "n", s.delta)
		} else {
			n, err = e.c.Decr(e.ctx, "n", s.delta)
		}
		if err != nil || n != s.want {
			e.t.Fatalf("%s(%d) = %d, %v; want %d", s.op, s.delta, n, err, s.want)
		}
	}
	if n, found, err := cache.Get[int](e.ctx, e.c, "n"); err != nil || !found || n != 1 {
		e.t.Fatalf("Get[int] after Incr = %d, %v, %v; want 1", n, found, err)
	}
	if e.opts.UnsignedCounters {
		return
	}
	e.set(e.c, "big", int64(math.MaxInt64-1), cache.Default)
	if n, err := e.c.Incr(e.ctx, "big", 1); err != nil || n != math.MaxInt64 {
		e.t.Fatalf("Incr to MaxInt64 = %d, %v", n, err)
	}
	if _, err := e.c.Incr(e.ctx, "big", 1); !errors.Is(err, cache.ErrNotInteger) {
		e.t.Fatalf("Incr past MaxInt64: %v; want an overflow error wrapping ErrNotInteger", err)
	}
}

func testIncrConcurrent(e *env) {
	const goroutines, each = 100, 10
	e.set(e.c, "counter", 0, cache.Forever)
	var wg sync.WaitGroup
	results := make(chan int64, goroutines*each)
	start := make(chan struct{})
	for range goroutines {
		wg.Go(func() {
			<-start
			for range each {
				n, err := e.c.Incr(e.ctx, "counter", 1)
				if err != nil {
					e.t.Errorf("Incr: %v", err)
					return
				}
				results <- n
			}
		})
	}
	close(start)
	wg.Wait()
	close(results)
	var seen []int64
	for n := range results {
		seen = append(seen, n)
	}
	slices.Sort(seen)
	for i, n := range seen {
		if n != int64(i+1) {
			e.t.Fatalf("concurrent Incr results are not 1..%d: position %d holds %d (lost or duplicated updates)", goroutines*each, i, n)
		}
	}
	if n, _, err := cache.Get[int](e.ctx, e.c, "counter"); err != nil || n != goroutines*each {
		e.t.Fatalf("counter after %d concurrent Incr = %d, %v", goroutines*each, n, err)
	}
}

func testVersions(e *env) {
	v2 := e.c.WithVersion(2)
	if e.c.Version() != 1 || v2.Version() != 2 {
		e.t.Fatalf("versions %d and %d; want 1 and 2", e.c.Version(), v2.Version())
	}
	e.set(e.c, "k", "one", cache.Default)
	e.wantMiss(v2, "k")
	e.set(v2, "k", "two", cache.Default)
	e.wantString(e.c, "k", "one")
	e.wantString(v2, "k", "two")
	// Options.Version is the same as WithVersion.
	e.wantString(e.front("", cache.Options{Version: 2}), "k", "two")

	e.set(e.c, "m", "moved", cache.Default)
	nv, err := e.c.IncrVersion(e.ctx, "m")
	if err != nil || nv != 2 {
		e.t.Fatalf("IncrVersion = %d, %v; want 2", nv, err)
	}
	e.wantMiss(e.c, "m")
	e.wantString(v2, "m", "moved")
	nv, err = v2.DecrVersion(e.ctx, "m")
	if err != nil || nv != 1 {
		e.t.Fatalf("DecrVersion = %d, %v; want 1", nv, err)
	}
	e.wantString(e.c, "m", "moved")
	e.wantMiss(v2, "m")
	if _, err := e.c.IncrVersion(e.ctx, "missing"); !errors.Is(err, cache.ErrNotFound) {
		e.t.Fatalf("IncrVersion of a missing key: %v; want ErrNotFound", err)
	}
}

func testPrefix(e *env) {
	a := e.front(".a", cache.Options{})
	b := e.front(".b", cache.Options{})
	e.set(a, "k", "from a", cache.Default)
	e.wantMiss(b, "k")
	e.set(b, "k", "from b", cache.Default)
	e.wantString(a, "k", "from a")
	e.wantString(b, "k", "from b")
	if got, err := b.GetMany(e.ctx, []string{"k"}); err != nil || string(got["k"]) != "from b" {
		e.t.Fatalf("GetMany across prefixes = %q, %v", got, err)
	}
}

func testClear(e *env) {
	a := e.front(".a", cache.Options{})
	b := e.front(".b", cache.Options{})
	e.set(a, "x", "1", cache.Default)
	e.set(a, "y", 2, cache.Forever)
	e.set(b, "z", "3", cache.Default)
	if err := a.Clear(e.ctx); err != nil {
		e.t.Fatalf("Clear: %v", err)
	}
	e.wantMiss(a, "x")
	e.wantMiss(a, "y")
	if e.opts.ClearIsScoped {
		e.wantString(b, "z", "3")
	}
	e.set(a, "x", "again", cache.Default)
	e.wantString(a, "x", "again")
}

func testExpireNow(e *env) {
	e.set(e.c, "k", "old", cache.Default)
	e.set(e.c, "k", "new", 0)
	e.wantMiss(e.c, "k")
	e.set(e.c, "k", "old", cache.Default)
	e.set(e.c, "k", "new", -time.Second)
	e.wantMiss(e.c, "k")
	// A negative DefaultTimeout makes Default writes expire at once.
	off := e.front("", cache.Options{DefaultTimeout: -1})
	e.set(off, "d", "v", cache.Default)
	e.wantMiss(off, "d")
	var s string
	calls := 0
	err := e.c.GetOrSet(e.ctx, "g", &s, 0, func(context.Context) (any, error) { calls++; return "computed", nil })
	if err != nil || s != "computed" || calls != 1 {
		e.t.Fatalf("GetOrSet(ttl 0) = %q, %v after %d calls", s, err, calls)
	}
	e.wantMiss(e.c, "g")
}

func testExpiry(e *env) {
	advance := e.needClock()
	short, long := 10*time.Second, time.Hour
	step := func(d time.Duration) time.Duration { return d }
	if e.opts.Clock == nil {
		// Real servers: the shortest timeout every backend honours to
		// the second, and waits with a margin for second-granular expiry.
		short = 2 * time.Second
		step = func(d time.Duration) time.Duration { return d + 1500*time.Millisecond }
	}
	incrementer := false
	if _, ok := e.b.(cache.Incrementer); ok {
		incrementer = true
	}
	front := e.front("", cache.Options{DefaultTimeout: short})
	e.set(front, "ttl", "v", short)
	e.set(front, "default", "v", cache.Default)
	e.set(front, "forever", "v", cache.Forever)
	e.set(front, "long", "v", long)
	e.set(front, "touched", "v", short)
	e.set(front, "n", 5, short)
	if ok, err := front.Touch(e.ctx, "touched", long); err != nil || !ok {
		e.t.Fatalf("Touch = %v, %v", ok, err)
	}
	if incrementer {
		if _, err := front.Incr(e.ctx, "n", 1); err != nil {
			e.t.Fatalf("Incr: %v", err)
		}
	}
	if e.opts.Clock != nil {
		advance(short - time.Second)
		for _, k := range []string{"ttl", "default", "forever", "long", "touched", "n"} {
			if has, err := front.Has(e.ctx, k); err != nil || !has {
				e.t.Fatalf("%q gone before its timeout (%v)", k, err)
			}
		}
		advance(2 * time.Second)
	} else {
		for _, k := range []string{"ttl", "default"} {
			if has, err := front.Has(e.ctx, k); err != nil || !has {
				e.t.Fatalf("%q gone right after Set with a %v timeout (%v)", k, short, err)
			}
		}
		advance(step(short))
	}
	e.wantMiss(front, "ttl")
	e.wantMiss(front, "default")
	if incrementer {
		// Incr keeps the expiry.
		e.wantMiss(front, "n")
	}
	e.wantString(front, "forever", "v")
	e.wantString(front, "long", "v")
	e.wantString(front, "touched", "v")
	if got, err := front.GetMany(e.ctx, []string{"ttl", "long"}); err != nil || len(got) != 1 {
		e.t.Fatalf("GetMany with one expired key = %q, %v; want only long", got, err)
	}
	if del, err := front.Delete(e.ctx, "ttl"); err != nil || del {
		e.t.Fatalf("Delete of an expired key = %v, %v; want false", del, err)
	}
	if added, err := front.Add(e.ctx, "ttl", "again", cache.Default); err != nil || !added {
		e.t.Fatalf("Add over an expired key = %v, %v; want true", added, err)
	}
	if ok, err := front.Touch(e.ctx, "default", long); err != nil || ok {
		e.t.Fatalf("Touch of an expired key = %v, %v; want false", ok, err)
	}
	if _, err := front.Incr(e.ctx, "default", 1); !errors.Is(err, cache.ErrNotFound) {
		e.t.Fatalf("Incr of an expired key: %v; want ErrNotFound", err)
	}
	if e.opts.Clock != nil {
		advance(100000 * time.Hour)
		e.wantString(front, "forever", "v")
		e.wantMiss(front, "long")
	}
}

func testKeyValidation(e *env) {
	bad := []string{
		"has space", "tab\there", "nl\n", "nul\x00", "del\x7f", "bell\a",
		"\xff\xfe binary", "c1\u0085", strings.Repeat("k", cache.MaxKeyLength),
	}
	for _, k := range bad {
		err := e.c.Set(e.ctx, k, "v", cache.Default)
		if !errors.Is(err, cache.ErrInvalidKey) {
			e.t.Fatalf("Set(%q): %v; want ErrInvalidKey", k, err)
		}
		q := strconv.Quote(k[:min(len(k), 6)])
		if !strings.Contains(err.Error(), q[:len(q)-1]) {
			e.t.Errorf("the error %q does not show the key %q", err, k)
		}
		if _, err := e.c.Get(e.ctx, k, new(string)); !errors.Is(err, cache.ErrInvalidKey) {
			e.t.Fatalf("Get(%q): %v; want ErrInvalidKey", k, err)
		}
		if _, err := e.c.GetMany(e.ctx, []string{"ok", k}); !errors.Is(err, cache.ErrInvalidKey) {
			e.t.Fatalf("GetMany with %q: %v; want ErrInvalidKey", k, err)
		}
		if _, err := e.c.Incr(e.ctx, k, 1); !errors.Is(err, cache.ErrInvalidKey) {
			e.t.Fatalf("Incr(%q): %v; want ErrInvalidKey", k, err)
		}
	}
	if e.opts.StoresNothing {
		return
	}
	// A key exactly at the limit with prefix and version works.
	fits := strings.Repeat("k", cache.MaxKeyLength-len(e.prefix)-len(":1:"))
	e.set(e.c, fits, "v", cache.Default)
	e.wantString(e.c, fits, "v")
	e.set(e.c, "ключ-🔑", "unicode", cache.Default)
	e.wantString(e.c, "ключ-🔑", "unicode")
	// Binary and over-long keys go through HashKey.
	k1, k2 := cache.HashKey("\x00\xff binary key"), cache.HashKey("\x00\xfe binary key")
	long := cache.HashKey(strings.Repeat("x", 10000))
	e.set(e.c, k1, "one", cache.Default)
	e.set(e.c, k2, "two", cache.Default)
	e.set(e.c, long, "long", cache.Default)
	e.wantString(e.c, k1, "one")
	e.wantString(e.c, k2, "two")
	e.wantString(e.c, long, "long")
}

func testGetOrSet(e *env) {
	calls := 0
	compute := func(v any, err error) func(context.Context) (any, error) {
		return func(context.Context) (any, error) { calls++; return v, err }
	}
	var s string
	if err := e.c.GetOrSet(e.ctx, "k", &s, cache.Default, compute("computed", nil)); err != nil || s != "computed" || calls != 1 {
		e.t.Fatalf("GetOrSet miss = %q, %v, %d calls; want computed once", s, err, calls)
	}
	e.wantString(e.c, "k", "computed")
	s = ""
	if err := e.c.GetOrSet(e.ctx, "k", &s, cache.Default, compute("other", nil)); err != nil || s != "computed" || calls != 1 {
		e.t.Fatalf("GetOrSet hit = %q, %v, %d calls; want the stored value, no call", s, err, calls)
	}
	boom := errors.New("boom")
	if err := e.c.GetOrSet(e.ctx, "e", &s, cache.Default, compute(nil, boom)); !errors.Is(err, boom) {
		e.t.Fatalf("GetOrSet with a failing compute: %v; want boom", err)
	}
	e.wantMiss(e.c, "e")
	var r record
	want := record{Name: "r", Tags: []string{"t"}}
	if err := e.c.GetOrSet(e.ctx, "struct", &r, time.Hour, compute(want, nil)); err != nil || !reflect.DeepEqual(r, want) {
		e.t.Fatalf("GetOrSet struct = %+v, %v", r, err)
	}
	var r2 record
	if found, err := e.c.Get(e.ctx, "struct", &r2); err != nil || !found || !reflect.DeepEqual(r2, want) {
		e.t.Fatalf("Get after GetOrSet = %+v, %v, %v", r2, found, err)
	}
	var n int
	if err := e.c.GetOrSet(e.ctx, "n", &n, cache.Default, compute(7, nil)); err != nil || n != 7 {
		e.t.Fatalf("GetOrSet int = %d, %v", n, err)
	}
	if got, err := e.c.Incr(e.ctx, "n", 1); err != nil || got != 8 {
		e.t.Fatalf("Incr of a GetOrSet int = %d, %v; want 8", got, err)
	}
}

func testSingleFlight(e *env) {
	const callers = 200
	var calls, arrived atomic.Int64
	compute := func(context.Context) (any, error) {
		calls.Add(1)
		// Hold the computation until every caller has started, so that
		// they all find the key missing at the same time.
		for arrived.Load() < callers {
			runtime.Gosched()
		}
		return "shared", nil
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range callers {
		wg.Go(func() {
			<-start
			arrived.Add(1)
			var s string
			if err := e.c.GetOrSet(e.ctx, "sf", &s, cache.Default, compute); err != nil || s != "shared" {
				e.t.Errorf("GetOrSet = %q, %v", s, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		e.t.Fatalf("%d concurrent GetOrSet misses called compute %d times; want 1", callers, n)
	}
}

func testConcurrent(e *env) {
	keys := []string{"c0", "c1", "c2", "c3", "c4"}
	values := map[string]bool{"": true}
	for i := range 8 {
		values[fmt.Sprintf("value-%d", i)] = true
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 50 {
				k := keys[(g+i)%len(keys)]
				var err error
				switch i % 5 {
				case 0:
					err = e.c.Set(e.ctx, k, fmt.Sprintf("value-%d", g%8), cache.Default)
				case 1:
					_, err = e.c.Add(e.ctx, k, fmt.Sprintf("value-%d", (g+1)%8), cache.Default)
				case 2:
					_, err = e.c.Delete(e.ctx, k)
				default:
					var s string
					_, err = e.c.Get(e.ctx, k, &s)
					if !values[s] {
						e.t.Errorf("Get(%q) = %q, which nobody wrote", k, s)
					}
				}
				if err != nil {
					e.t.Errorf("concurrent op on %q: %v", k, err)
				}
			}
		})
	}
	wg.Wait()
}

// testStoresNothing checks a backend that caches nothing (dummy).
func testStoresNothing(e *env) {
	e.set(e.c, "k", "v", cache.Forever)
	e.wantMiss(e.c, "k")
	if _, found, err := e.c.GetBytes(e.ctx, "k"); found || err != nil {
		e.t.Fatalf("GetBytes = found %v, %v; want a miss", found, err)
	}
	if added, err := e.c.Add(e.ctx, "k", "v", cache.Default); err != nil || !added {
		e.t.Fatalf("Add = %v, %v; want true", added, err)
	}
	e.wantMiss(e.c, "k")
	if del, err := e.c.Delete(e.ctx, "k"); err != nil || del {
		e.t.Fatalf("Delete = %v, %v; want false", del, err)
	}
	if err := e.c.SetMany(e.ctx, map[string]any{"a": 1}, cache.Default); err != nil {
		e.t.Fatalf("SetMany: %v", err)
	}
	if got, err := e.c.GetMany(e.ctx, []string{"a"}); err != nil || len(got) != 0 {
		e.t.Fatalf("GetMany = %q, %v; want empty", got, err)
	}
	if _, err := e.c.Incr(e.ctx, "a", 1); !errors.Is(err, cache.ErrNotFound) {
		e.t.Fatalf("Incr: %v; want ErrNotFound", err)
	}
	if ok, err := e.c.Touch(e.ctx, "a", time.Hour); err != nil || ok {
		e.t.Fatalf("Touch = %v, %v; want false", ok, err)
	}
	if _, err := e.c.IncrVersion(e.ctx, "a"); !errors.Is(err, cache.ErrNotFound) {
		e.t.Fatalf("IncrVersion: %v; want ErrNotFound", err)
	}
	calls := 0
	for range 3 {
		var s string
		err := e.c.GetOrSet(e.ctx, "g", &s, cache.Default, func(context.Context) (any, error) { calls++; return "c", nil })
		if err != nil || s != "c" {
			e.t.Fatalf("GetOrSet = %q, %v", s, err)
		}
	}
	if calls != 3 {
		e.t.Fatalf("GetOrSet called compute %d times over 3 calls; a cache that stores nothing computes each time", calls)
	}
	if err := e.c.Clear(e.ctx); err != nil {
		e.t.Fatalf("Clear: %v", err)
	}
}
