package web

import (
	"context"
	"net/http"
	"sync"
)

type uploadsKey struct{}

// uploadTracker remembers the request's parsed upload so the middleware can
// remove its temp files and later ParseMultipart calls can reuse it.
type uploadTracker struct {
	opts   UploadOptions
	mu     sync.Mutex
	parsed *Multipart
}

func uploadTrackerOf(r *http.Request) *uploadTracker {
	t, _ := r.Context().Value(uploadsKey{}).(*uploadTracker)
	return t
}

// Uploads returns middleware that gives the requests under it opts as the
// options of [ParseMultipart] (when a view passes nil) and removes the
// request's upload temp files once the handler returns, also when it
// returns an error or panics (the panic then goes on up to the recover
// middleware). Views under it need not call [Multipart.Cleanup], and may call
// ParseMultipart more than once: the body is read once.
//
// A cleanup failure is logged at WARN through the site's logger. A file
// the view moved away (see [UploadedFile.TempPath]) is not a failure.
func Uploads(opts UploadOptions) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			t := &uploadTracker{opts: opts}
			defer t.cleanup(r)
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), uploadsKey{}, t)))
		})
	}
}

func (t *uploadTracker) cleanup(r *http.Request) {
	t.mu.Lock()
	m := t.parsed
	t.mu.Unlock()
	if err := m.Cleanup(); err != nil {
		SiteOf(r).logger().WarnContext(r.Context(), "web: could not remove upload temp files",
			"path", r.URL.Path, "request_id", RequestID(r), "error", err.Error())
	}
}
