package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// HTTPError is an error that carries the HTTP status it should produce.
//
// Views return one (usually through [NotFound], [Forbidden] and friends) and
// [Error] renders the matching error page. Message is shown to the client
// only when it is safe to do so (status below 500, or Debug on); Err is the
// underlying cause, kept for logs and the debug page.
type HTTPError struct {
	Status  int
	Message string
	Err     error
	// Header holds headers that must accompany the error response, such as
	// Allow on a 405.
	Header http.Header
}

// Error implements error.
func (e *HTTPError) Error() string {
	text := http.StatusText(e.Status)
	switch {
	case e.Message != "" && e.Err != nil:
		return fmt.Sprintf("%d %s: %s: %v", e.Status, text, e.Message, e.Err)
	case e.Message != "":
		return fmt.Sprintf("%d %s: %s", e.Status, text, e.Message)
	case e.Err != nil:
		return fmt.Sprintf("%d %s: %v", e.Status, text, e.Err)
	}
	return fmt.Sprintf("%d %s", e.Status, text)
}

// Unwrap returns the underlying cause.
func (e *HTTPError) Unwrap() error { return e.Err }

// Is reports whether target is an *HTTPError with the same status, so that
// errors.Is(err, web.ErrNotFound) matches any 404 whatever its message.
func (e *HTTPError) Is(target error) bool {
	t, ok := target.(*HTTPError)
	return ok && t.Status == e.Status
}

// Sentinels for errors.Is. Return the constructors below from views; they
// carry a message for the logs and, where safe, for the page.
var (
	ErrBadRequest       = &HTTPError{Status: http.StatusBadRequest}
	ErrForbidden        = &HTTPError{Status: http.StatusForbidden}
	ErrNotFound         = &HTTPError{Status: http.StatusNotFound}
	ErrMethodNotAllowed = &HTTPError{Status: http.StatusMethodNotAllowed}
	ErrGone             = &HTTPError{Status: http.StatusGone}
	ErrTooLarge         = &HTTPError{Status: http.StatusRequestEntityTooLarge}
	// ErrUnsupportedMediaType (415) is what [ParseForm] and [DecodeJSON]
	// return, wrapped with detail, when the body's Content-Type is not one
	// they read.
	ErrUnsupportedMediaType = &HTTPError{Status: http.StatusUnsupportedMediaType}
)

// ErrTooManyFields is the cause inside the 400 error [ParseForm] returns when
// a request carries more fields than Site.MaxFormFields allows.
var ErrTooManyFields = errors.New("web: too many form fields (raise Site.MaxFormFields if the form really needs more)")

// ErrClientGone is the cause inside a [*CommittedError] when writing the
// response failed or the request's context ended: the client disconnected
// (or a server timeout fired) and nobody is left to read an error page.
var ErrClientGone = errors.New("web: client went away before the response was complete")

// CommittedError reports an error that happened after the response's status
// line had been sent, such as a failed write to a disconnected client or an
// error returned mid-way by a [Stream] producer. The response helpers return
// it so that a view can pass it on unchanged; [Error] then only logs it
// (at DEBUG when the client went away, at ERROR otherwise) and writes
// nothing, because a second status line cannot be sent.
type CommittedError struct {
	Err error
}

// Error implements error.
func (e *CommittedError) Error() string {
	return "web: error after the response was sent: " + fmt.Sprint(e.Err)
}

// Unwrap returns the underlying cause.
func (e *CommittedError) Unwrap() error { return e.Err }

// committed wraps a body write error; nil stays nil. Write errors mean the
// client is gone (or a timeout handler closed the response), which is the
// common, harmless case the logs should not shout about.
func committed(err error) error {
	if err == nil {
		return nil
	}
	return &CommittedError{Err: fmt.Errorf("%w: %w", ErrClientGone, err)}
}

// clientGone reports whether err (a *CommittedError's cause) means the
// client disconnected rather than the server failing.
func clientGone(err error) bool {
	return errors.Is(err, ErrClientGone) || errors.Is(err, context.Canceled)
}

// NewError returns an *HTTPError with the given status and message.
func NewError(status int, format string, args ...any) *HTTPError {
	return &HTTPError{Status: status, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns a 404 error. The message is for logs and the debug page.
func NotFound(format string, args ...any) error {
	return NewError(http.StatusNotFound, format, args...)
}

// Forbidden returns a 403 error.
func Forbidden(format string, args ...any) error {
	return NewError(http.StatusForbidden, format, args...)
}

// BadRequest returns a 400 error.
func BadRequest(format string, args ...any) error {
	return NewError(http.StatusBadRequest, format, args...)
}

// Gone returns a 410 error.
func Gone(format string, args ...any) error {
	return NewError(http.StatusGone, format, args...)
}

// TooLarge returns a 413 error.
func TooLarge(format string, args ...any) error {
	return NewError(http.StatusRequestEntityTooLarge, format, args...)
}

// MethodNotAllowed returns a 405 error whose response carries an Allow
// header listing allowed, which should be canonical upper-case method names.
func MethodNotAllowed(allowed ...string) error {
	h := http.Header{}
	h.Set("Allow", strings.Join(allowed, ", "))
	return &HTTPError{Status: http.StatusMethodNotAllowed, Header: h,
		Message: "allowed: " + strings.Join(allowed, ", ")}
}

// StatusOf returns the HTTP status an error maps to: the status of the first
// *HTTPError in its chain (so every error [ParseForm] and [DecodeJSON]
// return keeps its 400, 413 or 415), 413 for an *http.MaxBytesError (a body
// read through http.MaxBytesReader), 400 for a bare [ErrTooManyFields], and
// 500 otherwise. A nil error maps to 200. An *HTTPError whose Status is not
// a valid 4xx or 5xx code maps to 500, so a typo cannot produce a "success"
// page for an error.
func StatusOf(err error) int {
	if err == nil {
		return http.StatusOK
	}
	var he *HTTPError
	if errors.As(err, &he) {
		if he.Status < 400 || he.Status > 599 {
			return http.StatusInternalServerError
		}
		return he.Status
	}
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return http.StatusRequestEntityTooLarge
	}
	if errors.Is(err, ErrTooManyFields) {
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// UnsupportedMediaType returns a 415 error.
func UnsupportedMediaType(format string, args ...any) error {
	return NewError(http.StatusUnsupportedMediaType, format, args...)
}

// PanicError wraps a value recovered from a panic in a view, with the stack
// captured where it was recovered.
type PanicError struct {
	Value any
	Stack []byte
}

// Error implements error.
func (p *PanicError) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// Unwrap returns the panic value when it is an error.
func (p *PanicError) Unwrap() error {
	if err, ok := p.Value.(error); ok {
		return err
	}
	return nil
}

// StackTrace returns the stack captured where the panic was recovered, so
// that logging.Stack shows where the panic happened rather than where it
// was logged.
func (p *PanicError) StackTrace() []byte { return p.Stack }
