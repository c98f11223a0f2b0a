package orm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// NonFieldErrors is the ValidationErrors key of errors about several
// fields together (unique_together), as Django's NON_FIELD_ERRORS.
const NonFieldErrors = "__all__"

// ValidationError is one problem with a value: a stable Code for programs
// ("max_length", "blank", "null", "null_characters_not_allowed",
// "invalid_choice", "invalid",
// "max_digits", "max_decimal_places", "max_whole_digits", "min_value",
// "unique", "unique_together") and a Message for people.
type ValidationError struct {
	Code    string
	Message string
}

// ValidationErrors maps a field's query name (or NonFieldErrors) to its
// problems. FullClean returns it as an error when it is not empty.
type ValidationErrors map[string][]ValidationError

// Error lists every problem, fields in alphabetical order.
func (e ValidationErrors) Error() string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("orm: validation failed:")
	for _, k := range keys {
		for _, v := range e[k] {
			fmt.Fprintf(&b, " %s: %s", k, v.Message)
		}
	}
	return b.String()
}

// Messages returns the messages for field, in order; nil when it has none.
func (e ValidationErrors) Messages(field string) []string {
	var out []string
	for _, v := range e[field] {
		out = append(out, v.Message)
	}
	return out
}

// Has reports whether field has a problem with the given code.
func (e ValidationErrors) Has(field, code string) bool {
	for _, v := range e[field] {
		if v.Code == code {
			return true
		}
	}
	return false
}

func (e ValidationErrors) add(field, code, format string, args ...any) {
	e[field] = append(e[field], ValidationError{Code: code, Message: fmt.Sprintf(format, args...)})
}

// FullClean validates obj against its model's rules, as Django's
// full_clean: null and blank, max_length, choices, the email/url/slug/ip
// formats, decimal digits, positive numbers, the model's own field
// validators ([FieldValidators]), then unique fields, UniqueTogether and
// unique Constraints without a condition, which query the database of ctx
// (excluding obj's own row), and last the model's Clean method
// ([Cleaner]). It returns nil or a ValidationErrors; a database failure is
// returned as is.
func FullClean[T any](ctx context.Context, obj *T) error {
	info := Info[T]()
	if info == nil {
		return fmt.Errorf("%w: %s", ErrNotRegistered, reflect.TypeFor[T]())
	}
	return info.FullClean(ctx, obj)
}

// FullClean is the untyped form of the package-level FullClean, for code
// that holds only the metadata (forms, the admin). obj must be a non-nil
// pointer to the model's struct.
func (m *ModelInfo) FullClean(ctx context.Context, obj any) error {
	rv := reflect.ValueOf(obj)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Type().Elem() != m.Type {
		return fmt.Errorf("orm: FullClean %s: want a non-nil *%s, got %T", m.Label, m.Type.Name(), obj)
	}
	base := rv.UnsafePointer()
	errs := ValidationErrors{}
	var custom map[string][]Validator
	if fv, ok := obj.(FieldValidators); ok {
		custom = fv.Validators()
		for name := range custom {
			if _, ok := m.Field(name); !ok {
				return &FieldError{Model: m.Name, Name: name, Reason: "Validators names a field the model does not have"}
			}
		}
	}
	for _, f := range m.Fields {
		if f.PrimaryKey && f.Kind == db.KindAuto {
			continue
		}
		m.cleanField(f, base, errs)
		if len(errs[f.QueryName]) > 0 {
			continue
		}
		for _, v := range append(custom[f.QueryName], custom[f.Name]...) {
			val, err := f.get(base)
			if err == nil {
				err = v(val)
			}
			if err != nil {
				errs.addError(f.QueryName, err)
			}
		}
	}
	if err := m.cleanUnique(ctx, base, errs); err != nil {
		return err
	}
	if c, ok := obj.(Cleaner); ok {
		if err := c.Clean(ctx); err != nil {
			errs.addError(NonFieldErrors, err)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func (m *ModelInfo) cleanField(f *FieldInfo, base unsafe.Pointer, errs ValidationErrors) {
	name := f.QueryName
	v, err := f.get(base)
	if err != nil {
		errs.add(name, "invalid", "%v", err)
		return
	}
	if v == nil || (f.isFK && v == int64(0)) {
		if !f.Null && !f.Blank {
			errs.add(name, "null", "This field cannot be null.")
		}
		return
	}
	empty := false
	switch x := v.(type) {
	case string:
		empty = x == ""
	case json.RawMessage:
		empty = string(x) == "{}" || string(x) == "[]" || string(x) == "null"
	case []byte:
		empty = len(x) == 0
	}
	if empty {
		if !f.Blank {
			errs.add(name, "blank", "This field cannot be blank.")
		}
		return
	}
	if s, ok := v.(string); ok && f.rep == repString {
		if n := utf8.RuneCountInString(s); f.MaxLength > 0 && n > f.MaxLength {
			errs.add(name, "max_length", "Ensure this value has at most %d characters (it has %d).", f.MaxLength, n)
		}
		if strings.IndexByte(s, 0) >= 0 {
			errs.add(name, "null_characters_not_allowed", "Null characters are not allowed.")
		}
		if msg := checkFormat(f.Format, s); msg != "" {
			errs.add(name, "invalid", "%s", msg)
		}
	}
	if f.Choices != nil {
		if s, ok := choiceText(v); ok && !f.hasChoice(s) {
			errs.add(name, "invalid_choice", "Value %q is not a valid choice.", s)
		}
	}
	if f.rep == repDecimal {
		d, _ := ParseDecimal(v.(string))
		digits, decimals := d.Digits()
		whole := digits - decimals
		switch {
		case digits > f.MaxDigits:
			errs.add(name, "max_digits", "Ensure that there are no more than %d digits in total.", f.MaxDigits)
		case decimals > f.DecimalPlaces:
			errs.add(name, "max_decimal_places", "Ensure that there are no more than %d decimal places.", f.DecimalPlaces)
		case whole > f.MaxDigits-f.DecimalPlaces:
			errs.add(name, "max_whole_digits", "Ensure that there are no more than %d digits before the decimal point.", f.MaxDigits-f.DecimalPlaces)
		}
	}
	if f.Positive {
		if n, ok := v.(int64); ok && n < 0 {
			errs.add(name, "min_value", "Ensure this value is greater than or equal to 0.")
		}
	}
}

func choiceText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int64:
		return strconv.FormatInt(x, 10), true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return "", false
}

// checkFormat returns the message for a value that is not in the field's
// format, or "".
func checkFormat(format, s string) string {
	switch format {
	case "email":
		if !validEmail(s) {
			return "Enter a valid email address."
		}
	case "url":
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || !(u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "ftp" || u.Scheme == "ftps") || strings.ContainsAny(s, " \t\n") {
			return "Enter a valid URL."
		}
	case "slug":
		for _, r := range s {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."
			}
		}
	case "ip":
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return "Enter a valid IPv4 or IPv6 address."
		}
	}
	return ""
}

// validEmail accepts local@domain where the local part has no spaces or
// '@' and the domain is dot-separated labels of letters, digits and
// hyphens (or "localhost"), with a final label of at least two letters.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || strings.ContainsAny(local, " \t\r\n@<>()[]\\,;:\"") ||
		strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return false
	}
	if domain == "localhost" {
		return true
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for i, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for j := 0; j < len(l); j++ {
			c := l[j]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c >= 0x80) {
				return false
			}
		}
		if i == len(labels)-1 && len(l) < 2 {
			return false
		}
	}
	return true
}

// cleanUnique checks unique fields and unique field sets against the
// database, skipping fields that already failed.
func (m *ModelInfo) cleanUnique(ctx context.Context, base unsafe.Pointer, errs ValidationErrors) error {
	type check struct {
		key    string
		fields []*FieldInfo
	}
	var checks []check
	for _, f := range m.Fields {
		if f.Unique && !f.PrimaryKey && len(errs[f.QueryName]) == 0 {
			checks = append(checks, check{f.QueryName, []*FieldInfo{f}})
		}
	}
	sets := append([][]string(nil), m.Meta.UniqueTogether...)
	for _, c := range m.Meta.Constraints {
		if c.Check == "" && c.Condition == "" {
			sets = append(sets, c.Fields)
		}
	}
	for _, set := range sets {
		var fs []*FieldInfo
		for _, n := range set {
			if f, ok := m.Field(n); ok {
				fs = append(fs, f)
			}
		}
		checks = append(checks, check{NonFieldErrors, fs})
	}
	if len(checks) == 0 {
		return nil
	}
	conn, err := querier(ctx)
	if err != nil {
		return err
	}
	d := conn.Dialect()
	for _, ch := range checks {
		conds := make([]Cond, 0, len(ch.fields)+1)
		skip := false
		for _, f := range ch.fields {
			v, err := f.get(base)
			if err != nil || v == nil {
				skip = true // NULLs never collide
				break
			}
			conds = append(conds, Q(f.QueryName, v))
		}
		if skip {
			continue
		}
		if !m.PK.isZero(base) {
			pk, _ := m.PK.get(base)
			conds = append(conds, Not(Q("pk", pk)))
		}
		c := newCompiler(d, m)
		where, err := c.where(conds)
		if err != nil {
			return err
		}
		var b strings.Builder
		b.WriteString("SELECT 1")
		c.from(&b)
		writeWhere(&b, where, false)
		b.WriteString(" " + d.LimitOffset(1, 0))
		rows, err := conn.QueryContext(ctx, b.String(), c.args...)
		if err != nil {
			return fmt.Errorf("orm: checking uniqueness of %s: %w", m.Label, err)
		}
		taken := rows.Next()
		rerr := rows.Err()
		rows.Close()
		if rerr != nil {
			return fmt.Errorf("orm: checking uniqueness of %s: %w", m.Label, rerr)
		}
		if !taken {
			continue
		}
		if ch.key == NonFieldErrors {
			names := make([]string, len(ch.fields))
			for i, f := range ch.fields {
				names[i] = f.VerboseName
			}
			errs.add(NonFieldErrors, "unique_together", "%s with this %s already exists.", capitalize(m.Meta.VerboseName), strings.Join(names, " and "))
		} else {
			errs.add(ch.key, "unique", "%s with this %s already exists.", capitalize(m.Meta.VerboseName), ch.fields[0].VerboseName)
		}
	}
	return nil
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}
