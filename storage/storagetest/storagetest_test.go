package storagetest_test

import (
	"testing"

	"github.com/jazzgo/jazz/storage"
	"github.com/jazzgo/jazz/storage/storagetest"
)

// The suite's own check: the reference in-memory backend passes it. The
// file system backend runs it from package storage.
func TestRunMemory(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Storage {
		return storage.NewMemory(storage.MemoryOptions{})
	})
}
