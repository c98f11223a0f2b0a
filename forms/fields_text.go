package forms

import (
	"encoding/json"
	"regexp"
	"strings"
)

// clean runs the string pipeline shared by the text fields: strip unless
// asked not to, then answer the empty case.
func textValue(b *Base, raw Raw, noStrip bool) (string, bool, error) {
	s := raw.First()
	if !noStrip {
		s = strings.TrimSpace(s)
	}
	if s == "" {
		return "", true, b.required()
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "", false, b.fail("null_characters_not_allowed", "Null characters are not allowed.")
	}
	return s, false, nil
}

// checkLen applies the MinLength/MaxLength options of the text fields.
func checkLen(b *Base, s string, min, max int) error {
	if max > 0 {
		if err := MaxLength(max)(s); err != nil {
			return b.override(err)
		}
	}
	if min > 0 {
		if err := MinLength(min)(s); err != nil {
			return b.override(err)
		}
	}
	return nil
}

// override applies ErrorMessages to an error made by a shared validator.
func (b *Base) override(err error) error {
	if e, ok := err.(*Error); ok {
		if m, ok := b.ErrorMessages[e.Code]; ok {
			c := *e
			c.Message = m
			return &c
		}
	}
	return err
}

func formatString(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []string{x}
	}
	return []string{describe(v)}
}

// Char is a free text field. Its cleaned value is a string ("" when empty).
type Char struct {
	Base
	// MinLength and MaxLength bound the length in characters; 0 means no bound.
	MinLength, MaxLength int
	// NoStrip keeps leading and trailing white space, which is removed by default.
	NoStrip bool
}

// Clean implements Field.
func (f *Char) Clean(raw Raw) (any, error) {
	s, empty, err := textValue(&f.Base, raw, f.NoStrip)
	if empty || err != nil {
		return "", err
	}
	if err := checkLen(&f.Base, s, f.MinLength, f.MaxLength); err != nil {
		return nil, err
	}
	return s, nil
}

// Format implements Field.
func (f *Char) Format(v any) []string { return formatString(v) }

// Hidden is a Char rendered as a hidden input.
type Hidden struct{ Char }

// Email is a single e-mail address; cleaned value string.
type Email struct {
	Base
	// MaxLength bounds the address; 0 means 320, the longest valid one.
	MaxLength int
}

// Clean implements Field.
func (f *Email) Clean(raw Raw) (any, error) {
	s, empty, err := textValue(&f.Base, raw, false)
	if empty || err != nil {
		return "", err
	}
	max := f.MaxLength
	if max == 0 {
		max = 320
	}
	if err := checkLen(&f.Base, s, 0, max); err != nil {
		return nil, err
	}
	if !validEmail(s) {
		return nil, f.fail("invalid", "Enter a valid email address.")
	}
	return s, nil
}

// Format implements Field.
func (f *Email) Format(v any) []string { return formatString(v) }

// URL is an absolute URL; input without a scheme gets "https://" (or
// AssumeScheme) in front, as people type "example.com". Cleaned value string.
type URL struct {
	Base
	MaxLength int
	// Schemes allowed; empty means http and https.
	Schemes []string
	// AssumeScheme is added to input without "://"; empty means "https".
	AssumeScheme string
}

// Clean implements Field.
func (f *URL) Clean(raw Raw) (any, error) {
	s, empty, err := textValue(&f.Base, raw, false)
	if empty || err != nil {
		return "", err
	}
	if !strings.Contains(s, "://") {
		scheme := f.AssumeScheme
		if scheme == "" {
			scheme = "https"
		}
		s = scheme + "://" + s
	}
	if err := checkLen(&f.Base, s, 0, f.MaxLength); err != nil {
		return nil, err
	}
	schemes := f.Schemes
	if len(schemes) == 0 {
		schemes = []string{"http", "https"}
	}
	if !validURL(s, schemes) {
		return nil, f.fail("invalid", "Enter a valid URL.")
	}
	return s, nil
}

// Format implements Field.
func (f *URL) Format(v any) []string { return formatString(v) }

// Slug accepts letters, digits, hyphens and underscores; cleaned value string.
type Slug struct {
	Base
	MaxLength int
	// AllowUnicode accepts letters and digits outside ASCII.
	AllowUnicode bool
}

// Clean implements Field.
func (f *Slug) Clean(raw Raw) (any, error) {
	s, empty, err := textValue(&f.Base, raw, false)
	if empty || err != nil {
		return "", err
	}
	if err := checkLen(&f.Base, s, 0, f.MaxLength); err != nil {
		return nil, err
	}
	if err := SlugValidator(f.AllowUnicode)(s); err != nil {
		return nil, f.override(err)
	}
	return s, nil
}

// Format implements Field.
func (f *Slug) Format(v any) []string { return formatString(v) }

// Regex accepts text matching Pattern; cleaned value string.
type Regex struct {
	Base
	// Pattern must match (use ^...$ to match the whole value). Required.
	Pattern              *regexp.Regexp
	MinLength, MaxLength int
}

// Clean implements Field.
func (f *Regex) Clean(raw Raw) (any, error) {
	s, empty, err := textValue(&f.Base, raw, false)
	if empty || err != nil {
		return "", err
	}
	if err := checkLen(&f.Base, s, f.MinLength, f.MaxLength); err != nil {
		return nil, err
	}
	if f.Pattern != nil && !f.Pattern.MatchString(s) {
		return nil, f.fail("invalid", "Enter a valid value.")
	}
	return s, nil
}

// Format implements Field.
func (f *Regex) Format(v any) []string { return formatString(v) }

// JSON accepts a JSON document; the cleaned value is what encoding/json
// decodes it into (map[string]any, []any, string, float64, bool) or nil
// when empty. The literal null is also nil, and so is rejected when
// Required.
type JSON struct {
	Base
}

// Clean implements Field.
func (f *JSON) Clean(raw Raw) (any, error) {
	s, empty, err := textValue(&f.Base, raw, false)
	if empty || err != nil {
		return nil, err
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, f.fail("invalid", "Enter a valid JSON.")
	}
	if v == nil {
		return nil, f.required()
	}
	return v, nil
}

// Format implements Field.
func (f *JSON) Format(v any) []string {
	if v == nil {
		return nil
	}
	if s, ok := v.(json.RawMessage); ok {
		return []string{string(s)}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return []string{string(b)}
}
