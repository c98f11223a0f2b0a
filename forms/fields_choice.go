package forms

import "strings"

// Option is one entry of a choice field: the submitted Value and the
// Label shown to people.
type Option struct {
	Value string
	Label string
}

// Options builds choices whose labels equal their values.
func Options(values ...string) []Option {
	out := make([]Option, len(values))
	for i, v := range values {
		out[i] = Option{Value: v, Label: v}
	}
	return out
}

func hasOption(opts []Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// Chooser is implemented by fields that offer a fixed list of options, so
// the select, radio and checkbox-list widgets can render them.
type Chooser interface {
	Field
	// Choices returns the options in display order; the caller must not
	// modify the slice.
	Choices() []Option
}

// Choice accepts one of Options; cleaned value string ("" when empty).
type Choice struct {
	Base
	Options []Option
}

// Choices implements Chooser.
func (f *Choice) Choices() []Option { return f.Options }

// Clean implements Field.
func (f *Choice) Clean(raw Raw) (any, error) {
	s := strings.TrimSpace(raw.First())
	if s == "" {
		return "", f.required()
	}
	if !hasOption(f.Options, s) {
		return nil, f.fail("invalid_choice", "Select a valid choice. {value} is not one of the available choices.", "value", s)
	}
	return s, nil
}

// Format implements Field.
func (f *Choice) Format(v any) []string { return formatString(v) }

// TypedChoice is a Choice whose cleaned value is Coerce(value), e.g. an
// int64 key; EmptyValue is the cleaned value of an empty optional field.
type TypedChoice struct {
	Base
	Options []Option
	// Coerce converts the chosen value; nil keeps the string. An error
	// reports "invalid_choice".
	Coerce     func(string) (any, error)
	EmptyValue any
}

// Choices implements Chooser.
func (f *TypedChoice) Choices() []Option { return f.Options }

// Clean implements Field.
func (f *TypedChoice) Clean(raw Raw) (any, error) {
	s := strings.TrimSpace(raw.First())
	if s == "" {
		return f.EmptyValue, f.required()
	}
	bad := f.fail("invalid_choice", "Select a valid choice. {value} is not one of the available choices.", "value", s)
	if !hasOption(f.Options, s) {
		return nil, bad
	}
	if f.Coerce == nil {
		return s, nil
	}
	v, err := f.Coerce(s)
	if err != nil {
		return nil, bad
	}
	return v, nil
}

// Format implements Field.
func (f *TypedChoice) Format(v any) []string { return formatString(v) }

// MultipleChoice accepts any subset of Options; cleaned value []string in
// submission order, duplicates removed (empty slice when nothing chosen).
type MultipleChoice struct {
	Base
	Options []Option
}

// Choices implements Chooser.
func (f *MultipleChoice) Choices() []Option { return f.Options }

// Clean implements Field.
func (f *MultipleChoice) Clean(raw Raw) (any, error) {
	out := make([]string, 0, len(raw.Values))
	seen := make(map[string]bool, len(raw.Values))
	for _, v := range raw.Values {
		if v == "" || seen[v] {
			continue
		}
		if !hasOption(f.Options, v) {
			return nil, f.fail("invalid_choice", "Select a valid choice. {value} is not one of the available choices.", "value", v)
		}
		seen[v] = true
		out = append(out, v)
	}
	if len(out) == 0 {
		return out, f.required()
	}
	return out, nil
}

// Format implements Field.
func (f *MultipleChoice) Format(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case string:
		return []string{x}
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = describe(e)
		}
		return out
	}
	return nil
}
