package logging

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

var timeZero time.Time

func jsonLogger(buf *bytes.Buffer) *slog.Logger {
	l, _, _ := New(Config{Format: "json", Writer: buf})
	return l
}

func TestStackOfCaller(t *testing.T) {
	var buf bytes.Buffer
	jsonLogger(&buf).Error("failed", "error", errors.New("boom"), Stack(errors.New("boom")))
	recs := records(t, &buf)
	stack, _ := recs[0][StackKey].(string)
	if !strings.HasPrefix(stack, "github.com/jazzgo/jazz/logging.TestStackOfCaller\n\t") || !strings.Contains(stack, "stack_test.go:") {
		t.Errorf("stack = %q", stack)
	}
	if strings.Contains(stack, "logging.Stack\n") || strings.Contains(stack, "runtime.Callers") {
		t.Errorf("stack includes the capture machinery: %q", stack)
	}
}

func makeErr() error { return WithStack(errors.New("deep")) }

func TestWithStackKeepsOrigin(t *testing.T) {
	err := fmt.Errorf("handler: %w", makeErr())
	if err.Error() != "handler: deep" || errors.Unwrap(errors.Unwrap(err)).Error() != "deep" {
		t.Fatalf("message or chain changed: %v", err)
	}
	var buf bytes.Buffer
	jsonLogger(&buf).Error("failed", Stack(err))
	stack := records(t, &buf)[0][StackKey].(string)
	if !strings.HasPrefix(stack, "github.com/jazzgo/jazz/logging.makeErr\n\t") {
		t.Errorf("stack does not start where the error was made: %q", stack)
	}
	if again := WithStack(err); again != err {
		t.Error("WithStack wrapped an error that already has a stack")
	}
	if WithStack(nil) != nil {
		t.Error("WithStack(nil) != nil")
	}
}

type tracer struct{}

func (tracer) Error() string      { return "panic: x" }
func (tracer) StackTrace() []byte { return []byte("goroutine 1 [running]:\nmain.main()\n") }

func TestStackUsesStackTracer(t *testing.T) {
	var buf bytes.Buffer
	jsonLogger(&buf).Error("panic", Stack(fmt.Errorf("view: %w", tracer{})))
	if got := records(t, &buf)[0][StackKey]; got != "goroutine 1 [running]:\nmain.main()" {
		t.Errorf("stack = %q", got)
	}
}

func TestStackIsLazy(t *testing.T) {
	var buf bytes.Buffer
	l := jsonLogger(&buf)
	a := Stack(nil)
	if _, ok := a.Value.Any().(slog.LogValuer); !ok || a.Key != StackKey {
		t.Errorf("Stack should defer formatting to a LogValuer, got %T", a.Value.Any())
	}
	l.Debug("dropped", a)
	if buf.Len() != 0 {
		t.Error("debug record written")
	}
}
