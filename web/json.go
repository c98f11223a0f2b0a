package web

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// JSON writes v as a JSON response with the given status and
// Content-Type "application/json".
//
// v is encoded into a pooled buffer before anything is written, so an
// encoding error (a channel, a NaN, a failing MarshalJSON) is returned
// untouched by the response and the view's caller can still send a clean
// 500. Errors: an encoding error wrapped with the type of v; an error for a
// status that cannot carry a body (1xx, 204, 205, 304); or a
// [*CommittedError] when the client went away while the body was written.
//
// HTML escaping is off: "<", ">" and "&" are written as themselves rather
// than as \u003c and friends, so API clients see exactly the strings they
// stored. That is safe because the response is application/json with
// X-Content-Type-Options: nosniff, which browsers never render as HTML; JSON
// placed inside an HTML page must go through html/template, which escapes
// for its context there. The body ends with a newline, as json.Encoder
// writes it. A nil v is written as null. JSON is safe for concurrent use.
func JSON(w http.ResponseWriter, status int, v any) error {
	if err := checkStatus("JSON", status); err != nil {
		return err
	}
	buf := getBuffer()
	defer putBuffer(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("web: JSON: encoding %T: %w", v, err)
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	return writeBody(w, status, "application/json", true, buf.Bytes())
}
