package web

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/textproto"
	"os"
	"path"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// UploadedFile is one file received by [ParseMultipart]: held in memory when
// it fits the request's memory budget, otherwise in a temp file that lives
// until [Multipart.Cleanup]. Its fields must not be modified; it is safe
// for concurrent use.
type UploadedFile struct {
	// Field is the form field the file was sent under.
	Field string
	// Name is the client's file name made safe by [SanitizeFilename]: no
	// directories, no control characters, at most 255 bytes. It is still
	// client input: storage should make it unique and may clean it further.
	Name string
	// RawName is the file name exactly as the client sent it, for logs and
	// messages only; never use it as a path.
	RawName string
	// ContentType is the part's Content-Type as declared by the client
	// ("application/octet-stream" when missing or malformed). It is not
	// verified: check the content itself (forms' Image field does) before
	// trusting it.
	ContentType string
	// Size is the length of the content in bytes. Inside an
	// [UploadHandler] hook it is the number of bytes received so far.
	Size int64
	// Header is the part's MIME header.
	Header textproto.MIMEHeader

	chunks [][]byte // content in memory, uploadChunkSize each but the last
	path   string   // temp file, when the content is on disk

	mu      sync.Mutex
	removed bool
}

// ErrUploadRemoved is returned by [UploadedFile.Open] for a file whose temp
// file was removed by [Multipart.Cleanup] (or [Uploads]) at the end of the
// request.
var ErrUploadRemoved = errors.New("web: the uploaded file was removed at the end of its request (save it to storage within the request)")

// Open returns the content, readable sequentially or at any offset (the
// multipart.File shape, so code written for net/http uploads works). Each call gives an independent reader starting
// at offset 0; close it when done. A file on disk can be opened until the
// request's cleanup removes it.
func (f *UploadedFile) Open() (multipart.File, error) {
	f.mu.Lock()
	p, removed := f.path, f.removed
	f.mu.Unlock()
	if p == "" {
		return memFile{io.NewSectionReader(chunkReaderAt(f.chunks), 0, f.Size)}, nil
	}
	if removed {
		return nil, fmt.Errorf("web: opening upload %q: %w", truncateField(f.Name), ErrUploadRemoved)
	}
	file, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("web: opening upload %q: %w", truncateField(f.Name), err)
	}
	return file, nil
}

// InMemory reports whether the content is held in memory rather than in a
// temp file.
func (f *UploadedFile) InMemory() bool { return f.path == "" }

// TempPath returns the temp file holding the content, or "" when it is in
// memory. A storage backend on the same file system may rename it into
// place instead of copying; [Multipart.Cleanup] then finds it gone, which
// is not an error.
func (f *UploadedFile) TempPath() string { return f.path }

// remove deletes the temp file, once.
func (f *UploadedFile) remove() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.path == "" || f.removed {
		return nil
	}
	f.removed = true
	if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("web: removing the temp file of upload %q: %w", truncateField(f.Name), err)
	}
	return nil
}

type memFile struct{ *io.SectionReader }

func (memFile) Close() error { return nil }

// chunkReaderAt reads a file kept as equal-sized chunks.
type chunkReaderAt [][]byte

func (c chunkReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for len(p) > 0 {
		i := off / uploadChunkSize
		if off < 0 || i >= int64(len(c)) {
			return n, io.EOF
		}
		chunk := c[i][off%uploadChunkSize:]
		if len(chunk) == 0 {
			return n, io.EOF
		}
		m := copy(p, chunk)
		n += m
		off += int64(m)
		p = p[m:]
	}
	return n, nil
}

// maxFilenameBytes is the usual file-system limit on a name's length.
const maxFilenameBytes = 255

// SanitizeFilename returns a client-supplied file name made safe to show and
// to use as a base name: only the part after the last "/" or "\" is kept (old
// browsers send full Windows paths), invalid UTF-8, control characters and
// bidirectional overrides are removed, the characters Windows forbids
// (<>:"|?*) become "_", surrounding spaces and leading dots are trimmed (no
// hidden files, no "..") and the result is cut to 255 bytes, keeping the
// extension. A name with nothing left becomes "file". The storage layer
// still makes names unique and keeps them inside its root.
func SanitizeFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), isBidiControl(r):
			continue
		case strings.ContainsRune(`<>:"|?*`, r):
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.TrimLeft(strings.TrimSpace(b.String()), ". ")
	name = strings.TrimRight(name, " ")
	if len(name) > maxFilenameBytes {
		ext := path.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		name = cutUTF8(name[:len(name)-len(ext)], maxFilenameBytes-len(ext)) + ext
	}
	if name == "" {
		return "file"
	}
	return name
}

// isBidiControl reports the invisible characters that reorder text, with
// which "gpj.exe" can display as "exe.jpg".
func isBidiControl(r rune) bool {
	return r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// cutUTF8 cuts s to at most n bytes without splitting a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
