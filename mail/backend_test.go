package mail_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/mail/mailtest"
)

// lockedBuffer is a bytes.Buffer safe to read while the console backend
// writes to it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.buf.Bytes())
}

func TestConsoleConformance(t *testing.T) {
	mailtest.Run(t, func(t *testing.T) (mail.Backend, func() [][]byte) {
		var out lockedBuffer
		return mail.NewConsole(&out), func() [][]byte { return mail.SplitConsole(out.Bytes()) }
	})
}

func TestLocmemConformance(t *testing.T) {
	mailtest.Run(t, func(t *testing.T) (mail.Backend, func() [][]byte) {
		b := mail.NewLocmem()
		return b, b.Raw
	})
}

func TestFileConformance(t *testing.T) {
	mailtest.Run(t, func(t *testing.T) (mail.Backend, func() [][]byte) {
		dir := filepath.Join(t.TempDir(), "outbox")
		b, err := mail.NewFile(dir)
		if err != nil {
			t.Fatal(err)
		}
		return b, func() [][]byte { return readEML(t, dir) }
	})
}

// readEML returns the .eml files of dir in name order.
func readEML(t *testing.T, dir string) [][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	var out [][]byte
	for _, n := range names {
		if filepath.Base(n)[0] == '.' {
			t.Errorf("temporary file left behind: %s", n)
			continue
		}
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}
