package cache

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Serializer turns values into bytes and back. It is used for every value
// that is not a string, a byte slice or an integer (those are stored raw,
// so that other programs can read them and backends can increment them).
// Implementations must be safe for concurrent use.
type Serializer interface {
	Marshal(v any) ([]byte, error)
	// Unmarshal decodes data into v, a non-nil pointer.
	Unmarshal(data []byte, v any) error
}

// Gob is the default [Serializer], encoding/gob. It round-trips Go types
// exactly (unexported fields excepted); interface-typed fields need
// gob.Register. Each value carries its type description, so it is larger
// than JSON for small values.
type Gob struct{}

// Marshal implements [Serializer].
func (Gob) Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Unmarshal implements [Serializer].
func (Gob) Unmarshal(data []byte, v any) error {
	return gob.NewDecoder(bytes.NewReader(data)).Decode(v)
}

// JSON is a [Serializer] using encoding/json: readable by other languages,
// but it loses Go types that JSON cannot express (a number read into an
// any becomes float64).
type JSON struct{}

// Marshal implements [Serializer].
func (JSON) Marshal(v any) ([]byte, error) { return json.Marshal(v) }

// Unmarshal implements [Serializer].
func (JSON) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// encode turns a caller's value into stored bytes. The result never
// aliases memory the caller may still change.
func (c *Cache) encode(v any) ([]byte, error) {
	switch v := v.(type) {
	case string:
		return []byte(v), nil
	case []byte:
		return bytes.Clone(v), nil
	case int:
		return strconv.AppendInt(nil, int64(v), 10), nil
	case int8:
		return strconv.AppendInt(nil, int64(v), 10), nil
	case int16:
		return strconv.AppendInt(nil, int64(v), 10), nil
	case int32:
		return strconv.AppendInt(nil, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(nil, v, 10), nil
	case uint:
		return strconv.AppendUint(nil, uint64(v), 10), nil
	case uint8:
		return strconv.AppendUint(nil, uint64(v), 10), nil
	case uint16:
		return strconv.AppendUint(nil, uint64(v), 10), nil
	case uint32:
		return strconv.AppendUint(nil, uint64(v), 10), nil
	case uint64:
		return strconv.AppendUint(nil, v, 10), nil
	case nil:
		return nil, errors.New("a nil value cannot be cached; store a pointer to a type or use Delete")
	}
	b, err := c.s.ser.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding %T with %T: %w", v, c.s.ser, err)
	}
	return b, nil
}

// errNilDst is returned, whatever Strict says, for a programming error.
var errNilDst = errors.New("dst must be a non-nil pointer")

// decode stores data into dst according to dst's type (see Cache.Get).
func (c *Cache) decode(data []byte, dst any) error {
	switch d := dst.(type) {
	case nil:
		return errNilDst
	case *string:
		*d = string(data)
	case *[]byte:
		*d = data
	case *int:
		n, err := parseSigned(data, strconv.IntSize)
		*d = int(n)
		return err
	case *int8:
		n, err := parseSigned(data, 8)
		*d = int8(n)
		return err
	case *int16:
		n, err := parseSigned(data, 16)
		*d = int16(n)
		return err
	case *int32:
		n, err := parseSigned(data, 32)
		*d = int32(n)
		return err
	case *int64:
		n, err := parseSigned(data, 64)
		*d = n
		return err
	case *uint:
		n, err := parseUnsigned(data, strconv.IntSize)
		*d = uint(n)
		return err
	case *uint8:
		n, err := parseUnsigned(data, 8)
		*d = uint8(n)
		return err
	case *uint16:
		n, err := parseUnsigned(data, 16)
		*d = uint16(n)
		return err
	case *uint32:
		n, err := parseUnsigned(data, 32)
		*d = uint32(n)
		return err
	case *uint64:
		n, err := parseUnsigned(data, 64)
		*d = n
		return err
	default:
		if err := c.s.ser.Unmarshal(data, dst); err != nil {
			return fmt.Errorf("decoding into %T with %T: %w (was the value stored as another type?)", dst, c.s.ser, err)
		}
	}
	return nil
}

// ParseInt parses a stored integer: optional sign, decimal digits, and
// surrounding ASCII spaces (memcached pads incremented values). Backends
// implementing [Incrementer] use it so that every backend accepts the same
// values; anything else is [ErrNotInteger].
func ParseInt(data []byte) (int64, error) {
	return parseSigned(data, 64)
}

func parseSigned(data []byte, bits int) (int64, error) {
	n, err := strconv.ParseInt(string(bytes.TrimSpace(data)), 10, bits)
	if err != nil {
		return 0, fmt.Errorf("%w: %s", ErrNotInteger, shortValue(data))
	}
	return n, nil
}

func parseUnsigned(data []byte, bits int) (uint64, error) {
	n, err := strconv.ParseUint(string(bytes.TrimSpace(data)), 10, bits)
	if err != nil {
		return 0, fmt.Errorf("%w: %s", ErrNotInteger, shortValue(data))
	}
	return n, nil
}

// shortValue describes a value for an error message without dumping it.
func shortValue(data []byte) string {
	if len(data) > 24 {
		return fmt.Sprintf("%q… (%d bytes)", data[:24], len(data))
	}
	return fmt.Sprintf("%q", data)
}

// AddInt returns n+delta, or an error wrapping [ErrNotInteger] when the
// sum does not fit an int64 (a backend whose server reports overflow
// should wrap ErrNotInteger too). Backends implementing [Incrementer] use
// it.
func AddInt(n, delta int64) (int64, error) {
	if delta > 0 && n > math.MaxInt64-delta || delta < 0 && n < math.MinInt64-delta {
		return 0, fmt.Errorf("%w: adding %d to %d overflows int64", ErrNotInteger, delta, n)
	}
	return n + delta, nil
}
