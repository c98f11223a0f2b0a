package techempower

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestSameAnswers checks that both implementations give the TechEmpower
// answers, so the benchmarks compare like with like.
func TestSameAnswers(t *testing.T) {
	p, err := JazzProject()
	if err != nil {
		t.Fatal(err)
	}
	for name, h := range map[string]http.Handler{"jazz": p, "raw": Raw()} {
		for path, want := range map[string]string{"/json": `{"message":"Hello, World!"}`, "/plaintext": "Hello, World!"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1"+path, nil))
			if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != want {
				t.Errorf("%s %s: %d %q", name, path, rec.Code, rec.Body.String())
			}
		}
	}
}

// The in-process benchmarks measure what the framework adds to a request
// (no network, no HTTP parsing): compare BenchmarkJazzJSON with
// BenchmarkRawJSON.
func BenchmarkJazzJSON(b *testing.B)      { benchPath(b, "jazz", "/json") }
func BenchmarkRawJSON(b *testing.B)       { benchPath(b, "raw", "/json") }
func BenchmarkJazzPlaintext(b *testing.B) { benchPath(b, "jazz", "/plaintext") }
func BenchmarkRawPlaintext(b *testing.B)  { benchPath(b, "raw", "/plaintext") }

func benchPath(b *testing.B, mode, path string) {
	var h http.Handler = Raw()
	if mode == "jazz" {
		p, err := JazzProject()
		if err != nil {
			b.Fatal(err)
		}
		h = p
	}
	req := httptest.NewRequest("GET", "http://127.0.0.1"+path, nil)
	b.ReportAllocs()
	for b.Loop() {
		w := &discardWriter{h: http.Header{}}
		h.ServeHTTP(w, req)
	}
}

// discardWriter is a minimal ResponseWriter, cheaper than a recorder, so
// the figures are the handlers' own.
type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }
