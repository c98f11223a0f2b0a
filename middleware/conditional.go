package middleware

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/jazzgo/jazz/web"
)

// ETagMaxBody is the largest body, in bytes, for which [ConditionalGet]
// computes an ETag; a larger one is streamed without.
const ETagMaxBody = 1 << 20

// ConditionalGet answers conditional GET and HEAD requests, like Django's
// ConditionalGetMiddleware, so that clients and caches revalidate instead
// of downloading a page again.
//
// Only 200 responses to GET and HEAD are touched. When the handler set
// neither ETag nor "Cache-Control: no-store", the body is held back (up to
// [ETagMaxBody] bytes, and until the first Flush) and the response gets a
// weak ETag, W/"<first 128 bits of the body's SHA-256, hex>"; a larger or
// flushed body is sent as it is written, without one. The request's
// conditions are then checked against the ETag and Last-Modified with
// [Preconditions]: a 304 Not Modified keeps the headers a cache needs
// (ETag, Last-Modified, Cache-Control, Vary, Expires, ...) and drops the
// body and its Content-* headers; a failed If-Match or If-Unmodified-Since
// gives the 412 page.
//
// Unsafe methods must be checked before the view changes anything, which
// a middleware cannot do after the fact: wrap such views in [Condition].
//
// Place ConditionalGet inside [GZip], so the ETag is computed on the
// identity body (GZip weakens it). It is safe for concurrent use.
func ConditionalGet(next http.Handler) http.Handler {
	// Buffers are pooled per wrapped handler; those that grew past
	// ETagMaxBody are dropped rather than kept.
	var pool sync.Pool
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		cw := &conditionalWriter{w: w, r: r}
		defer func() {
			if cw.buf != nil && cap(cw.buf) <= ETagMaxBody {
				b := cw.buf[:0]
				pool.Put(&b)
			}
		}()
		cw.pool = &pool
		next.ServeHTTP(cw, r)
		cw.finish()
	})
}

// conditionalWriter decides at the header whether a response can be
// answered from its validators, and holds the body back when it must
// compute an ETag. It transforms the response, so it is not the shared
// httpx observer; it keeps Flusher, Hijacker and Unwrap the same way.
type conditionalWriter struct {
	w      http.ResponseWriter
	r      *http.Request
	pool   *sync.Pool
	status int
	mode   condMode
	buf    []byte
}

type condMode uint8

const (
	condUndecided condMode = iota // no status yet
	condPass                      // write through
	condHold                      // buffering to compute an ETag
	condDiscard                   // answered 304 or 412: drop the body
)

func (c *conditionalWriter) Header() http.Header { return c.w.Header() }

func (c *conditionalWriter) WriteHeader(code int) {
	if c.mode != condUndecided {
		if c.mode == condPass {
			c.w.WriteHeader(code) // superfluous: let net/http report it
		}
		return
	}
	if code >= 100 && code <= 199 && code != http.StatusSwitchingProtocols {
		c.w.WriteHeader(code)
		return
	}
	c.status = code
	h := c.w.Header()
	switch {
	case code != http.StatusOK:
		c.pass()
	case h.Get("Etag") != "" || hasToken(h["Cache-Control"], "no-store"):
		if !c.answer(Preconditions(c.r, h.Get("Etag"), lastModified(h))) {
			c.pass()
		}
	default:
		c.mode = condHold
		if v, _ := c.pool.Get().(*[]byte); v != nil {
			c.buf = *v
		}
	}
}

func (c *conditionalWriter) pass() {
	c.mode = condPass
	c.w.WriteHeader(c.status)
}

// answer sends a 304 or 412 for status and reports true, or reports false
// when the request may proceed.
func (c *conditionalWriter) answer(status int) bool {
	if status == http.StatusOK {
		return false
	}
	c.mode = condDiscard
	h := c.w.Header()
	for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding",
		"Content-Language", "Content-Disposition", "Content-Range", "Transfer-Encoding"} {
		delete(h, k)
	}
	if status == http.StatusNotModified {
		c.w.WriteHeader(status)
		return true
	}
	web.Error(c.w, c.r, web.NewError(status, "middleware: the request's If-Match or If-Unmodified-Since condition failed"))
	return true
}

func (c *conditionalWriter) Write(p []byte) (int, error) {
	if c.mode == condUndecided {
		c.WriteHeader(http.StatusOK)
	}
	switch c.mode {
	case condDiscard:
		return len(p), nil
	case condHold:
		if len(c.buf)+len(p) <= ETagMaxBody {
			c.buf = append(c.buf, p...)
			return len(p), nil
		}
		if err := c.release(); err != nil {
			return 0, err
		}
	}
	return c.w.Write(p)
}

// release gives up on an ETag: it checks the conditions that do not need
// one, then sends the status and the held bytes.
func (c *conditionalWriter) release() error {
	h := c.w.Header()
	if c.answer(Preconditions(c.r, "", lastModified(h))) {
		return nil
	}
	c.pass()
	if len(c.buf) > 0 {
		_, err := c.w.Write(c.buf)
		c.buf = c.buf[:0]
		return err
	}
	return nil
}

func (c *conditionalWriter) finish() {
	if c.mode == condUndecided {
		c.WriteHeader(http.StatusOK)
	}
	if c.mode != condHold {
		return
	}
	h := c.w.Header()
	sum := sha256.Sum256(c.buf)
	var tag [2 + 1 + 32 + 1]byte
	copy(tag[:], `W/"`)
	hex.Encode(tag[3:35], sum[:16])
	tag[35] = '"'
	etag := string(tag[:])
	h.Set("Etag", etag)
	if c.answer(Preconditions(c.r, etag, lastModified(h))) {
		return
	}
	c.pass()
	if len(c.buf) > 0 {
		_, _ = c.w.Write(c.buf)
	}
}

// Flush ends any holding back (the response is streamed, so it gets no
// computed ETag) and flushes the connection.
func (c *conditionalWriter) Flush() { _ = c.FlushError() }

// FlushError is Flush reporting failure, for http.ResponseController.
func (c *conditionalWriter) FlushError() error {
	if c.mode == condUndecided {
		c.WriteHeader(http.StatusOK)
	}
	switch c.mode {
	case condDiscard:
		return nil
	case condHold:
		if err := c.release(); err != nil {
			return err
		}
		if c.mode == condDiscard {
			return nil
		}
	}
	return http.NewResponseController(c.w).Flush()
}

// Hijack hands over the connection, when the wrapped writer can.
func (c *conditionalWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(c.w).Hijack()
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (c *conditionalWriter) Unwrap() http.ResponseWriter { return c.w }

func lastModified(h http.Header) time.Time {
	v := h.Get("Last-Modified")
	if v == "" {
		return time.Time{}
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Preconditions evaluates r's conditional headers against the current
// validators of the resource r targets, in the order of RFC 9110 section
// 13.2.2, and returns the status to answer with:
//
//   - http.StatusPreconditionFailed when If-Match matches no current
//     entity tag (strong comparison; "*" needs an ETag to match, as in
//     Django), or, without If-Match, If-Unmodified-Since is older than
//     lastModified;
//   - for GET and HEAD, http.StatusNotModified when If-None-Match matches
//     etag (weak comparison) or, without If-None-Match, lastModified is no
//     later than If-Modified-Since; for other methods a matching
//     If-None-Match gives http.StatusPreconditionFailed;
//   - http.StatusOK when the request should proceed.
//
// etag is a quoted entity tag, optionally weak (W/"x"); an unquoted value
// is taken as if quoted. "" means the resource has none; a zero
// lastModified means it has no modification date, and date conditions
// are then ignored, as RFC 9110 requires. Dates compare at one-second
// precision; unparsable dates and malformed tags are ignored.
func Preconditions(r *http.Request, etag string, lastModified time.Time) int {
	safe := r.Method == http.MethodGet || r.Method == http.MethodHead
	if !lastModified.IsZero() {
		lastModified = lastModified.Truncate(time.Second)
	}
	if im := r.Header.Values("If-Match"); len(im) > 0 {
		if !etagListMatches(im, etag, false) {
			return http.StatusPreconditionFailed
		}
	} else if ius := r.Header.Get("If-Unmodified-Since"); ius != "" && !lastModified.IsZero() {
		if t, err := http.ParseTime(ius); err == nil && lastModified.After(t) {
			return http.StatusPreconditionFailed
		}
	}
	if inm := r.Header.Values("If-None-Match"); len(inm) > 0 {
		if etagListMatches(inm, etag, true) {
			if safe {
				return http.StatusNotModified
			}
			return http.StatusPreconditionFailed
		}
	} else if ims := r.Header.Get("If-Modified-Since"); safe && ims != "" && !lastModified.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !lastModified.After(t) {
			return http.StatusNotModified
		}
	}
	return http.StatusOK
}

// etagListMatches reports whether a header's list of entity tags ("*" or
// comma-separated tags) matches etag, with the weak or strong comparison
// of RFC 9110 section 8.8.3.2. Parsing stops at the first malformed tag.
func etagListMatches(values []string, etag string, weak bool) bool {
	if etag == "" {
		return false
	}
	curWeak, cur := splitETag(etag)
	if !weak && curWeak {
		return false // a weak tag never matches strongly
	}
	for _, s := range values {
		for {
			s = strings.TrimLeft(s, " \t,")
			if s == "" {
				break
			}
			if s[0] == '*' {
				return true
			}
			isWeak := strings.HasPrefix(s, "W/")
			if isWeak {
				s = s[2:]
			}
			if len(s) < 2 || s[0] != '"' {
				break
			}
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				break
			}
			tag := s[1 : end+1]
			s = s[end+2:]
			if tag == cur && (weak || !isWeak) {
				return true
			}
		}
	}
	return false
}

// splitETag returns whether etag is weak and its opaque tag without
// quotes; an unquoted value is its own opaque tag.
func splitETag(etag string) (weak bool, opaque string) {
	etag = strings.TrimSpace(etag)
	if strings.HasPrefix(etag, "W/") {
		weak, etag = true, etag[2:]
	}
	if len(etag) >= 2 && etag[0] == '"' && etag[len(etag)-1] == '"' {
		etag = etag[1 : len(etag)-1]
	}
	return weak, etag
}

// Condition returns a middleware for one view, like Django's condition
// decorator: it calls validators for the resource's current ETag and
// last-modification time (either may be empty or zero) before the view
// runs, answers 304 or the 412 page when [Preconditions] says so, and
// otherwise sets ETag and Last-Modified on GET and HEAD responses and runs
// the view. This is how unsafe methods (PUT, PATCH, DELETE) get
// If-Match/If-Unmodified-Since checks before they change anything.
// validators must not be nil and must be safe for concurrent use.
func Condition(validators func(r *http.Request) (etag string, lastModified time.Time)) func(http.Handler) http.Handler {
	if validators == nil {
		panic("middleware: Condition needs a validators function")
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			etag, lm := validators(r)
			if etag != "" && !strings.HasSuffix(etag, `"`) {
				etag = `"` + etag + `"`
			}
			h := w.Header()
			safe := r.Method == http.MethodGet || r.Method == http.MethodHead
			if safe {
				if etag != "" {
					h.Set("Etag", etag)
				}
				if !lm.IsZero() {
					h.Set("Last-Modified", lm.UTC().Format(http.TimeFormat))
				}
			}
			switch st := Preconditions(r, etag, lm); st {
			case http.StatusNotModified:
				w.WriteHeader(st)
			case http.StatusPreconditionFailed:
				web.Error(w, r, web.NewError(st, "middleware: the request's If-Match or If-Unmodified-Since condition failed"))
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}
