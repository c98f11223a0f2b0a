package logging

import (
	"context"
	"io"
	"log/slog"
	"testing"
)

func BenchmarkNamedDisabled(b *testing.B) {
	root, _, _ := New(Config{Writer: io.Discard, Levels: map[string]string{"jazz": "warn"}})
	l := Named(root, "jazz.request")
	b.ReportAllocs()
	for b.Loop() {
		l.Info("dropped", "n", 1)
	}
}

func BenchmarkNamedEnabledJSON(b *testing.B) {
	root, _, _ := New(Config{Writer: io.Discard, Format: "json"})
	l := Named(root, "jazz.request")
	b.ReportAllocs()
	for b.Loop() {
		l.Info("request", "path", "/blog/", "status", 200)
	}
}

// BenchmarkPlainSlogJSON is the baseline: slog's JSON handler alone.
func BenchmarkPlainSlogJSON(b *testing.B) {
	l := slog.New(slog.NewJSONHandler(io.Discard, nil)).With("logger", "jazz.request")
	b.ReportAllocs()
	for b.Loop() {
		l.Info("request", "path", "/blog/", "status", 200)
	}
}

func BenchmarkEnabled(b *testing.B) {
	root, _, _ := New(Config{Writer: io.Discard, Levels: map[string]string{"jazz": "warn"}})
	h := Named(root, "jazz.request").Handler()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		h.Enabled(ctx, slog.LevelInfo)
	}
}
