package middleware

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/jazzgo/jazz/internal/httpx"
	"github.com/jazzgo/jazz/web"
)

// RequestLog logs one structured line per request once it completes, with
// the message "request" and the attributes method, path, status, bytes,
// duration, request_id and remote_addr.
//
// Responses with a 5xx status are logged at ERROR, all others at INFO (a
// 404 from a scanner is not a warning about this server). When the logger
// is enabled at neither level the request is passed through untouched;
// when it is enabled at ERROR only, a line is built for 5xx responses
// alone. Errors and stacks are not logged here: the error page machinery
// ([web.Error]) logs them.
//
// status is what the handler sent, 200 when it sent nothing; bytes counts
// the body bytes it wrote (also for HEAD, whose body net/http discards). A
// request whose handler panicked is logged with status 500 unless it had
// already started a response, and with panicked=true.
//
// A nil logger means slog.Default() at the time of each request.
// RequestLog is safe for concurrent use.
func RequestLog(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			l := logger
			if l == nil {
				l = slog.Default()
			}
			ctx := r.Context()
			if !l.Enabled(ctx, slog.LevelInfo) && !l.Enabled(ctx, slog.LevelError) {
				next.ServeHTTP(w, r)
				return
			}
			rw := httpx.Wrap(w)
			start := time.Now()
			finished := false
			defer func() {
				logRequest(ctx, l, rw, r, start, !finished)
			}()
			next.ServeHTTP(rw, r)
			finished = true
		})
	}
}

func logRequest(ctx context.Context, l *slog.Logger, rw *httpx.ResponseWriter, r *http.Request, start time.Time, panicked bool) {
	status := rw.Status()
	if status == 0 {
		status = http.StatusOK
		if panicked {
			// Recover, further out, will answer with the 500 page.
			status = http.StatusInternalServerError
		}
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	if !l.Enabled(ctx, level) {
		return
	}
	id := web.RequestID(r)
	if id == "" {
		// RequestID sits inside this middleware; it put the id on the response.
		id = rw.Header().Get(requestIDHeader)
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Int64("bytes", rw.Written()),
		slog.Duration("duration", time.Since(start)),
		slog.String("request_id", id),
		slog.String("remote_addr", r.RemoteAddr),
		{},
	}
	if panicked {
		attrs[len(attrs)-1] = slog.Bool("panicked", true)
	} else {
		attrs = attrs[:len(attrs)-1]
	}
	l.LogAttrs(ctx, level, "request", attrs...)
}
