package templates

import (
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Funcs returns a new map of the built-in template functions (see the
// package documentation for the list). Every call returns a fresh map the
// caller may modify; it is useful for rendering other text with the same
// filters.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"date":            dateFilter,
		"time":            timeFilter,
		"timesince":       timesince,
		"timeuntil":       timeuntil,
		"truncatewords":   truncatewords,
		"truncatechars":   truncatechars,
		"pluralize":       pluralize,
		"linebreaksbr":    linebreaksbr,
		"linebreaks":      linebreaks,
		"default":         defaultFilter,
		"default_if_none": defaultIfNone,
		"yesno":           yesno,
		"filesizeformat":  filesizeformat,
		"slugify":         slugify,
		"floatformat":     floatformat,
		"join":            join,
		"length":          length,
		"upper":           upper,
		"lower":           lower,
		"title":           title,
		"capfirst":        capfirst,
		"urlencode":       urlencode,
		"add":             add,
		"first":           first,
		"last":            last,
		"wordcount":       wordcount,
		"striptags":       striptags,
		"dict":            dict,
	}
}

// defaultFilter returns def when v is false by Django's rules (see truthy),
// else v: {{.name | default "anonymous"}}.
func defaultFilter(def, v any) any {
	if truthy(v) {
		return v
	}
	return def
}

// defaultIfNone returns def only when v is nil (or a nil pointer, map,
// slice...), else v, even when v is "" or 0.
func defaultIfNone(def, v any) any {
	if isNil(v) {
		return def
	}
	return v
}

// yesno maps v to one of "yes,no,maybe": nil gives maybe (or no when only
// two choices are given), a true value yes, a false one no. An empty choices
// string means "yes,no,maybe"; fewer than two choices is an error.
func yesno(choices string, v any) (string, error) {
	if choices == "" {
		choices = "yes,no,maybe"
	}
	bits := strings.Split(choices, ",")
	if len(bits) < 2 {
		return "", fmt.Errorf("templates: yesno %q: give at least two comma-separated choices, as in \"yes,no\" or \"yes,no,maybe\"", choices)
	}
	maybe := bits[1]
	if len(bits) == 3 {
		maybe = bits[2]
	}
	switch {
	case isNil(v):
		return maybe, nil
	case truthy(v):
		return bits[0], nil
	}
	return bits[1], nil
}

// join joins the elements of a slice or array with sep, each formatted as
// by toString. A string is returned as is; nil and other values give "".
func join(sep string, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []string:
		return strings.Join(x, sep)
	case string:
		return x
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return ""
	}
	parts := make([]string, rv.Len())
	for i := range parts {
		parts[i] = toString(rv.Index(i).Interface())
	}
	return strings.Join(parts, sep)
}

// length returns the number of characters (runes) of a string, or of
// elements of a slice, array, map or channel; 0 for nil and anything else.
func length(v any) int {
	if s, ok := v.(string); ok {
		return len([]rune(s))
	}
	if n, ok := lenOf(v); ok {
		return n
	}
	return 0
}

// first returns the first element of a slice or array, or the first
// character of a string; "" when empty, nil or not a sequence.
func first(v any) any { return nth(v, true) }

// last returns the last element of a slice or array, or the last character
// of a string; "" when empty, nil or not a sequence.
func last(v any) any { return nth(v, false) }

func nth(v any, head bool) any {
	if s, ok := v.(string); ok {
		r := []rune(s)
		switch {
		case len(r) == 0:
			return ""
		case head:
			return string(r[0])
		}
		return string(r[len(r)-1])
	}
	if isNil(v) {
		return ""
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array || rv.Len() == 0 {
		return ""
	}
	if head {
		return rv.Index(0).Interface()
	}
	return rv.Index(rv.Len() - 1).Interface()
}

// add returns v + arg. Two integers (or strings holding integers) add as
// int64; when either is a float they add as float64 (Django truncates
// floats to integers first; Go code expects float arithmetic); two other
// strings concatenate; two slices of the same type concatenate. Anything
// else gives "".
func add(arg, v any) any {
	if a, ok := toInt(arg); ok {
		if b, ok := toInt(v); ok {
			return b + a
		}
	}
	if isFloat(arg) || isFloat(v) {
		a, okA := toFloat(arg)
		b, okB := toFloat(v)
		if okA && okB {
			return b + a
		}
	}
	if a, ok := arg.(string); ok {
		if b, ok := v.(string); ok {
			return b + a
		}
	}
	if isNil(arg) || isNil(v) {
		return ""
	}
	ra, rv := reflect.ValueOf(arg), reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice && ra.Type() == rv.Type() {
		return reflect.AppendSlice(reflect.AppendSlice(reflect.MakeSlice(rv.Type(), 0, rv.Len()+ra.Len()), rv), ra).Interface()
	}
	return ""
}

// dict builds a map from alternating string keys and values, to pass
// several values to an included template:
// {{template "partials/card.html" dict "post" .post "compact" true}}.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("templates: dict: want alternating keys and values, got an odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("templates: dict: key %d is a %T; keys must be strings", i/2, kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// toString formats v for text filters: "" for nil and nil pointers, the
// text of strings, template types, []byte, Stringers and errors, and
// fmt.Sprint otherwise.
func toString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case template.HTML:
		return string(x)
	case []byte:
		return string(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	if isNil(v) {
		return ""
	}
	switch x := v.(type) {
	case fmt.Stringer:
		return x.String()
	case error:
		return x.Error()
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		return toString(rv.Elem().Interface())
	}
	if rv.Kind() == reflect.String {
		return rv.String()
	}
	return fmt.Sprint(v)
}

// isNil reports whether v is nil or a nil pointer, map, slice, func, channel
// or interface: Go's equivalents of Python's None.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch reflect.TypeOf(v).Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return reflect.ValueOf(v).IsNil()
	}
	return false
}

// truthy applies Django's (Python's) truth rules: nil, false, zero numbers
// and empty strings, slices, maps and arrays are false; a zero time.Time is
// false too, as Go's stand-in for a missing date. Everything else is true.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case int:
		return x != 0
	case time.Time:
		return !x.IsZero()
	}
	if isNil(v) {
		return false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Bool:
		return rv.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rv.Uint() != 0
	case reflect.Float32, reflect.Float64:
		return rv.Float() != 0
	case reflect.Complex64, reflect.Complex128:
		return rv.Complex() != 0
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array, reflect.Chan:
		return rv.Len() != 0
	}
	return true
}

// lenOf returns the length of a slice, array, map, channel or string.
func lenOf(v any) (int, bool) {
	if v == nil {
		return 0, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Chan, reflect.String:
		return rv.Len(), true
	}
	return 0, false
}

// toInt converts integers, and strings holding a base-10 integer, to int64.
func toInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int64:
		return x, true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	case nil:
		return 0, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		return int64(u), u <= 1<<63-1
	}
	return 0, false
}

// toFloat converts numbers, and strings holding a number, to float64.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	case nil:
		return 0, false
	}
	if n, ok := toInt(v); ok {
		return float64(n), true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Float32 || rv.Kind() == reflect.Float64 {
		return rv.Float(), true
	}
	return 0, false
}

func isFloat(v any) bool {
	if v == nil {
		return false
	}
	k := reflect.TypeOf(v).Kind()
	return k == reflect.Float32 || k == reflect.Float64
}
