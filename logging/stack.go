package logging

import (
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
)

// StackKey is the attribute that carries a stack trace.
const StackKey = "stack"

// maxFrames bounds a captured stack; deeper frames are rarely the
// interesting ones and make log lines unwieldy.
const maxFrames = 32

// StackTracer is implemented by errors that carry a formatted stack trace
// of their own (a recovered panic, say). [Stack] prefers the first one
// found in an error's chain.
type StackTracer interface {
	StackTrace() []byte
}

// stackError is an error with the call stack of where it was wrapped.
type stackError struct {
	err error
	pcs []uintptr
}

func (e *stackError) Error() string      { return e.err.Error() }
func (e *stackError) Unwrap() error      { return e.err }
func (e *stackError) StackTrace() []byte { return []byte(formatFrames(e.pcs)) }

// WithStack returns err annotated with the stack of its caller, for
// errors whose origin matters more than where they are finally logged.
// The result has err's message, unwraps to err, and implements
// [StackTracer]. It returns nil for nil and err itself when err's chain
// already carries a stack. Capturing costs a few hundred nanoseconds;
// formatting happens only when the stack is logged.
func WithStack(err error) error {
	if err == nil {
		return nil
	}
	var st StackTracer
	if errors.As(err, &st) {
		return err
	}
	return &stackError{err: err, pcs: callers(3)}
}

// Stack returns a "stack" attribute for a log call about err:
//
//	logger.Error("payment failed", "error", err, logging.Stack(err))
//
// The stack is the one carried by err's chain (see [WithStack] and
// [StackTracer]) or, when there is none, the stack of Stack's caller, that
// is, where the error is being logged. It is formatted one frame per
// line-pair, "function\n\tfile:line", and only when a handler actually
// writes the record. err may be nil, for a stack of the current position.
func Stack(err error) slog.Attr {
	var st StackTracer
	if err != nil && errors.As(err, &st) {
		return slog.Any(StackKey, tracerValue{st})
	}
	return slog.Any(StackKey, framesValue(callers(3)))
}

func callers(skip int) []uintptr {
	pcs := make([]uintptr, maxFrames)
	return pcs[:runtime.Callers(skip, pcs)]
}

// framesValue and tracerValue format lazily: slog resolves a LogValuer
// only for records that are written.
type framesValue []uintptr

func (f framesValue) LogValue() slog.Value { return slog.StringValue(formatFrames(f)) }

type tracerValue struct{ st StackTracer }

func (t tracerValue) LogValue() slog.Value {
	return slog.StringValue(strings.TrimRight(string(t.st.StackTrace()), "\n"))
}

func formatFrames(pcs []uintptr) string {
	var b strings.Builder
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if f.Function != "" && !strings.HasPrefix(f.Function, "runtime.goexit") {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "%s\n\t%s:%d", f.Function, f.File, f.Line)
		}
		if !more {
			break
		}
	}
	return b.String()
}
