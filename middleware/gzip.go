package middleware

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// DefaultGZipMinLength is the smallest body [GZip] compresses when
// GZipOptions.MinLength is zero: below it the gzip framing costs more than
// it saves.
const DefaultGZipMinLength = 200

// GZipOptions configures [GZip]. The zero value is ready to use.
type GZipOptions struct {
	// MinLength is the smallest body, in bytes, worth compressing; zero
	// means DefaultGZipMinLength.
	MinLength int
	// Level is a compress/gzip level from gzip.HuffmanOnly to
	// gzip.BestCompression; zero means gzip.DefaultCompression (to ask for
	// no compression, leave GZip out). Another value panics.
	Level int
	// ContentTypes replaces the compressible media types. An entry ending
	// in "/" is a prefix ("text/"), one starting with "+" a structured
	// syntax suffix ("+json"); others match exactly. Nil means text/*,
	// JSON, JavaScript, XML, SVG and their +json and +xml relatives.
	ContentTypes []string
	// NoPadding turns off the BREACH mitigation described on [GZip].
	NoPadding bool
}

var defaultCompressible = []string{
	"text/", "+json", "+xml",
	"application/json", "application/javascript", "application/x-javascript",
	"application/ecmascript", "application/xml", "image/svg+xml",
	"application/wasm",
}

// GZip compresses responses with gzip, like Django's GZipMiddleware.
//
// A response is compressed when the request accepts gzip (Accept-Encoding,
// honouring q=0), the method is not HEAD, its status is not 1xx, 204, 206
// or 304, it has no Content-Encoding yet, no "Cache-Control: no-transform",
// its Content-Type (sniffed from the body when the handler set none) is
// compressible, and its body reaches MinLength bytes. The first MinLength
// bytes are held back to decide; a Flush before that decides at once,
// leaving a short response as it is. A compressed response loses
// Content-Length and gets "Content-Encoding: gzip", and a strong ETag
// becomes weak ("W/" prefix), since the bytes differ from the identity
// form. Every response that would be compressed for a client that accepts
// gzip gets "Vary: Accept-Encoding", whether or not this client does.
// gzip writers are pooled, per middleware.
//
// BREACH: when a compressed HTTPS response holds both a secret (a CSRF
// token, a session-bound value) and text an attacker can choose (a search
// term echoed back), the attacker can learn the secret byte by byte from
// response sizes. Keep secrets out of such pages, mask tokens per request
// (as CSRF tokens are), or leave GZip out. As a further mitigation, on by
// default like Django's, every compressed response carries 0–100 random
// bytes in the gzip header's file name field, which makes sizes noisy; set
// NoPadding to turn it off.
//
// Place GZip outside (before) middleware that reads the body, such as
// [ConditionalGet]. GZip panics when opts.Level is invalid. The returned
// middleware is safe for concurrent use.
func GZip(opts GZipOptions) func(http.Handler) http.Handler {
	minLen := opts.MinLength
	if minLen <= 0 {
		minLen = DefaultGZipMinLength
	}
	level := opts.Level
	if level == 0 {
		level = gzip.DefaultCompression
	}
	if _, err := gzip.NewWriterLevel(io.Discard, level); err != nil {
		panic(fmt.Sprintf("middleware: GZipOptions.Level %d is not a gzip level (use gzip.BestSpeed to gzip.BestCompression): %v", opts.Level, err))
	}
	types := opts.ContentTypes
	if types == nil {
		types = defaultCompressible
	}
	cfg := &gzipConfig{minLen: minLen, types: types, padding: !opts.NoPadding}
	cfg.pool.New = func() any {
		z := &pooledGzip{}
		z.gz, _ = gzip.NewWriterLevel(&z.sink, level)
		return z
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodHead {
				next.ServeHTTP(w, r)
				return
			}
			gw := &gzipWriter{w: w, cfg: cfg, accepts: acceptsGzip(r.Header["Accept-Encoding"])}
			defer gw.release()
			next.ServeHTTP(gw, r)
			gw.finish()
		})
	}
}

type gzipConfig struct {
	minLen  int
	types   []string
	padding bool
	pool    sync.Pool // of *pooledGzip
}

// pooledGzip is a gzip writer whose destination can be detached cheaply:
// resetting a compressor clears hundreds of kilobytes, so it is done once
// per response, when the writer is taken, and not again when it is
// returned.
type pooledGzip struct {
	gz   *gzip.Writer
	sink sink
}

// sink forwards to the response being compressed, or nowhere once the
// writer is back in the pool, so the pool does not keep responses alive.
type sink struct{ w io.Writer }

func (s *sink) Write(p []byte) (int, error) {
	if s.w == nil {
		return len(p), nil
	}
	return s.w.Write(p)
}

// gzipWriter holds back the start of a response until it can tell whether
// to compress it. It is a body transformer, so it cannot be the shared
// httpx observer; it keeps Flusher, Hijacker and Unwrap the same way.
type gzipWriter struct {
	w        http.ResponseWriter
	cfg      *gzipConfig
	accepts  bool
	status   int // the handler's status, held until decided
	decided  bool
	compress bool
	buf      []byte
	gz       *gzip.Writer
	pooled   *pooledGzip
}

func (g *gzipWriter) Header() http.Header { return g.w.Header() }

func (g *gzipWriter) WriteHeader(code int) {
	if g.decided {
		g.w.WriteHeader(code) // superfluous: let net/http report it
		return
	}
	if code >= 100 && code <= 199 && code != http.StatusSwitchingProtocols {
		g.w.WriteHeader(code) // informational: the real header is still to come
		return
	}
	if g.status != 0 {
		return
	}
	g.status = code
	g.decideEarly()
}

// decideEarly settles the matter from the headers alone when they already
// rule compression out, so such responses stream without delay.
func (g *gzipWriter) decideEarly() {
	h := g.w.Header()
	switch {
	case !compressibleStatus(g.status),
		h.Get("Content-Encoding") != "",
		hasToken(h["Cache-Control"], "no-transform"):
		g.decide(nil, false)
	case h.Get("Content-Type") != "" && !g.cfg.compressible(h.Get("Content-Type")):
		g.decide(nil, false)
	default:
		if cl := h.Get("Content-Length"); cl != "" {
			if n, err := strconv.ParseInt(cl, 10, 64); err == nil && n < int64(g.cfg.minLen) {
				g.decide(nil, false)
			}
		}
	}
}

func (g *gzipWriter) Write(p []byte) (int, error) {
	if !g.decided {
		if g.status == 0 {
			g.status = http.StatusOK
			g.decideEarly()
		}
	}
	if !g.decided {
		if len(g.buf)+len(p) < g.cfg.minLen {
			if g.buf == nil {
				g.buf = make([]byte, 0, g.cfg.minLen)
			}
			g.buf = append(g.buf, p...)
			return len(p), nil
		}
		if len(g.buf) == 0 {
			g.decide(p, true)
		} else {
			g.buf = append(g.buf, p...)
			g.decide(g.buf, true)
			err := g.writeOut(g.buf)
			g.buf = nil
			return len(p), err
		}
	}
	return g.write(p)
}

func (g *gzipWriter) write(p []byte) (int, error) {
	if g.compress {
		return g.gz.Write(p)
	}
	return g.w.Write(p)
}

func (g *gzipWriter) writeOut(p []byte) error {
	if len(p) == 0 {
		return nil
	}
	_, err := g.write(p)
	return err
}

// decide chooses between gzip and identity, fixes the headers and sends
// the held status. sample is the start of the body, for sniffing; long
// says whether the body reaches MinLength.
func (g *gzipWriter) decide(sample []byte, long bool) {
	g.decided = true
	if g.status == 0 {
		g.status = http.StatusOK
	}
	h := g.w.Header()
	if long && compressibleStatus(g.status) && h.Get("Content-Encoding") == "" &&
		!hasToken(h["Cache-Control"], "no-transform") {
		ct := h.Get("Content-Type")
		sniffed := ct == ""
		if sniffed {
			// Sniff now: after compression net/http would see gzip bytes.
			ct = http.DetectContentType(sample)
		}
		if g.cfg.compressible(ct) {
			addVary(h, "Accept-Encoding")
			if g.accepts {
				if sniffed {
					h.Set("Content-Type", ct)
				}
				g.startGzip(h)
			}
		}
	}
	g.w.WriteHeader(g.status)
}

func (g *gzipWriter) startGzip(h http.Header) {
	g.compress = true
	h.Del("Content-Length")
	h.Set("Content-Encoding", "gzip")
	if etag := h.Get("Etag"); strings.HasPrefix(etag, `"`) {
		h.Set("Etag", "W/"+etag)
	}
	g.pooled = g.cfg.pool.Get().(*pooledGzip)
	g.pooled.sink.w = g.w
	g.gz = g.pooled.gz
	g.gz.Reset(&g.pooled.sink)
	if g.cfg.padding {
		g.gz.Name = padding()
	}
}

// padding returns 0 to 100 random letters, for the gzip file name field.
func padding() string {
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	n := rand.IntN(101)
	b := make([]byte, n)
	for i := range b {
		b[i] = letters[rand.IntN(len(letters))]
	}
	return string(b)
}

// finish sends whatever the handler left: the held status and body, and the
// end of the gzip stream.
func (g *gzipWriter) finish() {
	if !g.decided {
		g.decide(g.buf, false)
		_ = g.writeOut(g.buf)
		g.buf = nil
	}
	if g.compress {
		_ = g.gz.Close()
	}
}

// release returns the gzip writer to the pool. It also runs when the
// handler panicked, without writing anything, so Recover can still answer.
func (g *gzipWriter) release() {
	if g.pooled != nil {
		g.pooled.sink.w = nil
		g.cfg.pool.Put(g.pooled)
		g.pooled, g.gz = nil, nil
	}
}

// Flush decides at once when the start of the body is still held back (a
// short start stays uncompressed), then flushes the compressor and the
// connection.
func (g *gzipWriter) Flush() { _ = g.FlushError() }

// FlushError is Flush reporting failure, for http.ResponseController.
func (g *gzipWriter) FlushError() error {
	if !g.decided {
		g.decide(g.buf, len(g.buf) >= g.cfg.minLen)
		if err := g.writeOut(g.buf); err != nil {
			return err
		}
		g.buf = nil
	}
	if g.compress {
		if err := g.gz.Flush(); err != nil {
			return err
		}
	}
	return http.NewResponseController(g.w).Flush()
}

// Hijack hands over the connection, when the wrapped writer can.
func (g *gzipWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(g.w).Hijack()
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.w }

func compressibleStatus(code int) bool {
	switch {
	case code < 200, code == http.StatusNoContent, code == http.StatusPartialContent,
		code == http.StatusNotModified:
		return false
	}
	return true
}

func (c *gzipConfig) compressible(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if mt == "" {
		return false
	}
	for _, t := range c.types {
		switch {
		case strings.HasSuffix(t, "/"):
			if strings.HasPrefix(mt, t) {
				return true
			}
		case strings.HasPrefix(t, "+"):
			if strings.HasSuffix(mt, t) {
				return true
			}
		case mt == t:
			return true
		}
	}
	return false
}

// acceptsGzip reports whether Accept-Encoding values accept gzip: an
// explicit gzip (or x-gzip) coding decides, else "*"; q=0 refuses, and an
// unreadable q value counts as a refusal.
func acceptsGzip(values []string) bool {
	gzipQ, starQ := -1.0, -1.0
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			name, params, _ := strings.Cut(part, ";")
			name = strings.ToLower(strings.TrimSpace(name))
			if name != "gzip" && name != "x-gzip" && name != "*" {
				continue
			}
			q := 1.0
			for param := range strings.SplitSeq(params, ";") {
				k, val, ok := strings.Cut(param, "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
					if err != nil || f < 0 || f > 1 {
						f = 0
					}
					q = f
				}
			}
			if name == "*" {
				starQ = max(starQ, q)
			} else {
				gzipQ = max(gzipQ, q)
			}
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return starQ > 0
}
