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
}

// Defaults for [Site] limits, matching Django.
const (
	DefaultMaxBodyBytes  = 2621440
	DefaultMaxFormFields = 1000
)

type siteKey struct{}

// WithSite returns r with s attached to its context.
func WithSite(r *http.Request, s *Site) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), siteKey{}, s))
}

// SiteOf returns the Site attached to r, or an empty Site with defaults when
// none is, so that handlers work outside a project (in plain tests).
func SiteOf(r *http.Request) *Site {
	if s, ok := r.Context().Value(siteKey{}).(*Site); ok {
		return s
	}
	return &emptySite
}

var emptySite Site

func (s *Site) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// Error writes the response for err: the project's error page for its
// status (see [StatusOf]), with any headers the error carries. It is the one
// place that turns errors into responses. Errors that map to 500 are logged.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	status := StatusOf(err)
	var he *HTTPError
	if errors.As(err, &he) {
		for k, vs := range he.Header {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
	}
	s := SiteOf(r)
	if s.Errors != nil {
		s.Errors(w, r, status, err)
		return
	}
	if status >= 500 {
		s.logger().ErrorContext(r.Context(), "internal server error",
			"method", r.Method, "path", r.URL.Path, "error", err)
	}
	PlainError(w, status, err, s.Debug)
}

// PlainError writes a minimal text/plain error response: the status text,
// and the error itself only when debug is true.
func PlainError(w http.ResponseWriter, status int, err error, debug bool) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Del("Content-Length")
	w.WriteHeader(status)
	msg := fmt.Sprintf("%d %s\n", status, http.StatusText(status))
	if debug && err != nil {
		msg += "\n" + err.Error() + "\n"
	}
	io.WriteString(w, msg)
}
