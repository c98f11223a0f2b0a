package storage

import (
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// uploadCSP is sent with every served file: uploads are untrusted, and an
// HTML or SVG file served from the site's own origin could otherwise run
// scripts with its cookies. Images still display, alone or in <img>.
const uploadCSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

// Handler returns a handler that serves the files of s, the media that
// users uploaded, for development (in production a web server or CDN
// serves MediaURL). The request path, without its leading slash, is the
// name, so mount it under MediaURL with the prefix stripped:
//
//	mux.Handle("/media/", http.StripPrefix("/media", storage.Handler(fs)))
//
// Content-Type follows the extension, or the content when the extension
// is unknown; every response carries "X-Content-Type-Options: nosniff" and
// a sandboxing Content-Security-Policy, as uploaded files are untrusted.
// When the opened file implements io.Seeker, HEAD, Range and conditional
// requests are handled by [http.ServeContent]. Only GET and HEAD are
// allowed (405 otherwise). Anything that is not a file of s is a 404:
// invalid names (see [ValidateName]), names with a segment starting with
// "." (hidden files, files still being saved), an encoded slash,
// backslash or NUL, and directories (there are no listings). Other
// storage errors are a 500 whose body does not reveal them. The handler is
// safe for concurrent use.
func Handler(s Storage) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name, ok := requestName(r)
		if !ok {
			http.NotFound(w, r)
			return
		}
		ctx := r.Context()
		f, err := s.Open(ctx, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, errIsDir) {
				http.NotFound(w, r)
				return
			}
			http.Error(w, "500 internal server error", http.StatusInternalServerError)
			return
		}
		defer f.Close()
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", uploadCSP)
		if rs, ok := f.(io.ReadSeeker); ok {
			var mod time.Time
			if t, err := s.ModTime(ctx, name); err == nil {
				mod = t
			}
			http.ServeContent(w, r, path.Base(name), mod, rs)
			return
		}
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
		if r.Method == http.MethodHead {
			return
		}
		io.Copy(w, f)
	})
}

// requestName returns the storage name a request asks for, or false when
// the handler must not serve it.
func requestName(r *http.Request) (string, bool) {
	// An encoded "/" or "\" would turn one segment into several after
	// decoding; no stored name needs one.
	if raw := strings.ToLower(r.URL.RawPath); strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") || strings.Contains(raw, "%00") {
		return "", false
	}
	name := strings.TrimPrefix(r.URL.Path, "/")
	if ValidateName(name) != nil {
		return "", false
	}
	for seg := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	return name, true
}
