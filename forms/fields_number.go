package forms

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
)

// Int is a whole number; cleaned value int64 (nil when empty). Bound it
// with MinValue/MaxValue validators or Min/Max.
type Int struct {
	Base
	// Min and Max bound the value when not nil.
	Min, Max *int64
}

// Clean implements Field.
func (f *Int) Clean(raw Raw) (any, error) {
	s := strings.TrimSpace(raw.First())
	if s == "" {
		return nil, f.required()
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64)
	if err != nil {
		return nil, f.fail("invalid", "Enter a whole number.")
	}
	if err := f.bounds(n, f.Min, f.Max); err != nil {
		return nil, err
	}
	return n, nil
}

// Format implements Field.
func (f *Int) Format(v any) []string { return formatNumber(v) }

// bounds applies the optional Min/Max of Int with the messages of the
// shared validators, without their allocations on this hot path.
func (b *Base) bounds(n int64, min, max *int64) error {
	if min != nil && n < *min {
		return b.fail("min_value", "Ensure this value is greater than or equal to {limit}.", "limit", *min)
	}
	if max != nil && n > *max {
		return b.fail("max_value", "Ensure this value is less than or equal to {limit}.", "limit", *max)
	}
	return nil
}

func formatNumber(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case float64:
		return []string{strconv.FormatFloat(x, 'f', -1, 64)}
	case float32:
		return []string{strconv.FormatFloat(float64(x), 'f', -1, 32)}
	}
	return []string{describe(v)}
}

// Ptr returns a pointer to v, for the optional bounds of Int and Float.
func Ptr[T any](v T) *T { return &v }

// Float is a finite floating-point number; cleaned value float64.
type Float struct {
	Base
	Min, Max *float64
}

// Clean implements Field.
func (f *Float) Clean(raw Raw) (any, error) {
	s := strings.TrimSpace(raw.First())
	if s == "" {
		return nil, f.required()
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || strings.ContainsAny(s, "xXpP_") {
		return nil, f.fail("invalid", "Enter a number.")
	}
	if f.Min != nil {
		if err := MinValue(*f.Min)(x); err != nil {
			return nil, f.override(err)
		}
	}
	if f.Max != nil {
		if err := MaxValue(*f.Max)(x); err != nil {
			return nil, f.override(err)
		}
	}
	return x, nil
}

// Format implements Field.
func (f *Float) Format(v any) []string { return formatNumber(v) }

// Decimal is an exact decimal number kept as a string, so no precision is
// lost between the form and a NUMERIC column: the cleaned value is the
// canonical text ("-12.50": no "+", no superfluous leading zeros, the
// places as typed). MinValue/MaxValue compare it exactly.
type Decimal struct {
	Base
	// MaxDigits bounds the number of digits in total; 0 means no bound.
	MaxDigits int
	// DecimalPlaces bounds the digits after the point; 0 with MaxDigits set
	// means a whole number, -1 means no bound.
	DecimalPlaces int
}

// Clean implements Field.
func (f *Decimal) Clean(raw Raw) (any, error) {
	s := strings.TrimSpace(raw.First())
	if s == "" {
		return nil, f.required()
	}
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if (whole == "" && frac == "") || !digits(whole) || !digits(frac) || (hasPoint && frac == "" && whole == "") {
		return nil, f.fail("invalid", "Enter a number.")
	}
	whole = strings.TrimLeft(whole, "0")
	if f.MaxDigits > 0 {
		places := f.DecimalPlaces
		if places >= 0 && len(frac) > places {
			return nil, f.fail("max_decimal_places", "Ensure that there are no more than {max} decimal places.", "max", places)
		}
		if len(whole)+len(frac) > f.MaxDigits {
			return nil, f.fail("max_digits", "Ensure that there are no more than {max} digits in total.", "max", f.MaxDigits)
		}
		if places >= 0 && len(whole) > f.MaxDigits-places {
			return nil, f.fail("max_whole_digits", "Ensure that there are no more than {max} digits before the decimal point.", "max", f.MaxDigits-places)
		}
	}
	if whole == "" {
		whole = "0"
	}
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Format implements Field.
func (f *Decimal) Format(v any) []string { return formatNumber(v) }

// UUID accepts a UUID with or without hyphens, braces or a "urn:uuid:"
// prefix; the cleaned value is the canonical lowercase hyphenated string.
type UUID struct {
	Base
}

// Clean implements Field.
func (f *UUID) Clean(raw Raw) (any, error) {
	s := strings.TrimSpace(raw.First())
	if s == "" {
		return nil, f.required()
	}
	u, ok := parseUUID(s)
	if !ok {
		return nil, f.fail("invalid", "Enter a valid UUID.")
	}
	return u, nil
}

func parseUUID(s string) (string, bool) {
	s = strings.ToLower(s)
	s = strings.TrimPrefix(s, "urn:uuid:")
	if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
		s = s[1 : len(s)-1]
	}
	if len(s) == 36 {
		if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
			return "", false
		}
		s = s[:8] + s[9:13] + s[14:18] + s[19:23] + s[24:]
	}
	if len(s) != 32 {
		return "", false
	}
	if _, err := hex.DecodeString(s); err != nil {
		return "", false
	}
	return s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:], true
}

// Format implements Field.
func (f *UUID) Format(v any) []string { return formatString(v) }
