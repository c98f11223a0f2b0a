package rediscache_test

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
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/rediscache"
	"github.com/jazzgo/jazz/internal/testenv"
)

// serverURL returns the Redis to test against: $JAZZ_TEST_REDIS when set
// (database 15 by default), else a private redis-server this test starts,
// so that Clear and FLUSHDB never touch a server others use. Without the
// binary it falls back to the default server through testenv.
func serverURL(t testing.TB) string {
	t.Helper()
	if os.Getenv("JAZZ_TEST_REDIS") == "" {
		if _, err := exec.LookPath("redis-server"); err == nil {
			return "redis://" + testenv.StartRedisServer(t).Addr() + "/0"
		}
	}
	return testenv.Redis(t)
}

// prefix returns a key prefix no other test uses, whose keys are removed
// when the test ends (the server may be a shared one).
func prefix(t testing.TB, b *rediscache.Backend) string {
	r := make([]byte, 6)
	rand.Read(r)
	p := "t" + hex.EncodeToString(r) + ":"
	t.Cleanup(func() { b.Clear(context.Background(), p) })
	return p
}

func newBackend(t testing.TB, url string) *rediscache.Backend {
	t.Helper()
	b, err := rediscache.New(rediscache.Options{URL: url})
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
	b := newBackend(t, serverURL(t))
	k := prefix(t, b) + "k"
	if _, found, err := b.Get(ctx, k); found || err != nil {
		t.Fatalf("Get of a missing key: found=%v err=%v", found, err)
	}
	if err := b.Set(ctx, k, []byte("v1\x00bin"), 0); err != nil {
		t.Fatal(err)
	}
	if v, found, err := b.Get(ctx, k); !found || err != nil || string(v) != "v1\x00bin" {
		t.Fatalf("Get = %q %v %v", v, found, err)
	}
	if added, err := b.Add(ctx, k, []byte("v2"), 0); added || err != nil {
		t.Fatalf("Add over a live key: added=%v err=%v", added, err)
	}
	if del, err := b.Delete(ctx, k); !del || err != nil {
		t.Fatalf("Delete of a live key: %v %v", del, err)
	}
	if del, err := b.Delete(ctx, k); del || err != nil {
		t.Fatalf("Delete of a missing key: %v %v", del, err)
	}
	if added, err := b.Add(ctx, k, []byte("v3"), time.Minute); !added || err != nil {
		t.Fatalf("Add of a missing key: added=%v err=%v", added, err)
	}
	if v, _, _ := b.Get(ctx, k); string(v) != "v3" {
		t.Fatalf("after Add: %q", v)
	}
	// An empty value is a value, not a miss.
	if err := b.Set(ctx, k, []byte{}, 0); err != nil {
		t.Fatal(err)
	}
	if v, found, err := b.Get(ctx, k); !found || err != nil || len(v) != 0 {
		t.Fatalf("empty value: %q %v %v", v, found, err)
	}
	// A negative ttl means already expired.
	if err := b.Set(ctx, k, []byte("x"), -time.Second); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := b.Get(ctx, k); found {
		t.Fatal("Set with a negative ttl left the key")
	}
}

// The expiry Redis holds is the ttl given, rounded up to milliseconds,
// read back with PTTL rather than by sleeping.
func TestNativeTTL(t *testing.T) {
	ctx := context.Background()
	b := newBackend(t, serverURL(t))
	p := prefix(t, b)
	cases := []struct {
		ttl      time.Duration
		min, max time.Duration
	}{
		{1500 * time.Millisecond, time.Millisecond, 1500 * time.Millisecond},
		{time.Hour, 59 * time.Minute, time.Hour},
		{1500 * time.Microsecond, 0, 2 * time.Millisecond}, // rounded up to 2ms
	}
	for i, c := range cases {
		k := p + strconv.Itoa(i)
		if err := b.Set(ctx, k, []byte("v"), c.ttl); err != nil {
			t.Fatal(err)
		}
		pttl, err := b.Client().PTTL(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		expiredAlready := c.ttl < 10*time.Millisecond && pttl < 0 // PTTL -2: gone
		if !expiredAlready && (pttl < c.min || pttl > c.max) {
			t.Errorf("ttl %v: PTTL %v, want within [%v, %v]", c.ttl, pttl, c.min, c.max)
		}
	}
	if err := b.Set(ctx, p+"forever", []byte("v"), 0); err != nil {
		t.Fatal(err)
	}
	if pttl, _ := b.Client().PTTL(ctx, p+"forever").Result(); pttl != -1 {
		t.Errorf("ttl 0: PTTL %v, want -1 (no expiry)", pttl)
	}
	if added, err := b.Add(ctx, p+"add", []byte("v"), time.Minute); !added || err != nil {
		t.Fatal(added, err)
	}
	if pttl, _ := b.Client().PTTL(ctx, p+"add").Result(); pttl <= 0 || pttl > time.Minute {
		t.Errorf("Add's ttl: PTTL %v", pttl)
	}
}

// Expiry also works end to end: a key set for 50ms is gone once Redis
// reports it expired. Polling PTTL keeps this free of sleeps of a guessed
// length.
func TestExpires(t *testing.T) {
	ctx := context.Background()
	b := newBackend(t, serverURL(t))
	k := prefix(t, b) + "short"
	if err := b.Set(ctx, k, []byte("v"), 50*time.Millisecond); err != nil {
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
		if i > 1000 {
			t.Fatal("a key with a 50ms ttl was still there after 1000 polls of 10ms")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestIncr(t *testing.T) {
	ctx := context.Background()
	b := newBackend(t, serverURL(t))
	p := prefix(t, b)
	if _, err := b.Incr(ctx, p+"missing", 1); !errors.Is(err, cache.ErrNotFound) {
		t.Fatalf("Incr of a missing key: %v, want ErrNotFound", err)
	}
	if n, _ := b.Client().Exists(ctx, p+"missing").Result(); n != 0 {
		t.Fatal("Incr of a missing key created it")
	}
	b.Set(ctx, p+"n", []byte("41"), time.Hour)
	if n, err := b.Incr(ctx, p+"n", 1); n != 42 || err != nil {
		t.Fatalf("Incr = %d %v", n, err)
	}
	if n, err := b.Incr(ctx, p+"n", -50); n != -8 || err != nil {
		t.Fatalf("Incr by -50 = %d %v", n, err)
	}
	if v, _, _ := b.Get(ctx, p+"n"); string(v) != "-8" {
		t.Fatalf("stored %q, want decimal text -8", v)
	}
	if pttl, _ := b.Client().PTTL(ctx, p+"n").Result(); pttl <= 0 {
		t.Errorf("Incr lost the expiry: PTTL %v", pttl)
	}
	b.Set(ctx, p+"s", []byte("abc"), 0)
	if _, err := b.Incr(ctx, p+"s", 1); !errors.Is(err, cache.ErrNotInteger) {
		t.Fatalf("Incr of text: %v, want ErrNotInteger", err)
	}
	// Past 2^53 a double would round: the result must stay exact.
	b.Set(ctx, p+"big", []byte("9007199254740993"), 0)
	if n, err := b.Incr(ctx, p+"big", 1); n != 9007199254740994 || err != nil {
		t.Fatalf("Incr past 2^53 = %d %v", n, err)
	}
	b.Set(ctx, p+"max", []byte("9223372036854775807"), 0)
	if _, err := b.Incr(ctx, p+"max", 1); !errors.Is(err, cache.ErrNotInteger) {
		t.Fatalf("Incr past int64: %v, want ErrNotInteger", err)
	}
}

func TestIncrIsAtomic(t *testing.T) {
	ctx := context.Background()
	b := newBackend(t, serverURL(t))
	k := prefix(t, b) + "counter"
	b.Set(ctx, k, []byte("0"), 0)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 100 {
		wg.Go(func() {
			for range 10 {
				if _, err := b.Incr(ctx, k, 1); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if v, _, _ := b.Get(ctx, k); string(v) != "1000" {
		t.Fatalf("after 100x10 concurrent Incr: %q, want 1000", v)
	}
}

func TestManyAndTouch(t *testing.T) {
	ctx := context.Background()
	b := newBackend(t, serverURL(t))
	p := prefix(t, b)
	items := map[string][]byte{p + "a": []byte("1"), p + "b": []byte("2"), p + "c": {}}
	if err := b.SetMany(ctx, items, time.Minute); err != nil {
		t.Fatal(err)
	}
	got, err := b.GetMany(ctx, []string{p + "a", p + "b", p + "c", p + "missing"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || string(got[p+"a"]) != "1" || string(got[p+"b"]) != "2" || got[p+"c"] == nil {
		t.Fatalf("GetMany = %q", got)
	}
	if pttl, _ := b.Client().PTTL(ctx, p+"b").Result(); pttl <= 0 || pttl > time.Minute {
		t.Errorf("SetMany's ttl: PTTL %v", pttl)
	}
	if ok, err := b.Touch(ctx, p+"a", 0); !ok || err != nil {
		t.Fatalf("Touch 0 of a key with an expiry: %v %v", ok, err)
	}
	if pttl, _ := b.Client().PTTL(ctx, p+"a").Result(); pttl != -1 {
		t.Errorf("Touch 0 left PTTL %v, want none", pttl)
	}
	if ok, err := b.Touch(ctx, p+"a", 0); !ok || err != nil {
		t.Fatalf("Touch 0 of a key without expiry must still report it exists: %v %v", ok, err)
	}
	if ok, err := b.Touch(ctx, p+"a", time.Hour); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if pttl, _ := b.Client().PTTL(ctx, p+"a").Result(); pttl <= 59*time.Minute {
		t.Errorf("Touch 1h: PTTL %v", pttl)
	}
	if ok, err := b.Touch(ctx, p+"missing", time.Hour); ok || err != nil {
		t.Fatalf("Touch of a missing key: %v %v", ok, err)
	}
	if ok, err := b.Touch(ctx, p+"missing", 0); ok || err != nil {
		t.Fatalf("Touch 0 of a missing key: %v %v", ok, err)
	}
	if err := b.DeleteMany(ctx, []string{p + "a", p + "b", p + "missing"}); err != nil {
		t.Fatal(err)
	}
	got, _ = b.GetMany(ctx, []string{p + "a", p + "b", p + "c"})
	if len(got) != 1 || got[p+"c"] == nil {
		t.Fatalf("after DeleteMany: %q", got)
	}
	if got, err := b.GetMany(ctx, nil); err != nil || got == nil || len(got) != 0 {
		t.Fatalf("GetMany(nil) = %v %v, want an empty map", got, err)
	}
}

// Clear removes exactly the keys under its prefix, even when the prefix
// holds SCAN's pattern characters, and works through several SCAN pages.
func TestClearIsScoped(t *testing.T) {
	ctx := context.Background()
	url := serverURL(t)
	b, err := rediscache.New(rediscache.Options{URL: url, ScanCount: 7})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	base := prefix(t, b)
	mine := base + "a*[b]?:"
	other := base + "aX[b]Y:"
	for i := range 50 {
		b.Set(ctx, mine+strconv.Itoa(i), []byte("v"), 0)
		b.Set(ctx, other+strconv.Itoa(i), []byte("v"), 0)
	}
	if err := b.Clear(ctx, mine); err != nil {
		t.Fatal(err)
	}
	n1, _ := b.Client().Keys(ctx, base+"a\\*\\[b\\]\\?:*").Result()
	n2, _ := b.Client().Keys(ctx, base+"aX*").Result()
	if len(n1) != 0 || len(n2) != 50 {
		t.Fatalf("after Clear: %d of mine left (want 0), %d of the other prefix (want 50)", len(n1), len(n2))
	}
}

// With no prefix the cache owns its database: Clear is FLUSHDB there, and
// other databases of the server keep their keys.
func TestClearWithoutPrefixFlushesOnlyItsDatabase(t *testing.T) {
	if os.Getenv("JAZZ_TEST_REDIS") != "" {
		t.Skip("FLUSHDB is tested only on a private redis-server, never on $JAZZ_TEST_REDIS")
	}
	ctx := context.Background()
	srv := testenv.StartRedisServer(t)
	b3 := newBackend(t, "redis://"+srv.Addr()+"/3")
	b4 := newBackend(t, "redis://"+srv.Addr()+"/4")
	b3.Set(ctx, "k", []byte("v"), 0)
	b4.Set(ctx, "k", []byte("v"), 0)
	if err := b3.Clear(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := b3.Get(ctx, "k"); found {
		t.Error("Clear(\"\") left a key in its database")
	}
	if _, found, _ := b4.Get(ctx, "k"); !found {
		t.Error("Clear(\"\") removed a key of another database")
	}
}

func TestClientIsNotClosed(t *testing.T) {
	ctx := context.Background()
	o, err := redis.ParseURL(serverURL(t))
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(o)
	t.Cleanup(func() { c.Close() })
	b, err := rediscache.New(rediscache.Options{Client: c})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Set(ctx, prefix(t, b)+"k", []byte("v"), time.Minute); err != nil {
		t.Fatal(err)
	}
	b.Close()
	if err := c.Ping(ctx).Err(); err != nil {
		t.Fatalf("Close closed the caller's client: %v", err)
	}
}

// A server that accepts connections and never answers: each call must
// still end, with a deadline error, although its context has none.
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
	b, err := rediscache.New(rediscache.Options{URL: "redis://" + l.Addr().String() + "/0", Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	calls := map[string]func() error{
		"get":   func() error { _, _, err := b.Get(ctx, "k"); return err },
		"set":   func() error { return b.Set(ctx, "k", []byte("v"), 0) },
		"incr":  func() error { _, err := b.Incr(ctx, "k", 1); return err },
		"clear": func() error { return b.Clear(ctx, "p:") },
	}
	for name, call := range calls {
		err := call()
		if err == nil {
			t.Errorf("%s against a silent server returned no error", name)
			continue
		}
		var ne net.Error
		if !errors.Is(err, context.DeadlineExceeded) && !(errors.As(err, &ne) && ne.Timeout()) {
			t.Errorf("%s: %v, want a timeout", name, err)
		}
	}
}

func TestNewRejects(t *testing.T) {
	for _, o := range []rediscache.Options{
		{},
		{URL: "redis://x", Client: redis.NewClient(&redis.Options{})},
		{URL: "redis://x", Timeout: -1},
		{URL: "http://x"},
		{URL: "redis://x/notanumber"},
		{URL: "redis://x/0?bogus=1"},
	} {
		if _, err := rediscache.New(o); err == nil {
			t.Errorf("New(%+v) succeeded", o)
		}
	}
}

func ExampleNew() {
	b, err := rediscache.New(rediscache.Options{URL: "redis://127.0.0.1:6379/0", Timeout: 500 * time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := cache.New(b, cache.Options{KeyPrefix: "mysite"})
	defer c.Close()
	fmt.Println(b)
	// Output: rediscache("127.0.0.1:6379")
}
