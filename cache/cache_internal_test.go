package cache

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

type failing struct{ Dummy }

func (failing) Get(context.Context, string) ([]byte, bool, error) {
	return nil, false, errors.New("server down")
}

func TestFailureLogIsRateLimited(t *testing.T) {
	var buf bytes.Buffer
	c := New(failing{}, Options{Logger: slog.New(slog.NewTextHandler(&buf, nil)), ErrorLogInterval: time.Minute})
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	c.s.limiter.now = func() time.Time { return now }
	ctx := context.Background()
	get := func(n int) {
		for range n {
			c.Get(ctx, "k", new(string))
		}
	}
	get(5)
	now = now.Add(59 * time.Second)
	get(3)
	if lines := strings.Count(buf.String(), "\n"); lines != 1 {
		t.Fatalf("%d lines within one interval; want 1:\n%s", lines, buf.String())
	}
	now = now.Add(2 * time.Second)
	get(1)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "suppressed=0") || !strings.Contains(lines[1], "suppressed=7") {
		t.Fatalf("log:\n%s\nwant a second line reporting 7 suppressed failures", buf.String())
	}
	if got := c.Stats().Errors; got != 9 {
		t.Fatalf("Errors = %d; want 9", got)
	}
}

// waitFor starts n GetOrSet callers on key that must all end up waiting
// for a leader blocked in compute; it returns once they wait.
func startWaiters(t *testing.T, c *Cache, n int, ctx context.Context, key string, results chan<- error) {
	t.Helper()
	var waiting sync.WaitGroup
	waiting.Add(n)
	c.s.testHookWait = func() { waiting.Done() }
	for range n {
		go func() {
			var s string
			err := c.GetOrSet(ctx, key, &s, Default, func(context.Context) (any, error) { return "waiter computed", nil })
			if err == nil && s != "leader" && s != "waiter computed" {
				err = errors.New("unexpected value " + s)
			}
			results <- err
		}()
	}
	waiting.Wait()
}

func TestGetOrSetWaitersShareTheLeadersError(t *testing.T) {
	c := New(NewLocMem(LocMemOptions{}), Options{})
	ctx := context.Background()
	release := make(chan struct{})
	boom := errors.New("boom")
	leaderErr := make(chan error)
	started := make(chan struct{})
	go func() {
		leaderErr <- c.GetOrSet(ctx, "k", new(string), Default, func(context.Context) (any, error) {
			close(started)
			<-release
			return nil, boom
		})
	}()
	<-started
	results := make(chan error, 5)
	startWaiters(t, c, 5, ctx, "k", results)
	close(release)
	if err := <-leaderErr; !errors.Is(err, boom) {
		t.Fatalf("leader: %v", err)
	}
	for range 5 {
		if err := <-results; !errors.Is(err, boom) {
			t.Fatalf("waiter: %v; want the leader's error", err)
		}
	}
	if ok, _ := c.Has(ctx, "k"); ok {
		t.Fatal("a failed computation stored a value")
	}
}

func TestGetOrSetWaitersRetryWhenTheLeaderIsCancelled(t *testing.T) {
	c := New(NewLocMem(LocMemOptions{}), Options{})
	leaderCtx, cancel := context.WithCancel(context.Background())
	leaderErr := make(chan error)
	started := make(chan struct{})
	go func() {
		leaderErr <- c.GetOrSet(leaderCtx, "k", new(string), Default, func(ctx context.Context) (any, error) {
			close(started)
			<-ctx.Done()
			return nil, ctx.Err()
		})
	}()
	<-started
	results := make(chan error, 3)
	startWaiters(t, c, 3, context.Background(), "k", results)
	c.s.testHookWait = nil
	cancel()
	if err := <-leaderErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("leader: %v", err)
	}
	for range 3 {
		if err := <-results; err != nil {
			t.Fatalf("waiter: %v; want it to compute after the leader gave up", err)
		}
	}
	var s string
	if found, _ := c.Get(context.Background(), "k", &s); !found || s != "waiter computed" {
		t.Fatalf("stored %q, %v", s, found)
	}
}

func TestGetOrSetPanicReleasesWaiters(t *testing.T) {
	c := New(NewLocMem(LocMemOptions{}), Options{})
	ctx := context.Background()
	release := make(chan struct{})
	started := make(chan struct{})
	recovered := make(chan any)
	go func() {
		defer func() { recovered <- recover() }()
		c.GetOrSet(ctx, "k", new(string), Default, func(context.Context) (any, error) {
			close(started)
			<-release
			panic("kaboom")
		})
	}()
	<-started
	results := make(chan error, 2)
	startWaiters(t, c, 2, ctx, "k", results)
	close(release)
	if r := <-recovered; r != "kaboom" {
		t.Fatalf("the panic did not reach the computing caller: %v", r)
	}
	for range 2 {
		if err := <-results; err == nil || !strings.Contains(err.Error(), "compute panicked") {
			t.Fatalf("waiter: %v", err)
		}
	}
	if len(c.s.flights) != 0 {
		t.Fatal("the flight was not removed")
	}
}

func TestGetOrSetWaiterHonoursItsContext(t *testing.T) {
	c := New(NewLocMem(LocMemOptions{}), Options{})
	release := make(chan struct{})
	started := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.GetOrSet(context.Background(), "k", new(string), Default, func(context.Context) (any, error) {
			close(started)
			<-release
			return "v", nil
		})
	}()
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	results := make(chan error, 1)
	startWaiters(t, c, 1, ctx, "k", results)
	cancel()
	if err := <-results; !errors.Is(err, context.Canceled) {
		t.Fatalf("waiter: %v; want its own cancellation", err)
	}
	close(release)
	<-done
}

func TestGetOrSetBytesAreNotShared(t *testing.T) {
	c := New(NewLocMem(LocMemOptions{}), Options{})
	ctx := context.Background()
	var a []byte
	c.GetOrSet(ctx, "k", &a, Default, func(context.Context) (any, error) { return []byte("abc"), nil })
	a[0] = 'X'
	var b []byte
	c.GetOrSet(ctx, "k", &b, Default, func(context.Context) (any, error) { return nil, errors.New("not called") })
	if string(b) != "abc" {
		t.Fatalf("changing a GetOrSet result changed the cache: %q", b)
	}
}
