package orm

import (
	"encoding/json"
	"fmt"
	"github.com/jazzgo/jazz/internal/conv"
	"math"
	"reflect"
	"strconv"
	"time"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// rep is how a field's value sits in memory; registration chooses it once
// per field, so reading and writing rows is a switch on it plus a pointer
// cast, with no reflection.
type rep uint8

const (
	repInvalid rep = iota
	repString
	repBool
	repInt // Go int
	repInt8
	repInt16
	repInt32
	repInt64
	repUint
	repUint8
	repUint16
	repUint32
	repUint64
	repFloat32
	repFloat64
	repDecimal
	repTime
	repDuration
	repUUID
	repBytes
	repJSON
	repFK
)

// get reads the field of the struct at base as the value to bind (before
// Dialect.BindValue): string, bool, int64, float64, the decimal text,
// time.Time, time.Duration, [16]byte, []byte or the JSON text; nil for
// NULL.
func (f *FieldInfo) get(base unsafe.Pointer) (any, error) {
	p := f.at(base)
	if f.ptr {
		p = *(*unsafe.Pointer)(p)
		if p == nil {
			return nil, nil
		}
	}
	switch f.rep {
	case repString:
		return *(*string)(p), nil
	case repBool:
		return *(*bool)(p), nil
	case repInt:
		return int64(*(*int)(p)), nil
	case repInt8:
		return int64(*(*int8)(p)), nil
	case repInt16:
		return int64(*(*int16)(p)), nil
	case repInt32:
		return int64(*(*int32)(p)), nil
	case repInt64:
		return *(*int64)(p), nil
	case repUint:
		return uintValue(f, uint64(*(*uint)(p)))
	case repUint8:
		return int64(*(*uint8)(p)), nil
	case repUint16:
		return int64(*(*uint16)(p)), nil
	case repUint32:
		return int64(*(*uint32)(p)), nil
	case repUint64:
		return uintValue(f, *(*uint64)(p))
	case repFloat32:
		return float64(*(*float32)(p)), nil
	case repFloat64:
		return *(*float64)(p), nil
	case repDecimal:
		return (*(*Decimal)(p)).String(), nil
	case repTime:
		return *(*time.Time)(p), nil
	case repDuration:
		return *(*time.Duration)(p), nil
	case repUUID:
		return [16]byte(*(*UUID)(p)), nil
	case repBytes:
		b := *(*[]byte)(p)
		if b == nil && f.Null {
			return nil, nil
		}
		if b == nil {
			b = []byte{}
		}
		return b, nil
	case repJSON:
		t := f.GoType
		if f.ptr {
			t = t.Elem()
		}
		v := reflect.NewAt(t, p).Elem()
		if f.Null && isNilValue(v) {
			return nil, nil
		}
		b, err := json.Marshal(v.Interface())
		if err != nil {
			return nil, fmt.Errorf("orm: %s: encoding JSON: %w", f, err)
		}
		// RawMessage tells BindValue the text is a document already.
		return json.RawMessage(b), nil
	case repFK:
		h := (*fkHeader)(p)
		id := h.id
		if h.obj != nil && f.RelatedModel != nil {
			// The target may have been saved after Set: read its key now.
			id = pkInt(f.RelatedModel, h.obj)
			h.id = id
		}
		if id == 0 && f.Null {
			return nil, nil
		}
		return id, nil
	}
	return nil, fmt.Errorf("orm: %s: unsupported field representation", f)
}

func isNilValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Map, reflect.Slice, reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

func uintValue(f *FieldInfo, u uint64) (any, error) {
	if u > math.MaxInt64 {
		return nil, fmt.Errorf("orm: %s: value %d does not fit a signed 64-bit column", f, u)
	}
	return int64(u), nil
}

// store writes v into the field at p, allocating the pointee of a pointer
// field.
func store[T any](p unsafe.Pointer, ptr bool, v T) {
	if ptr {
		x := new(T)
		*x = v
		*(**T)(p) = x
		return
	}
	*(*T)(p) = v
}

// set writes the driver value src (as scanned) into the field of the
// struct at base. NULL sets a pointer to nil and any other field to its
// zero value (a LEFT JOIN can produce NULL for a non-null column).
func (f *FieldInfo) set(base unsafe.Pointer, src any, d db.Dialect) error {
	p := f.at(base)
	if src == nil {
		f.setZero(p)
		return nil
	}
	ptr := f.ptr
	switch f.rep {
	case repString:
		switch v := src.(type) {
		case string:
			store(p, ptr, v)
			return nil
		case []byte:
			store(p, ptr, string(v))
			return nil
		}
	case repBool:
		if v, ok := src.(bool); ok {
			store(p, ptr, v)
			return nil
		}
	case repInt, repInt8, repInt16, repInt32, repInt64, repUint, repUint8, repUint16, repUint32, repUint64:
		if v, ok := src.(int64); ok {
			return f.storeInt(p, v)
		}
	case repFloat32, repFloat64:
		if v, ok := src.(float64); ok {
			if f.rep == repFloat32 {
				store(p, ptr, float32(v))
			} else {
				store(p, ptr, v)
			}
			return nil
		}
	case repDecimal:
		if v, ok := src.(string); ok {
			if c, ok := canonicalDecimal(v); ok {
				store(p, ptr, Decimal{s: c})
				return nil
			}
		}
	case repTime:
		if v, ok := src.(time.Time); ok {
			store(p, ptr, v.UTC())
			return nil
		}
	case repBytes:
		if v, ok := src.([]byte); ok {
			// The driver may reuse its buffer for the next row.
			store(p, ptr, append([]byte{}, v...))
			return nil
		}
	case repFK:
		if v, ok := src.(int64); ok {
			h := (*fkHeader)(p)
			if h.id != v {
				h.obj = nil
			}
			h.id = v
			return nil
		}
	}
	// Not the expected Go type: let the dialect convert it (SQLite's text
	// times and integer booleans, MySQL's byte strings), then accept the
	// common forms.
	cv, err := d.ConvertValue(f.Kind, src)
	if err != nil {
		return fmt.Errorf("orm: reading %s: %w", f, err)
	}
	if cv == nil {
		f.setZero(p)
		return nil
	}
	if err := f.setConverted(p, cv); err != nil {
		return fmt.Errorf("orm: reading %s: %w", f, err)
	}
	return nil
}

func (f *FieldInfo) setZero(p unsafe.Pointer) {
	if f.ptr {
		*(*unsafe.Pointer)(p) = nil
		return
	}
	if f.rep == repFK {
		*(*fkHeader)(p) = fkHeader{}
		return
	}
	reflect.NewAt(f.GoType, p).Elem().SetZero()
}

func (f *FieldInfo) storeInt(p unsafe.Pointer, v int64) error {
	ptr := f.ptr
	var bad bool
	switch f.rep {
	case repInt:
		store(p, ptr, int(v))
	case repInt8:
		bad = v != int64(int8(v))
		store(p, ptr, int8(v))
	case repInt16:
		bad = v != int64(int16(v))
		store(p, ptr, int16(v))
	case repInt32:
		bad = v != int64(int32(v))
		store(p, ptr, int32(v))
	case repInt64:
		store(p, ptr, v)
	case repUint:
		bad = v < 0
		store(p, ptr, uint(v))
	case repUint8:
		bad = v != int64(uint8(v))
		store(p, ptr, uint8(v))
	case repUint16:
		bad = v != int64(uint16(v))
		store(p, ptr, uint16(v))
	case repUint32:
		bad = v != int64(uint32(v))
		store(p, ptr, uint32(v))
	case repUint64:
		bad = v < 0
		store(p, ptr, uint64(v))
	case repFK:
		(*fkHeader)(p).id = v
	}
	if bad {
		return fmt.Errorf("orm: reading %s: %d overflows %s", f, v, f.GoType)
	}
	return nil
}

// setConverted stores a value that went through Dialect.ConvertValue,
// accepting every reasonable form for the field.
func (f *FieldInfo) setConverted(p unsafe.Pointer, v any) error {
	ptr := f.ptr
	switch f.rep {
	case repString:
		s, ok := asText(v)
		if !ok {
			break
		}
		store(p, ptr, s)
		return nil
	case repBool:
		switch x := v.(type) {
		case bool:
			store(p, ptr, x)
			return nil
		case int64:
			store(p, ptr, x != 0)
			return nil
		}
		if s, ok := asText(v); ok {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return err
			}
			store(p, ptr, b)
			return nil
		}
	case repInt, repInt8, repInt16, repInt32, repInt64, repUint, repUint8, repUint16, repUint32, repUint64, repFK:
		n, err := asInt(v)
		if err != nil {
			return err
		}
		return f.storeInt(p, n)
	case repFloat32, repFloat64:
		var x float64
		switch n := v.(type) {
		case float64:
			x = n
		case float32:
			x = float64(n)
		case int64:
			x = float64(n)
		default:
			s, ok := asText(v)
			if !ok {
				return fmt.Errorf("cannot use %T as a float", v)
			}
			var err error
			if x, err = strconv.ParseFloat(s, 64); err != nil {
				return err
			}
		}
		if f.rep == repFloat32 {
			store(p, ptr, float32(x))
		} else {
			store(p, ptr, x)
		}
		return nil
	case repDecimal:
		var s string
		switch n := v.(type) {
		case int64:
			s = strconv.FormatInt(n, 10)
		case float64:
			// Only reached when a driver hands back a float; 'f' with -1
			// keeps the shortest exact representation of that float.
			s = strconv.FormatFloat(n, 'f', -1, 64)
		default:
			t, ok := asText(v)
			if !ok {
				return fmt.Errorf("cannot use %T as a decimal", v)
			}
			s = t
		}
		d, err := ParseDecimal(s)
		if err != nil {
			return err
		}
		store(p, ptr, d)
		return nil
	case repTime:
		switch x := v.(type) {
		case time.Time:
			store(p, ptr, x.UTC())
			return nil
		}
		if s, ok := asText(v); ok {
			t, err := parseTimeText(s)
			if err != nil {
				return err
			}
			store(p, ptr, t)
			return nil
		}
	case repDuration:
		switch x := v.(type) {
		case time.Duration:
			store(p, ptr, x)
			return nil
		case int64: // microseconds, as Django stores durations
			store(p, ptr, time.Duration(x)*time.Microsecond)
			return nil
		}
	case repUUID:
		u, err := uuidFrom(v)
		if err != nil {
			return err
		}
		store(p, ptr, u)
		return nil
	case repBytes:
		switch x := v.(type) {
		case []byte:
			store(p, ptr, append([]byte{}, x...))
			return nil
		case string:
			store(p, ptr, []byte(x))
			return nil
		}
	case repJSON:
		var raw []byte
		switch x := v.(type) {
		case json.RawMessage:
			raw = x
		case []byte:
			raw = x
		case string:
			raw = []byte(x)
		default:
			// Already decoded by the dialect: round-trip it into the Go type.
			b, err := json.Marshal(x)
			if err != nil {
				return err
			}
			raw = b
		}
		t := f.GoType
		if f.ptr {
			t = t.Elem()
		}
		dst := reflect.New(t)
		if err := json.Unmarshal(raw, dst.Interface()); err != nil {
			return fmt.Errorf("decoding JSON: %w", err)
		}
		if f.ptr {
			*(*unsafe.Pointer)(p) = dst.UnsafePointer()
		} else {
			reflect.NewAt(t, p).Elem().Set(dst.Elem())
		}
		return nil
	}
	return fmt.Errorf("cannot use %T as %s", v, f.GoType)
}

func asText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	}
	return "", false
}

// asInt accepts every integer form; see conv.Int64.
func asInt(v any) (int64, error) { return conv.Int64(v) }

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02",
	"15:04:05.999999999",
}

// parseTimeText is the fallback for a dialect that leaves a time as text.
func parseTimeText(s string) (time.Time, error) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot parse %q as a time", s)
}
