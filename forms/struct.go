package forms

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// ErrInvalid is returned by Struct.Decode for a form that is unbound or has
// errors; the form's Errors say which.
var ErrInvalid = errors.New("forms: form is not valid (check IsValid and Errors first)")

// Struct is a form declared as a Go struct. Declare reads the struct's tags
// once; every form made from the declaration shares the resulting fields,
// so declare at package level or start-up, not per request. A Struct is
// immutable and safe for concurrent use.
//
// Each exported field becomes a form field named after its `form` tag or,
// without one, the snake_case of its Go name; `form:"-"` skips it. The
// fields of an embedded struct without a form tag are flattened in. The
// field type picks the form field: string -> Char, integers -> Int, floats
// -> Float, bool -> Bool, *bool -> NullBool, time.Time -> DateTime,
// time.Duration -> Duration, []string -> MultipleChoice, Upload -> File,
// *ImageFile -> Image, any other interface or map -> JSON. Pointers make a
// value optional and decode an empty input as nil.
//
// Options follow the name, comma-separated:
//
//	required, disabled, nostrip
//	email, url, slug, uuid, decimal, hidden, password, textarea,
//	date, time, datetime, split, choice, radio, checkboxes, file, image
//	min=N, max=N      length for strings, value for numbers
//	digits=N, places=N  for decimal
//	maxsize=N, ext=png|jpg  for file and image
//
// and other tags give text: label:"..", help:"..", choices:"v=Label|v2=Label 2",
// pattern:"^regexp$" (makes a Regex field).
type Struct[T any] struct {
	fields []Field
	paths  [][]int
}

// Declare reads T's tags. It fails on a field type it cannot map or a
// malformed tag, naming the field.
func Declare[T any]() (*Struct[T], error) {
	rt := reflect.TypeFor[T]()
	if rt.Kind() != reflect.Struct {
		return nil, fmt.Errorf("forms: Declare[%s]: not a struct", rt)
	}
	s := &Struct[T]{}
	if err := s.collect(rt, nil); err != nil {
		return nil, fmt.Errorf("forms: Declare[%s]: %w", rt, err)
	}
	New(s.fields...) // panics on duplicate names, like a duplicate tag would deserve
	return s, nil
}

// collect maps the fields of rt, flattening embedded structs without a
// form tag so shared groups of fields can be embedded.
func (s *Struct[T]) collect(rt reflect.Type, prefix []int) error {
	for i := 0; i < rt.NumField(); i++ {
		sf := rt.Field(i)
		tag, tagged := sf.Tag.Lookup("form")
		if tag == "-" {
			continue
		}
		index := append(append([]int(nil), prefix...), sf.Index...)
		if sf.Anonymous && !tagged && sf.Type.Kind() == reflect.Struct && sf.Type != reflect.TypeFor[time.Time]() {
			if err := s.collect(sf.Type, index); err != nil {
				return err
			}
			continue
		}
		if !sf.IsExported() {
			continue
		}
		fd, err := structField(sf, tag)
		if err != nil {
			return fmt.Errorf("field %s: %w", sf.Name, err)
		}
		s.fields = append(s.fields, fd)
		s.paths = append(s.paths, index)
	}
	return nil
}

// MustDeclare is Declare for package-level variables; it panics on error.
func MustDeclare[T any]() *Struct[T] {
	s, err := Declare[T]()
	if err != nil {
		panic(err)
	}
	return s
}

// Fields returns the declared fields; the caller must not modify them.
func (s *Struct[T]) Fields() []Field { return s.fields }

// New makes an unbound form over the declared fields.
func (s *Struct[T]) New() *Form { return New(s.fields...) }

// Edit makes an unbound form whose initial values come from v, for an
// edit page.
func (s *Struct[T]) Edit(v *T) *Form {
	f := s.New()
	f.Initial = s.Initial(v)
	return f
}

// Initial reads v's fields into a map of initial values by field name. Nil
// pointers, maps, slices and interfaces and zero times are left out.
func (s *Struct[T]) Initial(v *T) map[string]any {
	out := make(map[string]any, len(s.fields))
	rv := reflect.ValueOf(v).Elem()
	for i, fd := range s.fields {
		fv := rv.FieldByIndex(s.paths[i])
		if fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				continue
			}
			fv = fv.Elem()
		}
		var x any
		switch fv.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if fv.Type() == reflect.TypeFor[time.Duration]() {
				x = time.Duration(fv.Int())
			} else {
				x = fv.Int()
			}
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			x = int64(fv.Uint())
		case reflect.Float32, reflect.Float64:
			x = fv.Float()
		case reflect.String:
			x = fv.String()
		case reflect.Interface, reflect.Map, reflect.Slice:
			if fv.IsNil() {
				continue
			}
			x = fv.Interface()
		default:
			x = fv.Interface()
		}
		if t, ok := x.(time.Time); ok && t.IsZero() {
			continue
		}
		out[fd.Common().Name] = x
	}
	return out
}

// Decode copies the cleaned values of a valid form into a new T. It
// returns ErrInvalid when the form is unbound or has errors.
func (s *Struct[T]) Decode(f *Form) (T, error) {
	var out T
	if !f.IsValid() {
		return out, ErrInvalid
	}
	rv := reflect.ValueOf(&out).Elem()
	for i, fd := range s.fields {
		v := f.Value(fd.Common().Name)
		if v == nil {
			continue
		}
		if err := assign(rv.FieldByIndex(s.paths[i]), v); err != nil {
			return out, fmt.Errorf("forms: decode %s: %w", fd.Common().Name, err)
		}
	}
	return out, nil
}

// assign stores a cleaned value into a struct field of a compatible type.
func assign(dst reflect.Value, v any) error {
	src := reflect.ValueOf(v)
	if dst.Kind() == reflect.Pointer && !src.Type().AssignableTo(dst.Type()) {
		p := reflect.New(dst.Type().Elem())
		if err := assign(p.Elem(), v); err != nil {
			return err
		}
		dst.Set(p)
		return nil
	}
	switch {
	case src.Type().AssignableTo(dst.Type()):
		dst.Set(src)
	case dst.Kind() >= reflect.Int && dst.Kind() <= reflect.Int64 && src.Kind() == reflect.Int64:
		if dst.OverflowInt(src.Int()) {
			return fmt.Errorf("%d overflows %s", src.Int(), dst.Type())
		}
		dst.SetInt(src.Int())
	case dst.Kind() >= reflect.Uint && dst.Kind() <= reflect.Uint64 && src.Kind() == reflect.Int64:
		if src.Int() < 0 || dst.OverflowUint(uint64(src.Int())) {
			return fmt.Errorf("%d overflows %s", src.Int(), dst.Type())
		}
		dst.SetUint(uint64(src.Int()))
	case src.Type().ConvertibleTo(dst.Type()) && src.Kind() == dst.Kind():
		dst.Set(src.Convert(dst.Type()))
	default:
		return fmt.Errorf("cannot store %T in %s", v, dst.Type())
	}
	return nil
}

// snake turns a Go name into a form name: FirstName -> first_name,
// HTTPPort -> http_port.
func snake(s string) string {
	var b strings.Builder
	r := []rune(s)
	for i, c := range r {
		if unicode.IsUpper(c) {
			if i > 0 && (unicode.IsLower(r[i-1]) || (i+1 < len(r) && unicode.IsLower(r[i+1]) && unicode.IsUpper(r[i-1]))) {
				b.WriteByte('_')
			}
			c = unicode.ToLower(c)
		}
		b.WriteRune(c)
	}
	return b.String()
}

func parseChoices(s string) []Option {
	if s == "" {
		return nil
	}
	var out []Option
	for _, part := range strings.Split(s, "|") {
		v, l, ok := strings.Cut(part, "=")
		if !ok {
			l = v
		}
		out = append(out, Option{Value: v, Label: l})
	}
	return out
}

// structField maps one struct field and its tags to a Field.
func structField(sf reflect.StructField, tag string) (Field, error) {
	name, rest, _ := strings.Cut(tag, ",")
	if name == "" {
		name = snake(sf.Name)
	}
	flags := map[string]bool{}
	vals := map[string]string{}
	if rest != "" {
		for _, o := range strings.Split(rest, ",") {
			o = strings.TrimSpace(o)
			if k, v, ok := strings.Cut(o, "="); ok {
				vals[k] = v
			} else if o != "" {
				flags[o] = true
			}
		}
	}
	base := Base{
		Name: name, Label: sf.Tag.Get("label"), HelpText: sf.Tag.Get("help"),
		Required: flags["required"], Disabled: flags["disabled"],
	}
	num := func(k string) (int64, bool, error) {
		s, ok := vals[k]
		if !ok {
			return 0, false, nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, false, fmt.Errorf("option %s=%q: %w", k, s, err)
		}
		return n, true, nil
	}
	minV, hasMin, err := num("min")
	if err != nil {
		return nil, err
	}
	maxV, hasMax, err := num("max")
	if err != nil {
		return nil, err
	}
	ft := sf.Type
	if ft.Kind() == reflect.Pointer && ft != reflect.TypeFor[*ImageFile]() {
		if ft.Elem().Kind() == reflect.Bool {
			return &NullBool{Base: base}, nil
		}
		ft = ft.Elem()
	}
	choices := parseChoices(sf.Tag.Get("choices"))
	switch {
	case flags["image"] || ft == reflect.TypeFor[*ImageFile]():
		ff, err := fileField(base, vals, num)
		if err != nil {
			return nil, err
		}
		return &Image{File: *ff}, nil
	case flags["file"] || ft == reflect.TypeFor[Upload]():
		return fileField(base, vals, num)
	case ft == reflect.TypeFor[time.Time]():
		switch {
		case flags["date"]:
			return &Date{Base: base}, nil
		case flags["time"]:
			return &Time{Base: base}, nil
		case flags["split"]:
			base.Widget = SplitDateTime()
		}
		return &DateTime{Base: base}, nil
	case ft == reflect.TypeFor[time.Duration]():
		return &Duration{Base: base}, nil
	case ft.Kind() == reflect.String:
		return stringField(base, flags, vals, choices, sf.Tag.Get("pattern"), minV, hasMin, maxV, hasMax, num)
	case ft.Kind() >= reflect.Int && ft.Kind() <= reflect.Uint64:
		f := &Int{Base: base}
		lo, hi := intRange(ft)
		if hasMin {
			lo = max(lo, minV)
		}
		if hasMax {
			hi = min(hi, maxV)
		}
		if lo != math.MinInt64 {
			f.Min = &lo
		}
		if hi != math.MaxInt64 {
			f.Max = &hi
		}
		if len(choices) > 0 {
			f.Widget = Select()
			if flags["radio"] {
				f.Widget = RadioSelect()
			}
			return &TypedChoice{Base: f.Base, Options: choices, Coerce: func(s string) (any, error) { return strconv.ParseInt(s, 10, 64) }}, nil
		}
		return f, nil
	case ft.Kind() == reflect.Float32 || ft.Kind() == reflect.Float64:
		f := &Float{Base: base}
		if hasMin {
			f.Min = Ptr(float64(minV))
		}
		if hasMax {
			f.Max = Ptr(float64(maxV))
		}
		return f, nil
	case ft.Kind() == reflect.Bool:
		return &Bool{Base: base}, nil
	case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
		if flags["checkboxes"] {
			base.Widget = CheckboxSelectMultiple()
		}
		if len(choices) == 0 {
			return nil, errors.New(`[]string needs a choices:"a|b" tag`)
		}
		return &MultipleChoice{Base: base, Options: choices}, nil
	case ft.Kind() == reflect.Interface || ft.Kind() == reflect.Map || flags["json"]:
		return &JSON{Base: base}, nil
	}
	return nil, fmt.Errorf("unsupported type %s (add form:\"-\" to skip it)", sf.Type)
}

func intRange(t reflect.Type) (int64, int64) {
	switch t.Kind() {
	case reflect.Int8:
		return math.MinInt8, math.MaxInt8
	case reflect.Int16:
		return math.MinInt16, math.MaxInt16
	case reflect.Int32:
		return math.MinInt32, math.MaxInt32
	case reflect.Uint8:
		return 0, math.MaxUint8
	case reflect.Uint16:
		return 0, math.MaxUint16
	case reflect.Uint32:
		return 0, math.MaxUint32
	case reflect.Uint, reflect.Uint64, reflect.Uintptr:
		return 0, math.MaxInt64
	}
	return math.MinInt64, math.MaxInt64
}

func fileField(base Base, vals map[string]string, num func(string) (int64, bool, error)) (*File, error) {
	f := &File{Base: base}
	n, ok, err := num("maxsize")
	if err != nil {
		return nil, err
	}
	if ok {
		f.MaxSize = n
	}
	if e := vals["ext"]; e != "" {
		f.Extensions = strings.Split(e, "|")
	}
	return f, nil
}

func stringField(base Base, flags map[string]bool, vals map[string]string, choices []Option, pattern string,
	minV int64, hasMin bool, maxV int64, hasMax bool, num func(string) (int64, bool, error)) (Field, error) {
	ml, xl := 0, 0
	if hasMin {
		ml = int(minV)
	}
	if hasMax {
		xl = int(maxV)
	}
	switch {
	case flags["password"]:
		base.Widget = PasswordInput()
	case flags["textarea"]:
		base.Widget = Textarea()
	case flags["radio"]:
		base.Widget = RadioSelect()
	}
	switch {
	case len(choices) > 0 || flags["choice"] || flags["radio"]:
		return &Choice{Base: base, Options: choices}, nil
	case pattern != "":
		re, err := regexp.Compile(pattern)
		if err != nil {
			return nil, fmt.Errorf("pattern: %w", err)
		}
		return &Regex{Base: base, Pattern: re, MinLength: ml, MaxLength: xl}, nil
	case flags["email"]:
		return &Email{Base: base, MaxLength: xl}, nil
	case flags["url"]:
		return &URL{Base: base, MaxLength: xl}, nil
	case flags["slug"]:
		return &Slug{Base: base, MaxLength: xl}, nil
	case flags["uuid"]:
		return &UUID{Base: base}, nil
	case flags["decimal"]:
		d := &Decimal{Base: base, DecimalPlaces: -1}
		if n, ok, err := num("digits"); err != nil {
			return nil, err
		} else if ok {
			d.MaxDigits = int(n)
		}
		if n, ok, err := num("places"); err != nil {
			return nil, err
		} else if ok {
			d.DecimalPlaces = int(n)
		}
		return d, nil
	case flags["hidden"]:
		return &Hidden{Char{Base: base, MinLength: ml, MaxLength: xl, NoStrip: flags["nostrip"]}}, nil
	}
	return &Char{Base: base, MinLength: ml, MaxLength: xl, NoStrip: flags["nostrip"]}, nil
}
