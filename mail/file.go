package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"
)

// File writes each message to its own ".eml" file in a directory, for
// development and for inspecting mail with a mail client. Files are
// named "<UTC time>-<sequence>-<random>.eml", so names sort in sending
// order within one backend and never collide across processes; each is
// written to a temporary file and renamed, so a reader never sees half a
// message. Files are 0600 and the directory 0700: mail holds private
// data. Safe for concurrent use.
type File struct {
	dir string
	seq atomic.Uint64
	cf  closeFlag
}

var _ Backend = (*File)(nil)

// NewFile returns a file backend writing into dir, creating it (and its
// parents) with mode 0700 when missing. It fails when dir is empty or
// exists but is not a directory.
func NewFile(dir string) (*File, error) {
	if dir == "" {
		return nil, errors.New("mail: file backend needs a directory (EmailFilePath or file:///dir)")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("mail: file backend: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("mail: file backend: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("mail: file backend: %s is not a directory", dir)
	}
	return &File{dir: dir}, nil
}

// Dir returns the directory the backend writes to.
func (f *File) Dir() string { return f.dir }

// Send writes one file per valid message; see [Backend].
func (f *File) Send(ctx context.Context, msgs ...*Message) (int, error) {
	if f.cf.isClosed() {
		return 0, ErrClosed
	}
	return sendEach(ctx, msgs, func(_ *Message, p *Prepared) error {
		return f.write(p.Raw)
	})
}

func (f *File) write(raw []byte) error {
	var r [4]byte
	_, _ = rand.Read(r[:])
	name := fmt.Sprintf("%s-%06d-%s.eml", time.Now().UTC().Format("20060102T150405.000000000Z"), f.seq.Add(1), hex.EncodeToString(r[:]))
	tmp, err := os.CreateTemp(f.dir, ".tmp-*.eml") // CreateTemp uses mode 0600
	if err != nil {
		return fmt.Errorf("mail: file backend: %w", err)
	}
	_, err = tmp.Write(raw)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(f.dir, name))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("mail: file backend: %w", err)
	}
	return nil
}

// Close marks the backend closed.
func (f *File) Close() error { f.cf.close(); return nil }

func openFile(u *url.URL) (Backend, error) {
	if err := noQuery(u); err != nil {
		return nil, err
	}
	dir := u.Path
	if u.Opaque != "" { // file:relative/dir
		dir = u.Opaque
	}
	if u.Host != "" && u.Host != "localhost" {
		return nil, fmt.Errorf("file URL has host %q; write file:///absolute/dir or file:relative/dir", u.Host)
	}
	b, err := NewFile(dir)
	if err != nil {
		return nil, err
	}
	return b, nil
}
