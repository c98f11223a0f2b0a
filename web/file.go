package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// File serves content inline (shown in the browser when it can be) under
// name, using http.ServeContent: the Content-Type comes from name's
// extension (or by sniffing the first bytes when the extension is unknown
// and no Content-Type is set), and Range, If-Modified-Since, If-None-Match
// (with an ETag the caller sets) and HEAD requests are handled. A zero
// modtime sends no Last-Modified. Content-Disposition names the file (see
// [CSV] for the encoding); X-Content-Type-Options: nosniff is set so a
// browser never reinterprets the declared type.
//
// Serve user-uploaded files with [Attachment], or with an explicit safe
// Content-Type, since an uploaded HTML or SVG file shown inline runs in the
// site's origin.
//
// File returns an error, with nothing written, when content is nil or
// cannot seek (so the size is unknown); nil otherwise, including when the
// client disconnects mid-way, since ServeContent has answered by then.
func File(w http.ResponseWriter, r *http.Request, name string, content io.ReadSeeker, modtime time.Time) error {
	return serveContent(w, r, "inline", "File", name, content, modtime)
}

// Attachment is [File] with "Content-Disposition: attachment", so the
// browser downloads the content under name instead of showing it.
func Attachment(w http.ResponseWriter, r *http.Request, name string, content io.ReadSeeker, modtime time.Time) error {
	return serveContent(w, r, "attachment", "Attachment", name, content, modtime)
}

func serveContent(w http.ResponseWriter, r *http.Request, kind, op, name string, content io.ReadSeeker, modtime time.Time) error {
	if content == nil {
		return fmt.Errorf("web: %s %q: nil content (pass an *os.File, *bytes.Reader or strings.Reader)", op, name)
	}
	// ServeContent answers a failed seek with its own bare 500; checking
	// here keeps the error in the view's hands and on the error page.
	if _, err := content.Seek(0, io.SeekEnd); err != nil {
		return fmt.Errorf("web: %s %q: finding the size: %w", op, name, err)
	}
	if _, err := content.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("web: %s %q: rewinding: %w", op, name, err)
	}
	h := w.Header()
	h.Set("Content-Disposition", contentDisposition(kind, name))
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, name, modtime, content)
	return nil
}

func isNotSupported(err error) bool {
	return errors.Is(err, http.ErrNotSupported)
}
