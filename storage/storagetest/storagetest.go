// Package storagetest checks that a [storage.Storage] keeps the contract
// documented on the interface, like testing/fstest does for fs.FS. Every
// backend runs it from its own tests:
//
//	func TestConformance(t *testing.T) {
//		storagetest.Run(t, func(t *testing.T) storage.Storage {
//			return storage.NewMemory(storage.MemoryOptions{})
//		})
//	}
package storagetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jazzgo/jazz/storage"
)

// Run runs the conformance suite as subtests of t. newStorage must return
// an empty storage for each subtest and release it with t.Cleanup.
func Run(t *testing.T, newStorage func(t *testing.T) storage.Storage) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s storage.Storage)
	}{
		{"SaveOpen", testSaveOpen},
		{"SaveEmpty", testSaveEmpty},
		{"SaveLarge", testSaveLarge},
		{"SaveCreatesDirs", testSaveCreatesDirs},
		{"SaveCollision", testSaveCollision},
		{"SaveCollisionWithDir", testSaveCollisionWithDir},
		{"SaveConcurrent", testSaveConcurrent},
		{"SaveReaderError", testSaveReaderError},
		{"SaveCancelled", testSaveCancelled},
		{"SaveUnderFile", testSaveUnderFile},
		{"Missing", testMissing},
		{"Directory", testDirectory},
		{"Delete", testDelete},
		{"SizeModTime", testSizeModTime},
		{"List", testList},
		{"URL", testURL},
		{"InvalidNames", testInvalidNames},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, newStorage(t))
		})
	}
}

// InvalidNames are names every Storage method must refuse with
// storage.ErrInvalidName.
var InvalidNames = []string{
	"", ".", "..", "../x", "a/../../x", "a/../b", "/etc/passwd", "a//b", "a/", "./a",
	"a\\b", "..\\x", "a\x00b", "a\nb", "a\rb", "a\tb", "\x1b[31m", "gpj\u202e.exe", "a\xffb",
	strings.Repeat("a", storage.MaxNameLength+1),
}

func save(t *testing.T, s storage.Storage, name, content string) string {
	t.Helper()
	got, err := s.Save(context.Background(), name, strings.NewReader(content))
	if err != nil {
		t.Fatalf("Save(%q): %v", name, err)
	}
	return got
}

func read(t *testing.T, s storage.Storage, name string) string {
	t.Helper()
	f, err := s.Open(context.Background(), name)
	if err != nil {
		t.Fatalf("Open(%q): %v", name, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("read %q: %v", name, err)
	}
	return string(b)
}

func exists(t *testing.T, s storage.Storage, name string) bool {
	t.Helper()
	ok, err := s.Exists(context.Background(), name)
	if err != nil {
		t.Fatalf("Exists(%q): %v", name, err)
	}
	return ok
}

func list(t *testing.T, s storage.Storage, dir string) (dirs, files []string) {
	t.Helper()
	dirs, files, err := s.List(context.Background(), dir)
	if err != nil {
		t.Fatalf("List(%q): %v", dir, err)
	}
	return dirs, files
}

func testSaveOpen(t *testing.T, s storage.Storage) {
	if got := save(t, s, "hello.txt", "hello, world"); got != "hello.txt" {
		t.Fatalf("Save on a free name returned %q, want it unchanged", got)
	}
	if got := read(t, s, "hello.txt"); got != "hello, world" {
		t.Errorf("content = %q", got)
	}
	if !exists(t, s, "hello.txt") {
		t.Error("Exists = false after Save")
	}
	if exists(t, s, "other.txt") {
		t.Error("Exists(other.txt) = true")
	}
	// Unicode names are kept as they are.
	if got := save(t, s, "été/naïve café.txt", "x"); got != "été/naïve café.txt" {
		t.Errorf("Save(unicode) = %q", got)
	}
}

func testSaveEmpty(t *testing.T, s storage.Storage) {
	save(t, s, "empty", "")
	if got := read(t, s, "empty"); got != "" {
		t.Errorf("content = %q, want empty", got)
	}
	n, err := s.Size(context.Background(), "empty")
	if err != nil || n != 0 {
		t.Errorf("Size = %d, %v; want 0", n, err)
	}
}

func testSaveLarge(t *testing.T, s storage.Storage) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	if _, err := s.Save(context.Background(), "big.bin", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	if got := read(t, s, "big.bin"); got != string(data) {
		t.Errorf("read back %d bytes differing from the %d saved", len(got), len(data))
	}
	n, err := s.Size(context.Background(), "big.bin")
	if err != nil || n != int64(len(data)) {
		t.Errorf("Size = %d, %v; want %d", n, err, len(data))
	}
}

func testSaveCreatesDirs(t *testing.T, s storage.Storage) {
	save(t, s, "uploads/2026/11/report.pdf", "%PDF")
	for _, d := range []string{"uploads", "uploads/2026", "uploads/2026/11"} {
		if !exists(t, s, d) {
			t.Errorf("Exists(%q) = false after saving a file inside", d)
		}
	}
	if got := read(t, s, "uploads/2026/11/report.pdf"); got != "%PDF" {
		t.Errorf("content = %q", got)
	}
}

// suffixed matches the names Save picks on a collision.
func suffixed(stem, ext string) *regexp.Regexp {
	return regexp.MustCompile("^" + regexp.QuoteMeta(stem) + "_[a-z0-9]{7}" + regexp.QuoteMeta(ext) + "$")
}

func testSaveCollision(t *testing.T, s storage.Storage) {
	cases := []struct{ name, stem, ext string }{
		{"docs/photo.png", "docs/photo", ".png"},
		{"archive.tar.gz", "archive", ".tar.gz"},
		{"README", "README", ""},
		{"d/.hidden", "d/.hidden", ""},
	}
	for _, c := range cases {
		save(t, s, c.name, "first")
		seen := map[string]bool{c.name: true}
		for i := range 3 {
			got := save(t, s, c.name, fmt.Sprint("next", i))
			if !suffixed(c.stem, c.ext).MatchString(got) {
				t.Errorf("Save(%q) on a taken name = %q, want %s_xxxxxxx%s", c.name, got, c.stem, c.ext)
			}
			if seen[got] {
				t.Errorf("Save(%q) returned %q twice", c.name, got)
			}
			seen[got] = true
			if body := read(t, s, got); body != fmt.Sprint("next", i) {
				t.Errorf("%q holds %q", got, body)
			}
		}
		if body := read(t, s, c.name); body != "first" {
			t.Errorf("Save overwrote %q: it holds %q", c.name, body)
		}
	}
}

func testSaveCollisionWithDir(t *testing.T, s storage.Storage) {
	save(t, s, "a/b.txt", "x")
	got := save(t, s, "a", "file named like a directory")
	if got == "a" || !suffixed("a", "").MatchString(got) {
		t.Errorf("Save(a) where a is a directory = %q, want a_xxxxxxx", got)
	}
}

func testSaveConcurrent(t *testing.T, s storage.Storage) {
	const n = 16
	names := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			got, err := s.Save(context.Background(), "race/same.txt", strings.NewReader(fmt.Sprint("writer ", i)))
			if err != nil {
				t.Error(err)
			}
			names[i] = got
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, name := range names {
		if seen[name] {
			t.Errorf("two concurrent saves got the name %q", name)
		}
		seen[name] = true
		if got := read(t, s, name); got != fmt.Sprint("writer ", i) {
			t.Errorf("%q holds %q, want %q", name, got, fmt.Sprint("writer ", i))
		}
	}
	if _, files := list(t, s, "race"); len(files) != n {
		t.Errorf("List(race) has %d files, want %d: %q", len(files), n, files)
	}
}

// failingReader returns some data and then an error.
type failingReader struct{ sent bool }

var errRead = errors.New("client went away")

func (r *failingReader) Read(p []byte) (int, error) {
	if r.sent {
		return 0, errRead
	}
	r.sent = true
	return copy(p, "partial upload"), nil
}

func testSaveReaderError(t *testing.T, s storage.Storage) {
	_, err := s.Save(context.Background(), "up/broken.txt", &failingReader{})
	if !errors.Is(err, errRead) {
		t.Fatalf("Save with a failing reader: err = %v, want it to wrap the reader's error", err)
	}
	if exists(t, s, "up/broken.txt") {
		t.Error("a failed Save left the file behind")
	}
	if ok, _ := s.Exists(context.Background(), "up"); ok {
		if _, files := list(t, s, "up"); len(files) != 0 {
			t.Errorf("a failed Save left files: %q", files)
		}
	}
}

func testSaveCancelled(t *testing.T, s storage.Storage) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Save(ctx, "cancelled.txt", strings.NewReader("x"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Save with a cancelled context: err = %v, want context.Canceled", err)
	}
	if exists(t, s, "cancelled.txt") {
		t.Error("Save with a cancelled context wrote the file")
	}
	// A context cancelled while the content streams stops the write.
	ctx, cancel = context.WithCancel(context.Background())
	r := io.MultiReader(strings.NewReader("first part"), readerFunc(func(p []byte) (int, error) {
		cancel()
		return copy(p, "second part"), nil
	}), strings.NewReader(strings.Repeat("more", 1<<14)))
	if _, err := s.Save(ctx, "midway.txt", r); !errors.Is(err, context.Canceled) {
		t.Errorf("Save cancelled while reading: err = %v, want context.Canceled", err)
	}
	if exists(t, s, "midway.txt") {
		t.Error("Save cancelled while reading left the file")
	}
	if _, files := list(t, s, ""); len(files) != 0 {
		t.Errorf("cancelled saves left files: %q", files)
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func testSaveUnderFile(t *testing.T, s storage.Storage) {
	save(t, s, "plain", "a file")
	if got, err := s.Save(context.Background(), "plain/inside.txt", strings.NewReader("x")); err == nil {
		t.Errorf("Save under a file succeeded as %q, want an error", got)
	}
	if got := read(t, s, "plain"); got != "a file" {
		t.Errorf("the file became %q", got)
	}
}

func testMissing(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	save(t, s, "file.txt", "x")
	for _, name := range []string{"missing.txt", "nodir/missing.txt", "file.txt/below"} {
		if _, err := s.Open(ctx, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q): err = %v, want fs.ErrNotExist", name, err)
		}
		if _, err := s.Size(ctx, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Size(%q): err = %v, want fs.ErrNotExist", name, err)
		}
		if _, err := s.ModTime(ctx, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ModTime(%q): err = %v, want fs.ErrNotExist", name, err)
		}
		if ok, err := s.Exists(ctx, name); ok || err != nil {
			t.Errorf("Exists(%q) = %v, %v; want false, nil", name, ok, err)
		}
		if err := s.Delete(ctx, name); err != nil {
			t.Errorf("Delete(%q) = %v, want nil for a missing file", name, err)
		}
	}
	if _, _, err := s.List(ctx, "nodir"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("List(nodir): err = %v, want fs.ErrNotExist", err)
	}
}

func testDirectory(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	save(t, s, "dir/f.txt", "x")
	if f, err := s.Open(ctx, "dir"); err == nil {
		f.Close()
		t.Error("Open(directory) succeeded")
	}
	if _, err := s.Size(ctx, "dir"); err == nil {
		t.Error("Size(directory) succeeded")
	}
	if _, err := s.ModTime(ctx, "dir"); err == nil {
		t.Error("ModTime(directory) succeeded")
	}
}

func testDelete(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	save(t, s, "d/gone.txt", "x")
	save(t, s, "d/kept.txt", "y")
	if err := s.Delete(ctx, "d/gone.txt"); err != nil {
		t.Fatal(err)
	}
	if exists(t, s, "d/gone.txt") {
		t.Error("Exists = true after Delete")
	}
	if _, err := s.Open(ctx, "d/gone.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open after Delete: err = %v, want fs.ErrNotExist", err)
	}
	if err := s.Delete(ctx, "d/gone.txt"); err != nil {
		t.Errorf("second Delete = %v, want nil", err)
	}
	if got := read(t, s, "d/kept.txt"); got != "y" {
		t.Errorf("Delete touched another file: %q", got)
	}
	// The name is free again.
	if got := save(t, s, "d/gone.txt", "again"); got != "d/gone.txt" {
		t.Errorf("Save after Delete = %q, want the freed name", got)
	}
}

func testSizeModTime(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	before := time.Now().Add(-2 * time.Second)
	save(t, s, "sized.txt", "12345")
	after := time.Now().Add(2 * time.Second)
	n, err := s.Size(ctx, "sized.txt")
	if err != nil || n != 5 {
		t.Errorf("Size = %d, %v; want 5", n, err)
	}
	mt, err := s.ModTime(ctx, "sized.txt")
	if err != nil {
		t.Fatal(err)
	}
	// A backend may use a fixed clock; it must still give a time.
	if mt.IsZero() {
		t.Error("ModTime is zero")
	} else if mt.Before(before) || mt.After(after) {
		t.Logf("ModTime %v is outside the save window [%v, %v] (fixed clock?)", mt, before, after)
	}
}

func testList(t *testing.T, s storage.Storage) {
	for _, n := range []string{"b.txt", "a.txt", "sub/x.txt", "sub/deep/y.txt", "other/z.txt", "c"} {
		save(t, s, n, n)
	}
	check := func(dir string, wantDirs, wantFiles []string) {
		t.Helper()
		dirs, files := list(t, s, dir)
		if !slices.Equal(dirs, wantDirs) || !slices.Equal(files, wantFiles) {
			t.Errorf("List(%q) = %q, %q; want %q, %q", dir, dirs, files, wantDirs, wantFiles)
		}
	}
	check("", []string{"other", "sub"}, []string{"a.txt", "b.txt", "c"})
	check(".", []string{"other", "sub"}, []string{"a.txt", "b.txt", "c"})
	check("sub", []string{"deep"}, []string{"x.txt"})
	check("sub/deep", []string{}, []string{"y.txt"})
	if err := s.Delete(context.Background(), "sub/deep/y.txt"); err != nil {
		t.Fatal(err)
	}
	check("sub/deep", []string{}, []string{})
	if _, _, err := s.List(context.Background(), "a.txt"); err == nil {
		t.Error("List(file) succeeded")
	}
}

func testURL(t *testing.T, s storage.Storage) {
	u := s.URL("dir/a b#?%.txt")
	want := "dir/a%20b%23%3F%25.txt"
	if !strings.HasSuffix(u, "/"+want) {
		t.Errorf("URL = %q, want it to end with /%s", u, want)
	}
	base := strings.TrimSuffix(u, want)
	if got := s.URL("x/é.png"); got != base+"x/%C3%A9.png" {
		t.Errorf("URL(x/é.png) = %q, want %q", got, base+"x/%C3%A9.png")
	}
	for _, bad := range []string{"../x", "/abs", "a\nb"} {
		if got := s.URL(bad); got != "" {
			t.Errorf("URL(%q) = %q, want \"\"", bad, got)
		}
	}
}

func testInvalidNames(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	for _, name := range InvalidNames {
		short := name
		if len(short) > 20 {
			short = short[:20] + "..."
		}
		errs := map[string]error{}
		_, errs["Save"] = s.Save(ctx, name, strings.NewReader("x"))
		var f io.ReadCloser
		f, errs["Open"] = s.Open(ctx, name)
		if f != nil {
			f.Close()
		}
		errs["Delete"] = s.Delete(ctx, name)
		_, errs["Exists"] = s.Exists(ctx, name)
		_, errs["Size"] = s.Size(ctx, name)
		_, errs["ModTime"] = s.ModTime(ctx, name)
		if name != "" && name != "." {
			_, _, errs["List"] = s.List(ctx, name)
		}
		for op, err := range errs {
			if !errors.Is(err, storage.ErrInvalidName) {
				t.Errorf("%s(%q): err = %v, want storage.ErrInvalidName", op, short, err)
			}
		}
	}
	// Nothing was written anywhere.
	dirs, files := list(t, s, "")
	if len(dirs)+len(files) != 0 {
		t.Errorf("invalid names left %q %q", dirs, files)
	}
}
