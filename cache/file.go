package cache

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FileOptions configures [NewFile].
type FileOptions struct {
	// MaxEntries bounds the number of files (0 means 300; negative means
	// unbounded). A write that finds the directory full first removes
	// 1/CullFrequency of the files, oldest written first.
	MaxEntries int
	// CullFrequency: 0 means 3; 1 empties the directory when full.
	CullFrequency int
	// Now is the clock used for expiry; nil means time.Now.
	Now func() time.Time
}

// File is a backend that keeps one file per key in a directory, for sites
// on one machine that want a cache surviving restarts. A file is named by
// the hex SHA-256 of its key plus ".jzcache", so keys never choose a path,
// and holds a header (format, expiry, key) and the value. Writes go to a
// temporary file renamed over the old one, so readers never see half a
// value. Expired files are removed when read.
//
// Operations on one key are serialised within the process (Add and Incr
// are atomic here); several processes may share the directory, but then
// Add and Incr can race between them. File is safe for concurrent use and
// implements [Incrementer] and [Toucher].
type File struct {
	dir   string
	max   int
	cull  int
	now   func() time.Time
	seed  maphash.Seed
	locks [64]sync.Mutex
}

var (
	_ Backend     = (*File)(nil)
	_ Incrementer = (*File)(nil)
	_ Toucher     = (*File)(nil)
)

const (
	fileSuffix = ".jzcache"
	fileMagic  = "JZC1"
	fileHeader = len(fileMagic) + 8 + 2 // magic, expiry, key length
)

// NewFile returns a backend storing files in dir, which it creates
// (mode 0700, since cached pages may be private) if needed. A relative dir
// is made absolute now, so a later change of working directory does not
// move the cache.
func NewFile(dir string, opts FileOptions) (*File, error) {
	if dir == "" {
		return nil, errors.New("cache: file backend needs a directory; give a path such as /var/cache/mysite")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("cache: file backend directory %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("cache: creating file cache directory: %w (check the path and its permissions)", err)
	}
	f := &File{dir: abs, max: opts.MaxEntries, cull: opts.CullFrequency, now: opts.Now, seed: maphash.MakeSeed()}
	if f.max == 0 {
		f.max = 300
	}
	if f.cull <= 0 {
		f.cull = 3
	}
	if f.now == nil {
		f.now = time.Now
	}
	return f, nil
}

// Dir reports the absolute directory of the cache files.
func (f *File) Dir() string { return f.dir }

func (f *File) path(key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(f.dir, hex.EncodeToString(sum[:])+fileSuffix)
}

func (f *File) lock(key string) *sync.Mutex {
	return &f.locks[maphash.String(f.seed, key)%uint64(len(f.locks))]
}

// fileEntry is a decoded cache file.
type fileEntry struct {
	exp   int64 // unix nanoseconds; 0: never
	key   string
	value []byte
}

func encodeFileEntry(key string, value []byte, exp int64) ([]byte, error) {
	if len(key) > 0xffff {
		return nil, fmt.Errorf("cache: file backend key is %d bytes, over %d", len(key), 0xffff)
	}
	b := make([]byte, 0, fileHeader+len(key)+len(value))
	b = append(b, fileMagic...)
	b = binary.BigEndian.AppendUint64(b, uint64(exp))
	b = binary.BigEndian.AppendUint16(b, uint16(len(key)))
	b = append(b, key...)
	return append(b, value...), nil
}

// decodeFileEntry parses a cache file; ok is false for anything that is
// not one (a truncated or foreign file).
func decodeFileEntry(b []byte) (e fileEntry, ok bool) {
	if len(b) < fileHeader || string(b[:len(fileMagic)]) != fileMagic {
		return e, false
	}
	e.exp = int64(binary.BigEndian.Uint64(b[4:12]))
	n := int(binary.BigEndian.Uint16(b[12:14]))
	if len(b) < fileHeader+n {
		return e, false
	}
	e.key = string(b[fileHeader : fileHeader+n])
	e.value = b[fileHeader+n:]
	return e, true
}

// read returns key's live entry. Expired, corrupt or foreign files are
// removed; the caller holds the key's lock.
func (f *File) read(key string) (fileEntry, bool, error) {
	p := f.path(key)
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return fileEntry{}, false, nil
	}
	if err != nil {
		return fileEntry{}, false, fmt.Errorf("cache: reading %s: %w", p, err)
	}
	e, ok := decodeFileEntry(b)
	if ok && e.key != key {
		// Another key with the same SHA-256: leave its file alone.
		return fileEntry{}, false, nil
	}
	if !ok || e.exp != 0 && e.exp <= f.now().UnixNano() {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fileEntry{}, false, fmt.Errorf("cache: removing stale %s: %w", p, err)
		}
		return fileEntry{}, false, nil
	}
	return e, true, nil
}

// write stores an entry atomically. The caller holds the key's lock.
func (f *File) write(key string, value []byte, exp int64) error {
	b, err := encodeFileEntry(key, value, exp)
	if err != nil {
		return err
	}
	if err := f.cullIfFull(key); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(f.dir, ".tmp-*")
	if errors.Is(err, fs.ErrNotExist) {
		// The directory was removed under us (a deploy cleaning up, a
		// tmpfs reset); recreate it rather than failing every write.
		if err := os.MkdirAll(f.dir, 0o700); err != nil {
			return fmt.Errorf("cache: recreating %s: %w", f.dir, err)
		}
		tmp, err = os.CreateTemp(f.dir, ".tmp-*")
	}
	if err != nil {
		return fmt.Errorf("cache: creating a file in %s: %w", f.dir, err)
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), f.path(key))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cache: writing a file in %s: %w", f.dir, err)
	}
	return nil
}

// cullIfFull removes the oldest 1/cull of the cache files when there are
// MaxEntries or more and key is not one of them.
func (f *File) cullIfFull(key string) error {
	if f.max < 0 {
		return nil
	}
	names, err := f.names()
	if err != nil || len(names) < f.max {
		return err
	}
	if _, err := os.Stat(f.path(key)); err == nil {
		return nil // an overwrite does not add a file
	}
	type aged struct {
		name string
		mod  time.Time
	}
	files := make([]aged, 0, len(names))
	for _, n := range names {
		if info, err := os.Stat(filepath.Join(f.dir, n)); err == nil {
			files = append(files, aged{n, info.ModTime()})
		}
	}
	slices.SortFunc(files, func(a, b aged) int { return a.mod.Compare(b.mod) })
	for _, a := range files[:min(len(files), max(1, len(files)/f.cull))] {
		if err := os.Remove(filepath.Join(f.dir, a.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cache: culling %s: %w", f.dir, err)
		}
	}
	return nil
}

// names lists the cache files of the directory (not temporary files or
// anything else an operator put there).
func (f *File) names() ([]string, error) {
	entries, err := os.ReadDir(f.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cache: listing %s: %w", f.dir, err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && len(n) == 64+len(fileSuffix) && strings.HasSuffix(n, fileSuffix) {
			names = append(names, n)
		}
	}
	return names, nil
}

func (f *File) expiry(ttl time.Duration) int64 {
	if ttl <= 0 {
		return 0
	}
	return f.now().Add(ttl).UnixNano()
}

// Get implements [Backend].
func (f *File) Get(_ context.Context, key string) ([]byte, bool, error) {
	mu := f.lock(key)
	mu.Lock()
	defer mu.Unlock()
	e, ok, err := f.read(key)
	if !ok || err != nil {
		return nil, false, err
	}
	return e.value, true, nil
}

// Set implements [Backend].
func (f *File) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	mu := f.lock(key)
	mu.Lock()
	defer mu.Unlock()
	return f.write(key, value, f.expiry(ttl))
}

// Add implements [Backend]; it is atomic within this process.
func (f *File) Add(_ context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	mu := f.lock(key)
	mu.Lock()
	defer mu.Unlock()
	if _, ok, err := f.read(key); ok || err != nil {
		return false, err
	}
	return true, f.write(key, value, f.expiry(ttl))
}

// Delete implements [Backend].
func (f *File) Delete(_ context.Context, key string) (bool, error) {
	mu := f.lock(key)
	mu.Lock()
	defer mu.Unlock()
	_, ok, err := f.read(key)
	if !ok || err != nil {
		return false, err
	}
	if err := os.Remove(f.path(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("cache: deleting a file in %s: %w", f.dir, err)
	}
	return true, nil
}

// Clear implements [Backend]: it removes the cache files whose key begins
// with prefix (all cache files when prefix is empty), leaving any other
// file in the directory alone.
func (f *File) Clear(_ context.Context, prefix string) error {
	names, err := f.names()
	if err != nil {
		return err
	}
	for _, n := range names {
		p := filepath.Join(f.dir, n)
		if prefix != "" {
			k, ok := readFileKey(p)
			if !ok || !strings.HasPrefix(k, prefix) {
				continue
			}
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cache: clearing %s: %w", f.dir, err)
		}
	}
	return nil
}

// readFileKey reads only the header and key of a cache file.
func readFileKey(path string) (string, bool) {
	fh, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer fh.Close()
	var h [fileHeader]byte
	if _, err := io.ReadFull(fh, h[:]); err != nil || string(h[:4]) != fileMagic {
		return "", false
	}
	k := make([]byte, binary.BigEndian.Uint16(h[12:14]))
	if _, err := io.ReadFull(fh, k); err != nil {
		return "", false
	}
	return string(k), true
}

// Close implements [Backend]; files stay on disk.
func (f *File) Close() error { return nil }

// Incr implements [Incrementer], atomically within this process. The key
// keeps its expiry.
func (f *File) Incr(_ context.Context, key string, delta int64) (int64, error) {
	mu := f.lock(key)
	mu.Lock()
	defer mu.Unlock()
	e, ok, err := f.read(key)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, ErrNotFound
	}
	n, err := ParseInt(e.value)
	if err != nil {
		return 0, err
	}
	if n, err = AddInt(n, delta); err != nil {
		return 0, err
	}
	return n, f.write(key, strconv.AppendInt(nil, n, 10), e.exp)
}

// Touch implements [Toucher]; it rewrites the file with the new expiry.
func (f *File) Touch(_ context.Context, key string, ttl time.Duration) (bool, error) {
	mu := f.lock(key)
	mu.Lock()
	defer mu.Unlock()
	e, ok, err := f.read(key)
	if !ok || err != nil {
		return false, err
	}
	return true, f.write(key, e.value, f.expiry(ttl))
}
