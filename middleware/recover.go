package middleware

import (
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/jazzgo/jazz/internal/httpx"
	"github.com/jazzgo/jazz/web"
)

// Recover turns a panic in the rest of the chain into an error response.
//
// When nothing has been written yet, the panic value and its stack become a
// [web.PanicError] given to [web.Error], which renders the project's 500
// page and logs the error with its stack. Representation headers the
// handler set before panicking (Content-Type, Content-Length, ETag, ...)
// are dropped first; other headers, such as X-Request-ID and the security
// headers, stay.
//
// When the response has already started, a second status cannot be sent:
// Recover logs the panic with its stack (to the Site's logger, or
// slog.Default()) and aborts the connection by panicking with
// [http.ErrAbortHandler], so the client sees a truncated response rather
// than a complete-looking wrong one. A panic with http.ErrAbortHandler
// itself is passed on untouched: it is how a handler asks for exactly that.
//
// Put Recover outside every middleware that may panic. It is safe for
// concurrent use.
func Recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := httpx.Wrap(w)
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			recovered(rw, r, v, debug.Stack())
		}()
		next.ServeHTTP(rw, r)
	})
}

// representationHeaders describe the body the panicking handler meant to
// send; they would be wrong on the error page.
var representationHeaders = []string{
	"Content-Type", "Content-Length", "Content-Encoding", "Content-Language",
	"Content-Disposition", "Content-Range", "Content-Location", "Etag",
	"Last-Modified", "Trailer",
}

func recovered(rw *httpx.ResponseWriter, r *http.Request, v any, stack []byte) {
	// Recover usually sits outside RequestID, so r may lack the id that the
	// log line and error page should show; RequestID has already put it on
	// the response.
	if web.RequestID(r) == "" {
		if id := rw.Header().Get(requestIDHeader); id != "" {
			r = web.WithRequestID(r, id)
		}
	}
	perr := &web.PanicError{Value: v, Stack: stack}
	if rw.Started() {
		logger := web.SiteOf(r).Logger
		if logger == nil {
			logger = slog.Default()
		}
		logger.LogAttrs(r.Context(), slog.LevelError,
			"middleware: panic after the response started; connection aborted",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("request_id", web.RequestID(r)),
			slog.Any("error", perr),
			slog.String("stack", string(stack)))
		panic(http.ErrAbortHandler)
	}
	h := rw.Header()
	for _, k := range representationHeaders {
		delete(h, k)
	}
	web.Error(rw, r, perr)
}
