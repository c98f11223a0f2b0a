package conf

import (
	"encoding"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jazzgo/jazz/internal/textdist"
)

// Option tunes [ApplyEnv].
type Option func(*envOptions)

type envOptions struct {
	ignore []string
}

// Ignore lists JAZZ_* variables that are not settings and must not be
// reported as unknown (variables read by the project's own code, say).
// A name ending in "*" ignores every variable with that prefix:
// Ignore("JAZZ_MYSITE_*").
func Ignore(names ...string) Option {
	return func(o *envOptions) { o.ignore = append(o.ignore, names...) }
}

// ErrUnknownVar is the cause (see [EnvError.Err]) of the error for a
// JAZZ_* variable that no setting reads.
var ErrUnknownVar = errors.New("no setting reads this variable")

// EnvError reports one environment variable that [ApplyEnv] could not use.
// ApplyEnv joins one EnvError per bad variable with [errors.Join]; pull
// them out with errors.As or by unwrapping the join.
type EnvError struct {
	// Var is the environment variable, JAZZ_DEBUG.
	Var string
	// Field is the settings field the variable sets, Debug; "" for an
	// unknown variable.
	Field string
	// Value is the value as found, or [Masked] for a secret setting, so the
	// error itself never leaks a secret into a log.
	Value string
	// Err says what is wrong and what form is expected. It is (or wraps)
	// [ErrUnknownVar] for a variable no setting reads.
	Err error
}

// Error returns a message such as
//
//	conf: JAZZ_DEBUG="maybe": not a boolean (use true or false) for setting Debug
func (e *EnvError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("conf: %s: %v", e.Var, e.Err)
	}
	return fmt.Sprintf("conf: %s=%q: %v for setting %s", e.Var, e.Value, e.Err, e.Field)
}

// Unwrap returns e.Err.
func (e *EnvError) Unwrap() error { return e.Err }

// alwaysIgnored are JAZZ_* variables owned by the test suite and CI, not by
// settings; they are present in every developer's shell.
func alwaysIgnored(name string) bool {
	return strings.HasPrefix(name, "JAZZ_TEST_") || name == "JAZZ_REQUIRE_SERVICES"
}

var (
	durationType        = reflect.TypeFor[time.Duration]()
	secretType          = reflect.TypeFor[Secret]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// settingField is one settable field found in a settings struct.
type settingField struct {
	name  string // Go field name (promoted name for embedded fields)
	env   string // variable name; "" when tagged env:"-"
	index []int  // for reflect.Value.FieldByIndex
	typ   reflect.Type
}

// fieldsOf lists the exported fields of struct type t, descending into
// embedded structs as if their fields were declared in t.
func fieldsOf(t reflect.Type, prefix []int) []settingField {
	var out []settingField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		index := append(slices.Clip(prefix), i)
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct {
			if sf.Tag.Get("env") != "-" {
				out = append(out, fieldsOf(sf.Type, index)...)
			}
			continue
		}
		if !sf.IsExported() {
			continue
		}
		f := settingField{name: sf.Name, index: index, typ: sf.Type}
		switch tag := strings.TrimSpace(sf.Tag.Get("env")); tag {
		case "-":
		case "":
			f.env = EnvName(sf.Name)
		default:
			f.env = tag
		}
		out = append(out, f)
	}
	return out
}

// ApplyEnv overrides fields of the settings struct dst points to with
// environment variables from env, given in the form of [os.Environ]
// ("NAME=value"; when a name repeats, the first entry wins, as with
// os.Getenv). It is meant to run once at start-up.
//
// Each exported field is read from the variable [EnvName] gives
// (StaticRoot from JAZZ_STATIC_ROOT), or from the variable named by an
// env:"NAME" tag (which gets no prefix: env:"DATABASE_URL"). A field tagged
// env:"-" is never read. Fields of embedded structs count as fields of dst.
// A variable that is absent leaves its field alone; a variable that is
// present but empty sets a string or list to empty and is an error for
// numbers, booleans and durations.
//
// Accepted forms, by field type:
//
//   - string, [Secret] and other string types: the value as is.
//   - bool: true/false, 1/0, t/f, yes/no, on/off, in any case.
//   - signed and unsigned integers: decimal digits, within the type's range.
//   - float32, float64: a decimal number.
//   - [time.Duration]: Go syntax ("30s", "1m30s", "250ms"), or a bare
//     number, which means seconds ("30", "1.5").
//   - types whose pointer implements [encoding.TextUnmarshaler]: whatever
//     UnmarshalText accepts.
//   - slices ([]string, []Secret, []int...): comma-separated items, each
//     trimmed of spaces, empty items dropped; each item parsed as above.
//   - maps with string keys (map[string]string...): "a=b,c=d", keys and
//     values trimmed, empty items dropped.
//   - pointers to any of these: allocated and set.
//
// Leading and trailing spaces are trimmed from every value except strings.
//
// Every JAZZ_* variable in env must be read by some field, so that a typo
// (JAZZ_DEBGU) fails loudly instead of being ignored; the error suggests
// the closest known name. JAZZ_TEST_*, JAZZ_REQUIRE_SERVICES (used by the
// test suite) and the names given to [Ignore] are exempt. Variables
// without the JAZZ_ prefix are never reported.
//
// ApplyEnv reports every problem, not just the first: the result joins one
// [*EnvError] per bad variable with [errors.Join], in field order and then
// in variable name order. Fields with good values are set even when others
// fail. It returns an error without touching dst when dst is not a non-nil
// pointer to a struct, or when two fields read the same variable. It uses
// reflection and is not meant for hot paths.
func ApplyEnv(dst any, env []string, opts ...Option) error {
	var o envOptions
	for _, opt := range opts {
		opt(&o)
	}
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("conf: ApplyEnv needs a non-nil pointer to a settings struct, got %T", dst)
	}
	rv = rv.Elem()
	fields := fieldsOf(rv.Type(), nil)

	byVar := make(map[string]string, len(fields)) // variable -> field name
	skipped := make(map[string]string)            // variable a skipped field would have had -> field
	var errs []error
	for _, f := range fields {
		if f.env == "" {
			skipped[EnvName(f.name)] = f.name
			continue
		}
		if other, dup := byVar[f.env]; dup {
			return fmt.Errorf("conf: settings fields %s and %s both read %s; give one of them another env tag", other, f.name, f.env)
		}
		byVar[f.env] = f.name
	}

	vars := make(map[string]string, len(env))
	var order []string
	for _, kv := range env {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			continue
		}
		if _, seen := vars[name]; seen {
			continue
		}
		vars[name] = value
		order = append(order, name)
	}

	for _, f := range fields {
		if f.env == "" {
			continue
		}
		value, ok := vars[f.env]
		if !ok {
			continue
		}
		if err := setValue(rv.FieldByIndex(f.index), value); err != nil {
			shown := value
			if f.typ == secretType || LooksSecret(f.name) {
				shown = Masked
			}
			errs = append(errs, &EnvError{Var: f.env, Field: f.name, Value: shown, Err: err})
		}
	}

	known := make([]string, 0, len(byVar))
	for v := range byVar {
		known = append(known, v)
	}
	slices.Sort(known)
	var unknown []string
	for _, name := range order {
		if !strings.HasPrefix(name, Prefix) || alwaysIgnored(name) || o.ignored(name) {
			continue
		}
		if _, ok := byVar[name]; ok {
			continue
		}
		unknown = append(unknown, name)
	}
	slices.Sort(unknown)
	for _, name := range unknown {
		var err error
		if field, ok := skipped[name]; ok {
			err = fmt.Errorf("%w: setting %s cannot be set from the environment; unset the variable and set %s in Go code", ErrUnknownVar, field, field)
		} else if s := closest(name, known); s != "" {
			err = fmt.Errorf("%w; did you mean %s? (rename or unset it)", ErrUnknownVar, s)
		} else {
			err = fmt.Errorf("%w and no setting has a similar name (unset it, or check the spelling)", ErrUnknownVar)
		}
		errs = append(errs, &EnvError{Var: name, Err: err})
	}
	return errors.Join(errs...)
}

func (o *envOptions) ignored(name string) bool {
	for _, ig := range o.ignore {
		if p, ok := strings.CutSuffix(ig, "*"); ok {
			if strings.HasPrefix(name, p) {
				return true
			}
		} else if ig == name {
			return true
		}
	}
	return false
}

// closest returns the known variable nearest to name, or "" when none is
// near enough to be a plausible typo. known must be sorted, so that ties
// resolve the same way every run.
func closest(name string, known []string) string {
	bare := strings.TrimPrefix(name, Prefix)
	best, bestDist := "", math.MaxInt
	for _, k := range known {
		kb := strings.TrimPrefix(k, Prefix)
		d := textdist.Levenshtein(bare, kb)
		// A variable missing a word (JAZZ_SECRET for JAZZ_SECRET_KEY,
		// JAZZ_CSRF_ORIGINS for JAZZ_CSRF_TRUSTED_ORIGINS) is far in edit
		// distance but an obvious match.
		if wordsWithin(bare, kb) || wordsWithin(kb, bare) {
			d = min(d, 2)
		}
		if d < bestDist {
			best, bestDist = k, d
		}
	}
	if bestDist <= max(2, len(bare)/3) {
		return best
	}
	return ""
}

// wordsWithin reports whether the underscore-separated words of a appear,
// in order, among the words of b.
func wordsWithin(a, b string) bool {
	aw, bw := strings.Split(a, "_"), strings.Split(b, "_")
	i := 0
	for _, w := range bw {
		if i < len(aw) && aw[i] == w {
			i++
		}
	}
	return i == len(aw)
}

// setValue parses s into v according to v's type. Its errors describe the
// expected form; the caller adds the variable and field.
func setValue(v reflect.Value, s string) error {
	t := v.Type()
	switch {
	case t == durationType:
		d, err := parseDuration(strings.TrimSpace(s))
		if err != nil {
			return err
		}
		v.SetInt(int64(d))
		return nil
	case t.Kind() == reflect.String:
		// Covers Secret and other string types, even those that also
		// implement TextUnmarshaler, whose UnmarshalText would be
		// called below otherwise.
		if !reflect.PointerTo(t).Implements(textUnmarshalerType) {
			v.SetString(s)
			return nil
		}
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) && v.CanAddr() {
		return v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
	}
	switch t.Kind() {
	case reflect.Pointer:
		nv := reflect.New(t.Elem())
		if err := setValue(nv.Elem(), s); err != nil {
			return err
		}
		v.Set(nv)
		return nil
	case reflect.Bool:
		b, ok := parseBool(strings.TrimSpace(s))
		if !ok {
			return errors.New("not a boolean (use true or false)")
		}
		v.SetBool(b)
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, t.Bits())
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				lo, hi := -(int64(1) << (t.Bits() - 1)), int64(1)<<(t.Bits()-1)-1
				return fmt.Errorf("out of range (use an integer from %d to %d)", lo, hi)
			}
			return errors.New("not an integer (use decimal digits, such as 30)")
		}
		v.SetInt(n)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := strconv.ParseUint(strings.TrimSpace(s), 10, t.Bits())
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return fmt.Errorf("out of range (use an integer from 0 to %d)", ^uint64(0)>>(64-t.Bits()))
			}
			return errors.New("not a non-negative integer (use decimal digits, such as 30)")
		}
		v.SetUint(n)
		return nil
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), t.Bits())
		if err != nil {
			return errors.New("not a number (use a decimal number, such as 0.5)")
		}
		v.SetFloat(f)
		return nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && !reflect.PointerTo(t.Elem()).Implements(textUnmarshalerType) {
			v.SetBytes([]byte(s))
			return nil
		}
		items := splitList(s)
		out := reflect.MakeSlice(t, len(items), len(items))
		for i, item := range items {
			if err := setValue(out.Index(i), item); err != nil {
				return fmt.Errorf("item %d (%q): %w (items are separated by commas)", i+1, item, err)
			}
		}
		v.Set(out)
		return nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			break
		}
		items := splitList(s)
		out := reflect.MakeMapWithSize(t, len(items))
		for _, item := range items {
			key, val, ok := strings.Cut(item, "=")
			key, val = strings.TrimSpace(key), strings.TrimSpace(val)
			if !ok || key == "" {
				return fmt.Errorf("item %q is not key=value (use comma-separated pairs, such as \"a=b,c=d\")", item)
			}
			kv := reflect.New(t.Key()).Elem()
			kv.SetString(key)
			ev := reflect.New(t.Elem()).Elem()
			if err := setValue(ev, val); err != nil {
				return fmt.Errorf("value of %q: %w", key, err)
			}
			out.SetMapIndex(kv, ev)
		}
		v.Set(out)
		return nil
	}
	return fmt.Errorf("a %s cannot be set from the environment (set it in Go code, or tag the field env:\"-\")", t)
}

// splitList splits a comma-separated list, trimming items and dropping
// empty ones, so "a, b,," is [a b].
func splitList(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "1", "t", "true", "yes", "on":
		return true, true
	case "0", "f", "false", "no", "off":
		return false, true
	}
	return false, false
}

// parseDuration reads Go duration syntax or a bare number of seconds.
// Operators coming from Django write timeouts as seconds; Go developers
// write "30s". Both mean the same here.
func parseDuration(s string) (time.Duration, error) {
	if d, err := time.ParseDuration(s); err == nil {
		return d, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) &&
		math.Abs(f) <= float64(math.MaxInt64)/float64(time.Second) {
		return time.Duration(f * float64(time.Second)), nil
	}
	return 0, errors.New(`not a duration (use Go syntax such as "30s" or "1m30s", or a number of seconds)`)
}
