package web

import "net/http"

// HandlerFunc is a Jazz view: an ordinary handler that may return an error.
//
// A returned error is turned into a response by [Error], the one place that
// maps errors to status codes and error pages. A view that has already
// written a response should return nil; returning an error after writing the
// body only logs it, because the status line is already on the wire.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// ServeHTTP adapts f to [http.Handler].
func (f HandlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := f(w, r); err != nil {
		Error(w, r, err)
	}
}

// Handler converts a view given in any of the three accepted shapes into an
// [http.Handler]: an http.Handler itself, a plain
// func(http.ResponseWriter, *http.Request), or a [HandlerFunc]-shaped
// func(http.ResponseWriter, *http.Request) error. It reports false for any
// other value, so callers can fail at start-up with their own message.
func Handler(view any) (http.Handler, bool) {
	switch v := view.(type) {
	case nil:
		return nil, false
	case http.Handler:
		return v, true
	case func(http.ResponseWriter, *http.Request):
		return http.HandlerFunc(v), true
	case func(http.ResponseWriter, *http.Request) error:
		return HandlerFunc(v), true
	}
	return nil, false
}

// Middleware wraps a handler. It is the plain net/http shape, so any
// third-party middleware can be used as is.
type Middleware = func(http.Handler) http.Handler

// Chain wraps h in mws. The first middleware is the outermost: it sees the
// request first and the response last, as in Django's MIDDLEWARE list.
// Nil entries are skipped.
func Chain(h http.Handler, mws ...Middleware) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		if mws[i] != nil {
			h = mws[i](h)
		}
	}
	return h
}
