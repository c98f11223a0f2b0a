package orm

import (
	"database/sql/driver"
	"fmt"
	"math/big"
	"strings"
)

// Decimal is an exact decimal number, the Go type of a decimal field
// (Django's DecimalField). It holds the canonical decimal text ("-12.50")
// and never passes through a float, so money keeps every cent. The zero
// value is 0. Decimals are immutable values, safe to copy and share.
//
// Canonical form: an optional "-", the integer digits without leading
// zeros (a lone "0" when there are none), and, when the number has a
// fraction, "." and the fraction digits as written (the scale is kept:
// "1.50" stays "1.50"). Negative zero becomes zero.
type Decimal struct {
	s string // canonical; "" means "0"
}

// ParseDecimal parses s: optional sign, digits, optional "." and digits
// ("12", "-0.5", "+3.", ".25"). Exponents, spaces, "NaN" and "Inf" are
// rejected with an error.
func ParseDecimal(s string) (Decimal, error) {
	c, ok := canonicalDecimal(s)
	if !ok {
		return Decimal{}, fmt.Errorf("orm: invalid decimal %q (want digits with an optional sign and decimal point, like \"-12.50\")", s)
	}
	return Decimal{s: c}, nil
}

// MustDecimal is ParseDecimal that panics on an invalid literal; use it for
// constants in code and tests.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

func canonicalDecimal(s string) (string, bool) {
	if isCanonicalDecimal(s) {
		return s, true // the common case when reading rows: no allocation
	}
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && frac == "" {
		return "", false
	}
	for _, p := range [2]string{intPart, frac} {
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return "", false
			}
		}
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	zero := intPart == "0" && strings.Trim(frac, "0") == ""
	var b strings.Builder
	b.Grow(len(intPart) + len(frac) + 2)
	if neg && !zero {
		b.WriteByte('-')
	}
	b.WriteString(intPart)
	if hasDot && frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String(), true
}

// String returns the canonical text, "0" for the zero value.
func (d Decimal) String() string {
	if d.s == "" {
		return "0"
	}
	return d.s
}

// IsZero reports whether d is zero (at any scale).
func (d Decimal) IsZero() bool {
	return strings.Trim(strings.TrimPrefix(d.String(), "-"), "0.") == ""
}

// Sign returns -1, 0 or +1.
func (d Decimal) Sign() int {
	switch {
	case d.IsZero():
		return 0
	case strings.HasPrefix(d.s, "-"):
		return -1
	}
	return 1
}

// Digits returns the number of significant digits and the number of
// decimal places, as Django's DecimalValidator counts them: "123.45" is
// (5, 2), "0.05" is (2, 2), "-7" is (1, 0).
func (d Decimal) Digits() (digits, decimals int) {
	s := strings.TrimPrefix(d.String(), "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "0" {
		intPart = ""
	}
	return len(intPart) + len(frac), len(frac)
}

// Cmp compares d and e exactly and returns -1, 0 or +1.
func (d Decimal) Cmp(e Decimal) int {
	var a, b big.Rat
	a.SetString(d.String())
	b.SetString(e.String())
	return a.Cmp(&b)
}

// MarshalText implements encoding.TextMarshaler (the canonical text).
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDecimal.
func (d *Decimal) UnmarshalText(b []byte) error {
	v, err := ParseDecimal(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON encodes d as a JSON string ("12.50"), as REST APIs usually
// do, so no JSON reader turns it into a float.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(`"` + d.String() + `"`), nil }

// UnmarshalJSON accepts a JSON string or a JSON number.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	return d.UnmarshalText([]byte(s))
}

// Value implements driver.Valuer (the canonical text), for code that
// passes a Decimal to database/sql directly.
func (d Decimal) Value() (driver.Value, error) { return d.String(), nil }

// Scan implements sql.Scanner for text, bytes and integers. A float is
// refused: it may already have lost digits.
func (d *Decimal) Scan(src any) error {
	switch v := src.(type) {
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	case int64:
		*d = Decimal{s: fmt.Sprint(v)}
		return nil
	case nil:
		*d = Decimal{}
		return nil
	}
	return fmt.Errorf("orm: cannot scan %T into a Decimal (store decimals as text or numeric)", src)
}

// isCanonicalDecimal reports whether s is already in canonical form.
func isCanonicalDecimal(s string) bool {
	if s == "" || s == "-" {
		return false
	}
	body := s
	if body[0] == '-' {
		body = body[1:]
	}
	intPart, frac, hasDot := strings.Cut(body, ".")
	if intPart == "" || (len(intPart) > 1 && intPart[0] == '0') || (hasDot && frac == "") {
		return false
	}
	for _, part := range [2]string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
		}
	}
	if s[0] == '-' && intPart == "0" && strings.Trim(frac, "0") == "" {
		return false // negative zero
	}
	return true
}
