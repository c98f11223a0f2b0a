package filestore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/filestore"
	"github.com/jazzgo/jazz/sessions/sessiontest"
)

func newStore(t *testing.T) *filestore.Store {
	t.Helper()
	s, err := filestore.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	sessiontest.Run(t, func(t *testing.T) sessions.Store { return newStore(t) })
}

var ctx = context.Background()

func TestFileNameAndMode(t *testing.T) {
	s := newStore(t)
	key := sessions.NewKey()
	if err := s.Save(ctx, key, sessions.Data{"a": "b"}, time.Now().Add(time.Hour), true); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(s.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "sessionid"+key {
		t.Fatalf("directory holds %v, want only sessionid%s (no temporary files left)", entries, key)
	}
	info, err := entries[0].Info()
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Fatalf("session file mode %o, want 600", perm)
	}
	b, _ := os.ReadFile(filepath.Join(s.Dir(), entries[0].Name()))
	if !strings.Contains(string(b), `"expires":`) || !strings.Contains(string(b), `"data":{"a":"b"}`) {
		t.Fatalf("file content %s", b)
	}
}

// A key is only ever a file name inside the directory.
func TestNoTraversal(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "sessions")
	s, err := filestore.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(parent, "victim")
	os.WriteFile(victim, []byte(`{"expires":"2999-01-01T00:00:00Z","data":{"x":1}}`), 0o600)
	for _, key := range []string{"../victim", "/../victim", "..", "a/../../victim", `..\victim`} {
		if _, err := s.Load(ctx, key); !errors.Is(err, sessions.ErrNotFound) {
			t.Errorf("Load(%q) = %v", key, err)
		}
		if err := s.Save(ctx, key, sessions.Data{}, time.Now().Add(time.Hour), false); err == nil {
			t.Errorf("Save(%q) succeeded", key)
		}
		s.Delete(ctx, key)
	}
	if _, err := os.Stat(victim); err != nil {
		t.Fatalf("a file outside the directory was touched: %v", err)
	}
}

func TestNotWritable(t *testing.T) {
	if os.Geteuid() == 0 {
		// root writes anywhere; a path under a regular file fails for all.
		f := filepath.Join(t.TempDir(), "file")
		os.WriteFile(f, nil, 0o600)
		if _, err := filestore.New(filepath.Join(f, "sessions")); err == nil {
			t.Fatal("New under a regular file succeeded")
		}
		return
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	_, err := filestore.New(dir)
	if err == nil || !strings.Contains(err.Error(), "SessionFilePath") {
		t.Fatalf("New on a read-only directory = %v, want an error naming SessionFilePath", err)
	}
}

func TestEmptyDir(t *testing.T) {
	if _, err := filestore.New(""); err == nil {
		t.Fatal("New(\"\") succeeded")
	}
}

func TestClearExpiredLeavesOtherFiles(t *testing.T) {
	s := newStore(t)
	other := filepath.Join(s.Dir(), "README")
	os.WriteFile(other, []byte("not a session"), 0o600)
	corrupt := filepath.Join(s.Dir(), "sessionid"+sessions.NewKey())
	os.WriteFile(corrupt, []byte("{not json"), 0o600)
	stale := filepath.Join(s.Dir(), ".tmp-sessionid-123")
	os.WriteFile(stale, nil, 0o600)
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)
	n, err := s.ClearExpired(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("removed %d, want the corrupt session file only", n)
	}
	if _, err := os.Stat(other); err != nil {
		t.Fatal("ClearExpired removed a file that is not a session")
	}
	if _, err := os.Stat(corrupt); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("corrupt session file kept")
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("stale temporary file kept")
	}
}

func BenchmarkFile(b *testing.B) {
	s, err := filestore.New(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	sessiontest.Benchmark(b, sessions.Options{Store: s})
}
