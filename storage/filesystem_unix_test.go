//go:build unix

package storage_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/jazzgo/jazz/storage"
)

func TestFileSystemPermissions(t *testing.T) {
	old := syscall.Umask(0o077) // a strict umask must not change the configured modes
	defer syscall.Umask(old)
	ctx := context.Background()
	for _, tt := range []struct{ file, dir fs.FileMode }{{0, 0}, {0o640, 0o750}} {
		dir := t.TempDir()
		s, err := storage.NewFileSystem(storage.FileSystemOptions{Root: dir, FileMode: tt.file, DirMode: tt.dir})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.Save(ctx, "a/b/c.txt", strings.NewReader("x")); err != nil {
			t.Fatal(err)
		}
		wantFile, wantDir := tt.file, tt.dir
		if wantFile == 0 {
			wantFile, wantDir = 0o644, 0o755
		}
		for _, c := range []struct {
			p    string
			want fs.FileMode
		}{{"a", wantDir}, {"a/b", wantDir}, {"a/b/c.txt", wantFile}} {
			fi, err := os.Stat(filepath.Join(dir, c.p))
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != c.want {
				t.Errorf("mode of %s = %o, want %o", c.p, got, c.want)
			}
		}
	}
}
