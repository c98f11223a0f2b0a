package storage

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// MemoryOptions configures a [Memory] storage.
type MemoryOptions struct {
	// BaseURL is the URL prefix of the files: "/media/" by default.
	BaseURL string
	// Now gives modification times: time.Now by default. Tests set it to
	// a fixed clock.
	Now func() time.Time
}

// Memory is a [Storage] that keeps files in memory, for tests and
// examples, like Django's InMemoryStorage. It behaves as [FileSystem] does
// (the same conformance suite runs on both), directories included: Save
// creates them and they stay, empty, after their files are deleted. Each
// Memory is independent; the zero value is not usable, call NewMemory. It
// is safe for concurrent use.
type Memory struct {
	url string
	now func() time.Time

	mu    sync.RWMutex
	files map[string]memFile
	dirs  map[string]bool
}

var _ Storage = (*Memory)(nil)

type memFile struct {
	data    []byte // never changed once stored, so readers share it
	modTime time.Time
}

// NewMemory returns an empty in-memory storage.
func NewMemory(opts MemoryOptions) *Memory {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Memory{
		url:   baseURL(opts.BaseURL),
		now:   opts.Now,
		files: map[string]memFile{},
		dirs:  map[string]bool{},
	}
}

// Save implements [Storage].
func (m *Memory) Save(ctx context.Context, name string, r io.Reader) (string, error) {
	final, err := m.save(ctx, name, r)
	return final, wrap("save", name, err)
}

func (m *Memory) save(ctx context.Context, name string, r io.Reader) (string, error) {
	if err := check(ctx, name); err != nil {
		return "", err
	}
	data, err := io.ReadAll(ctxReader{ctx, r})
	if err != nil {
		return "", err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var parents []string
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if _, ok := m.files[d]; ok {
			return "", fmt.Errorf("%q is a file, not a directory", d)
		}
		parents = append(parents, d)
	}
	candidate := name
	for range 100 {
		_, file := m.files[candidate]
		if !file && !m.dirs[candidate] {
			for _, d := range parents {
				m.dirs[d] = true
			}
			m.files[candidate] = memFile{data: data, modTime: m.now()}
			return candidate, nil
		}
		candidate = alternativeName(name)
	}
	return "", fmt.Errorf("no free name after 100 attempts")
}

// Open implements [Storage]. The file also implements io.Seeker and
// io.ReaderAt.
func (m *Memory) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	f, err := m.file(ctx, name)
	if err != nil {
		return nil, wrap("open", name, err)
	}
	return memReader{bytes.NewReader(f.data)}, nil
}

type memReader struct{ *bytes.Reader }

func (memReader) Close() error { return nil }

// Delete implements [Storage]. Like FileSystem it also removes an empty
// directory.
func (m *Memory) Delete(ctx context.Context, name string) error {
	if err := check(ctx, name); err != nil {
		return wrap("delete", name, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.files[name]; ok {
		delete(m.files, name)
		return nil
	}
	if m.dirs[name] {
		if m.hasChildren(name) {
			return wrap("delete", name, fmt.Errorf("directory not empty"))
		}
		delete(m.dirs, name)
	}
	return nil
}

func (m *Memory) hasChildren(dir string) bool {
	prefix := dir + "/"
	for n := range m.files {
		if strings.HasPrefix(n, prefix) {
			return true
		}
	}
	for n := range m.dirs {
		if strings.HasPrefix(n, prefix) {
			return true
		}
	}
	return false
}

// Exists implements [Storage].
func (m *Memory) Exists(ctx context.Context, name string) (bool, error) {
	if err := check(ctx, name); err != nil {
		return false, wrap("exists", name, err)
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	_, ok := m.files[name]
	return ok || m.dirs[name], nil
}

// Size implements [Storage].
func (m *Memory) Size(ctx context.Context, name string) (int64, error) {
	f, err := m.file(ctx, name)
	if err != nil {
		return 0, wrap("size", name, err)
	}
	return int64(len(f.data)), nil
}

// ModTime implements [Storage].
func (m *Memory) ModTime(ctx context.Context, name string) (time.Time, error) {
	f, err := m.file(ctx, name)
	if err != nil {
		return time.Time{}, wrap("modtime", name, err)
	}
	return f.modTime, nil
}

func (m *Memory) file(ctx context.Context, name string) (memFile, error) {
	if err := check(ctx, name); err != nil {
		return memFile{}, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	f, ok := m.files[name]
	switch {
	case ok:
		return f, nil
	case m.dirs[name]:
		return memFile{}, errIsDir
	}
	return memFile{}, fs.ErrNotExist
}

// List implements [Storage].
func (m *Memory) List(ctx context.Context, dir string) (dirs, files []string, err error) {
	d, err := validDir(dir)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, nil, wrap("list", dir, err)
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if d != "." && !m.dirs[d] {
		return nil, nil, wrap("list", dir, fs.ErrNotExist)
	}
	dirs, files = []string{}, []string{}
	for n := range m.dirs {
		if path.Dir(n) == d {
			dirs = append(dirs, path.Base(n))
		}
	}
	for n := range m.files {
		if path.Dir(n) == d {
			files = append(files, path.Base(n))
		}
	}
	slices.Sort(dirs)
	slices.Sort(files)
	return dirs, files, nil
}

// URL implements [Storage].
func (m *Memory) URL(name string) string { return joinURL(m.url, name) }

func check(ctx context.Context, name string) error {
	if err := ValidateName(name); err != nil {
		return err
	}
	return ctx.Err()
}
