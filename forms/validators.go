package forms

import (
	"fmt"
	"math/big"
	"net"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Validator checks a cleaned, non-empty value. It returns nil or an error,
// preferably an *Error so the code survives; any other error is reported
// with code "invalid". Validators are plain functions so they compose and
// can be shared by forms, ModelForms and the ORM.
type Validator func(v any) error

// length measures strings in characters and slices in elements; ok is false
// for types that have no length.
func length(v any) (int, bool) {
	switch x := v.(type) {
	case string:
		return utf8.RuneCountInString(x), true
	case []string:
		return len(x), true
	case []any:
		return len(x), true
	case []Upload:
		return len(x), true
	}
	return 0, false
}

// MinLength rejects strings shorter than n characters (code "min_length").
func MinLength(n int) Validator {
	return func(v any) error {
		if l, ok := length(v); ok && l < n {
			return Errorf("min_length", "Ensure this value has at least {limit} characters (it has {length}).", "limit", n, "length", l)
		}
		return nil
	}
}

// MaxLength rejects strings longer than n characters (code "max_length").
func MaxLength(n int) Validator {
	return func(v any) error {
		if l, ok := length(v); ok && l > n {
			return Errorf("max_length", "Ensure this value has at most {limit} characters (it has {length}).", "limit", n, "length", l)
		}
		return nil
	}
}

// compare orders two values of the kinds fields produce: integers, floats
// and decimal strings compare as exact rationals, times and durations by
// instant. ok is false when they cannot be compared.
func compare(a, b any) (int, bool) {
	if ta, ok := a.(time.Time); ok {
		if tb, ok := b.(time.Time); ok {
			return ta.Compare(tb), true
		}
		return 0, false
	}
	if da, ok := a.(time.Duration); ok {
		if db, ok := b.(time.Duration); ok {
			return cmpInt(int64(da), int64(db)), true
		}
		return 0, false
	}
	ra, ok1 := rat(a)
	rb, ok2 := rat(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	return ra.Cmp(rb), true
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func rat(v any) (*big.Rat, bool) {
	r := new(big.Rat)
	switch x := v.(type) {
	case int:
		return r.SetInt64(int64(x)), true
	case int64:
		return r.SetInt64(x), true
	case int32:
		return r.SetInt64(int64(x)), true
	case uint:
		return r.SetUint64(uint64(x)), true
	case uint64:
		return r.SetUint64(x), true
	case float64:
		if r.SetFloat64(x) == nil {
			return nil, false
		}
		return r, true
	case float32:
		if r.SetFloat64(float64(x)) == nil {
			return nil, false
		}
		return r, true
	case string:
		return r.SetString(x)
	}
	return nil, false
}

// MinValue rejects values below limit (code "min_value"). limit may be any
// integer, float, decimal string, time.Time or time.Duration; numbers of
// different Go types compare exactly.
func MinValue(limit any) Validator {
	return func(v any) error {
		if c, ok := compare(v, limit); ok && c < 0 {
			return Errorf("min_value", "Ensure this value is greater than or equal to {limit}.", "limit", limit)
		}
		return nil
	}
}

// MaxValue rejects values above limit (code "max_value"); see MinValue.
func MaxValue(limit any) Validator {
	return func(v any) error {
		if c, ok := compare(v, limit); ok && c > 0 {
			return Errorf("max_value", "Ensure this value is less than or equal to {limit}.", "limit", limit)
		}
		return nil
	}
}

// RegexValidator rejects strings that do not match re, with the given code and
// message ("invalid" and a generic message when empty).
func RegexValidator(re *regexp.Regexp, code, message string) Validator {
	if code == "" {
		code = "invalid"
	}
	if message == "" {
		message = "Enter a valid value."
	}
	return func(v any) error {
		if s, ok := v.(string); ok && !re.MatchString(s) {
			return Errorf(code, message)
		}
		return nil
	}
}

var (
	emailLocal  = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+/=?^_` + "`" + `{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_` + "`" + `{|}~-]+)*$`)
	domainLabel = regexp.MustCompile(`^(?i)[a-z0-9\p{L}]([a-z0-9\p{L}-]{0,61}[a-z0-9\p{L}])?$`)
	tldLabel    = regexp.MustCompile(`^(?i)([a-z\p{L}]{2,63}|xn--[a-z0-9-]{1,59})$`)
	slugRe      = regexp.MustCompile(`^[-a-zA-Z0-9_]+$`)
	slugUnicode = regexp.MustCompile(`^[-\p{L}\p{N}_]+$`)
)

// validHost accepts a DNS name with a real top-level label, "localhost", or
// an IP literal (bracketed for IPv6 when bracketed is true).
func validHost(h string, allowIP bool) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	if allowIP {
		if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
			ip := net.ParseIP(h[1 : len(h)-1])
			return ip != nil && ip.To4() == nil
		}
		if net.ParseIP(h) != nil {
			return true
		}
	}
	if strings.EqualFold(h, "localhost") {
		return true
	}
	h = strings.TrimSuffix(h, ".")
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !domainLabel.MatchString(l) {
			return false
		}
	}
	return tldLabel.MatchString(labels[len(labels)-1])
}

// validEmail is deliberately stricter than RFC 5322: it accepts what people
// type into forms and mail servers deliver, not quoted local parts.
func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || len(s) > 320 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 || !emailLocal.MatchString(local) {
		return false
	}
	if strings.HasPrefix(domain, "[") && strings.HasSuffix(domain, "]") {
		return net.ParseIP(domain[1:len(domain)-1]) != nil
	}
	return validHost(domain, false)
}

// EmailValidator rejects strings that are not a single e-mail address
// (code "invalid").
func EmailValidator() Validator {
	return func(v any) error {
		if s, ok := v.(string); ok && !validEmail(s) {
			return Errorf("invalid", "Enter a valid email address.")
		}
		return nil
	}
}

// URLValidator rejects strings that are not absolute URLs with one of the
// schemes (http and https when none are given) and a valid host.
func URLValidator(schemes ...string) Validator {
	if len(schemes) == 0 {
		schemes = []string{"http", "https"}
	}
	return func(v any) error {
		s, ok := v.(string)
		if !ok {
			return nil
		}
		if !validURL(s, schemes) {
			return Errorf("invalid", "Enter a valid URL.")
		}
		return nil
	}
}

func validURL(s string, schemes []string) bool {
	if len(s) > 2048 || strings.ContainsAny(s, " \t\r\n\x00") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" {
		return false
	}
	okScheme := false
	for _, sc := range schemes {
		if strings.EqualFold(u.Scheme, sc) {
			okScheme = true
		}
	}
	if !okScheme {
		return false
	}
	host := u.Host
	if h, p, err := net.SplitHostPort(host); err == nil {
		if p == "" {
			return false
		}
		if strings.Contains(h, ":") {
			h = "[" + h + "]"
		}
		host = h
	}
	return validHost(host, true)
}

// SlugValidator rejects strings other than letters, digits, hyphens and
// underscores (ASCII only unless unicode is true).
func SlugValidator(unicode bool) Validator {
	re := slugRe
	if unicode {
		re = slugUnicode
	}
	return func(v any) error {
		if s, ok := v.(string); ok && !re.MatchString(s) {
			return Errorf("invalid", "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.")
		}
		return nil
	}
}

// uploads lists the files of a File value or a list of them.
func uploads(v any) []Upload {
	switch x := v.(type) {
	case Upload:
		return []Upload{x}
	case []Upload:
		return x
	}
	return nil
}

// FileExtension rejects uploads whose name does not end with one of exts
// (compared without case, with or without the leading dot) (code
// "invalid_extension").
func FileExtension(exts ...string) Validator {
	allowed := make([]string, len(exts))
	for i, e := range exts {
		allowed[i] = strings.ToLower(strings.TrimPrefix(e, "."))
	}
	return func(v any) error {
		for _, u := range uploads(v) {
			ext := strings.ToLower(strings.TrimPrefix(path.Ext(u.Name()), "."))
			ok := false
			for _, a := range allowed {
				if ext == a {
					ok = true
				}
			}
			if !ok {
				return Errorf("invalid_extension", "File extension “{extension}” is not allowed. Allowed extensions are: {allowed}.",
					"extension", ext, "allowed", strings.Join(allowed, ", "))
			}
		}
		return nil
	}
}

// FileSize rejects uploads larger than max bytes (code "file_too_large").
func FileSize(max int64) Validator {
	return func(v any) error {
		for _, u := range uploads(v) {
			if u.Size() > max {
				return Errorf("file_too_large", "Ensure this file is at most {max} bytes (it is {size}).", "max", max, "size", u.Size())
			}
		}
		return nil
	}
}

// describe is used in messages that show a limit of any type.
func describe(v any) string { return fmt.Sprint(v) }
