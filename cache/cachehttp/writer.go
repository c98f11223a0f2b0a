package cachehttp

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"strconv"
	"time"
)

// captureWriter holds back a cacheable response until the view returns,
// so that it can be stored and given its validators and cache headers;
// anything else passes straight through. It transforms the response, so
// it is not internal/httpx's observer, but it keeps Flusher, Hijacker and
// Unwrap the same way: a Flush or Hijack means streaming, which is sent on
// at once and not stored. It is not safe for concurrent use, like the
// writer it wraps.
type captureWriter struct {
	w       http.ResponseWriter
	r       *http.Request
	pc      *pageCache
	url     string
	before  http.Header // the outer middleware's headers, for headerDiff
	status  int
	mode    captureMode
	timeout time.Duration
	buf     []byte
}

var (
	_ http.Flusher  = (*captureWriter)(nil)
	_ http.Hijacker = (*captureWriter)(nil)
	_ http.Flusher  = (*patchWriter)(nil)
	_ http.Hijacker = (*patchWriter)(nil)
)

type captureMode uint8

const (
	modeUndecided captureMode = iota // nothing written yet
	modeHold                         // cacheable so far: buffering the body
	modePass                         // not stored: writing through
)

func (c *captureWriter) Header() http.Header { return c.w.Header() }

func (c *captureWriter) WriteHeader(code int) {
	switch c.mode {
	case modePass:
		c.w.WriteHeader(code) // superfluous: let net/http report it
		return
	case modeHold:
		return
	}
	if code >= 100 && code <= 199 && code != http.StatusSwitchingProtocols {
		c.w.WriteHeader(code) // informational (103 Early Hints): not final
		return
	}
	c.status = code
	if t, ok := c.pc.cacheable(c.r, code, c.w.Header()); ok {
		c.mode, c.timeout = modeHold, t
		c.buf = c.pc.getBuf()
		return
	}
	c.pass()
}

// pass sends the header as the view left it, with X-Cache: MISS.
func (c *captureWriter) pass() {
	c.mode = modePass
	if c.pc.xcache {
		c.w.Header()["X-Cache"] = missValue
	}
	c.w.WriteHeader(c.status)
}

func (c *captureWriter) Write(p []byte) (int, error) {
	if c.mode == modeUndecided {
		c.WriteHeader(http.StatusOK)
	}
	if c.mode == modeHold {
		if len(c.buf)+len(p) <= c.pc.maxSize {
			c.buf = append(c.buf, p...)
			return len(p), nil
		}
		// Too large to store: send what we hold and stream the rest.
		if err := c.release(); err != nil {
			return 0, err
		}
	}
	return c.w.Write(p)
}

// release gives up storing: it sends the header and the body held so far.
func (c *captureWriter) release() error {
	c.pass()
	if len(c.buf) == 0 {
		return nil
	}
	_, err := c.w.Write(c.buf)
	return err
}

// Flush marks the response as streamed: it is sent on and never stored.
func (c *captureWriter) Flush() { _ = c.FlushError() }

// FlushError is Flush reporting failure, for http.ResponseController.
func (c *captureWriter) FlushError() error {
	switch c.mode {
	case modeUndecided:
		c.status = http.StatusOK
		c.pass()
	case modeHold:
		if err := c.release(); err != nil {
			return err
		}
	}
	return http.NewResponseController(c.w).Flush()
}

// Hijack hands the connection to the view; nothing is stored.
func (c *captureWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(c.w).Hijack()
	if err == nil {
		c.mode = modePass
	}
	return conn, brw, err
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (c *captureWriter) Unwrap() http.ResponseWriter { return c.w }

// finish runs after the view: a held response is stored, then sent.
func (c *captureWriter) finish() {
	if c.mode == modeUndecided {
		c.WriteHeader(http.StatusOK) // the view wrote nothing: an empty 200
	}
	if c.mode != modeHold {
		return
	}
	h := c.w.Header()
	now := c.pc.now()
	if h.Get("Last-Modified") == "" {
		h.Set("Last-Modified", now.UTC().Format(http.TimeFormat))
	}
	isGet := c.r.Method == http.MethodGet
	if isGet && h.Get("Etag") == "" {
		// The same weak ETag middleware.ConditionalGet computes, so the
		// two agree whichever runs first.
		sum := sha256.Sum256(c.buf)
		h.Set("Etag", `W/"`+hex.EncodeToString(sum[:16])+`"`)
	}
	c.pc.storePage(c.r, c.url, c.status, h, c.before, c.buf, c.timeout, now)
	c.pc.patchResponse(h, now.Add(c.timeout), now)
	if isGet {
		h["Content-Length"] = []string{strconv.Itoa(len(c.buf))}
	}
	c.mode = modePass
	if c.pc.xcache {
		h["X-Cache"] = missValue
	}
	c.w.WriteHeader(c.status)
	if len(c.buf) > 0 {
		_, _ = c.w.Write(c.buf) // a client gone away is no error of ours
	}
}

func (c *captureWriter) releaseBuf() {
	c.pc.putBuf(c.buf)
	c.buf = nil
}
