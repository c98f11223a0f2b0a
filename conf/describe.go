package conf

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Field is one setting as shown to a person: by the debug page and by
// diffsettings-style output.
type Field struct {
	// Name is the Go field name, SecretKey.
	Name string
	// Env is the environment variable that overrides it, JAZZ_SECRET_KEY,
	// or "" when the field is tagged env:"-".
	Env string
	// Value is the current value formatted for display, secrets masked.
	Value string
}

// secretWords are the parts of a setting name that mark its value as
// secret. The list errs towards hiding: a masked harmless value costs
// nothing, a shown password costs a lot.
var secretWords = []string{"KEY", "SECRET", "PASSWORD", "PASS", "TOKEN", "SIGNATURE", "API", "AUTH", "CREDENTIALS", "DSN"}

// LooksSecret reports whether a setting (or map key, or URL query
// parameter) called name probably holds a secret: whether it contains, in
// any case, one of KEY, SECRET, PASSWORD, PASS, TOKEN, SIGNATURE, API,
// AUTH, CREDENTIALS or DSN. The test is by substring, so AuthUserModel and
// KeyPrefix count as secret too; that is deliberate.
func LooksSecret(name string) bool {
	up := strings.ToUpper(name)
	for _, w := range secretWords {
		if strings.Contains(up, w) {
			return true
		}
	}
	return false
}

// Describe lists every exported field of settings (a struct or a pointer
// to one; fields of embedded structs are listed as their own) in
// declaration order, formatted for display. It returns nil when settings is
// nil or not a struct.
//
// Values are formatted in the form [ApplyEnv] reads where there is one:
// lists comma-separated, maps as "k=v" pairs sorted by key, durations in
// Go syntax. Masking, so that the output is safe to show on a debug page:
//
//   - a field whose name [LooksSecret], and every [Secret], shows [Masked]
//     when set and "" when it has its zero value, so an operator can see
//     whether a secret is set without seeing it;
//   - in maps and nested structs, values under secret-looking keys and
//     field names are masked the same way;
//   - passwords inside URLs are masked wherever they appear
//     (postgres://u:pw@h/db shows as postgres://u:********@h/db), as are
//     values of secret-looking query parameters (?password=...).
//
// The result is freshly allocated and owned by the caller. Describe uses
// reflection; call it when a page or command needs it, not per request.
func Describe(settings any) []Field {
	rv := reflect.ValueOf(settings)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil
	}
	fields := fieldsOf(rv.Type(), nil)
	out := make([]Field, 0, len(fields))
	for _, f := range fields {
		out = append(out, Field{
			Name:  f.name,
			Env:   f.env,
			Value: formatValue(rv.FieldByIndex(f.index), LooksSecret(f.name), 0),
		})
	}
	return out
}

// maxDepth stops formatting of deeply nested (or cyclic) values.
const maxDepth = 4

var (
	stringerType      = reflect.TypeFor[fmt.Stringer]()
	textMarshalerType = reflect.TypeFor[interface{ MarshalText() ([]byte, error) }]()
)

// formatValue renders v for display, masking it whole when secret is set.
func formatValue(v reflect.Value, secret bool, depth int) (s string) {
	if !v.IsValid() {
		return ""
	}
	if secret || v.Type() == secretType {
		if v.IsZero() {
			return ""
		}
		return Masked
	}
	// A user type's String method may panic on odd values; a settings
	// listing must never take the debug page down with it.
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("<%s: panic: %v>", v.Type(), r)
		}
	}()
	if depth > maxDepth {
		return "…"
	}
	t := v.Type()
	if t == durationType {
		return time.Duration(v.Int()).String()
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ""
		}
	}
	if v.CanInterface() {
		if t.Implements(stringerType) {
			return MaskURL(v.Interface().(fmt.Stringer).String())
		}
		if t.Implements(textMarshalerType) {
			if b, err := v.Interface().(interface{ MarshalText() ([]byte, error) }).MarshalText(); err == nil {
				return MaskURL(string(b))
			}
		}
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		return formatValue(v.Elem(), false, depth+1)
	case reflect.String:
		return MaskURL(v.String())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, t.Bits())
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			return MaskURL(string(v.Bytes()))
		}
		items := make([]string, v.Len())
		for i := range items {
			items[i] = formatValue(v.Index(i), false, depth+1)
		}
		return strings.Join(items, ",")
	case reflect.Map:
		type kv struct{ k, v string }
		pairs := make([]kv, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			k := formatValue(it.Key(), false, depth+1)
			pairs = append(pairs, kv{k, formatValue(it.Value(), LooksSecret(k), depth+1)})
		}
		slices.SortFunc(pairs, func(a, b kv) int { return strings.Compare(a.k, b.k) })
		items := make([]string, len(pairs))
		for i, p := range pairs {
			items[i] = p.k + "=" + p.v
		}
		return strings.Join(items, ",")
	case reflect.Struct:
		var b strings.Builder
		b.WriteByte('{')
		for i, f := range fieldsOf(t, nil) {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(f.name)
			b.WriteByte(':')
			b.WriteString(formatValue(v.FieldByIndex(f.index), LooksSecret(f.name), depth+1))
		}
		b.WriteByte('}')
		return b.String()
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		if v.IsNil() {
			return ""
		}
		return "<" + t.String() + ">"
	}
	return fmt.Sprintf("<%s>", t)
}
