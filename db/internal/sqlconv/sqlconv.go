// Package sqlconv holds the value conversions the three dialects share:
// what a driver returns turned into the Go form the ORM expects for a
// [db.Kind], and Go values turned into what a driver accepts. Each dialect
// passes a [Style] saying how its database stores the kinds that differ.
package sqlconv

import (
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/jazzgo/jazz/internal/conv"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/jazzgo/jazz/db"
)

// Layouts of the text forms of dates and times. DateTime always has six
// fractional digits so that text comparison orders instants correctly
// (SQLite compares the text).
const (
	DateLayout     = "2006-01-02"
	DateTimeLayout = "2006-01-02 15:04:05.000000"
	TimeLayout     = "15:04:05.000000"
)

// Style says how a database stores the kinds whose storage differs.
type Style struct {
	// Name prefixes error messages ("db/sqlite").
	Name string
	// DateTimeText binds datetimes as DateTimeLayout text in UTC
	// (SQLite); otherwise as a time.Time in UTC.
	DateTimeText bool
	// NativeUUID binds UUIDs in the dashed form for a uuid column
	// (PostgreSQL); otherwise as 32 lowercase hex digits (Django's char(32)).
	NativeUUID bool
}

// Convert turns v, as read from a driver, into the Go form of kind:
// int64 (Auto, Int64), int16, int32, bool, float64, string (Decimal, Char,
// Text), []byte, time.Time (Date at midnight UTC, DateTime in UTC, Time on
// 0000-01-01 UTC), time.Duration, [16]byte (UUID) and json.RawMessage. A
// nil v (NULL) returns nil.
func (s Style) Convert(kind db.Kind, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	var (
		out any
		err error
	)
	switch kind {
	case db.KindAuto, db.KindInt64:
		out, err = toInt64(v)
	case db.KindInt16:
		var n int64
		if n, err = toInt64(v); err == nil {
			if n < math.MinInt16 || n > math.MaxInt16 {
				err = fmt.Errorf("%d overflows int16", n)
			}
			out = int16(n)
		}
	case db.KindInt32:
		var n int64
		if n, err = toInt64(v); err == nil {
			if n < math.MinInt32 || n > math.MaxInt32 {
				err = fmt.Errorf("%d overflows int32", n)
			}
			out = int32(n)
		}
	case db.KindBool:
		out, err = toBool(v)
	case db.KindFloat64:
		out, err = toFloat64(v)
	case db.KindDecimal:
		out, err = decimalText(v)
	case db.KindChar, db.KindText:
		out, err = toString(v)
	case db.KindBinary:
		switch x := v.(type) {
		case []byte:
			out = append([]byte{}, x...)
		case string:
			out = []byte(x)
		default:
			err = unexpected(v)
		}
	case db.KindDate:
		var t time.Time
		if t, err = toTime(v); err == nil {
			y, m, d := t.Date()
			out = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		}
	case db.KindDateTime:
		var t time.Time
		if t, err = toTime(v); err == nil {
			out = t.UTC()
		}
	case db.KindTime:
		var t time.Time
		if t, err = toTime(v); err == nil {
			out = time.Date(0, 1, 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		}
	case db.KindDuration:
		var n int64
		if n, err = toInt64(v); err == nil {
			out = time.Duration(n) * time.Microsecond
		}
	case db.KindUUID:
		out, err = ParseUUID(v)
	case db.KindJSON:
		switch x := v.(type) {
		case []byte:
			out = json.RawMessage(append([]byte{}, x...))
		case string:
			out = json.RawMessage(x)
		default:
			// A driver that decodes JSON itself: encode it back so the
			// ORM always gets a document.
			var b []byte
			if b, err = json.Marshal(x); err == nil {
				out = json.RawMessage(b)
			}
		}
	default:
		return nil, fmt.Errorf("%s: ConvertValue: unknown column kind %d", s.Name, kind)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: reading a %s value: %w", s.Name, KindName(kind), err)
	}
	return out, nil
}

// Bind turns a Go value into what the driver accepts for kind. nil binds
// NULL. A [driver.Valuer] is asked for its value first. Accepted forms:
// Decimal: string (checked), ints, floats, *big.Rat, *big.Float, or a
// fmt.Stringer; Date: time.Time (its calendar date) or "YYYY-MM-DD";
// DateTime: time.Time (instant kept, truncated to the microsecond) or
// RFC 3339 text; Time: time.Time (clock part) or "HH:MM:SS[.ffffff]";
// Duration: time.Duration (truncated to the microsecond) or int64
// microseconds; UUID: [16]byte, a 16-byte array type, 16 raw bytes, or
// text with or without dashes; JSON: json.RawMessage or []byte (must be
// valid JSON), anything else is marshalled (a string becomes a JSON
// string). Other kinds pass through to the driver.
func (s Style) Bind(kind db.Kind, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if val, ok := v.(driver.Valuer); ok {
		if _, isJSON := v.(json.Marshaler); !isJSON || kind != db.KindJSON {
			var err error
			if v, err = val.Value(); err != nil {
				return nil, fmt.Errorf("%s: binding a %s value: %w", s.Name, KindName(kind), err)
			}
			if v == nil {
				return nil, nil
			}
		}
	}
	out, err := s.bind(kind, v)
	if err != nil {
		return nil, fmt.Errorf("%s: binding a %s value: %w", s.Name, KindName(kind), err)
	}
	return out, nil
}

func (s Style) bind(kind db.Kind, v any) (any, error) {
	switch kind {
	case db.KindDecimal:
		return bindDecimal(v)
	case db.KindBinary:
		if str, ok := v.(string); ok {
			return []byte(str), nil
		}
		return v, nil
	case db.KindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return toBool(v)
	case db.KindDate:
		t, err := toTime(v)
		if err != nil {
			return nil, err
		}
		return t.Format(DateLayout), nil
	case db.KindDateTime:
		t, err := toTime(v)
		if err != nil {
			return nil, err
		}
		t = t.UTC().Truncate(time.Microsecond)
		if s.DateTimeText {
			return t.Format(DateTimeLayout), nil
		}
		return t, nil
	case db.KindTime:
		t, err := toTime(v)
		if err != nil {
			return nil, err
		}
		return t.Format(TimeLayout), nil
	case db.KindDuration:
		switch x := v.(type) {
		case time.Duration:
			return x.Microseconds(), nil
		case int64:
			return x, nil
		}
		return nil, unexpected(v)
	case db.KindUUID:
		u, err := ParseUUID(v)
		if err != nil {
			return nil, err
		}
		if s.NativeUUID {
			return FormatUUIDDashed(u), nil
		}
		return hex.EncodeToString(u[:]), nil
	case db.KindJSON:
		switch x := v.(type) {
		case json.RawMessage:
			return validJSON(x)
		case []byte:
			return validJSON(x)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		return string(b), nil
	case db.KindInvalid:
		return nil, fmt.Errorf("invalid column kind")
	}
	return v, nil
}

func validJSON(b []byte) (any, error) {
	if !json.Valid(b) {
		return nil, fmt.Errorf("not valid JSON (marshal the value, or pass it as json.RawMessage only when it is a document)")
	}
	return string(b), nil
}

// KindName is the Go-ish name of a kind for messages.
func KindName(k db.Kind) string {
	names := [...]string{"invalid", "auto", "bool", "int16", "int32", "int64", "float64", "decimal",
		"char", "text", "binary", "date", "datetime", "time", "duration", "uuid", "json"}
	if int(k) >= 0 && int(k) < len(names) {
		return names[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

func unexpected(v any) error { return fmt.Errorf("unexpected Go type %T", v) }

func toString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	}
	return "", unexpected(v)
}

func toInt64(v any) (int64, error) {
	n, err := conv.Int64(v)
	if errors.Is(err, conv.ErrType) {
		return 0, unexpected(v)
	}
	return n, err
}

func toFloat64(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case []byte:
		return strconv.ParseFloat(string(x), 64)
	case string:
		return strconv.ParseFloat(x, 64)
	}
	return 0, unexpected(v)
}

func toBool(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		return x != 0, nil
	case int:
		return x != 0, nil
	case []byte:
		return parseBool(string(x))
	case string:
		return parseBool(x)
	}
	return false, unexpected(v)
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "1", "t", "true":
		return true, nil
	case "0", "f", "false":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a boolean", s)
}

func decimalText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case fmt.Stringer:
		return x.String(), nil
	}
	return "", unexpected(v)
}

func bindDecimal(v any) (string, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int32:
		return strconv.FormatInt(int64(x), 10), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", fmt.Errorf("%v cannot be stored as a decimal", x)
		}
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case *big.Rat:
		return x.FloatString(ratScale(x)), nil
	case *big.Float:
		return x.Text('f', -1), nil
	case fmt.Stringer:
		s = x.String()
	default:
		return "", unexpected(v)
	}
	if !IsDecimal(s) {
		return "", fmt.Errorf("%q is not a decimal number (write it like -123.45)", s)
	}
	return s, nil
}

// ratScale is the number of fractional digits that shows r exactly when
// its denominator divides a power of ten, and 30 otherwise.
func ratScale(r *big.Rat) int {
	d := new(big.Int).Set(r.Denom())
	n := 0
	ten, two, five := big.NewInt(10), big.NewInt(2), big.NewInt(5)
	for d.Cmp(big.NewInt(1)) != 0 && n < 30 {
		switch {
		case new(big.Int).Mod(d, ten).Sign() == 0:
			d.Div(d, ten)
		case new(big.Int).Mod(d, two).Sign() == 0:
			d.Div(d, two)
		case new(big.Int).Mod(d, five).Sign() == 0:
			d.Div(d, five)
		default:
			return 30
		}
		n++
	}
	return n
}

// IsDecimal reports whether s is a plain decimal number: an optional sign,
// digits, and an optional fraction ("-12.50", "3", ".5" is refused).
func IsDecimal(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || (hasDot && frac == "") {
		return false
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
		}
	}
	return true
}

var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02",
	"15:04:05.999999999",
}

func toTime(v any) (time.Time, error) {
	var s string
	switch x := v.(type) {
	case time.Time:
		return x, nil
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return time.Time{}, unexpected(v)
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date or time (expected ISO 8601, like 2006-01-02 15:04:05.000000)", s)
}

// ParseUUID reads a UUID from [16]byte, a named 16-byte array type, 16
// raw bytes, or 32 hex digits with or without the four dashes (as text or
// bytes).
func ParseUUID(v any) ([16]byte, error) {
	var u [16]byte
	var s string
	switch x := v.(type) {
	case [16]byte:
		return x, nil
	case []byte:
		if len(x) == 16 {
			copy(u[:], x)
			return u, nil
		}
		s = string(x)
	case string:
		s = x
	case fmt.Stringer:
		s = x.String()
	default:
		// A named array type (type UUID [16]byte) without String: rare,
		// so reflection here costs nothing on the common path.
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Array && rv.Len() == 16 && rv.Type().Elem().Kind() == reflect.Uint8 {
			reflect.Copy(reflect.ValueOf(u[:]), rv)
			return u, nil
		}
		return u, unexpected(v)
	}
	h := s
	if len(s) == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-' {
		h = s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:]
	}
	if len(h) != 32 {
		return u, fmt.Errorf("%q is not a UUID (32 hex digits, dashes optional)", s)
	}
	if _, err := hex.Decode(u[:], []byte(h)); err != nil {
		return u, fmt.Errorf("%q is not a UUID (32 hex digits, dashes optional)", s)
	}
	return u, nil
}

// FormatUUIDDashed writes u in the 8-4-4-4-12 form.
func FormatUUIDDashed(u [16]byte) string {
	h := hex.EncodeToString(u[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// OnConflict writes the upsert clause PostgreSQL and SQLite share: ON
// CONFLICT (...) DO UPDATE SET col = EXCLUDED.col, or DO NOTHING when
// update is empty. Names are already quoted.
func OnConflict(conflict, update []string) string {
	s := "ON CONFLICT (" + JoinQuoted(conflict) + ") DO "
	if len(update) == 0 {
		return s + "NOTHING"
	}
	sets := make([]string, len(update))
	for i, c := range update {
		sets[i] = c + " = EXCLUDED." + c
	}
	return s + "UPDATE SET " + strings.Join(sets, ", ")
}
