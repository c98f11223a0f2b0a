package storage

import (
	"context"
	"errors"
	"io"
	"time"
)

// Storage is a place where files live under slash-separated names relative
// to its root ("uploads/2026/report.pdf"), Django's Storage. It holds only
// the primitives every backend can provide; model File fields keep the
// name, and the bytes stay here.
//
// Every method rejects a name that [ValidateName] refuses with an error
// matching [ErrInvalidName], so no name can reach outside the root. A name
// that is absent gives an error matching [fs.ErrNotExist], except where a
// method says otherwise. Implementations must be safe for concurrent use.
// [storagetest.Run] checks an implementation against this contract.
//
// [fs.ErrNotExist]: https://pkg.go.dev/io/fs#ErrNotExist
// [storagetest.Run]: https://pkg.go.dev/github.com/jazzgo/jazz/storage/storagetest#Run
type Storage interface {
	// Save writes the content of r under name, or under a new name in the
	// same directory when name is taken, and returns the name it used.
	// The new name keeps the extension and adds "_" and 7 random letters
	// or digits before it ("photo.png" -> "photo_k3j9x2a.png"), like
	// Django's get_available_name. An existing file is never overwritten
	// and readers never see a partly written file. Missing directories are
	// created. When r or ctx fails, nothing is left behind and the error
	// is returned. Save does not clean the name: pass upload names through
	// [SafeName] first.
	Save(ctx context.Context, name string, r io.Reader) (string, error)

	// Open opens the named file for reading. The caller must close it.
	// Both backends of this package return a value that also implements
	// io.Seeker; other backends may not. Opening a directory is an error.
	Open(ctx context.Context, name string) (io.ReadCloser, error)

	// Delete removes the named file. Deleting a name that does not exist
	// is not an error, as two requests may race to delete the same file.
	Delete(ctx context.Context, name string) error

	// Exists reports whether a file or directory with that name exists.
	Exists(ctx context.Context, name string) (bool, error)

	// Size returns the size in bytes of the named file.
	Size(ctx context.Context, name string) (int64, error)

	// ModTime returns the time the named file was last written.
	ModTime(ctx context.Context, name string) (time.Time, error)

	// List returns the names of the directories and of the files directly
	// inside dir, each sorted, relative to dir. The empty dir (or ".")
	// is the root. Files that Save is still writing are not listed. The
	// caller owns the slices.
	List(ctx context.Context, dir string) (dirs, files []string, err error)

	// URL returns the address at which the named file is served, the
	// storage's base URL followed by the name with each segment escaped.
	// It does not check that the file exists; an invalid name gives "".
	URL(name string) string
}

// ErrInvalidName is matched (errors.Is) by the errors of every Storage
// method given a name that [ValidateName] refuses.
var ErrInvalidName = errors.New("invalid file name")

// Error records a failed storage operation and the name it was about.
// Unwrap gives the cause, so errors.Is(err, fs.ErrNotExist) and
// errors.Is(err, ErrInvalidName) work through it.
type Error struct {
	Op   string // the method: "save", "open", "delete", ...
	Name string // the name as given by the caller
	Err  error
}

func (e *Error) Error() string {
	return "storage: " + e.Op + " " + quote(e.Name) + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

func wrap(op, name string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Op: op, Name: name, Err: err}
}
