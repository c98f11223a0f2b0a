package web

import (
	"net/http"
)

// Text writes s as a text/plain; charset=utf-8 response with the given
// status. Errors: an error for a status that cannot carry a body (1xx, 204,
// 205, 304), or a [*CommittedError] when the client went away.
func Text(w http.ResponseWriter, status int, s string) error {
	if err := checkStatus("Text", status); err != nil {
		return err
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	return writeBody(w, status, "text/plain; charset=utf-8", true, []byte(s))
}

// HTML writes body as a text/html; charset=utf-8 response with the given
// status. It accepts template.HTML or a plain string (any type whose
// underlying type is string).
//
// The body is sent exactly as given, never escaped: it must be trusted
// markup. Build anything containing user input with [Render] or
// html/template, which escape it. Errors are as for [Text].
func HTML[T ~string](w http.ResponseWriter, status int, body T) error {
	if err := checkStatus("HTML", status); err != nil {
		return err
	}
	return writeBody(w, status, "text/html; charset=utf-8", true, []byte(body))
}

// NoContent writes an empty 204 No Content response, dropping any
// Content-Type or Content-Length set earlier (a 204 has no body to
// describe). It always returns nil, so a view can end with
// "return web.NoContent(w)".
func NoContent(w http.ResponseWriter) error {
	h := w.Header()
	h.Del("Content-Type")
	h.Del("Content-Length")
	w.WriteHeader(http.StatusNoContent)
	return nil
}
