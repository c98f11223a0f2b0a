package storage

import "context"

type ctxKey struct{}

// WithStorage returns ctx carrying s, the project's media storage, for
// views and forms that save uploads (the root package attaches it to every
// request and command).
func WithStorage(ctx context.Context, s Storage) context.Context {
	return context.WithValue(ctx, ctxKey{}, s)
}

// FromContext returns the storage of ctx, or nil when there is none.
func FromContext(ctx context.Context) Storage {
	s, _ := ctx.Value(ctxKey{}).(Storage)
	return s
}
