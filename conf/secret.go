package conf

import (
	"fmt"
	"log/slog"
	"strconv"
)

// Masked is what a non-empty [Secret] prints as, and what [Describe] shows
// in place of a secret value.
const Masked = "********"

// Secret is a string that must not leak by accident: into a log line, an
// error page, a JSON dump or a %v in a debug print. Every way of printing
// it (String, GoString, Format with any verb, MarshalJSON, MarshalText,
// LogValue) gives [Masked] when it is non-empty and "" when it is empty, so
// an operator can still tell whether it is set. Only [Secret.Reveal] returns
// the value; grep for Reveal to audit where secrets go.
//
// Masking relies on fmt and encoding calling the methods, which they do for
// exported struct fields, slice elements and map values. A Secret stored in
// an unexported struct field is printed raw by fmt's %v of the enclosing
// struct, because fmt cannot call methods on unexported fields; keep secrets
// in exported fields or convert them explicitly.
//
// The zero value is the empty secret. Secret values are immutable and safe
// for concurrent use.
type Secret string

// Reveal returns the secret value itself. Call it only where the value is
// used (signing, connecting), never to print it.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the secret is non-empty.
func (s Secret) IsSet() bool { return s != "" }

func (s Secret) masked() string {
	if s == "" {
		return ""
	}
	return Masked
}

// String returns [Masked], or "" when s is empty.
func (s Secret) String() string { return s.masked() }

// GoString returns the masked value as a Go expression,
// conf.Secret("********"), for %#v.
func (s Secret) GoString() string { return "conf.Secret(" + strconv.Quote(s.masked()) + ")" }

// Format implements [fmt.Formatter] so that every verb (%s, %q, %x, %v,
// %#v, %d...) prints the masked value, never the secret. Width and flags
// are honoured as for a string.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, s.GoString())
		return
	}
	switch verb {
	case 's', 'q', 'v', 'x', 'X':
	default:
		// Verbs that make no sense for a string (%d) would print the
		// bytes in a "%!d(...)" diagnostic; print the mask instead.
		verb = 's'
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), s.masked())
}

// MarshalJSON encodes the masked value as a JSON string.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(s.masked())), nil }

// MarshalText returns the masked value, for encoders that use
// [encoding.TextMarshaler] (XML, map keys, slog's text handler).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.masked()), nil }

// LogValue implements [slog.LogValuer]: a Secret logged as an attribute
// shows as the masked value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.masked()) }
