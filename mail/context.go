package mail

import "context"

type ctxKey struct{}

// WithMailer returns ctx carrying m. A Jazz project puts its Mailer on
// every request and command this way.
func WithMailer(ctx context.Context, m *Mailer) context.Context {
	return context.WithValue(ctx, ctxKey{}, m)
}

// FromContext returns the Mailer carried by ctx, or nil.
func FromContext(ctx context.Context) *Mailer {
	m, _ := ctx.Value(ctxKey{}).(*Mailer)
	return m
}
