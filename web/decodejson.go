package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
)

// DecodeJSON decodes the request's JSON body into v, which must be a
// non-nil pointer, under SiteOf(r).MaxBodyBytes (default 2.5 MB, negative
// for no limit).
//
// Every client mistake is an *[HTTPError] whose Message says what is wrong,
// in words safe to show the client, so a view can simply return it:
//   - Content-Type missing or not application/json (or a "+json" type such
//     as application/merge-patch+json), or a charset other than UTF-8: 415
//     wrapping [ErrUnsupportedMediaType];
//   - body over the limit: 413 (errors.Is(err, ErrTooLarge));
//   - empty body (or only whitespace): 400;
//   - malformed JSON: 400 naming the line, column and byte offset;
//   - a value of the wrong type: 400 naming the field ("items.0.qty") and
//     the expected type;
//   - anything after the first JSON value: 400;
//   - an error from a type's own UnmarshalJSON or UnmarshalText: 400 quoting
//     it, since such methods validate client input.
//
// A v that is not a non-nil pointer is a programming error and returns a
// plain error (a 500). Unknown object keys are ignored, as encoding/json
// does, so older clients and newer servers keep working together; v may be
// partly filled when an error is returned. The body is consumed.
func DecodeJSON(r *http.Request, v any) error {
	if err := checkJSONContentType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := readBody(r, "DecodeJSON", SiteOf(r).bodyLimit(), buf); err != nil {
		return err
	}
	return decodeJSONBytes(buf.Bytes(), v)
}

func checkJSONContentType(ct string) error {
	unsupported := func(message string, cause error) error {
		return &HTTPError{Status: http.StatusUnsupportedMediaType, Message: message,
			Err: fmt.Errorf("web: DecodeJSON: %w: %w", cause, ErrUnsupportedMediaType)}
	}
	if ct == "" {
		return unsupported("missing Content-Type; send application/json",
			errors.New("the request has no Content-Type (the client must send Content-Type: application/json)"))
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return requestError(http.StatusBadRequest, "malformed Content-Type header",
			fmt.Errorf("web: DecodeJSON: Content-Type %q: %w", ct, err))
	}
	if mediaType != "application/json" && !(strings.HasPrefix(mediaType, "application/") && strings.HasSuffix(mediaType, "+json")) {
		return unsupported(fmt.Sprintf("unsupported Content-Type %q; send application/json", mediaType),
			fmt.Errorf("Content-Type %q is not JSON (ParseForm reads forms)", mediaType))
	}
	// RFC 8259 makes UTF-8 the only encoding for JSON between systems.
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return unsupported(fmt.Sprintf("unsupported charset %q; send UTF-8", cs),
			fmt.Errorf("charset %q is not UTF-8", cs))
	}
	return nil
}

func decodeJSONBytes(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return requestError(http.StatusBadRequest, "request body is empty; send a JSON value",
			errors.New("web: DecodeJSON: empty request body"))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return jsonError(data, err)
	}
	// Token, unlike More, also sees a stray "]" or "}" after the value.
	pos := dec.InputOffset() // the end of the value, before Token moves on
	if _, err := dec.Token(); err != io.EOF {
		for pos < int64(len(data)) && isJSONSpace(data[pos]) {
			pos++
		}
		line, col := lineColumn(data, pos)
		return requestError(http.StatusBadRequest,
			fmt.Sprintf("unexpected data after the JSON value at line %d, column %d", line, col),
			fmt.Errorf("web: DecodeJSON: trailing data after the JSON value at byte offset %d (send exactly one value)", pos))
	}
	return nil
}

func jsonError(data []byte, err error) error {
	var (
		syntax    *json.SyntaxError
		typ       *json.UnmarshalTypeError
		badTarget *json.InvalidUnmarshalError
	)
	switch {
	case errors.As(err, &badTarget):
		return fmt.Errorf("web: DecodeJSON: %w (pass a non-nil pointer)", err)
	case errors.As(err, &syntax):
		// Offset counts the bytes read, the offending one included.
		pos := max(syntax.Offset-1, 0)
		line, col := lineColumn(data, pos)
		return requestError(http.StatusBadRequest,
			fmt.Sprintf("malformed JSON at line %d, column %d (byte offset %d): %s", line, col, pos, syntax.Error()),
			fmt.Errorf("web: DecodeJSON: %w", err))
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := lineColumn(data, int64(len(data)))
		return requestError(http.StatusBadRequest,
			fmt.Sprintf("malformed JSON: the body ends in the middle of a value (line %d, column %d)", line, col),
			fmt.Errorf("web: DecodeJSON: %w", err))
	case errors.As(err, &typ):
		where := "the top-level value"
		if typ.Field != "" {
			where = fmt.Sprintf("field %q", typ.Field)
		}
		return requestError(http.StatusBadRequest,
			fmt.Sprintf("wrong type for %s: expected %s, got %s", where, jsonTypeName(typ.Type), typ.Value),
			fmt.Errorf("web: DecodeJSON: %w", err))
	}
	return requestError(http.StatusBadRequest, "invalid JSON value: "+err.Error(),
		fmt.Errorf("web: DecodeJSON: %w", err))
}

// jsonTypeName describes a Go type in the words of a JSON client, without
// exposing the server's type names. Reflection is fine here: it runs only
// on the error path.
func jsonTypeName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another type"
}

// lineColumn returns the 1-based line and column (counted in bytes) of the
// byte at index pos of data; pos == len(data) is the position just past the
// end. Out-of-range positions are clamped.
func lineColumn(data []byte, pos int64) (line, col int) {
	pos = min(max(pos, 0), int64(len(data)))
	before := data[:pos]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = int(pos) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func isJSONSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}
