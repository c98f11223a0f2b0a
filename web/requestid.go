package web

import (
	"context"
	"net/http"
)

type requestIDKey struct{}

// WithRequestID returns r with id recorded as its request id. The
// RequestID middleware calls it; error pages and request logs read it back
// with [RequestID].
func WithRequestID(r *http.Request, id string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
}

// RequestID returns the request id recorded on r, or "" when there is none.
func RequestID(r *http.Request) string {
	return RequestIDFrom(r.Context())
}

// RequestIDFrom returns the request id recorded in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
