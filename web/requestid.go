package web

import (
	"context"
	"net/http"
)

type requestIDKey struct{}

// WithRequestID returns a request whose request id is id. The RequestID
// middleware calls it; error pages and request logs read it back with
// [RequestID]. When r went through [WithSite] the id is recorded in place
// and r itself is returned, so the request is not copied; otherwise it is
// derived with a new context.
func WithRequestID(r *http.Request, id string) *http.Request {
	if st := stateFrom(r.Context()); st != nil {
		st.id = id
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
}

// RequestID returns the request id recorded on r, or "" when there is none.
func RequestID(r *http.Request) string {
	return RequestIDFrom(r.Context())
}

// RequestIDFrom returns the request id recorded in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	if st := stateFrom(ctx); st != nil && st.id != "" {
		return st.id
	}
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
