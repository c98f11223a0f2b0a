package jazz

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/internal/httpx"
	"github.com/jazzgo/jazz/web"
)

// errServerError makes db.Atomic roll back a request whose view answered
// with a 5xx; it never reaches the client, the response is already written.
var errServerError = errors.New("jazz: the view answered with a server error")

// atomicRequests wraps h so that each request runs in one transaction
// (Django's ATOMIC_REQUESTS). Static files skip it: they never touch the
// database.
func atomicRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := httpx.Wrap(w)
		err := db.Atomic(r.Context(), func(ctx context.Context) error {
			h.ServeHTTP(rw, r.WithContext(ctx))
			if rw.Status() >= 500 {
				return errServerError
			}
			return nil
		})
		if err == nil || errors.Is(err, errServerError) {
			return
		}
		if !rw.Started() {
			web.Error(rw, r, fmt.Errorf("jazz: AtomicRequests: %w", err))
			return
		}
		// COMMIT failed after the view had answered: the client saw a
		// success that was not saved. It cannot be taken back, only told.
		web.SiteOf(r).Logger.ErrorContext(r.Context(), "jazz: AtomicRequests: commit failed after the response was sent",
			"method", r.Method, "path", r.URL.Path, "request_id", web.RequestID(r), "error", err.Error())
	})
}
