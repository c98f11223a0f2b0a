package forms

import (
	"fmt"
	"net/url"
	"slices"
)

// FieldHook is a per-field clean hook: it receives the field's cleaned
// value and returns the value to keep or an error for that field. Hooks
// run after the field's own cleaning and validators succeed, in field
// order, so a hook may read the cleaned values of earlier fields.
type FieldHook func(f *Form, v any) (any, error)

// Form is an ordered list of fields plus, once bound, the submitted data,
// errors and cleaned values. A Form serves one request: it is not safe for
// concurrent use. Its Fields are shared configuration and are never
// modified by the form.
type Form struct {
	// Prefix namespaces the input names ("billing" -> "billing-name") so
	// several forms can share one page.
	Prefix string
	// Initial values by field name; they win over Base.Initial.
	Initial map[string]any
	// AutoID formats element ids from the prefixed name; empty means
	// "id_%s", "-" renders no ids.
	AutoID string
	// Hooks holds per-field clean hooks by field name.
	Hooks map[string]FieldHook
	// Clean is the whole-form hook, run after every field is cleaned even
	// when some failed (read Value to see what is there). A returned error
	// becomes a non-field error; call AddError for errors on one field.
	Clean func(f *Form) error
	// Renderer renders the form; nil means the Bootstrap 5 default.
	Renderer *Renderer
	// Translate, when set, translates error message templates and labels
	// as they are rendered (per request language).
	Translate func(string) string

	fields []Field
	index  map[string]int

	data  url.Values
	files Files
	bound bool

	validated bool
	cleaned   map[string]any
	errors    map[string]ErrorList
}

// New makes an unbound form over fields, in the order given. It panics on a
// duplicate or empty field name, a programming error found at start-up.
// The fields may come from anywhere: struct declarations, ModelForms or
// code.
func New(fields ...Field) *Form {
	f := &Form{fields: fields, index: make(map[string]int, len(fields))}
	for i, fd := range fields {
		name := fd.Common().Name
		if name == "" {
			panic(fmt.Sprintf("forms: field %d (%T) has no Name", i, fd))
		}
		if _, dup := f.index[name]; dup {
			panic(fmt.Sprintf("forms: duplicate field name %q", name))
		}
		f.index[name] = i
	}
	return f
}

// Fields returns the fields in order; the caller must not modify the slice.
func (f *Form) Fields() []Field { return f.fields }

// Field returns the named field or nil.
func (f *Form) Field(name string) Field {
	if i, ok := f.index[name]; ok {
		return f.fields[i]
	}
	return nil
}

// Bind attaches submitted data and files (either may be nil) and forgets
// any earlier validation. It returns f for chaining.
func (f *Form) Bind(data url.Values, files Files) *Form {
	if data == nil {
		data = url.Values{}
	}
	f.data, f.files, f.bound = data, files, true
	f.validated, f.cleaned, f.errors = false, nil, nil
	return f
}

// IsBound reports whether Bind was called.
func (f *Form) IsBound() bool { return f.bound }

// HTMLName is the input name of a field: the name with the form's prefix.
func (f *Form) HTMLName(name string) string {
	if f.Prefix == "" {
		return name
	}
	return f.Prefix + "-" + name
}

// InitialValue is the initial value of a field: Form.Initial, else the
// field's own Initial (calling it when it is a func() any, so "now" is
// evaluated per form).
func (f *Form) InitialValue(name string) any {
	if v, ok := f.Initial[name]; ok {
		return callable(v)
	}
	if fd := f.Field(name); fd != nil {
		return callable(fd.Common().Initial)
	}
	return nil
}

func callable(v any) any {
	if fn, ok := v.(func() any); ok {
		return fn()
	}
	return v
}

// raw reads a field's submitted value.
func (f *Form) raw(fd Field) Raw {
	return defaultWidget(fd).ValueFrom(f.data, f.files, f.HTMLName(fd.Common().Name))
}

// IsValid cleans the form on first call and reports whether it is bound and
// free of errors. Later calls return the same answer until Bind.
func (f *Form) IsValid() bool {
	if !f.bound {
		return false
	}
	f.fullClean()
	return len(f.errors) == 0
}

func (f *Form) fullClean() {
	if f.validated {
		return
	}
	f.validated = true
	f.cleaned = make(map[string]any, len(f.fields))
	f.errors = nil
	for _, fd := range f.fields {
		name := fd.Common().Name
		v, err := f.cleanField(fd)
		if err != nil {
			f.AddError(name, err)
			continue
		}
		f.cleaned[name] = v
	}
	if f.Clean != nil {
		if err := f.Clean(f); err != nil {
			f.AddError("", err)
		}
	}
}

func (f *Form) cleanField(fd Field) (any, error) {
	b := fd.Common()
	if b.Disabled {
		return f.InitialValue(b.Name), nil
	}
	raw := f.raw(fd)
	var v any
	var err error
	if ic, ok := fd.(initialCleaner); ok {
		v, err = ic.CleanInitial(raw, f.InitialValue(b.Name))
	} else {
		v, err = fd.Clean(raw)
	}
	if err != nil {
		return nil, err
	}
	if !isEmpty(v) {
		var errs ErrorList
		for _, val := range b.Validators {
			if e := val(v); e != nil {
				for _, x := range asErrors(e) {
					errs = append(errs, asErrors(b.override(x))...)
				}
			}
		}
		if len(errs) > 0 {
			return nil, errs
		}
	}
	if h := f.Hooks[b.Name]; h != nil {
		return h(f, v)
	}
	return v, nil
}

// isEmpty is the empty value of any field: validators do not run on it.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []string:
		return len(x) == 0
	}
	return false
}

// AddError records err against the named field, or as a non-field error
// when field is "" or unknown. The field leaves the cleaned data. Use it in
// Clean for cross-field errors. err may be an *Error, an ErrorList, an
// errors.Join of them or any error (code "invalid").
func (f *Form) AddError(field string, err error) {
	if err == nil {
		return
	}
	if f.Field(field) == nil {
		field = ""
	}
	if f.errors == nil {
		f.errors = make(map[string]ErrorList)
	}
	f.errors[field] = append(f.errors[field], asErrors(err)...)
	delete(f.cleaned, field)
}

// Errors returns the errors by field name, non-field errors under "".
// Nil for a valid or unbound form. The caller must not modify the map.
func (f *Form) Errors() map[string]ErrorList {
	if f.bound {
		f.fullClean()
	}
	return f.errors
}

// FieldErrors returns the errors of one field (nil when none).
func (f *Form) FieldErrors(name string) ErrorList { return f.Errors()[name] }

// NonFieldErrors returns the errors that belong to no single field.
func (f *Form) NonFieldErrors() ErrorList { return f.Errors()[""] }

// Cleaned returns the cleaned values by field name; fields with errors are
// absent. Nil before validation. The caller must not modify the map.
func (f *Form) Cleaned() map[string]any {
	if f.bound {
		f.fullClean()
	}
	return f.cleaned
}

// Value returns one cleaned value, nil when absent.
func (f *Form) Value(name string) any { return f.Cleaned()[name] }

// Get returns a cleaned value as T; ok is false when the field is absent,
// empty (nil) or of another type.
func Get[T any](f *Form, name string) (v T, ok bool) {
	v, ok = f.Cleaned()[name].(T)
	return v, ok
}

// HasChanged reports whether the submitted data differs from the initial
// values.
func (f *Form) HasChanged() bool { return len(f.Changed()) > 0 }

// Changed lists, in field order, the fields whose submitted value differs
// from the initial one. Values compare after cleaning and formatting, so
// "1.0" and 1 are equal for a Float; a value that fails to clean counts as
// changed; an uploaded file always does. Unbound forms have no changes.
func (f *Form) Changed() []string {
	if !f.bound {
		return nil
	}
	var out []string
	for _, fd := range f.fields {
		if fieldChanged(f, fd) {
			out = append(out, fd.Common().Name)
		}
	}
	return out
}

func fieldChanged(f *Form, fd Field) bool {
	b := fd.Common()
	if b.Disabled {
		return false
	}
	raw := f.raw(fd)
	if ic, isFile := fd.(initialCleaner); isFile {
		if len(raw.Files) > 0 {
			return true
		}
		initial := f.InitialValue(b.Name)
		v, err := ic.CleanInitial(raw, initial)
		return err == nil && v == nil && initial != nil && initial != ""
	}
	init := nonEmpty(fd.Format(f.InitialValue(b.Name)))
	v, err := fd.Clean(raw)
	if err != nil && len(raw.Values) > 0 && !b.Required {
		return true
	}
	if err != nil {
		// A required field left empty changed only if there was an initial value.
		if isEmptyRaw(raw) {
			return len(init) > 0
		}
		return true
	}
	return !slices.Equal(init, nonEmpty(fd.Format(v)))
}

func isEmptyRaw(r Raw) bool {
	for _, v := range r.Values {
		if v != "" {
			return false
		}
	}
	return len(r.Files) == 0
}

func nonEmpty(s []string) []string {
	out := s[:0:0]
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// IsMultipart reports whether the form has a file input, so the template
// must use enctype="multipart/form-data".
func (f *Form) IsMultipart() bool {
	for _, fd := range f.fields {
		if defaultWidget(fd).Type == "file" {
			return true
		}
	}
	return false
}
