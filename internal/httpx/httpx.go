// Package httpx holds the one http.ResponseWriter wrapper that Jazz's
// middleware share to observe a response (its status, its size, whether it
// has started) without stacking a new wrapper per middleware.
//
// [Wrap] returns the wrapper already in place when it is given one, so
// Recover and RequestLog, wherever they sit in a chain, cost one small
// allocation between them. The wrapper keeps the optional capabilities of
// the writer it wraps: [http.Flusher], [http.Hijacker], [io.ReaderFrom] (so
// sendfile still works) and Unwrap for [http.ResponseController].
package httpx

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// ResponseWriter records what a handler did with a response. It is not
// safe for concurrent use, like the http.ResponseWriter it wraps, and it
// must not be used after the handler that received it returns.
type ResponseWriter struct {
	w        http.ResponseWriter
	status   int
	written  int64
	hijacked bool
}

// Wrap returns w itself when it is already a *ResponseWriter, and a new
// wrapper around w otherwise. w must not be nil.
func Wrap(w http.ResponseWriter) *ResponseWriter {
	if rw, ok := w.(*ResponseWriter); ok {
		return rw
	}
	return &ResponseWriter{w: w}
}

// Header returns the wrapped writer's header map.
func (rw *ResponseWriter) Header() http.Header { return rw.w.Header() }

// WriteHeader records the first final status and forwards every call, so
// that net/http still reports superfluous calls. Informational statuses
// (1xx other than 101 Switching Protocols) are forwarded without being
// recorded, because the final status is still to come.
func (rw *ResponseWriter) WriteHeader(code int) {
	if rw.status == 0 && (code < 100 || code > 199 || code == http.StatusSwitchingProtocols) {
		rw.status = code
	}
	rw.w.WriteHeader(code)
}

// Write writes p, recording the implicit 200 when no status was set.
func (rw *ResponseWriter) Write(p []byte) (int, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	n, err := rw.w.Write(p)
	rw.written += int64(n)
	return n, err
}

// ReadFrom copies src to the response through the wrapped writer's own
// ReadFrom when it has one, so that net/http can still use sendfile.
func (rw *ResponseWriter) ReadFrom(src io.Reader) (int64, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	var n int64
	var err error
	if rf, ok := rw.w.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(src)
	} else {
		// writerOnly hides rw's ReadFrom so io.Copy cannot loop back here.
		n, err = io.Copy(writerOnly{rw.w}, src)
	}
	rw.written += n
	return n, err
}

type writerOnly struct{ io.Writer }

// Status returns the final status sent or about to be sent: 0 while the
// handler has written nothing (net/http then sends 200 when it returns).
func (rw *ResponseWriter) Status() int { return rw.status }

// Written returns the number of body bytes the handler wrote. For a HEAD
// request net/http discards them, but they are counted.
func (rw *ResponseWriter) Written() int64 { return rw.written }

// Started reports whether the status line may have reached the client (a
// status was written, a body byte, a flush) or the connection was hijacked.
// Once it is true no other response can replace this one.
func (rw *ResponseWriter) Started() bool { return rw.status != 0 || rw.hijacked }

// Hijacked reports whether the handler took over the connection.
func (rw *ResponseWriter) Hijacked() bool { return rw.hijacked }

// Flush sends buffered data to the client when the wrapped writer can; it
// is a no-op otherwise, as the http.Flusher contract allows.
func (rw *ResponseWriter) Flush() { _ = rw.FlushError() }

// FlushError is Flush reporting failure; [http.ResponseController] prefers
// it. It returns an error wrapping [http.ErrNotSupported] when no writer in
// the chain can flush.
func (rw *ResponseWriter) FlushError() error {
	var err error
	switch f := rw.w.(type) {
	case interface{ FlushError() error }:
		err = f.FlushError()
	case http.Flusher:
		f.Flush()
	default:
		err = http.NewResponseController(rw.w).Flush()
	}
	if err == nil && rw.status == 0 {
		// A successful flush sends the implicit 200.
		rw.status = http.StatusOK
	}
	return err
}

// Hijack lets the handler take over the connection when the wrapped writer
// supports it, and returns an error wrapping [http.ErrNotSupported] when it
// does not.
func (rw *ResponseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(rw.w).Hijack()
	if err == nil {
		rw.hijacked = true
	}
	return conn, brw, err
}

// Unwrap returns the wrapped writer, for [http.ResponseController].
func (rw *ResponseWriter) Unwrap() http.ResponseWriter { return rw.w }
