package logging

import (
	"context"
	"errors"
	"log/slog"
)

// Tee returns a handler that sends each record to every one of hs whose
// Enabled accepts its level: one logger writing to the console and to an
// error mailer, say. Nil handlers are dropped; with none left Tee returns
// a handler that discards everything, and with one it returns that
// handler itself.
//
// Each handler gets its own clone of the record, so one handler adding
// attributes cannot affect another. Handle calls every handler even when
// one fails and returns their errors joined. The result is safe for
// concurrent use if every handler is.
func Tee(hs ...slog.Handler) slog.Handler {
	var list []slog.Handler
	for _, h := range hs {
		if h != nil {
			list = append(list, h)
		}
	}
	switch len(list) {
	case 0:
		return slog.DiscardHandler
	case 1:
		return list[0]
	}
	return tee(list)
}

type tee []slog.Handler

func (t tee) Enabled(ctx context.Context, level slog.Level) bool {
	for _, h := range t {
		if h.Enabled(ctx, level) {
			return true
		}
	}
	return false
}

func (t tee) Handle(ctx context.Context, r slog.Record) error {
	var errs []error
	for _, h := range t {
		if !h.Enabled(ctx, r.Level) {
			continue
		}
		if err := h.Handle(ctx, r.Clone()); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (t tee) WithAttrs(as []slog.Attr) slog.Handler {
	out := make(tee, len(t))
	for i, h := range t {
		out[i] = h.WithAttrs(as)
	}
	return out
}

func (t tee) WithGroup(name string) slog.Handler {
	out := make(tee, len(t))
	for i, h := range t {
		out[i] = h.WithGroup(name)
	}
	return out
}
