package storage_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/storage"
)

func TestFileSystemCreatesRoot(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "media", "root")
	s, err := storage.NewFileSystem(storage.FileSystemOptions{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("root not created: %v", err)
	}
	if got := s.URL("a b.png"); got != "/media/a%20b.png" {
		t.Errorf("default URL = %q", got)
	}
	p, err := s.Path("x/y.txt")
	if err != nil || p != filepath.Join(dir, "x", "y.txt") {
		t.Errorf("Path = %q, %v", p, err)
	}
	if _, err := s.Path("../x"); !errors.Is(err, storage.ErrInvalidName) {
		t.Errorf("Path(../x) err = %v", err)
	}
}

func TestFileSystemBadRoot(t *testing.T) {
	if _, err := storage.NewFileSystem(storage.FileSystemOptions{}); err == nil || !strings.Contains(err.Error(), "MediaRoot") {
		t.Errorf("empty Root: err = %v, want one naming MediaRoot", err)
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, err := storage.NewFileSystem(storage.FileSystemOptions{Root: file}); err == nil {
		t.Error("Root that is a file: no error")
	}
}

// A symbolic link inside the root that points outside it must not let
// any method reach the outside.
func TestFileSystemSymlinkEscape(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644)
	dir := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "secretlink"))
	s, err := storage.NewFileSystem(storage.FileSystemOptions{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, name := range []string{"link/secret", "secretlink"} {
		if f, err := s.Open(ctx, name); err == nil {
			f.Close()
			t.Errorf("Open(%q) reached outside the root", name)
		}
		if _, err := s.Size(ctx, name); err == nil {
			t.Errorf("Size(%q) reached outside the root", name)
		}
	}
	if _, err := s.Save(ctx, "link/new.txt", strings.NewReader("x")); err == nil {
		t.Error("Save through a link wrote outside the root")
	}
	if _, err := os.Stat(filepath.Join(outside, "new.txt")); err == nil {
		t.Error("new.txt appeared outside the root")
	}
	s.Delete(ctx, "link/secret")
	if _, err := os.Stat(filepath.Join(outside, "secret")); err != nil {
		t.Error("Delete removed a file outside the root")
	}
	dirs, files, err := s.List(ctx, "")
	if err != nil || len(dirs)+len(files) != 0 {
		t.Errorf("List shows links leading outside: %q %q %v", dirs, files, err)
	}
}

// Save leaves no temporary file behind, whether it succeeds or fails, and
// List never shows one.
func TestFileSystemNoTempFiles(t *testing.T) {
	dir := t.TempDir()
	s, err := storage.NewFileSystem(storage.FileSystemOptions{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	s.Save(ctx, "a.txt", strings.NewReader("1"))
	s.Save(ctx, "a.txt", strings.NewReader("2"))
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	s.Save(cctx, "b.txt", strings.NewReader("3"))
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("root holds %q, want the two saved files only", names)
	}
	// A temporary file left by a crash stays hidden.
	os.WriteFile(filepath.Join(dir, ".jazz-tmp-crashed"), []byte("x"), 0o600)
	if _, files, _ := s.List(ctx, ""); len(files) != 2 {
		t.Errorf("List = %q, want the two saved files", files)
	}
}

func TestErrorMessage(t *testing.T) {
	s := storage.NewMemory(storage.MemoryOptions{})
	_, err := s.Open(context.Background(), "missing.txt")
	var se *storage.Error
	if !errors.As(err, &se) || se.Op != "open" || se.Name != "missing.txt" {
		t.Fatalf("err = %#v, want *storage.Error for open missing.txt", err)
	}
	if got := err.Error(); !strings.HasPrefix(got, `storage: open "missing.txt": `) {
		t.Errorf("message %q", got)
	}
}

// The upload names of issue 7 land under a safe name inside the root.
func TestFileSystemHostileUploadNames(t *testing.T) {
	dir := t.TempDir()
	s, err := storage.NewFileSystem(storage.FileSystemOptions{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, upload := range []string{"../../etc/passwd", "evil\x00.png", "new\nline.txt", `..\..\boot.ini`, "/abs/x"} {
		name, err := s.Save(context.Background(), "uploads/"+storage.SafeName(upload), strings.NewReader("x"))
		if err != nil {
			t.Fatalf("Save(%q): %v", upload, err)
		}
		p, _ := s.Path(name)
		rel, err := filepath.Rel(dir, p)
		if err != nil || strings.HasPrefix(rel, "..") || strings.ContainsAny(name, "\x00\n\\") {
			t.Errorf("upload %q stored as %q (%s)", upload, name, rel)
		}
		if _, err := os.Stat(p); err != nil {
			t.Errorf("upload %q: %v", upload, err)
		}
	}
}
