package storage_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/storage"
)

// pngHeader is enough of a PNG for content sniffing.
const pngHeader = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"

func serve(t *testing.T, h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func mediaHandler(s storage.Storage) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/media/", http.StripPrefix("/media", storage.Handler(s)))
	return mux
}

func TestHandler(t *testing.T) {
	for name, s := range map[string]storage.Storage{
		"FileSystem": newFileSystem(t),
		"Memory":     storage.NewMemory(storage.MemoryOptions{}),
	} {
		t.Run(name, func(t *testing.T) { testHandler(t, s) })
	}
}

func testHandler(t *testing.T, s storage.Storage) {
	ctx := context.Background()
	for n, body := range map[string]string{
		"covers/cat.png":        pngHeader + "rest",
		"notes/a b.txt":         "hello notes",
		"blob":                  pngHeader,
		"page.html":             "<script>alert(1)</script>",
		"uploads/é.css":         "body{}",
		"uploads/.hidden/x.txt": "hidden",
	} {
		if _, err := s.Save(ctx, n, strings.NewReader(body)); err != nil {
			t.Fatal(err)
		}
	}
	h := mediaHandler(s)

	ok := []struct{ target, ctype, body string }{
		{"/media/covers/cat.png", "image/png", pngHeader + "rest"},
		{"/media/notes/a%20b.txt", "text/plain; charset=utf-8", "hello notes"},
		{"/media/blob", "image/png", pngHeader}, // no extension: sniffed
		{"/media/page.html", "text/html; charset=utf-8", "<script>alert(1)</script>"},
		{"/media/uploads/%C3%A9.css", "text/css; charset=utf-8", "body{}"},
	}
	for _, c := range ok {
		w := serve(t, h, "GET", c.target)
		if w.Code != 200 || w.Body.String() != c.body || w.Header().Get("Content-Type") != c.ctype {
			t.Errorf("GET %s = %d %q %q, want 200 %q %q", c.target, w.Code, w.Header().Get("Content-Type"), w.Body, c.ctype, c.body)
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(w.Header().Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("GET %s: missing nosniff or sandbox headers: %v", c.target, w.Header())
		}
	}
	// The URL a storage gives is one the handler serves.
	if u := s.URL("notes/a b.txt"); serve(t, h, "GET", u).Code != 200 {
		t.Errorf("GET %s (from URL) is not 200", u)
	}

	w := serve(t, h, "HEAD", "/media/covers/cat.png")
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") != "20" {
		t.Errorf("HEAD = %d, body %d bytes, length %q", w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
	}
	w = serve(t, h, "GET", "/media/notes/a%20b.txt", "Range", "bytes=0-4")
	if w.Code != http.StatusPartialContent || w.Body.String() != "hello" {
		t.Errorf("Range = %d %q", w.Code, w.Body)
	}
	if mt, err := s.ModTime(ctx, "blob"); err == nil {
		since := mt.Add(time.Second).UTC().Format(http.TimeFormat)
		if w := serve(t, h, "GET", "/media/blob", "If-Modified-Since", since); w.Code != http.StatusNotModified {
			t.Errorf("If-Modified-Since = %d, want 304", w.Code)
		}
	}
	if w := serve(t, h, "POST", "/media/blob"); w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST = %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}

	for _, target := range []string{
		"/media/missing.png",
		"/media/covers",                // a directory: no listing
		"/media/covers/",               // same, with a slash
		"/media/",                      // the root
		"/media/../etc/passwd",         // not cleaned by the mux for a handler under a prefix
		"/media/covers/../blob",        // ".." even when it stays inside
		"/media/%2e%2e/etc/passwd",     // encoded dots
		"/media/covers%2fcat.png",      // encoded slash
		"/media/covers%5ccat.png",      // encoded backslash
		"/media/blob%00.png",           // NUL
		"/media/uploads/.hidden/x.txt", // hidden directory
		"/media/.jazz-tmp-abc",         // a file being saved
		"/media//covers/cat.png",       // empty segment
		"/media/notes/a%0Ab.txt",       // newline
	} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.Path, r.URL.RawPath = "", ""
		if err := setTarget(r, target); err != nil {
			t.Fatal(err)
		}
		// Call the handler under the prefix directly: the mux would
		// redirect some of these before they reach it, which hides
		// what the handler itself does.
		http.StripPrefix("/media", storage.Handler(s)).ServeHTTP(w, r)
		if w.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d %q, want 404", target, w.Code, w.Body)
		}
	}
}

func setTarget(r *http.Request, target string) error {
	u, err := url.ParseRequestURI(target) // keeps dot segments, as a server does
	if err != nil {
		return err
	}
	r.URL = u
	return nil
}

// funcStorage is a Storage whose Open is replaced.
type funcStorage struct {
	storage.Storage
	open func(ctx context.Context, name string) (io.ReadCloser, error)
}

func (s funcStorage) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	return s.open(ctx, name)
}

func TestHandlerWithoutSeeker(t *testing.T) {
	m := storage.NewMemory(storage.MemoryOptions{})
	m.Save(context.Background(), "doc.pdf", strings.NewReader("%PDF-1.7"))
	s := funcStorage{Storage: m, open: func(ctx context.Context, name string) (io.ReadCloser, error) {
		f, err := m.Open(ctx, name)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(f), nil // hides Seek
	}}
	h := mediaHandler(s)
	w := serve(t, h, "GET", "/media/doc.pdf")
	if w.Code != 200 || w.Body.String() != "%PDF-1.7" || w.Header().Get("Content-Type") != "application/pdf" {
		t.Errorf("GET = %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	if w := serve(t, h, "HEAD", "/media/doc.pdf"); w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("HEAD = %d, %d bytes", w.Code, w.Body.Len())
	}
	if w := serve(t, h, "GET", "/media/missing"); w.Code != 404 {
		t.Errorf("missing = %d", w.Code)
	}
}

func TestHandlerStorageError(t *testing.T) {
	s := funcStorage{Storage: storage.NewMemory(storage.MemoryOptions{}), open: func(context.Context, string) (io.ReadCloser, error) {
		return nil, errors.New("disk on fire at /secret/path")
	}}
	w := serve(t, mediaHandler(s), "GET", "/media/x.txt")
	if w.Code != 500 || strings.Contains(w.Body.String(), "secret") {
		t.Errorf("storage error = %d %q, want 500 without details", w.Code, w.Body)
	}
}
