package cache_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
)

func TestOpenLocMem(t *testing.T) {
	c, err := cache.Open("locmem://sessions?max_entries=2&cull_frequency=2&shards=1&timeout=none&key_prefix=site&version=3", cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Backend().(*cache.LocMem); !ok || c.Name() != "sessions" || c.Version() != 3 || c.ClearPrefix() != "site:" {
		t.Fatalf("Open gave %T name=%q version=%d prefix=%q", c.Backend(), c.Name(), c.Version(), c.ClearPrefix())
	}
	ctx := context.Background()
	for _, k := range []string{"a", "b", "c"} {
		c.Set(ctx, k, k, cache.Default)
	}
	if n := c.Backend().(*cache.LocMem).Len(); n != 2 {
		t.Fatalf("max_entries=2 holds %d keys", n)
	}
	if _, ok, _ := c.Backend().Get(ctx, "site:3:c"); !ok {
		t.Fatal("key_prefix and version not applied")
	}
}

func TestOpenTimeouts(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		param  string
		stored bool
	}{{"timeout=0", false}, {"timeout=0.5", true}, {"timeout=none", true}, {"", true}} {
		c, err := cache.Open("locmem://?"+tc.param, cache.Options{})
		if err != nil {
			t.Fatal(err)
		}
		c.Set(ctx, "k", "v", cache.Default)
		if ok, _ := c.Has(ctx, "k"); ok != tc.stored {
			t.Errorf("%s: stored=%v; want %v", tc.param, ok, tc.stored)
		}
	}
}

func TestOpenFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	c, err := cache.Open("file://"+dir+"?max_entries=10", cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := c.Backend().(*cache.File); !ok || f.Dir() != dir {
		t.Fatalf("Open gave %T", c.Backend())
	}
	wd := t.TempDir()
	t.Chdir(wd)
	c, err = cache.Open("file://./rel/dir", cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Backend().(*cache.File).Dir(); got != filepath.Join(wd, "rel", "dir") {
		t.Fatalf("relative dir resolved to %q", got)
	}
	if _, err := os.Stat(filepath.Join(wd, "rel", "dir")); err != nil {
		t.Fatal(err)
	}
}

func TestOpenErrors(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"redis://:hunter2@host:6379/0", `import _ "github.com/jazzgo/jazz/cache/rediscache"`},
		{"memcached://h:11211", "cache/memcache"},
		{"db://cache_table", "cache/dbcache"},
		{"nosuch://x", `unknown cache URL scheme "nosuch"`},
		{"locmem://?max_entry=3", `unknown parameter "max_entry"`},
		{"locmem://?max_entries=lots", `max_entries="lots"`},
		{"locmem://?timeout=-1", "timeout"},
		{"locmem://?version=x", "version"},
		{"locmem://name/path", "has a path"},
		{"file://host/dir", `names host "host"`},
		{"file://", "no directory"},
		{"dummy://?x=1", `unknown parameter "x"`},
		{"no scheme", "cannot read cache URL"},
	} {
		_, err := cache.Open(tc.url, cache.Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%q) = %v; want an error containing %q", tc.url, err, tc.want)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Open(%q) error shows the password: %v", tc.url, err)
		}
	}
}

func TestRegister(t *testing.T) {
	opened := 0
	cache.Register("TestScheme", func(u *url.URL, opts cache.Options) (cache.Backend, error) {
		if err := cache.CheckQuery(u, "size"); err != nil {
			return nil, err
		}
		if opts.KeyPrefix != "p" || u.Host != "h" {
			t.Errorf("open got prefix %q host %q", opts.KeyPrefix, u.Host)
		}
		opened++
		return cache.NewDummy(), nil
	})
	if _, err := cache.Open("testscheme://h?size=1&key_prefix=p&timeout=5", cache.Options{}); err != nil || opened != 1 {
		t.Fatalf("Open = %v, opened %d", err, opened)
	}
	if _, err := cache.Open("testscheme://h?other=1", cache.Options{}); err == nil || !strings.Contains(err.Error(), "known: timeout, key_prefix, version, size") {
		t.Fatalf("unknown parameter: %v", err)
	}
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("a second Register of one scheme did not panic")
		}
	}()
	cache.Register("testscheme", func(*url.URL, cache.Options) (cache.Backend, error) { return nil, nil })
}

func TestOpenDummy(t *testing.T) {
	c, err := cache.Open("dummy://", cache.Options{DefaultTimeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Backend().(cache.Dummy); !ok {
		t.Fatalf("Open gave %T", c.Backend())
	}
}
