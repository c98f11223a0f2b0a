package middleware

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jazzgo/jazz/web"
)

// jsonHandler is the TechEmpower JSON test's view.
var jsonHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"message": "Hello, World!"})
})

// defaultChain is the benchmark chain of the brief: the default order
// without the optional middleware, with a request logger at WARN so that
// lines for 200s are skipped.
func defaultChain(h http.Handler) http.Handler {
	logger := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return web.Chain(h,
		Recover,
		RequestID,
		RequestLog(logger),
		Security(SecurityOptions{HSTSSeconds: 31536000, SSLRedirect: false}),
		Common(CommonOptions{AllowedHosts: []string{"example.com"}, AppendSlash: true,
			Resolves: func(p string) bool { return p == "/json" }}),
		XFrameOptions("DENY"),
	)
}

func benchHandler(b *testing.B, h http.Handler) {
	r := httptest.NewRequest("GET", "/json", nil)
	r.Host = "example.com"
	w := newReusableWriter()
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, r)
	}
	if w.status != 200 {
		b.Fatalf("status %d", w.status)
	}
}

// BenchmarkJSONBare and BenchmarkJSONChain compare the bare JSON view with
// the view behind the default chain, in process: the difference is the
// chain's whole cost.
func BenchmarkJSONBare(b *testing.B)  { benchHandler(b, jsonHandler) }
func BenchmarkJSONChain(b *testing.B) { benchHandler(b, defaultChain(jsonHandler)) }

// BenchmarkChainOnly measures the chain around a view that does nothing.
func BenchmarkChainOnly(b *testing.B) {
	benchHandler(b, defaultChain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
	})))
}

// BenchmarkServer* serve the JSON view over loopback HTTP/1.1 with
// keep-alive, raw and behind the chain: the end-to-end comparison.
func BenchmarkServerBare(b *testing.B)  { benchServer(b, jsonHandler) }
func BenchmarkServerChain(b *testing.B) { benchServer(b, defaultChain(jsonHandler)) }

func benchServer(b *testing.B, h http.Handler) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := srv.Client()
	req, _ := http.NewRequest("GET", srv.URL+"/json", nil)
	req.Host = "example.com"
	b.ReportAllocs()
	for b.Loop() {
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

func BenchmarkGZip(b *testing.B) {
	body := []byte(bigJSON)
	h := GZip(GZipOptions{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	r := gzipRequest("GET")
	w := newReusableWriter()
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, r)
	}
}

func BenchmarkConditionalGet(b *testing.B) {
	h := ConditionalGet(page("", modTime, bigJSON))
	r := condRequest("GET")
	w := newReusableWriter()
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, r)
	}
}
