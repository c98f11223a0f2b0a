package memcache_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/memcache"
	"github.com/jazzgo/jazz/internal/testenv"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// The server dies under a cache in use: reads become misses and writes
// are dropped, with no error reaching the caller, each failure counted
// and logged; when the server comes back on the same port the same
// backend works again.
func TestServerFailureAndRecovery(t *testing.T) {
	srv := testenv.StartMemcachedServer(t)
	const timeout = 500 * time.Millisecond
	b, err := memcache.New(memcache.Options{Servers: []string{srv.Addr()}, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	c := cache.New(b, cache.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Name: "memcached"})
	defer c.Close()
	ctx := context.Background()

	if err := c.Set(ctx, "k", "before", cache.Forever); err != nil {
		t.Fatal(err)
	}
	var s string
	if found, err := c.Get(ctx, "k", &s); !found || err != nil || s != "before" {
		t.Fatalf("healthy Get: %v %v %q", found, err, s)
	}

	srv.Stop()
	for i := range 3 {
		start := time.Now()
		found, err := c.Get(ctx, "k", &s)
		if found || err != nil {
			t.Fatalf("Get with the server down: found=%v err=%v, want a plain miss", found, err)
		}
		if err := c.Set(ctx, "k", "during", time.Minute); err != nil {
			t.Fatalf("Set with the server down: %v, want the write dropped silently", err)
		}
		t.Logf("round %d with the server down: %v for Get+Set (timeout %v each)", i, time.Since(start), timeout)
	}
	if got := c.Stats().Errors; got < 6 {
		t.Errorf("Stats().Errors = %d after 6 failed calls", got)
	}
	if !strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("no WARN line logged for the failures; log:\n%s", logs.String())
	}

	srv.Start()
	recovered := false
	for range 100 {
		if err := c.Set(ctx, "k", "after", cache.Forever); err == nil {
			if found, _ := c.Get(ctx, "k", &s); found && s == "after" {
				recovered = true
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !recovered {
		t.Fatalf("the backend did not recover after the server came back; stats %+v", c.Stats())
	}
	before := c.Stats().Errors
	for range 10 {
		c.Set(ctx, "k", "after", cache.Forever)
		c.Get(ctx, "k", &s)
	}
	if after := c.Stats().Errors; after != before {
		t.Errorf("errors still growing after recovery: %d -> %d", before, after)
	}
}
