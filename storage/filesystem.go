package storage

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// FileSystemOptions configures a [FileSystem]. Zero fields take the
// defaults documented on each.
type FileSystemOptions struct {
	// Root is the directory files live in, the MediaRoot setting. It is
	// created, with DirMode, when missing. Required.
	Root string
	// BaseURL is the URL prefix the files are served under, the MediaURL
	// setting: "/media/" by default. A missing final slash is added.
	BaseURL string
	// FileMode is the permission of saved files, applied exactly (the
	// process umask does not narrow it): 0644 by default. Files are never
	// executable unless asked for here.
	FileMode fs.FileMode
	// DirMode is the permission of the directories Save creates, also
	// applied exactly: 0755 by default.
	DirMode fs.FileMode
}

// FileSystem is a [Storage] over a directory of the local file system,
// Django's FileSystemStorage. Every access goes through an [os.Root], so
// no name, and no symbolic link inside the directory, can reach a file
// outside it. Save writes a hidden temporary file in the target directory
// and links it to its final name, so a reader sees the whole file or
// nothing, and two concurrent saves of one name get two files. A
// FileSystem is safe for concurrent use; Close it when done.
type FileSystem struct {
	root     *os.Root
	dir      string
	url      string
	fileMode fs.FileMode
	dirMode  fs.FileMode
}

var _ Storage = (*FileSystem)(nil)

// tempPrefix starts the names of files Save is still writing; List hides
// them. A crash can leave one behind; they are safe to delete when no
// Save is running.
const tempPrefix = ".jazz-tmp-"

// NewFileSystem opens (creating it if needed) the directory opts.Root.
// It fails when the directory cannot be created or opened, so a bad
// MediaRoot stops the start rather than the first upload.
func NewFileSystem(opts FileSystemOptions) (*FileSystem, error) {
	if opts.Root == "" {
		return nil, errors.New("storage: FileSystemOptions.Root is empty; set MediaRoot to the directory uploads go to")
	}
	if opts.FileMode == 0 {
		opts.FileMode = 0o644
	}
	if opts.DirMode == 0 {
		opts.DirMode = 0o755
	}
	if err := os.MkdirAll(opts.Root, opts.DirMode); err != nil {
		return nil, fmt.Errorf("storage: create root: %w", err)
	}
	root, err := os.OpenRoot(opts.Root)
	if err != nil {
		return nil, fmt.Errorf("storage: open root: %w", err)
	}
	return &FileSystem{
		root:     root,
		dir:      opts.Root,
		url:      baseURL(opts.BaseURL),
		fileMode: opts.FileMode.Perm(),
		dirMode:  opts.DirMode.Perm(),
	}, nil
}

// Close releases the root directory. Calls after Close fail.
func (s *FileSystem) Close() error { return s.root.Close() }

// Path returns the operating-system path of name, for tools that need a
// real file (an image library, an external command). Unlike the other
// methods it does not guard against symbolic links inside the root that
// point outside it; prefer Open.
func (s *FileSystem) Path(name string) (string, error) {
	if err := ValidateName(name); err != nil {
		return "", wrap("path", name, err)
	}
	return filepath.Join(s.dir, filepath.FromSlash(name)), nil
}

// Save implements [Storage].
func (s *FileSystem) Save(ctx context.Context, name string, r io.Reader) (string, error) {
	final, err := s.save(ctx, name, r)
	return final, wrap("save", name, err)
}

func (s *FileSystem) save(ctx context.Context, name string, r io.Reader) (string, error) {
	if err := ValidateName(name); err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	dir := path.Dir(name)
	if err := s.mkdirAll(dir); err != nil {
		return "", err
	}
	tmp := path.Join(dir, tempPrefix+strings.ToLower(rand.Text()[:12]))
	// 0600 until complete: nobody else reads a partial upload.
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	linked := false
	defer func() {
		if !linked {
			s.root.Remove(tmp)
		}
	}()
	_, err = io.Copy(f, ctxReader{ctx, r})
	if err == nil {
		// Durable before it gets its name: a crash never leaves a named
		// file with missing content.
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = s.root.Chmod(tmp, s.fileMode)
	}
	if err != nil {
		return "", err
	}
	candidate := name
	for range 100 {
		err := s.root.Link(tmp, candidate)
		if err == nil {
			return candidate, nil // the deferred Remove drops the temporary name
		}
		if errors.Is(err, fs.ErrExist) {
			candidate = alternativeName(name)
			continue
		}
		// Some file systems (FAT, some network mounts) have no hard links.
		// Fall back to check-then-rename: two saves racing for one name
		// may then overwrite each other, the best such a system allows.
		if _, serr := s.root.Lstat(candidate); serr == nil {
			candidate = alternativeName(name)
			continue
		}
		if err := s.root.Rename(tmp, candidate); err != nil {
			return "", err
		}
		linked = true
		return candidate, nil
	}
	return "", errors.New("no free name after 100 attempts")
}

// mkdirAll creates dir and its parents with exactly dirMode.
func (s *FileSystem) mkdirAll(dir string) error {
	if dir == "." {
		return nil
	}
	for i := 0; i <= len(dir); i++ {
		if i < len(dir) && dir[i] != '/' {
			continue
		}
		p := dir[:i]
		err := s.root.Mkdir(p, s.dirMode)
		if err == nil {
			err = s.root.Chmod(p, s.dirMode)
		} else if errors.Is(err, fs.ErrExist) {
			var fi fs.FileInfo
			if fi, err = s.root.Stat(p); err == nil && !fi.IsDir() {
				err = fmt.Errorf("%q is a file, not a directory", p)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Open implements [Storage]. The file is an *os.File.
func (s *FileSystem) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	f, err := s.open(ctx, name)
	return f, wrap("open", name, err)
}

func (s *FileSystem) open(ctx context.Context, name string) (io.ReadCloser, error) {
	if err := check(ctx, name); err != nil {
		return nil, err
	}
	f, err := s.root.Open(name)
	if err != nil {
		return nil, notExist(err)
	}
	fi, err := f.Stat()
	if err == nil && fi.IsDir() {
		err = errIsDir
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Delete implements [Storage]. It also removes an empty directory.
func (s *FileSystem) Delete(ctx context.Context, name string) error {
	if err := check(ctx, name); err != nil {
		return wrap("delete", name, err)
	}
	err := s.root.Remove(name)
	if err != nil && isNotExist(err) {
		err = nil
	}
	return wrap("delete", name, err)
}

// Exists implements [Storage].
func (s *FileSystem) Exists(ctx context.Context, name string) (bool, error) {
	if err := check(ctx, name); err != nil {
		return false, wrap("exists", name, err)
	}
	_, err := s.root.Stat(name)
	if err != nil && isNotExist(err) {
		return false, nil
	}
	return err == nil, wrap("exists", name, err)
}

// Size implements [Storage].
func (s *FileSystem) Size(ctx context.Context, name string) (int64, error) {
	fi, err := s.stat(ctx, name)
	if err != nil {
		return 0, wrap("size", name, err)
	}
	return fi.Size(), nil
}

// ModTime implements [Storage].
func (s *FileSystem) ModTime(ctx context.Context, name string) (time.Time, error) {
	fi, err := s.stat(ctx, name)
	if err != nil {
		return time.Time{}, wrap("modtime", name, err)
	}
	return fi.ModTime(), nil
}

func (s *FileSystem) stat(ctx context.Context, name string) (fs.FileInfo, error) {
	if err := check(ctx, name); err != nil {
		return nil, err
	}
	fi, err := s.root.Stat(name)
	if err != nil {
		return nil, notExist(err)
	}
	if fi.IsDir() {
		return nil, errIsDir
	}
	return fi, nil
}

// List implements [Storage]. A symbolic link is listed as what it points
// to, and left out when it points outside the root.
func (s *FileSystem) List(ctx context.Context, dir string) (dirs, files []string, err error) {
	d, err := validDir(dir)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, nil, wrap("list", dir, err)
	}
	entries, err := fs.ReadDir(s.root.FS(), d)
	if err != nil {
		return nil, nil, wrap("list", dir, notExist(err))
	}
	dirs, files = []string{}, []string{}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, tempPrefix) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			fi, err := s.root.Stat(path.Join(d, n))
			if err != nil {
				continue
			}
			isDir = fi.IsDir()
		}
		if isDir {
			dirs = append(dirs, n)
		} else {
			files = append(files, n)
		}
	}
	slices.Sort(dirs)
	slices.Sort(files)
	return dirs, files, nil
}

// URL implements [Storage].
func (s *FileSystem) URL(name string) string { return joinURL(s.url, name) }

// errIsDir is the cause when a file method is given a directory.
var errIsDir = errors.New("is a directory, not a file")

// isNotExist also counts "a/b" where "a" is a file: there is no such file.
func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// notExist makes isNotExist errors match fs.ErrNotExist.
func notExist(err error) error {
	if !errors.Is(err, fs.ErrNotExist) && errors.Is(err, syscall.ENOTDIR) {
		return fmt.Errorf("%w: %w", fs.ErrNotExist, err)
	}
	return err
}

// baseURL applies the default and the final slash to a base URL.
func baseURL(u string) string {
	if u == "" {
		return "/media/"
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// joinURL escapes each segment of name and appends it to base; "" for an
// invalid name.
func joinURL(base, name string) string {
	if ValidateName(name) != nil {
		return ""
	}
	segs := strings.Split(name, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return base + strings.Join(segs, "/")
}

// ctxReader stops a copy when its context ends, so a cancelled request
// does not keep writing a large upload.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
