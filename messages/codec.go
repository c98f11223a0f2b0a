package messages

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// The wire format is Django's MessageEncoder: a JSON list whose items are
// ["__json_message", safe (0 or 1), level, text] with the extra tags as a
// fifth item when there are any. The cookie storage may end the list with
// the string "__messagesnotfinished__" to say that newer messages went to
// the next storage.
const (
	messageKey  = "__json_message"
	notFinished = "__messagesnotfinished__"
)

// errFormat is returned for stored data that is not a message list.
var errFormat = errors.New("messages: stored data is not a message list")

// appendList appends msgs as Django's MessageEncoder writes them: compact
// (separators "," and ":") as the cookie storage does, or with Python's
// default ", " as the session storage does. Non-ASCII is written as \u
// escapes, as Python's json.dumps does by default, so the bytes are
// Django's own.
func appendList(b []byte, msgs []Message, marker, compact bool) []byte {
	sep := ", "
	if compact {
		sep = ","
	}
	b = append(b, '[')
	for i, m := range msgs {
		if i > 0 {
			b = append(b, sep...)
		}
		b = append(b, `["`+messageKey+`"`...)
		b = append(b, sep...)
		if m.Safe {
			b = append(b, '1')
		} else {
			b = append(b, '0')
		}
		b = append(b, sep...)
		b = strconv.AppendInt(b, int64(m.Level), 10)
		b = append(b, sep...)
		b = appendPyString(b, m.Text)
		// Django 3.2 writes extra tags only when non-empty; 4.1 and later
		// also write "", and both read either.
		if m.ExtraTags != "" {
			b = append(b, sep...)
			b = appendPyString(b, m.ExtraTags)
		}
		b = append(b, ']')
	}
	if marker {
		if len(msgs) > 0 {
			b = append(b, sep...)
		}
		b = append(b, `"`+notFinished+`"`...)
	}
	return append(b, ']')
}

// appendPyString appends s as a JSON string the way Python's json.dumps
// writes it with ensure_ascii: short escapes for \" \\ \n \r \t \b \f,
// lowercase \u00XX for other control characters and DEL, \uXXXX (a
// surrogate pair above U+FFFF) for everything outside ASCII. Invalid UTF-8
// becomes U+FFFD.
func appendPyString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	u := func(b []byte, r rune) []byte {
		return append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
	}
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r == '\b':
			b = append(b, '\\', 'b')
		case r == '\f':
			b = append(b, '\\', 'f')
		case r >= 0x20 && r < 0x7f:
			b = append(b, byte(r))
		case r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			b = u(u(b, r1), r2)
		default:
			b = u(b, r)
		}
	}
	return append(b, '"')
}

// decodeList reads a message list in Django's format, from either storage.
// marker reports a trailing not-finished marker (removed from msgs). Any
// item that is not a message, other than that marker, makes the whole
// list invalid: it was not written by Django or Jazz.
func decodeList(js []byte) (msgs []Message, marker bool, err error) {
	var items []json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	if err := dec.Decode(&items); err != nil {
		return nil, false, errFormat
	}
	if dec.More() {
		return nil, false, errFormat
	}
	if n := len(items); n > 0 && string(items[n-1]) == `"`+notFinished+`"` {
		marker = true
		items = items[:n-1]
	}
	msgs = make([]Message, 0, len(items))
	for _, raw := range items {
		m, ok := decodeMessage(raw)
		if !ok {
			return nil, false, errFormat
		}
		msgs = append(msgs, m)
	}
	return msgs, marker, nil
}

// decodeMessage reads one ["__json_message", safe, level, text, tags?].
func decodeMessage(raw json.RawMessage) (Message, bool) {
	var parts []any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&parts) != nil || len(parts) < 4 || len(parts) > 5 || parts[0] != messageKey {
		return Message{}, false
	}
	var m Message
	switch v := parts[1].(type) { // Python truthiness of the safe flag
	case json.Number:
		m.Safe = v.String() != "0"
	case bool:
		m.Safe = v
	case nil:
	default:
		return Message{}, false
	}
	n, ok := parts[2].(json.Number)
	if !ok {
		return Message{}, false
	}
	level, err := strconv.ParseInt(n.String(), 10, 32)
	if err != nil {
		return Message{}, false
	}
	m.Level = Level(level)
	if m.Text, ok = parts[3].(string); !ok {
		return Message{}, false
	}
	if len(parts) == 5 && parts[4] != nil {
		if m.ExtraTags, ok = parts[4].(string); !ok {
			return Message{}, false
		}
	}
	return m, true
}

// latin1 maps each byte to the code point of the same number, as Django's
// MessageSerializer decodes cookie payloads. Django writes ASCII only, so
// this changes nothing for values it or Jazz made.
func latin1(b []byte) []byte {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			out := make([]byte, 0, len(b)*2)
			for _, c := range b {
				out = utf8.AppendRune(out, rune(c))
			}
			return out
		}
	}
	return b
}
