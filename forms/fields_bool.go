package forms

import "strings"

// Bool is a checkbox; the cleaned value is a bool. Unchecked boxes send
// nothing, so a Required Bool means "must be checked" (terms of service).
type Bool struct {
	Base
}

// Clean implements Field.
func (f *Bool) Clean(raw Raw) (any, error) {
	v := false
	if len(raw.Values) > 0 {
		switch strings.ToLower(strings.TrimSpace(raw.First())) {
		case "", "false", "0", "off", "no":
		default:
			v = true
		}
	}
	if !v && f.Required {
		return false, f.required()
	}
	return v, nil
}

// Format implements Field.
func (f *Bool) Format(v any) []string {
	if b, ok := v.(bool); ok && b {
		return []string{"true"}
	}
	return nil
}

// NullBool is yes, no or unknown; the cleaned value is true, false or nil.
// Its select sends "unknown", "true" or "false"; it also reads "1"/"0",
// "on" and "yes"/"no".
type NullBool struct {
	Base
}

// Clean implements Field.
func (f *NullBool) Clean(raw Raw) (any, error) {
	switch strings.ToLower(strings.TrimSpace(raw.First())) {
	case "true", "1", "on", "yes":
		return true, nil
	case "false", "0", "off", "no":
		return false, nil
	}
	return nil, f.required()
}

// Format implements Field.
func (f *NullBool) Format(v any) []string {
	switch v {
	case true:
		return []string{"true"}
	case false:
		return []string{"false"}
	}
	return []string{"unknown"}
}
