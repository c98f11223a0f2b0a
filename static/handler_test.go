package static

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// collected returns Files loaded from a collected Root (a new process
// after collectstatic), and the manifest paths.
func collected(t testing.TB) (*Files, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	c := newTestFiles(t, Options{Root: root})
	res, err := c.Collect(context.Background(), CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// A secret beside Root, and a symbolic link inside Root that leads to it.
	os.WriteFile(filepath.Join(dir, "secret"), []byte("top secret"), 0o600)
	if err := os.Symlink(filepath.Join(dir, "secret"), filepath.Join(root, "css", "evil.css")); err != nil {
		t.Fatal(err)
	}
	os.Symlink("../secret", filepath.Join(root, "rel.css"))
	os.Symlink("site.css", filepath.Join(root, "css", "alias.css")) // stays inside: allowed
	os.WriteFile(filepath.Join(root, ".env"), []byte("SECRET=1"), 0o600)
	f := newTestFiles(t, Options{Root: root})
	if f.state.Load() == nil {
		t.Fatal("manifest not loaded")
	}
	return f, res.Paths
}

func get(h http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandlerHashed(t *testing.T) {
	f, paths := collected(t)
	h := f.Handler()
	hashed := paths["css/site.css"]
	want := readRoot(t, f, hashed)

	w := get(h, "GET", "/static/"+hashed)
	if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), want) {
		t.Fatalf("GET hashed: %d %q", w.Code, w.Body.String())
	}
	etag := `"` + hashOfName(hashed) + `"`
	for k, v := range map[string]string{
		"Cache-Control": "public, max-age=31536000, immutable",
		"Content-Type":  "text/css; charset=utf-8",
		"ETag":          etag,
		"Vary":          "Accept-Encoding",
	} {
		if got := w.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if w.Header().Get("Content-Encoding") != "" {
		t.Error("identity response has a Content-Encoding")
	}

	w = get(h, "GET", "/static/css/site.css")
	if w.Code != 200 || w.Header().Get("Cache-Control") != "public, max-age=60" || w.Header().Get("ETag") != etag {
		t.Errorf("unhashed: %d %v", w.Code, w.Header())
	}
	if !bytes.Equal(w.Body.Bytes(), want) {
		t.Error("unhashed and hashed bodies differ")
	}

	w = get(h, "GET", "/static/"+hashed, "If-None-Match", etag)
	if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d", w.Code)
	}
	w = get(h, "GET", "/static/"+hashed, "If-None-Match", `"000000000000"`)
	if w.Code != 200 {
		t.Errorf("If-None-Match with another tag: %d", w.Code)
	}

	w = get(h, "HEAD", "/static/"+hashed)
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") != strconv.Itoa(len(want)) {
		t.Errorf("HEAD: %d, body %d bytes, Content-Length %q", w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
	}
	w = get(h, "GET", "/static/"+hashed, "Range", "bytes=0-6")
	if w.Code != http.StatusPartialContent || w.Body.String() != string(want[:7]) {
		t.Errorf("Range: %d %q", w.Code, w.Body.String())
	}
	w = get(h, "POST", "/static/"+hashed)
	if w.Code != http.StatusMethodNotAllowed || !strings.Contains(w.Header().Get("Allow"), "GET") {
		t.Errorf("POST: %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}

	// A file in Root that the manifest does not list (put there by hand)
	// is served, without the immutable promise or an ETag.
	os.WriteFile(filepath.Join(f.root, "extra.txt"), []byte("extra"), 0o644)
	w = get(h, "GET", "/static/extra.txt")
	if w.Code != 200 || w.Body.String() != "extra" || w.Header().Get("Cache-Control") != cacheShort || w.Header().Get("ETag") != "" {
		t.Errorf("unlisted file: %d %q %v", w.Code, w.Body.String(), w.Header())
	}

	img := paths["img/logo.png"]
	w = get(h, "GET", "/static/"+img, "Accept-Encoding", "gzip")
	if w.Header().Get("Content-Type") != "image/png" || w.Header().Get("Content-Encoding") != "" || w.Header().Get("Vary") != "" {
		t.Errorf("png: %v", w.Header())
	}
}

func TestHandlerGzip(t *testing.T) {
	f, paths := collected(t)
	h := f.Handler()
	name := paths["js/app.js"]
	for _, ae := range []string{"gzip", "br, gzip;q=0.5", "GZIP", "*", "deflate, x-gzip"} {
		w := get(h, "GET", "/static/"+name, "Accept-Encoding", ae)
		if w.Header().Get("Content-Encoding") != "gzip" || w.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: headers %v", ae, w.Header())
			continue
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
			t.Errorf("gzip Content-Type = %q", ct)
		}
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatal(err)
		}
		if body, _ := io.ReadAll(zr); string(body) != appJS {
			t.Errorf("gzip body decompresses to %q", body)
		}
		etag := w.Header().Get("ETag")
		if etag == "" || etag == `"`+hashOfName(name)+`"` {
			t.Errorf("gzip ETag %q must differ from the identity ETag", etag)
		}
		if w := get(h, "GET", "/static/"+name, "Accept-Encoding", ae, "If-None-Match", etag); w.Code != 304 {
			t.Errorf("gzip If-None-Match: %d", w.Code)
		}
	}
	for _, ae := range []string{"", "br", "gzip;q=0", "identity", "*;q=0", "*, gzip;q=0"} {
		w := get(h, "GET", "/static/"+name, "Accept-Encoding", ae)
		if w.Header().Get("Content-Encoding") != "" || w.Body.String() != appJS {
			t.Errorf("Accept-Encoding %q got an encoded body", ae)
		}
		if w.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: identity response lacks Vary", ae)
		}
	}
}

func TestHandlerRejectsTraversal(t *testing.T) {
	f, _ := collected(t)
	// A symbolic link that stays inside Root works, so the 404s below for
	// links come from the escape, not from links in general.
	if w := get(f.Handler(), "GET", "/static/css/alias.css"); w.Code != 200 || !strings.Contains(w.Body.String(), "@import") {
		t.Errorf("in-Root link: %d %q", w.Code, w.Body.String())
	}
	for _, h := range []http.Handler{f.Handler(), finderOnly(t).Handler()} {
		for _, target := range []string{
			"/static/../secret",
			"/static/%2e%2e/secret",
			"/static/%2E%2E/secret",
			"/static/..%2fsecret",
			"/static/..%2Fsecret",
			"/static/css/..%5c..%5csecret",
			"/static/css%2fsite.css",
			"/static/css/../../secret",
			"/static/./css/site.css",
			"/static//etc/passwd",
			"/static/%2fetc/passwd",
			"/static/css/site.css%00",
			"/static/css/evil.css",
			"/static/rel.css",
			"/static/.env",
			"/static/.hidden",
			"/static/css/",
			"/static/css",
			"/static/",
			"/static",
			"/other/css/site.css",
			"/static/missing.css",
		} {
			w := get(h, "GET", target)
			if w.Code != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", target, w.Code)
			}
			if strings.Contains(w.Body.String(), "secret") || strings.Contains(w.Body.String(), "SECRET") {
				t.Errorf("GET %s leaked: %q", target, w.Body.String())
			}
		}
		// A backslash cannot go through httptest.NewRequest's parser
		// unchanged everywhere, so build the request by hand.
		r := httptest.NewRequest("GET", "/static/x", nil)
		r.URL.Path = `/static/css\..\..\secret`
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 404 {
			t.Errorf("backslash path = %d", w.Code)
		}
	}
}

// finderOnly returns Files that serve from the finders: no Root.
func finderOnly(t testing.TB) *Files {
	project, _ := testTree()
	f, err := New(Options{Dirs: []fs.FS{project}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestHandlerFinders(t *testing.T) {
	project, app := testTree()
	for _, debug := range []bool{false, true} {
		f, err := New(Options{Debug: debug, Dirs: []fs.FS{project}, Apps: nil})
		if err != nil {
			t.Fatal(err)
		}
		h := f.Handler()
		for range 2 { // the second time from the ETag cache when not debugging
			w := get(h, "GET", "/static/img/logo.png")
			if w.Code != 200 || !strings.Contains(w.Body.String(), "project logo") {
				t.Fatalf("debug=%v: %d %q", debug, w.Code, w.Body.String())
			}
			wantCC := "public, max-age=60"
			if debug {
				wantCC = "no-cache"
			}
			etag := `"` + md5hex(project["img/logo.png"].Data)[:12] + `"`
			if w.Header().Get("Cache-Control") != wantCC || w.Header().Get("ETag") != etag || w.Header().Get("Content-Type") != "image/png" {
				t.Errorf("debug=%v: headers %v, want ETag %s", debug, w.Header(), etag)
			}
			if w := get(h, "GET", "/static/img/logo.png", "If-None-Match", etag); w.Code != 304 {
				t.Errorf("debug=%v: If-None-Match = %d", debug, w.Code)
			}
		}
		// Debug serves from the finders even when a manifest exists.
		if debug {
			root := t.TempDir()
			c, _ := New(Options{Root: root, Dirs: []fs.FS{project, app}})
			if _, err := c.Collect(context.Background(), CollectOptions{}); err != nil {
				t.Fatal(err)
			}
			d, err := New(Options{Root: root, Debug: true, Dirs: []fs.FS{fstest.MapFS{"css/site.css": {Data: []byte("edited")}}}})
			if err != nil {
				t.Fatal(err)
			}
			if w := get(d.Handler(), "GET", "/static/css/site.css"); w.Body.String() != "edited" {
				t.Errorf("debug served %q, not the source", w.Body.String())
			}
			d.Close()
			c.Close()
		}
	}
}

func TestHandlerServesCollectedInSameProcess(t *testing.T) {
	// After Collect, the same Files switches to Root and the manifest.
	f := newTestFiles(t, Options{})
	res, err := f.Collect(context.Background(), CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w := get(f.Handler(), "GET", "/static/"+res.Paths["img/bg.png"])
	if w.Code != 200 || w.Header().Get("Cache-Control") != cacheImmutable {
		t.Errorf("after Collect: %d %v", w.Code, w.Header())
	}
}

func BenchmarkServeHashed(b *testing.B) {
	f, paths := collected(b)
	h := f.Handler()
	r := httptest.NewRequest("GET", "/static/"+paths["css/site.css"], nil)
	r.Header.Set("Accept-Encoding", "gzip, deflate, br")
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

func BenchmarkServeNotModified(b *testing.B) {
	f, paths := collected(b)
	h := f.Handler()
	name := paths["css/site.css"]
	r := httptest.NewRequest("GET", "/static/"+name, nil)
	r.Header.Set("If-None-Match", `"`+hashOfName(name)+`"`)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 304 {
			b.Fatal(w.Code)
		}
	}
}

func BenchmarkURL(b *testing.B) {
	f, _ := collected(b)
	b.ReportAllocs()
	for b.Loop() {
		if f.URL("css/site.css") == "" {
			b.Fatal("empty")
		}
	}
}
