package forms

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Error is one validation failure. Code is stable and meant for programs
// (tests, API clients, per-field overrides in Base.ErrorMessages); Message is
// an English template whose {name} placeholders are filled from Params, so a
// translator can translate the template once and still get the values in.
type Error struct {
	Code    string
	Message string
	Params  map[string]any
}

// Errorf builds an Error with a code, a message template and key/value pairs
// for its placeholders, e.g. Errorf("max_length", "At most {max} characters.", "max", 5).
func Errorf(code, message string, kv ...any) *Error {
	e := &Error{Code: code, Message: message}
	if len(kv) > 0 {
		e.Params = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			e.Params[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	return e
}

// Error returns the message with its placeholders filled, untranslated.
func (e *Error) Error() string { return e.Format(nil) }

// Format fills the placeholders of the message, translating the template
// first when translate is not nil.
func (e *Error) Format(translate func(string) string) string {
	msg := e.Message
	if translate != nil {
		msg = translate(msg)
	}
	if len(e.Params) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	pairs := make([]string, 0, 2*len(e.Params))
	for k, v := range e.Params {
		pairs = append(pairs, "{"+k+"}", fmt.Sprint(v))
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// ErrorList holds every error of one field (or the non-field errors) in the
// order they were found.
type ErrorList []*Error

// Error joins the messages so an ErrorList can travel as an error.
func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, " ")
}

// Has reports whether the list holds an error with the code.
func (l ErrorList) Has(code string) bool {
	for _, e := range l {
		if e.Code == code {
			return true
		}
	}
	return false
}

// Codes lists the codes in order; tests compare against it.
func (l ErrorList) Codes() []string {
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = e.Code
	}
	return out
}

// Messages formats every error, translating through translate when not nil.
func (l ErrorList) Messages(translate func(string) string) []string {
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = e.Format(translate)
	}
	return out
}

// asErrors turns any error returned by a field, validator or hook into an
// ErrorList: an *Error or ErrorList passes through, errors.Join trees are
// flattened, and any other error becomes code "invalid" with its text.
func asErrors(err error) ErrorList {
	if err == nil {
		return nil
	}
	switch x := err.(type) {
	case ErrorList:
		return x
	case *Error:
		return ErrorList{x}
	case interface{ Unwrap() []error }:
		var out ErrorList
		for _, e := range x.Unwrap() {
			out = append(out, asErrors(e)...)
		}
		return out
	}
	var fe *Error
	if errors.As(err, &fe) {
		return ErrorList{fe}
	}
	return ErrorList{{Code: "invalid", Message: err.Error()}}
}

// MarshalJSON writes {"code": ..., "message": ...} with the placeholders
// filled, the shape API clients expect.
func (e *Error) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}{e.Code, e.Error()})
}
