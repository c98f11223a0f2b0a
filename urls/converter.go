package urls

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Converter turns one captured piece of a path into a Go value and back, like
// a Django path converter. The router, not the converter, decides where a
// piece starts and ends: a converter whose Regexp can match "/" spans whole
// segments (like "path"); any other converter sees exactly one segment, or a
// part of one when the route mixes it with literal text.
//
// Implementations must be safe for concurrent use; the router calls them from
// every request goroutine.
type Converter interface {
	// Regexp describes the accepted text, without anchors (the router adds
	// them). It is compiled once by [New]. Converters that also implement
	// [Matcher] are matched by Match instead, except inside segments that
	// mix literal text with converters, where the whole segment is matched
	// by one regexp built from the pieces.
	Regexp() string
	// ToGo converts matched text into the value views receive from [Value].
	// An error means "this pattern does not match": the router goes on to
	// the next pattern, as Django does for a ValueError.
	ToGo(s string) (any, error)
	// ToURL converts a value given to [Router.Reverse] into path text, not
	// yet percent-encoded. An error makes Reverse fail and names the
	// parameter.
	ToURL(v any) (string, error)
}

// Matcher is an optional fast path for a [Converter]: a hand-written test
// that replaces the Regexp on the hot path. Match must accept exactly the
// strings for which ToGo succeeds; the router relies on that to defer ToGo
// until a view asks for the value, so a match allocates nothing.
type Matcher interface {
	Match(s string) bool
}

// Built-in converter names. "str" is used when a parameter names no
// converter, as in "<name>".
const (
	ConvInt  = "int"
	ConvSlug = "slug"
	ConvStr  = "str"
	ConvUUID = "uuid"
	ConvPath = "path"
)

var (
	registryMu sync.RWMutex
	registry   = map[string]Converter{
		ConvInt:  intConverter{},
		ConvSlug: slugConverter{},
		ConvStr:  strConverter{},
		ConvUUID: uuidConverter{},
		ConvPath: pathConverter{},
	}
)

// RegisterConverter makes c available to every router under name, like
// sql.Register. Call it from an init function or before [New]; it panics when
// name is not an identifier, when c is nil, or when name is already taken
// (the built-ins included), because two packages claiming one name is a
// programming error best caught at start-up.
func RegisterConverter(name string, c Converter) {
	if !isIdent(name) {
		panic(fmt.Sprintf("urls: RegisterConverter: name %q is not an identifier (use letters, digits and _)", name))
	}
	if c == nil {
		panic(fmt.Sprintf("urls: RegisterConverter: converter %q is nil", name))
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic(fmt.Sprintf("urls: RegisterConverter called twice for converter %q (pick another name)", name))
	}
	registry[name] = c
}

// registeredConverter returns the globally registered converter for name.
func registeredConverter(name string) (Converter, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	c, ok := registry[name]
	return c, ok
}

// registeredNames lists registered converter names, sorted, for error
// messages.
func registeredNames(extra map[string]Converter) []string {
	registryMu.RLock()
	names := make([]string, 0, len(registry)+len(extra))
	for n := range registry {
		names = append(names, n)
	}
	registryMu.RUnlock()
	for n := range extra {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// compiledConv is a converter prepared by New: its anchored regexp, whether
// it spans segments, and its fast matcher if any.
type compiledConv struct {
	name    string
	conv    Converter
	re      *regexp.Regexp // anchored; used when fast is nil
	fast    Matcher        // nil for converters without Match
	spans   bool           // the regexp can match "/": the value covers whole segments
	builtin bool
}

// match reports whether s is accepted, and the Go value when it had to be
// computed (converters without Matcher convert eagerly, because ToGo is what
// decides the match).
func (c *compiledConv) match(s string) (val any, hasVal, ok bool) {
	if c.fast != nil {
		return nil, false, c.fast.Match(s)
	}
	if !c.re.MatchString(s) {
		return nil, false, false
	}
	v, err := c.conv.ToGo(s)
	if err != nil {
		return nil, false, false
	}
	return v, true, true
}

// accepts is match without the value, for Reverse's round-trip check.
func (c *compiledConv) accepts(s string) bool {
	_, _, ok := c.match(s)
	return ok
}

func compileConv(name string, c Converter) (*compiledConv, error) {
	src := c.Regexp()
	re, err := regexp.Compile(`^(?:` + src + `)$`)
	if err != nil {
		return nil, fmt.Errorf("urls: converter %q: Regexp %q does not compile: %w", name, src, err)
	}
	spans, err := regexpMatchesSlash(src)
	if err != nil {
		return nil, fmt.Errorf("urls: converter %q: Regexp %q does not compile: %w", name, src, err)
	}
	cc := &compiledConv{name: name, conv: c, re: re, spans: spans}
	if m, ok := c.(Matcher); ok {
		cc.fast = m
	}
	switch c.(type) {
	case intConverter, slugConverter, strConverter, uuidConverter, pathConverter:
		cc.builtin = true
	}
	return cc, nil
}

// regexpMatchesSlash reports whether any string the expression matches can
// contain '/'. It is conservative: a '/' anywhere in a literal or class, or
// an any-character node, counts.
func regexpMatchesSlash(src string) (bool, error) {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return false, err
	}
	var walk func(*syntax.Regexp) bool
	walk = func(re *syntax.Regexp) bool {
		switch re.Op {
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			return true
		case syntax.OpLiteral:
			for _, r := range re.Rune {
				if r == '/' {
					return true
				}
			}
		case syntax.OpCharClass:
			for i := 0; i+1 < len(re.Rune); i += 2 {
				if re.Rune[i] <= '/' && '/' <= re.Rune[i+1] {
					return true
				}
			}
		}
		for _, sub := range re.Sub {
			if walk(sub) {
				return true
			}
		}
		return false
	}
	return walk(re), nil
}

// errConvValue is wrapped by the built-in converters' ToURL errors.
var errConvValue = errors.New("value not accepted")

// textOf turns common scalar values into path text without reflection.
func textOf(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	case int:
		return strconv.FormatInt(int64(v), 10), true
	case int8:
		return strconv.FormatInt(int64(v), 10), true
	case int16:
		return strconv.FormatInt(int64(v), 10), true
	case int32:
		return strconv.FormatInt(int64(v), 10), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case uint:
		return strconv.FormatUint(uint64(v), 10), true
	case uint8:
		return strconv.FormatUint(uint64(v), 10), true
	case uint16:
		return strconv.FormatUint(uint64(v), 10), true
	case uint32:
		return strconv.FormatUint(uint64(v), 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	case fmt.Stringer:
		return v.String(), true
	}
	return "", false
}

// intConverter: decimal digits that fit an int64; the Go value is int64.
type intConverter struct{}

func (intConverter) Regexp() string { return `[0-9]+` }

func (intConverter) Match(s string) bool {
	if s == "" {
		return false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + uint64(c-'0')
		if n > 1<<63-1 {
			return false
		}
	}
	return true
}

func (c intConverter) ToGo(s string) (any, error) {
	if !c.Match(s) {
		return nil, fmt.Errorf("urls: int converter: %q is not a non-negative int64", s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("urls: int converter: %w", err)
	}
	return n, nil
}

func (c intConverter) ToURL(v any) (string, error) {
	switch n := v.(type) {
	case int:
		if n < 0 {
			return "", fmt.Errorf("%w: int converter takes non-negative integers, got %d", errConvValue, n)
		}
		return strconv.FormatInt(int64(n), 10), nil
	case int64:
		if n < 0 {
			return "", fmt.Errorf("%w: int converter takes non-negative integers, got %d", errConvValue, n)
		}
		return strconv.FormatInt(n, 10), nil
	case int8, int16, int32, uint, uint8, uint16, uint32, uint64, string, []byte:
		s, _ := textOf(v)
		if !c.Match(s) {
			return "", fmt.Errorf("%w: int converter takes non-negative integers that fit an int64, got %q", errConvValue, s)
		}
		return s, nil
	}
	return "", fmt.Errorf("%w: int converter takes an integer or a string of digits, got %T", errConvValue, v)
}

// slugConverter: ASCII letters, digits, hyphens and underscores.
type slugConverter struct{}

func (slugConverter) Regexp() string { return `[-a-zA-Z0-9_]+` }

func (slugConverter) Match(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func (c slugConverter) ToGo(s string) (any, error) {
	if !c.Match(s) {
		return nil, fmt.Errorf("urls: slug converter: %q is not a slug", s)
	}
	return s, nil
}

func (c slugConverter) ToURL(v any) (string, error) {
	s, ok := textOf(v)
	if !ok {
		return "", fmt.Errorf("%w: slug converter takes a string, got %T", errConvValue, v)
	}
	if !c.Match(s) {
		return "", fmt.Errorf("%w: slug converter takes letters, digits, - and _ only, got %q", errConvValue, s)
	}
	return s, nil
}

// strConverter: any non-empty segment. The segment boundary comes from the
// raw path, so a value may hold "/" when the client sent it as %2F.
type strConverter struct{}

func (strConverter) Regexp() string { return `[^/]+` }

func (strConverter) Match(s string) bool { return s != "" }

func (strConverter) ToGo(s string) (any, error) {
	if s == "" {
		return nil, errors.New("urls: str converter: empty value")
	}
	return s, nil
}

func (strConverter) ToURL(v any) (string, error) {
	s, ok := textOf(v)
	if !ok {
		return "", fmt.Errorf("%w: str converter takes a string, got %T", errConvValue, v)
	}
	if s == "" {
		return "", fmt.Errorf("%w: str converter takes a non-empty string", errConvValue)
	}
	return s, nil
}

// uuidConverter: canonical lower-case UUID text; the Go value is the string.
type uuidConverter struct{}

func (uuidConverter) Regexp() string {
	return `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`
}

func (uuidConverter) Match(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}

func (c uuidConverter) ToGo(s string) (any, error) {
	if !c.Match(s) {
		return nil, fmt.Errorf("urls: uuid converter: %q is not a lower-case canonical UUID", s)
	}
	return s, nil
}

func (c uuidConverter) ToURL(v any) (string, error) {
	var s string
	switch u := v.(type) {
	case [16]byte:
		const hex = "0123456789abcdef"
		var b [36]byte
		j := 0
		for i, x := range u {
			if i == 4 || i == 6 || i == 8 || i == 10 {
				b[j] = '-'
				j++
			}
			b[j], b[j+1] = hex[x>>4], hex[x&0xf]
			j += 2
		}
		return string(b[:]), nil
	case string:
		s = strings.ToLower(u)
	case fmt.Stringer:
		s = strings.ToLower(u.String())
	default:
		return "", fmt.Errorf("%w: uuid converter takes a string, [16]byte or fmt.Stringer, got %T", errConvValue, v)
	}
	if !c.Match(s) {
		return "", fmt.Errorf("%w: uuid converter takes a canonical UUID (8-4-4-4-12 hex digits), got %q", errConvValue, s)
	}
	return s, nil
}

// pathConverter: any non-empty text, "/" included; spans segments.
type pathConverter struct{}

func (pathConverter) Regexp() string { return `.+` }

func (pathConverter) Match(s string) bool { return s != "" }

func (pathConverter) ToGo(s string) (any, error) {
	if s == "" {
		return nil, errors.New("urls: path converter: empty value")
	}
	return s, nil
}

func (pathConverter) ToURL(v any) (string, error) {
	s, ok := textOf(v)
	if !ok {
		return "", fmt.Errorf("%w: path converter takes a string, got %T", errConvValue, v)
	}
	if s == "" {
		return "", fmt.Errorf("%w: path converter takes a non-empty string", errConvValue)
	}
	return s, nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9' {
			continue
		}
		return false
	}
	return true
}
