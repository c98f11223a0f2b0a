package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
)

// Renderer renders named templates. The templates package implements it;
// the project puts one on every request through [Site].
type Renderer interface {
	// Render executes the template name with data and writes it to w. A
	// block name other than "" renders only that block of the template (a
	// partial, for AJAX and htmx-style updates).
	Render(w io.Writer, r *http.Request, name, block string, data any) error
}

// ErrorHandler writes the response for an error returned by a view, or for
// a panic, 404 or 405 produced by the framework. status is [StatusOf](err).
type ErrorHandler func(w http.ResponseWriter, r *http.Request, status int, err error)

// Site holds what views need from the project at request time: the template
// renderer, the error pages, URL reversing and request limits. The project
// builds one at start-up and attaches it to each request with [WithSite];
// its fields must not change after that.
type Site struct {
	// Debug shows error details to the client; never on in production.
	Debug bool
	// Renderer renders templates for [Render]; nil makes Render fail.
	Renderer Renderer
	// Errors renders error responses; nil uses plain-text responses.
	Errors ErrorHandler
	// Reverse builds a path from a route name, for [RedirectTo].
	Reverse func(name string, args ...any) (string, error)
	// SecretKey signs cookies for [SetSignedCookie]. Empty makes signed
	// cookies fail with an error naming SecretKey.
	SecretKey string
	// SecretKeyFallbacks are older keys still accepted when reading signed
	// cookies, so a key can be rotated without logging everybody out.
	SecretKeyFallbacks []string
	// AllowedHosts limits where redirects given by clients may point; see
	// [IsSafeRedirect].
	AllowedHosts []string
	// MaxBodyBytes caps request bodies read by [ParseForm] and [DecodeJSON]
	// (Django's DATA_UPLOAD_MAX_MEMORY_SIZE). Zero means the default,
	// 2.5 MB; a negative value means no limit.
	MaxBodyBytes int64
	// MaxFormFields caps the number of form fields (Django's
	// DATA_UPLOAD_MAX_NUMBER_FIELDS). Zero means the default, 1000; a
	// negative value means no limit.
	MaxFormFields int
	// Logger receives error logs. Nil means slog.Default().
	Logger *slog.Logger
	// Values holds context values every request of the site carries, such
	// as the database handle: request contexts answer Value lookups from
	// it, so putting them there costs nothing per request. Nil means none.
	Values context.Context
}

// Defaults for [Site] limits, matching Django.
const (
	DefaultMaxBodyBytes  = 2621440
	DefaultMaxFormFields = 1000
)

var emptySite Site

func (s *Site) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// Error writes the response for err: the project's error page for its
// status (see [StatusOf]), with any headers the error carries (such as Allow
// on a 405). It is the one place that turns errors into responses, and is
// safe for concurrent use.
//
// With no Site.Errors handler it logs like [ErrorPages] (5xx at ERROR with
// the request id and any panic stack, 4xx at INFO) and writes a plain-text
// page via [PlainError]. A [*CommittedError] anywhere in err's chain means
// the response is already on its way: Error then only logs (at DEBUG when
// the client went away) and writes nothing. A nil err does nothing.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	if err == nil {
		return
	}
	s := SiteOf(r)
	if handleCommitted(s.logger(), r, err) {
		return
	}
	status := StatusOf(err)
	copyErrorHeaders(w, err)
	if s.Errors != nil {
		s.Errors(w, r, status, err)
		return
	}
	logRequestError(s.logger(), r, status, err)
	PlainError(w, status, err, s.Debug)
}

// copyErrorHeaders sets the headers an *HTTPError in err's chain carries.
// It replaces rather than appends, so running it twice (Error, then an
// ErrorHandler that also calls it) does not duplicate values.
func copyErrorHeaders(w http.ResponseWriter, err error) {
	var he *HTTPError
	if !errors.As(err, &he) {
		return
	}
	for k, vs := range he.Header {
		w.Header()[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
}

// handleCommitted logs an error that happened after the response started
// and reports true, or reports false for any other error.
func handleCommitted(logger *slog.Logger, r *http.Request, err error) bool {
	var ce *CommittedError
	if !errors.As(err, &ce) {
		return false
	}
	attrs := []any{"method", r.Method, "path", r.URL.Path, "request_id", RequestID(r), "error", err.Error()}
	if clientGone(err) || r.Context().Err() != nil {
		// Clients closing tabs and dropping connections are routine.
		logger.DebugContext(r.Context(), "web: client went away during the response", attrs...)
		return true
	}
	logger.ErrorContext(r.Context(), "web: error after the response was sent", attrs...)
	return true
}

// logRequestError logs a failed request once: 5xx at ERROR with the panic
// stack when there is one, 4xx at INFO. Client errors are logged at all
// because bad input deserves a trace (a probing scanner shows up there),
// but at INFO so that they never page anyone and a production WARN level
// drops them.
func logRequestError(logger *slog.Logger, r *http.Request, status int, err error) {
	attrs := []any{"status", status, "method", r.Method, "path", r.URL.Path, "request_id", RequestID(r), "remote_addr", r.RemoteAddr}
	if err != nil {
		attrs = append(attrs, "error", err.Error())
	}
	if status < 500 {
		logger.InfoContext(r.Context(), "web: client error", attrs...)
		return
	}
	var pe *PanicError
	if errors.As(err, &pe) && len(pe.Stack) > 0 {
		attrs = append(attrs, "stack", string(pe.Stack))
	}
	logger.ErrorContext(r.Context(), "web: internal server error", attrs...)
}

// PlainError writes a minimal text/plain error response: the status text,
// and the error itself only when debug is true.
func PlainError(w http.ResponseWriter, status int, err error, debug bool) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Del("Content-Length")
	h.Del("Content-Disposition")
	w.WriteHeader(status)
	msg := fmt.Sprintf("%d %s\n", status, http.StatusText(status))
	if debug && err != nil {
		msg += "\n" + err.Error() + "\n"
	}
	io.WriteString(w, msg)
}
