package messages

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// Middleware puts a message store on every request, for [Add], [Get] and
// the templates, and saves the messages not yet shown just before the
// response starts (Django's MessageMiddleware). It panics when opts are
// not valid (see [Options.Validate]), so a bad configuration stops the
// start, not a request.
//
// Nothing is read or written for a request that neither adds nor reads
// messages. Messages must be read before the response starts: a read
// after that (streaming a template that lists them, say) cannot take them
// out of the cookie or session, so they would show again. [web.Render]
// renders into a buffer first, so templates are safe.
//
// With the session or fallback storage, put the session middleware
// outside this one. The returned middleware is safe for concurrent use.
func Middleware(opts Options) func(http.Handler) http.Handler {
	c, err := opts.compile()
	if err != nil {
		panic(err.Error())
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r, st := c.attach(r)
			mw := &writer{w: w, st: st}
			next.ServeHTTP(mw, r)
			// A handler that wrote nothing leaves the headers open: net/http
			// sends them after this returns.
			mw.commit()
		})
	}
}

// writer saves the messages before the first byte of the response, when
// cookies can still be set and the session is not saved yet.
type writer struct {
	w    http.ResponseWriter
	st   *state
	done bool
}

func (w *writer) commit() {
	if !w.done {
		w.done = true
		w.st.commit(w.w)
	}
}

// Header returns the wrapped writer's headers.
func (w *writer) Header() http.Header { return w.w.Header() }

// WriteHeader saves the messages, then writes the status. Informational
// statuses pass through: the final header is still to come.
func (w *writer) WriteHeader(code int) {
	if code >= 200 || code == http.StatusSwitchingProtocols {
		w.commit()
	}
	w.w.WriteHeader(code)
}

// Write saves the messages before the first byte, then writes p.
func (w *writer) Write(p []byte) (int, error) {
	w.commit()
	return w.w.Write(p)
}

// ReadFrom keeps the wrapped writer's ReadFrom (sendfile) reachable.
func (w *writer) ReadFrom(src io.Reader) (int64, error) {
	w.commit()
	if rf, ok := w.w.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(writerOnly{w.w}, src)
}

type writerOnly struct{ io.Writer }

// Flush saves the messages and flushes the response.
func (w *writer) Flush() { _ = w.FlushError() }

// FlushError is Flush reporting failure, for http.ResponseController.
func (w *writer) FlushError() error {
	w.commit()
	return http.NewResponseController(w.w).Flush()
}

// Hijack hands over the connection, when the wrapped writer can.
func (w *writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.commit()
	return http.NewResponseController(w.w).Hijack()
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (w *writer) Unwrap() http.ResponseWriter { return w.w }
