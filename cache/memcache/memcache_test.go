package memcache_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gomemcache "github.com/bradfitz/gomemcache/memcache"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/memcache"
	"github.com/jazzgo/jazz/internal/testenv"
)

// serverURL returns the memcached to test against: $JAZZ_TEST_MEMCACHED
// when set, else a private memcached this test starts (Clear is
// flush_all, which must never empty a server others use), else the
// default server through testenv.
func serverURL(t testing.TB) string {
	t.Helper()
	if os.Getenv("JAZZ_TEST_MEMCACHED") == "" {
		if _, err := exec.LookPath("memcached"); err == nil {
			return "memcached://" + testenv.StartMemcachedServer(t).Addr()
		}
	}
	return testenv.Memcached(t)
}

func prefix(t testing.TB) string {
	b := make([]byte, 6)
	rand.Read(b)
	return "t" + hex.EncodeToString(b) + ":"
}

func newBackend(t testing.TB, opts memcache.Options) *memcache.Backend {
	t.Helper()
	if opts.URL == "" && len(opts.Servers) == 0 && opts.Client == nil {
		opts.URL = serverURL(t)
	}
	b, err := memcache.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	if err := b.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGetSetAddDelete(t *testing.T) {
	ctx := context.Background()
	b := newBackend(t, memcache.Options{})
	k := prefix(t) + "k"
	if _, found, err := b.Get(ctx, k); found || err != nil {
		t.Fatalf("Get of a missing key: %v %v", found, err)
	}
	if err := b.Set(ctx, k, []byte("v1\x00bin"), 0); err != nil {
		t.Fatal(err)
	}
	if v, found, err := b.Get(ctx, k); !found || err != nil || string(v) != "v1\x00bin" {
		t.Fatalf("Get = %q %v %v", v, found, err)
	}
	if added, err := b.Add(ctx, k, []byte("v2"), 0); added || err != nil {
		t.Fatalf("Add over a live key: %v %v", added, err)
	}
	if del, err := b.Delete(ctx, k); !del || err != nil {
		t.Fatalf("Delete: %v %v", del, err)
	}
	if del, err := b.Delete(ctx, k); del || err != nil {
		t.Fatalf("Delete of a missing key: %v %v", del, err)
	}
	if added, err := b.Add(ctx, k, []byte("v3"), time.Minute); !added || err != nil {
		t.Fatalf("Add of a missing key: %v %v", added, err)
	}
	if err := b.Set(ctx, k, nil, 0); err != nil {
		t.Fatal(err)
	}
	if v, found, err := b.Get(ctx, k); !found || err != nil || len(v) != 0 {
		t.Fatalf("empty value: %q %v %v", v, found, err)
	}
	if err := b.Set(ctx, k, []byte("x"), -time.Second); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := b.Get(ctx, k); found {
		t.Fatal("Set with a negative ttl left the key")
	}
	if _, _, err := b.Get(ctx, "has space"); !errors.Is(err, cache.ErrInvalidKey) {
		t.Errorf("Get of a key with a space: %v, want ErrInvalidKey", err)
	}
}

// A key set for half a second (sent as 1s, memcached's resolution) is
// gone once memcached's clock has passed it; polling avoids guessing how
// long that takes.
func TestExpires(t *testing.T) {
	ctx := context.Background()
	b := newBackend(t, memcache.Options{})
	k := prefix(t) + "short"
	if err := b.Set(ctx, k, []byte("v"), 500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		_, found, err := b.Get(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		if !found {
			break
		}
		if i > 500 {
			t.Fatal("a key with a 500ms ttl was still there after 500 polls of 10ms")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Expiries past 30 days go to memcached as Unix times: a key set for 60
// days must still be there (sent as a relative 60 days it would be read
// as a time in 1970 and expire at once).
func TestLongTTLIsUnixTime(t *testing.T) {
	ctx := context.Background()
	var asked time.Time
	b := newBackend(t, memcache.Options{Now: func() time.Time { asked = time.Now(); return asked }})
	k := prefix(t) + "long"
	if err := b.Set(ctx, k, []byte("v"), 60*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if asked.IsZero() {
		t.Error("a 60-day ttl did not consult the clock for a Unix time")
	}
	if _, found, err := b.Get(ctx, k); !found || err != nil {
		t.Fatalf("a 60-day key is missing: %v %v", found, err)
	}
	if ok, err := b.Touch(ctx, k, 90*24*time.Hour); !ok || err != nil {
		t.Fatalf("Touch 90 days: %v %v", ok, err)
	}
	if _, found, _ := b.Get(ctx, k); !found {
		t.Fatal("Touch with 90 days expired the key")
	}
}

func TestIncr(t *testing.T) {
	ctx := context.Background()
	b := newBackend(t, memcache.Options{})
	p := prefix(t)
	if _, err := b.Incr(ctx, p+"missing", 1); !errors.Is(err, cache.ErrNotFound) {
		t.Fatalf("Incr of a missing key: %v", err)
	}
	if _, found, _ := b.Get(ctx, p+"missing"); found {
		t.Fatal("Incr created a missing key")
	}
	b.Set(ctx, p+"n", []byte("41"), time.Hour)
	if n, err := b.Incr(ctx, p+"n", 1); n != 42 || err != nil {
		t.Fatalf("Incr = %d %v", n, err)
	}
	if n, err := b.Incr(ctx, p+"n", -40); n != 2 || err != nil {
		t.Fatalf("Incr -40 = %d %v", n, err)
	}
	// memcached counters are unsigned: decr stops at 0 (documented).
	if n, err := b.Incr(ctx, p+"n", -5); n != 0 || err != nil {
		t.Fatalf("Decr below zero = %d %v, want 0", n, err)
	}
	b.Set(ctx, p+"s", []byte("abc"), 0)
	if _, err := b.Incr(ctx, p+"s", 1); !errors.Is(err, cache.ErrNotInteger) {
		t.Fatalf("Incr of text: %v, want ErrNotInteger", err)
	}
	b.Set(ctx, p+"neg", []byte("-3"), 0)
	if _, err := b.Incr(ctx, p+"neg", 1); !errors.Is(err, cache.ErrNotInteger) {
		t.Fatalf("Incr of a negative number: %v, want ErrNotInteger", err)
	}
	b.Set(ctx, p+"c", []byte("0"), 0)
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			for range 10 {
				if _, err := b.Incr(ctx, p+"c", 1); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if v, _, _ := b.Get(ctx, p+"c"); string(v) != "1000" {
		t.Fatalf("after 100x10 concurrent Incr: %q", v)
	}
}

func TestManyTouchClear(t *testing.T) {
	ctx := context.Background()
	b := newBackend(t, memcache.Options{})
	p := prefix(t)
	for i := range 20 {
		b.Set(ctx, p+strconv.Itoa(i), []byte(strconv.Itoa(i)), 0)
	}
	keys := []string{p + "3", p + "7", p + "missing"}
	got, err := b.GetMany(ctx, keys)
	if err != nil || len(got) != 2 || string(got[p+"3"]) != "3" || string(got[p+"7"]) != "7" {
		t.Fatalf("GetMany = %q %v", got, err)
	}
	if ok, err := b.Touch(ctx, p+"3", time.Hour); !ok || err != nil {
		t.Fatalf("Touch: %v %v", ok, err)
	}
	if ok, err := b.Touch(ctx, p+"missing", time.Hour); ok || err != nil {
		t.Fatalf("Touch of a missing key: %v %v", ok, err)
	}
	if err := b.Clear(ctx, "ignored"); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.GetMany(ctx, keys); len(got) != 0 {
		t.Fatalf("after Clear (flush_all): %q", got)
	}
}

// Values up to MaxValueSize are stored; larger ones fail with
// ErrValueTooLarge before reaching the server, and the server's own
// refusal maps to the same error.
func TestValueSizeLimit(t *testing.T) {
	ctx := context.Background()
	b := newBackend(t, memcache.Options{})
	k := strings.Repeat("k", 250)
	big := make([]byte, memcache.DefaultMaxValueSize)
	if err := b.Set(ctx, k, big, 0); err != nil {
		t.Fatalf("a value of DefaultMaxValueSize with a 250-byte key: %v", err)
	}
	if v, _, _ := b.Get(ctx, k); len(v) != len(big) {
		t.Fatalf("read back %d bytes", len(v))
	}
	over := make([]byte, memcache.DefaultMaxValueSize+1)
	if err := b.Set(ctx, "over", over, 0); !errors.Is(err, memcache.ErrValueTooLarge) {
		t.Fatalf("Set over the limit: %v", err)
	}
	if _, err := b.Add(ctx, "over", over, 0); !errors.Is(err, memcache.ErrValueTooLarge) {
		t.Fatalf("Add over the limit: %v", err)
	}
	// Lift the client-side limit: the server refuses 2 MB itself.
	loose := newBackend(t, memcache.Options{URL: serverURL(t), MaxValueSize: 4 << 20})
	if err := loose.Set(ctx, "huge", make([]byte, 2<<20), 0); !errors.Is(err, memcache.ErrValueTooLarge) {
		t.Fatalf("the server's refusal: %v", err)
	}
}

func TestEveryCallIsBounded(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	}()
	b, err := memcache.New(memcache.Options{Servers: []string{l.Addr().String()}, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	if _, _, err := b.Get(ctx, "k"); err == nil {
		t.Error("Get against a silent server returned no error")
	}
	if err := b.Set(ctx, "k", []byte("v"), 0); err == nil {
		t.Error("Set against a silent server returned no error")
	}
	// A context that ends sooner than the socket timeout wins.
	slow, err := memcache.New(memcache.Options{Servers: []string{l.Addr().String()}, Timeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, _, err := slow.Get(cctx, "k"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Get with a short context: %v, want DeadlineExceeded", err)
	}
}

func TestURLs(t *testing.T) {
	good := []string{
		"memcached://127.0.0.1:11211",
		"memcached://127.0.0.1:1,127.0.0.2:2/",
		"memcached://127.0.0.1,127.0.0.2?call_timeout=250ms&max_idle_conns=4&max_value_size=100",
		"memcached://127.0.0.1?call_timeout=0.5",
	}
	for _, u := range good {
		if _, err := memcache.New(memcache.Options{URL: u}); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	bad := []string{
		"memcache://127.0.0.1", "memcached://", "memcached://127.0.0.1/db", "memcached://u:p@127.0.0.1",
		"memcached://127.0.0.1?bogus=1", "memcached://127.0.0.1?max_idle_conns=-1", "memcached://127.0.0.1?call_timeout=soon",
	}
	for _, u := range bad {
		if _, err := memcache.New(memcache.Options{URL: u}); err == nil {
			t.Errorf("%s was accepted", u)
		}
	}
	if _, err := memcache.New(memcache.Options{}); err == nil {
		t.Error("New with nothing to connect to succeeded")
	}
	if _, err := memcache.New(memcache.Options{URL: "memcached://127.0.0.1", Servers: []string{"127.0.0.1:1"}}); err == nil {
		t.Error("New with both URL and Servers succeeded")
	}
	c, err := cache.Open("memcached://127.0.0.1:1,127.0.0.1:2?call_timeout=2s&key_prefix=x", cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, ok := c.Backend().(*memcache.Backend); !ok {
		t.Fatalf("cache.Open gave %T", c.Backend())
	}
}

func TestClientIsNotClosed(t *testing.T) {
	url := serverURL(t)
	cl := gomemcache.New(strings.TrimPrefix(url, "memcached://"))
	b := newBackend(t, memcache.Options{Client: cl})
	b.Close()
	if err := cl.Ping(); err != nil {
		t.Fatalf("Close broke the caller's client: %v", err)
	}
}

func ExampleNew() {
	b, err := memcache.New(memcache.Options{URL: "memcached://127.0.0.1:11211,127.0.0.1:11212?call_timeout=500ms"})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := cache.New(b, cache.Options{KeyPrefix: "mysite"})
	defer c.Close()
	_, err = memcache.New(memcache.Options{URL: "memcached://127.0.0.1:11211/0"})
	fmt.Println(err)
	// Output: memcache: URL "memcached://127.0.0.1:11211/0": memcached has no databases or passwords; give only host:port pairs
}
