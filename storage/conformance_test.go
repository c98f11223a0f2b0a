package storage_test

import (
	"testing"
	"time"

	"github.com/jazzgo/jazz/storage"
	"github.com/jazzgo/jazz/storage/storagetest"
)

func newFileSystem(t *testing.T) *storage.FileSystem {
	t.Helper()
	fs, err := storage.NewFileSystem(storage.FileSystemOptions{Root: t.TempDir(), BaseURL: "/media/"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fs.Close() })
	return fs
}

func TestFileSystemConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Storage { return newFileSystem(t) })
}

func TestMemoryConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Storage {
		return storage.NewMemory(storage.MemoryOptions{})
	})
}

func TestMemoryFixedClock(t *testing.T) {
	at := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	storagetest.Run(t, func(t *testing.T) storage.Storage {
		return storage.NewMemory(storage.MemoryOptions{BaseURL: "https://cdn.example.com/m", Now: func() time.Time { return at }})
	})
}
