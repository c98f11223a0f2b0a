package jazz

import (
	"context"
	"net/http"
)

// RenderObserver is told about every template a request renders, with the
// context it was given. The test client uses it to record which templates a
// response used; it is not needed in production.
type RenderObserver func(name string, data map[string]any)

type observerKey struct{}

// WithRenderObserver returns ctx carrying fn, so that templates rendered
// for a request made with that context are reported to fn. jazztest sets
// it on each request it sends.
func WithRenderObserver(ctx context.Context, fn RenderObserver) context.Context {
	return context.WithValue(ctx, observerKey{}, fn)
}

// observeRender is the templates engine's Observe hook: a context lookup,
// so production requests (which carry no observer) pay almost nothing.
func observeRender(r *http.Request, name string, data map[string]any) {
	if r == nil {
		return
	}
	if fn, ok := r.Context().Value(observerKey{}).(RenderObserver); ok {
		fn(name, data)
	}
}
