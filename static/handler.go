package static

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jazzgo/jazz/web"
)

// Cache-Control values. Hashed names never change content, so browsers
// and CDNs may keep them for a year without asking again; anything else
// may change on the next deploy, so it is cached briefly.
const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheShort     = "public, max-age=60"
	cacheDebug     = "no-cache"
)

// Handler returns the handler that serves static files; mount it at the
// URL prefix (mux.Handle("/static/", files.Handler())). It expects the full
// request path, prefix included, and answers:
//
//   - In Debug: from the finders, with "Cache-Control: no-cache" and an
//     ETag computed from the content on every request.
//   - Otherwise, when a manifest is loaded: from Root. Hashed names are
//     "public, max-age=31536000, immutable", other names a 60-second
//     max-age; both carry a strong ETag from the content hash (304 on
//     If-None-Match). A client that accepts gzip gets the .gz copy with
//     "Content-Encoding: gzip"; "Vary: Accept-Encoding" is set whenever a
//     .gz copy exists.
//   - Otherwise (no collectstatic run, such as a single binary with
//     embedded files): from the finders, with a cached ETag and a
//     60-second max-age.
//
// Content-Type follows the extension; HEAD, Range and If-Range requests are
// handled by [http.ServeContent]. Only GET and HEAD are allowed (405
// otherwise). Anything that is not a plain file under the prefix is a 404
// through [web.Error]: paths with "..", "." or empty segments, dot-files,
// backslashes, NUL, an encoded slash or backslash, directories, and files
// that Root resolves outside itself (os.Root refuses symbolic links that
// escape it). The handler is safe for concurrent use.
func (f *Files) Handler() http.Handler { return web.HandlerFunc(f.serve) }

func (f *Files) serve(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return web.MethodNotAllowed(http.MethodGet, http.MethodHead)
	}
	name, ok := f.requestName(r)
	if !ok {
		return web.NotFound("static: %q is not a static file path", r.URL.Path)
	}
	if !f.debug {
		if s := f.state.Load(); s != nil {
			return s.serve(w, r, name)
		}
	}
	return f.serveFinder(w, r, name)
}

// requestName returns the static file name the request asks for, or false
// when the path is not one the handler may serve.
func (f *Files) requestName(r *http.Request) (string, bool) {
	p := r.URL.Path
	if !strings.HasPrefix(p, f.url) {
		return "", false
	}
	// An encoded "/" or "\" would turn one path segment into several after
	// decoding; no static file name needs one.
	if raw := r.URL.RawPath; raw != "" && containsFold(raw, "%2f", "%5c", "%00") {
		return "", false
	}
	name := p[len(f.url):]
	return name, validName(name)
}

func containsFold(s string, subs ...string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if s[i] != '%' {
			continue
		}
		for _, sub := range subs {
			if strings.EqualFold(s[i:i+3], sub) {
				return true
			}
		}
	}
	return false
}

// serve answers from Root and the manifest.
func (s *served) serve(w http.ResponseWriter, r *http.Request, name string) error {
	e := s.entries[name]
	gz := e != nil && e.gzip && acceptsGzip(r.Header)
	file := name
	if gz {
		file += ".gz"
	}
	fh, err := s.root.Open(filepath.FromSlash(file))
	if err != nil {
		return web.NotFound("static: %s is not in StaticRoot: %v", name, err)
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return web.NotFound("static: %s is not a file in StaticRoot", name)
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if e == nil {
		// In Root but not in the manifest: left over from an earlier
		// deploy, or added by hand. Serve it without the guarantees.
		h.Set("Cache-Control", cacheShort)
		setContentType(h, name)
		http.ServeContent(w, r, name, fi.ModTime(), fh)
		return nil
	}
	if e.gzip {
		h.Add("Vary", "Accept-Encoding")
	}
	if e.immutable {
		h.Set("Cache-Control", cacheImmutable)
	} else {
		h.Set("Cache-Control", cacheShort)
	}
	switch {
	case e.ctype != "":
		h.Set("Content-Type", e.ctype)
	case gz:
		h.Set("Content-Type", "application/octet-stream") // never sniff gzip bytes
	}
	if gz {
		h.Set("Content-Encoding", "gzip")
		if e.etagGzip != "" {
			h.Set("ETag", e.etagGzip)
		}
	} else if e.etag != "" {
		h.Set("ETag", e.etag)
	}
	http.ServeContent(w, r, name, fi.ModTime(), fh)
	return nil
}

// finderKey identifies a file of one source in the ETag cache.
type finderKey struct {
	source int
	name   string
}

// finderETag is a cached ETag, valid while the file keeps its size and
// modification time (always, for embedded files, which cannot change).
type finderETag struct {
	size    int64
	modTime time.Time
	etag    string
}

// serveFinder answers from the first source that has name.
func (f *Files) serveFinder(w http.ResponseWriter, r *http.Request, name string) error {
	for i, src := range f.sources {
		fh, err := src.FS.Open(name)
		if err != nil {
			continue
		}
		defer fh.Close()
		fi, err := fh.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		var content io.ReadSeeker
		var etag string
		key := finderKey{i, name}
		if c, ok := f.etags.Load(key); ok && !f.debug {
			if c := c.(finderETag); c.size == fi.Size() && c.modTime.Equal(fi.ModTime()) {
				etag = c.etag
			}
		}
		rs, seekable := fh.(io.ReadSeeker)
		if etag != "" && seekable {
			content = rs
		} else {
			// Read the file to hash it; it is served from memory then.
			data, err := io.ReadAll(fh)
			if err != nil {
				return web.NotFound("static: read %s from %s: %v", name, src.Origin, err)
			}
			etag = `"` + contentHash(data) + `"`
			content = bytes.NewReader(data)
			if !f.debug {
				f.etags.Store(key, finderETag{size: fi.Size(), modTime: fi.ModTime(), etag: etag})
			}
		}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if f.debug {
			h.Set("Cache-Control", cacheDebug)
		} else {
			h.Set("Cache-Control", cacheShort)
		}
		h.Set("ETag", etag)
		setContentType(h, name)
		http.ServeContent(w, r, name, fi.ModTime(), content)
		return nil
	}
	return web.NotFound("static: no static file %s", name)
}

func setContentType(h http.Header, name string) {
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		h.Set("Content-Type", ct)
	}
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip:
// "gzip" (or "x-gzip") with a non-zero q, or else "*" with a non-zero q.
func acceptsGzip(h http.Header) bool {
	gzip, star := -1, -1 // -1 absent, 0 refused, 1 accepted
	for _, v := range h["Accept-Encoding"] {
		for part := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.TrimSpace(coding)
			switch {
			case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
				gzip = qAccepts(params)
			case coding == "*":
				star = qAccepts(params)
			}
		}
	}
	if gzip >= 0 {
		return gzip == 1
	}
	return star == 1
}

// qAccepts returns 0 when params hold q=0, and 1 otherwise.
func qAccepts(params string) int {
	for p := range strings.SplitSeq(params, ";") {
		k, v, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && q <= 0 {
				return 0
			}
		}
	}
	return 1
}
