package cache_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/jazzgo/jazz/cache"
)

func newFile(t *testing.T, opts cache.FileOptions) *cache.File {
	t.Helper()
	f, err := cache.NewFile(filepath.Join(t.TempDir(), "cache", "sub"), opts)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestFileNamesAreHashes(t *testing.T) {
	ctx := context.Background()
	f := newFile(t, cache.FileOptions{})
	info, err := os.Stat(f.Dir())
	if err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("directory mode %v, %v; want 0700", info.Mode().Perm(), err)
	}
	key := "../../../etc/passwd"
	if err := f.Set(ctx, key, []byte("v"), 0); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(key))
	want := hex.EncodeToString(sum[:]) + ".jzcache"
	if got := cacheFiles(t, f.Dir()); !slices.Equal(got, []string{want}) {
		t.Fatalf("files %v; want [%s]", got, want)
	}
	if _, err := os.Stat(filepath.Join(f.Dir(), "..", "..", "..", "etc", "passwd")); err == nil {
		t.Fatal("a key chose a path outside the cache directory")
	}
}

func TestFileCullsOldestFirst(t *testing.T) {
	ctx := context.Background()
	f := newFile(t, cache.FileOptions{MaxEntries: 3, CullFrequency: 3})
	base := time.Now().Add(-time.Hour)
	for i, k := range []string{"a", "b", "c"} {
		f.Set(ctx, k, []byte(k), 0)
		// Make the ages unambiguous whatever the file system's mtime
		// resolution; "b" is the oldest.
		age := map[string]time.Duration{"a": 2, "b": 1, "c": 3}[k]
		p := filepath.Join(f.Dir(), cache.HashKey(k)+".jzcache")
		if err := os.Chtimes(p, base.Add(age*time.Minute), base.Add(age*time.Minute)); err != nil {
			t.Fatal(i, err)
		}
	}
	f.Set(ctx, "a", []byte("overwrite"), 0) // no cull: not a new file
	if n := len(cacheFiles(t, f.Dir())); n != 3 {
		t.Fatalf("%d files after an overwrite; want 3", n)
	}
	f.Set(ctx, "d", []byte("d"), 0)
	for k, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if _, ok, _ := f.Get(ctx, k); ok != want {
			t.Errorf("after culling, %q present = %v; want %v", k, ok, want)
		}
	}
}

func TestFileExpiredAndCorruptFilesAreRemoved(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(5000, 0)
	f := newFile(t, cache.FileOptions{Now: func() time.Time { return now }})
	f.Set(ctx, "k", []byte("v"), time.Minute)
	now = now.Add(time.Minute)
	if _, ok, err := f.Get(ctx, "k"); ok || err != nil {
		t.Fatalf("expired Get = %v, %v", ok, err)
	}
	if n := len(cacheFiles(t, f.Dir())); n != 0 {
		t.Fatalf("%d files left after reading an expired key", n)
	}
	p := filepath.Join(f.Dir(), cache.HashKey("bad")+".jzcache")
	os.WriteFile(p, []byte("JZC1 truncated"), 0o600)
	if _, ok, err := f.Get(ctx, "bad"); ok || err != nil {
		t.Fatalf("corrupt Get = %v, %v; want a miss", ok, err)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Fatal("corrupt file kept")
	}
}

func TestFileClearKeepsOtherFiles(t *testing.T) {
	ctx := context.Background()
	f := newFile(t, cache.FileOptions{})
	f.Set(ctx, "a:1:x", []byte("1"), 0)
	f.Set(ctx, "b:1:y", []byte("2"), 0)
	readme := filepath.Join(f.Dir(), "README")
	os.WriteFile(readme, []byte("not a cache file"), 0o600)
	if err := f.Clear(ctx, "a:"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := f.Get(ctx, "a:1:x"); ok {
		t.Fatal("Clear(a:) kept a:1:x")
	}
	if _, ok, _ := f.Get(ctx, "b:1:y"); !ok {
		t.Fatal("Clear(a:) removed b:1:y")
	}
	if err := f.Clear(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if got := cacheFiles(t, f.Dir()); !slices.Equal(got, []string{"README"}) {
		t.Fatalf("after Clear: %v; want only README", got)
	}
}

func TestFileRecreatesItsDirectory(t *testing.T) {
	ctx := context.Background()
	f := newFile(t, cache.FileOptions{})
	if err := os.RemoveAll(f.Dir()); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := f.Get(ctx, "k"); ok || err != nil {
		t.Fatalf("Get with the directory gone = %v, %v; want a miss", ok, err)
	}
	if err := f.Set(ctx, "k", []byte("v"), 0); err != nil {
		t.Fatalf("Set with the directory gone: %v", err)
	}
	if v, ok, _ := f.Get(ctx, "k"); !ok || string(v) != "v" {
		t.Fatal("value lost")
	}
}

func TestNewFileErrors(t *testing.T) {
	if _, err := cache.NewFile("", cache.FileOptions{}); err == nil {
		t.Fatal("empty dir accepted")
	}
	file := filepath.Join(t.TempDir(), "plain")
	os.WriteFile(file, nil, 0o600)
	if _, err := cache.NewFile(filepath.Join(file, "sub"), cache.FileOptions{}); err == nil {
		t.Fatal("a directory under a plain file accepted")
	}
}
