package cache

import "context"

type ctxKey struct{}

// WithCache returns ctx carrying c. A Jazz project puts its default cache
// on every request and command this way, so views and helpers written
// before the project exists (URLconfs, decorators) can reach it.
func WithCache(ctx context.Context, c *Cache) context.Context {
	return context.WithValue(ctx, ctxKey{}, c)
}

// FromContext returns the cache carried by ctx, or nil.
func FromContext(ctx context.Context) *Cache {
	c, _ := ctx.Value(ctxKey{}).(*Cache)
	return c
}
