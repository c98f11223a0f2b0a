package middleware

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func gzipRequest(method string) *http.Request {
	r := httptest.NewRequest(method, "/", nil)
	r.Header.Set("Accept-Encoding", "br, gzip;q=0.8")
	return r
}

func gunzip(t *testing.T, b []byte) (string, *gzip.Reader) {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return string(out), zr
}

var bigJSON = `{"items":[` + strings.Repeat(`{"name":"jazz","ok":true},`, 40) + `{}]}`

func jsonView(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "1234") // wrong on purpose: must be dropped
		w.Header().Set("ETag", `"v1"`)
		w.Write([]byte(body))
	})
}

func TestGZipCompresses(t *testing.T) {
	rec := serve(GZip(GZipOptions{})(jsonView(bigJSON)), gzipRequest("GET"))
	h := rec.Header()
	if h.Get("Content-Encoding") != "gzip" || h.Get("Vary") != "Accept-Encoding" || h.Get("Content-Length") != "" {
		t.Fatalf("headers %v", h)
	}
	if h.Get("ETag") != `W/"v1"` {
		t.Errorf("ETag %q not weakened", h.Get("ETag"))
	}
	body, zr := gunzip(t, rec.Body.Bytes())
	if body != bigJSON {
		t.Fatalf("round trip lost data: %q", body)
	}
	if len(zr.Name) > 100 {
		t.Errorf("padding of %d bytes", len(zr.Name))
	}
}

func TestGZipPadding(t *testing.T) {
	names := map[int]bool{}
	for range 20 {
		rec := serve(GZip(GZipOptions{})(jsonView(bigJSON)), gzipRequest("GET"))
		_, zr := gunzip(t, rec.Body.Bytes())
		names[len(zr.Name)] = true
	}
	if len(names) < 2 {
		t.Errorf("padding length never varied: %v", names)
	}
	rec := serve(GZip(GZipOptions{NoPadding: true})(jsonView(bigJSON)), gzipRequest("GET"))
	if _, zr := gunzip(t, rec.Body.Bytes()); zr.Name != "" {
		t.Errorf("NoPadding still padded: %q", zr.Name)
	}
}

func TestGZipManySmallWrites(t *testing.T) {
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := range 100 {
			io.WriteString(w, strings.Repeat("x", i%7))
		}
	})
	var want strings.Builder
	for i := range 100 {
		want.WriteString(strings.Repeat("x", i%7))
	}
	rec := serve(GZip(GZipOptions{})(view), gzipRequest("GET"))
	if body, _ := gunzip(t, rec.Body.Bytes()); body != want.String() {
		t.Fatalf("body %q", body)
	}
}

func TestGZipSniffsContentType(t *testing.T) {
	page := "<!DOCTYPE html><html><body>" + strings.Repeat("<p>hello</p>", 50) + "</body></html>"
	rec := serve(GZip(GZipOptions{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, page)
	})), gzipRequest("GET"))
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("headers %v", rec.Header())
	}
	if body, _ := gunzip(t, rec.Body.Bytes()); body != page {
		t.Fatal("body changed")
	}
}

func TestGZipLeavesAlone(t *testing.T) {
	long := strings.Repeat("a", 500)
	for name, tc := range map[string]struct {
		view        http.Handler
		req         *http.Request
		wantVary    bool
		wantBody    string
		wantLength  string
		wantEncoded string
	}{
		"short": {view: jsonView(`{"a":1}`), req: gzipRequest("GET"), wantBody: `{"a":1}`, wantLength: "1234"},
		"head":  {view: jsonView(bigJSON), req: gzipRequest("HEAD"), wantBody: bigJSON, wantLength: "1234"},
		"no accept": {view: jsonView(bigJSON), req: httptest.NewRequest("GET", "/", nil), wantVary: true,
			wantBody: bigJSON, wantLength: "1234"},
		"png": {view: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			io.WriteString(w, long)
		}), req: gzipRequest("GET"), wantBody: long},
		"encoded": {view: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Content-Encoding", "br")
			io.WriteString(w, long)
		}), req: gzipRequest("GET"), wantBody: long, wantEncoded: "br"},
		"no-transform": {view: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Cache-Control", "public, no-transform")
			io.WriteString(w, long)
		}), req: gzipRequest("GET"), wantBody: long},
		"204": {view: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(204)
		}), req: gzipRequest("GET")},
		"partial": {view: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(206)
			io.WriteString(w, long)
		}), req: gzipRequest("GET"), wantBody: long},
	} {
		rec := serve(GZip(GZipOptions{})(tc.view), tc.req)
		h := rec.Header()
		if h.Get("Content-Encoding") != tc.wantEncoded {
			t.Errorf("%s: Content-Encoding %q", name, h.Get("Content-Encoding"))
		}
		if (h.Get("Vary") != "") != tc.wantVary {
			t.Errorf("%s: Vary %q", name, h.Get("Vary"))
		}
		if tc.req.Method != "HEAD" && rec.Body.String() != tc.wantBody {
			t.Errorf("%s: body %q", name, rec.Body.String())
		}
		if h.Get("Content-Length") != tc.wantLength {
			t.Errorf("%s: Content-Length %q", name, h.Get("Content-Length"))
		}
	}
}

func TestGZipKeepsExistingVary(t *testing.T) {
	rec := serve(GZip(GZipOptions{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Vary", "Cookie, accept-encoding")
		io.WriteString(w, strings.Repeat("z", 300))
	})), gzipRequest("GET"))
	if vs := rec.Header().Values("Vary"); len(vs) != 1 || vs[0] != "Cookie, accept-encoding" {
		t.Errorf("Vary %v", vs)
	}
}

func TestGZipFlush(t *testing.T) {
	// A flush before MinLength bytes sends the start uncompressed.
	rec := httptest.NewRecorder()
	GZip(GZipOptions{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: 1\n\n")
		w.(http.Flusher).Flush()
		if !rec.Flushed || rec.Body.String() != "data: 1\n\n" {
			t.Errorf("after flush: flushed=%v body %q", rec.Flushed, rec.Body.String())
		}
		io.WriteString(w, strings.Repeat("data: 2\n\n", 100))
	})).ServeHTTP(rec, gzipRequest("GET"))
	if rec.Header().Get("Content-Encoding") != "" {
		t.Error("stream compressed after its start was sent plain")
	}

	// A flush after compression began emits everything so far.
	rec = httptest.NewRecorder()
	first := strings.Repeat("first ", 100)
	GZip(GZipOptions{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, first)
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Error(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		got := make([]byte, len(first))
		if _, err := io.ReadFull(zr, got); err != nil || string(got) != first {
			t.Errorf("flushed data not readable: %v %q", err, got)
		}
		io.WriteString(w, "second")
	})).ServeHTTP(rec, gzipRequest("GET"))
	if body, _ := gunzip(t, rec.Body.Bytes()); body != first+"second" {
		t.Errorf("body %q", body)
	}
}

func TestGZipPanicLeavesErrorPagePlain(t *testing.T) {
	c := newErrorCapture(slog.New(slog.NewTextHandler(io.Discard, nil)))
	h := c.attach(Recover(GZip(GZipOptions{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "partial") // held back: shorter than MinLength
		panic("boom")
	}))))
	rec := serve(h, gzipRequest("GET"))
	if rec.Code != 500 || rec.Header().Get("Content-Encoding") != "" || strings.Contains(rec.Body.String(), "partial") {
		t.Fatalf("%d %v %q", rec.Code, rec.Header(), rec.Body.String())
	}
}

func TestGZipOptions(t *testing.T) {
	h := GZip(GZipOptions{MinLength: 10, Level: gzip.BestSpeed, ContentTypes: []string{"application/x-custom"}})
	rec := serve(h(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-custom; v=1")
		io.WriteString(w, "0123456789abc")
	})), gzipRequest("GET"))
	if body, _ := gunzip(t, rec.Body.Bytes()); body != "0123456789abc" {
		t.Errorf("body %q", body)
	}
	rec = serve(h(text(strings.Repeat("t", 100))), gzipRequest("GET"))
	if rec.Header().Get("Content-Encoding") != "" {
		t.Error("text/plain compressed although not in ContentTypes")
	}
	defer func() {
		if recover() == nil {
			t.Error("level 42 accepted")
		}
	}()
	GZip(GZipOptions{Level: 42})
}

func TestAcceptsGzip(t *testing.T) {
	for in, want := range map[string]bool{
		"":                    false,
		"gzip":                true,
		"GZIP":                true,
		"deflate, gzip;q=1.0": true,
		"gzip;q=0":            false,
		"gzip; q=0.000":       false,
		"*":                   true,
		"*;q=0":               false,
		"gzip;q=0, *":         false,
		"identity, *;q=0.5":   true,
		"br":                  false,
		"x-gzip":              true,
		"gzip;q=bogus":        false,
		"notgzip, gzipped":    false,
	} {
		if got := acceptsGzip([]string{in}); got != want {
			t.Errorf("acceptsGzip(%q) = %v", in, got)
		}
	}
}
