package templates

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// filesizeformat formats a number of bytes in 1024-based units as Django
// does: "0\u00a0bytes", "1\u00a0byte", "1023\u00a0bytes", "1.0\u00a0KB",
// "1.5\u00a0MB", up to PB, with one decimal and a non-breaking space before
// the unit. Floats are truncated to whole bytes; a string must hold an
// integer. Anything else (nil included) gives "0\u00a0bytes".
func filesizeformat(v any) string {
	var n int64
	if f, ok := v.(float64); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
		n = int64(f)
	} else if f, ok := v.(float32); ok {
		n = int64(f)
	} else if i, ok := toInt(v); ok {
		n = i
	}
	neg := n < 0
	u := uint64(n)
	if neg {
		u = -u
	}
	var s string
	const kb = 1024
	switch {
	case u == 1:
		s = "1" + nbsp + "byte"
	case u < kb:
		s = strconv.FormatUint(u, 10) + nbsp + "bytes"
	default:
		units := []string{"KB", "MB", "GB", "TB", "PB"}
		f := float64(u) / kb
		i := 0
		for f >= kb && i < len(units)-1 {
			f /= kb
			i++
		}
		s = strconv.FormatFloat(f, 'f', 1, 64) + nbsp + units[i]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// floatformat rounds a number for display with Django's rules. Forms:
// {{.x | floatformat}} and {{.x | floatformat 2}}; the argument p is an int
// or a string holding one, optionally followed by "g" (group thousands
// with ",") and/or "u" (accepted, no effect: Jazz does not localise).
//
//   - p < 0 (default -1): |p| decimals, but none when the value is whole
//     (34.0 -> "34", 34.26 -> "34.3").
//   - p > 0: exactly p decimals (34.0 with 3 -> "34.000").
//   - p = 0: rounded to a whole number (39.56 -> "40").
//
// Rounding is half away from zero on the number's shortest decimal form, so
// 2.675 with 2 gives "2.68" as in Django. Accepted values: integers,
// floats, and strings holding a number; anything else (nil included) gives
// "", and an argument that is not a number, or beyond ±100, returns the
// value unchanged.
func floatformat(args ...any) (string, error) {
	var arg, v any = -1, nil
	switch len(args) {
	case 1:
		v = args[0]
	case 2:
		arg, v = args[0], args[1]
	default:
		return "", errors.New("templates: floatformat: want a number and an optional precision, as in {{.x | floatformat 2}}")
	}
	neg, intPart, frac, input, ok := decimalOf(v)
	if !ok {
		return input, nil
	}
	p, group, ok := floatformatArg(arg)
	if !ok || p > maxPlaces || p < -maxPlaces {
		return input, nil
	}
	whole := strings.Trim(frac, "0") == ""
	places := p
	if places < 0 {
		places = -places
	}
	if whole && p <= 0 {
		places = 0
	}
	intPart, frac = roundHalfUp(intPart, frac, places)
	if group {
		intPart = groupThousands(intPart)
	}
	out := intPart
	if places > 0 {
		out += "." + frac
	}
	if neg && strings.Trim(intPart+frac, "0,") != "" {
		out = "-" + out
	}
	return out, nil
}

// maxPlaces bounds floatformat's precision, so that a precision taken from
// data cannot make it allocate without limit; a larger one counts as invalid.
const maxPlaces = 100

// decimalOf gives the decimal digits of a number: its sign, integer digits
// (no leading zeros, at least one digit) and fraction digits. input is the
// value as text, which floatformat returns when it cannot proceed.
func decimalOf(v any) (neg bool, intPart, frac, input string, ok bool) {
	var s string
	switch x := v.(type) {
	case nil:
		return false, "", "", "", false
	case string:
		input = x
		s = strings.TrimSpace(x)
		if !plainDecimal(s) {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return false, "", "", "", false
			}
			if math.IsInf(f, 0) || math.IsNaN(f) {
				return false, "", "", input, false
			}
			s = strconv.FormatFloat(f, 'f', -1, 64)
		}
	case float32:
		s = strconv.FormatFloat(float64(x), 'f', -1, 32)
		input = s
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
		input = s
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return false, "", "", input, false
		}
	default:
		rv := reflect.ValueOf(v)
		switch rv.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			s = strconv.FormatInt(rv.Int(), 10)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			s = strconv.FormatUint(rv.Uint(), 10)
		case reflect.Float32, reflect.Float64:
			s = strconv.FormatFloat(rv.Float(), 'f', -1, 64)
		default:
			return false, "", "", "", false
		}
		input = s
	}
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	intPart, frac, _ = strings.Cut(s, ".")
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	return neg, intPart, frac, input, true
}

// plainDecimal reports whether s is digits with an optional sign and
// decimal point ("-12.50", ".5"), which is used as is so that long strings
// keep all their digits.
func plainDecimal(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

func floatformatArg(arg any) (p int, group, ok bool) {
	switch x := arg.(type) {
	case string:
		s := x
		for len(s) > 0 && (s[len(s)-1] == 'g' || s[len(s)-1] == 'u') {
			group = group || s[len(s)-1] == 'g'
			s = s[:len(s)-1]
		}
		if s == "" {
			return -1, group, true
		}
		n, err := strconv.Atoi(s)
		return n, group, err == nil
	default:
		n, ok := toInt(arg)
		return int(n), false, ok && n >= math.MinInt32 && n <= math.MaxInt32
	}
}

// roundHalfUp rounds the decimal intPart.frac to places fraction digits,
// ties away from zero, and pads the fraction with zeros to places digits.
func roundHalfUp(intPart, frac string, places int) (string, string) {
	if len(frac) <= places {
		return intPart, frac + strings.Repeat("0", places-len(frac))
	}
	up := frac[places] >= '5'
	digits := []byte(intPart + frac[:places])
	if up {
		i := len(digits) - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	n := len(digits) - places
	return string(digits[:n]), string(digits[n:])
}

// groupThousands puts a comma between each group of three integer digits.
func groupThousands(s string) string {
	if len(s) <= 3 {
		return s
	}
	var sb strings.Builder
	head := len(s) % 3
	if head > 0 {
		sb.WriteString(s[:head])
	}
	for i := head; i < len(s); i += 3 {
		if sb.Len() > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(s[i : i+3])
	}
	return sb.String()
}
