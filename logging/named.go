package logging

import (
	"context"
	"log/slog"
	"strings"
)

// levels is the level table of one logger tree, shared by all loggers
// derived from the root. It is read-only after New.
type levels struct {
	root   slog.Level
	byName map[string]slog.Level
}

// forName returns the level of the most specific configured name that is
// name itself or one of its dotted ancestors, or the root level.
func (lv *levels) forName(name string) slog.Level {
	for n := name; n != ""; {
		if l, ok := lv.byName[n]; ok {
			return l
		}
		i := strings.LastIndexByte(n, '.')
		if i < 0 {
			break
		}
		n = n[:i]
	}
	return lv.root
}

// handler filters records by its logger's level before passing them on.
// The level is resolved once, when the logger is named, so Enabled is a
// comparison and an interface call, with no lookup and no allocation.
type handler struct {
	levels  *levels
	min     slog.Level
	unnamed slog.Handler // inner without this logger's name, for renaming
	inner   slog.Handler
}

func (h *handler) Enabled(ctx context.Context, level slog.Level) bool {
	return level >= h.min && h.inner.Enabled(ctx, level)
}

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < h.min {
		return nil
	}
	return h.inner.Handle(ctx, r)
}

func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	if len(as) == 0 {
		return h
	}
	return &handler{levels: h.levels, min: h.min, unnamed: h.unnamed.WithAttrs(as), inner: h.inner.WithAttrs(as)}
}

func (h *handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return &handler{levels: h.levels, min: h.min, unnamed: h.unnamed.WithGroup(name), inner: h.inner.WithGroup(name)}
}

// Named returns a logger for the component called name ("jazz.request",
// "blog.feeds"): its records carry the attribute logger=name, and it logs
// only at or above the level [Config].Levels gives to name or to its
// nearest dotted ancestor ("jazz.request" inherits "jazz"), falling back
// to Config.Level.
//
// Naming is absolute: Named(Named(l, "a"), "b") is named "b", not "a.b",
// and carries one logger attribute. Attributes added with With before
// naming are kept; name a logger before calling WithGroup on it, or the
// logger attribute lands inside the group.
//
// When l was not built by [New] there is no level table, and Named only
// adds the attribute. A nil l means slog.Default(). The level is resolved
// once, here, so call Named at construction time, not per log call; the
// returned logger is safe for concurrent use.
func Named(l *slog.Logger, name string) *slog.Logger {
	if l == nil {
		l = slog.Default()
	}
	h, ok := l.Handler().(*handler)
	if !ok {
		if name == "" {
			return l
		}
		return l.With(LoggerKey, name)
	}
	nh := &handler{levels: h.levels, min: h.levels.forName(name), unnamed: h.unnamed, inner: h.unnamed}
	if name != "" {
		nh.inner = h.unnamed.WithAttrs([]slog.Attr{slog.String(LoggerKey, name)})
	}
	return slog.New(nh)
}
