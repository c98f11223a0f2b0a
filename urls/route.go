package urls

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Route describes a compiled pattern, as recorded on each request it serves
// (see [RouteOf]) and listed by [Router.Routes]. It is read-only and shared
// by all requests; callers must not modify it or its slices.
type Route struct {
	// Name is the name given to [Path], without namespace; "" for unnamed
	// routes and for [Handle] mounts.
	Name string
	// Namespace is the chain of Include namespaces, joined by ":" ("blog",
	// "shop:admin"); "" when there is none.
	Namespace string
	// Pattern is the full route, prefixes included, as written and without
	// a leading "/": "blog/<int:year>/<slug:slug>/". For a mount it is the
	// prefix.
	Pattern string
	// Methods lists the accepted methods in canonical order (HEAD added
	// when GET is present); nil means any method.
	Methods []string
	// Params lists the parameter names in the order they appear.
	Params []string
	// Mount is true for a [Handle] pattern.
	Mount bool

	fullName string
}

// FullName returns the name qualified by its namespace, as accepted by
// [Router.Reverse] ("blog:post-detail"), or "" for an unnamed route.
func (r *Route) FullName() string { return r.fullName }

// maxParams bounds the parameters of one route, so matching can keep its
// captures in a fixed array on the stack.
const maxParams = 16

type segKind uint8

const (
	segStatic segKind = iota + 1 // literal text only
	segParam                     // exactly one non-spanning converter
	segMixed                     // literals and converters in one segment
	segSpan                      // one spanning converter: one or more whole segments
)

// segment is one "/"-separated piece of a route.
type segment struct {
	kind   segKind
	lit    string        // segStatic
	conv   *compiledConv // segParam, segSpan
	convs  []*compiledConv
	lits   []string       // segMixed: the literal text around the converters (len(convs)+1 entries)
	re     *regexp.Regexp // segMixed
	sig    string         // equal signatures match equal text, so edges can be shared
	params int            // number of parameters captured by this segment
}

type param struct {
	name string
	conv *compiledConv
}

// revPart is one piece of a route for Reverse: escaped literal text, or a
// parameter.
type revPart struct {
	lit   string
	param int // -1 for literal text
}

// convLookup resolves a converter name for a route being parsed.
type convLookup func(name string) (*compiledConv, error)

// parseRoute splits a route into segments and parameters. It reports the
// first problem found, in words meant for the person who wrote the route.
func parseRoute(route string, lookup convLookup) ([]segment, []param, error) {
	if strings.HasPrefix(route, "/") {
		return nil, nil, fmt.Errorf("routes are relative: drop the leading slash (write %q)", strings.TrimLeft(route, "/"))
	}
	if i := strings.IndexAny(route, "?#"); i >= 0 {
		return nil, nil, fmt.Errorf("%q at byte %d: a route matches the path only, not a query string or fragment", route[i], i)
	}
	raw := strings.Split(route, "/")
	segs := make([]segment, 0, len(raw))
	var params []param
	for k, text := range raw {
		if text == "" && k != len(raw)-1 {
			return nil, nil, errors.New(`empty segment ("//"): remove the doubled slash`)
		}
		if text == "." || text == ".." {
			return nil, nil, fmt.Errorf("dot segment %q: clients resolve it before sending, so it can never match", text)
		}
		seg, ps, err := parseSegment(text, lookup)
		if err != nil {
			return nil, nil, err
		}
		for _, p := range ps {
			for _, q := range params {
				if q.name == p.name {
					return nil, nil, fmt.Errorf("parameter %q appears twice (rename one)", p.name)
				}
			}
			params = append(params, p)
		}
		segs = append(segs, seg)
	}
	if len(params) > maxParams {
		return nil, nil, fmt.Errorf("%d parameters; a route may have at most %d", len(params), maxParams)
	}
	spans := 0
	for _, s := range segs {
		if s.kind == segSpan {
			spans++
		}
	}
	if spans > 1 {
		return nil, nil, errors.New("more than one converter that spans segments (like path); a route may have one, so matching stays linear")
	}
	return segs, params, nil
}

// parseSegment parses one segment: literal text and "<conv:name>" pieces.
func parseSegment(text string, lookup convLookup) (segment, []param, error) {
	var lits []string
	var params []param
	rest := text
	for {
		open := strings.IndexByte(rest, '<')
		if cl := strings.IndexByte(rest, '>'); cl >= 0 && (open < 0 || cl < open) {
			return segment{}, nil, fmt.Errorf("%q has a '>' with no matching '<'", text)
		}
		if open < 0 {
			lits = append(lits, rest)
			break
		}
		lits = append(lits, rest[:open])
		rest = rest[open+1:]
		cl := strings.IndexByte(rest, '>')
		if cl < 0 {
			return segment{}, nil, fmt.Errorf("%q has a '<' with no matching '>'", text)
		}
		inner := rest[:cl]
		rest = rest[cl+1:]
		if strings.IndexByte(inner, '<') >= 0 {
			return segment{}, nil, fmt.Errorf("%q has a '<' inside a parameter", text)
		}
		convName, name := ConvStr, inner
		if c := strings.IndexByte(inner, ':'); c >= 0 {
			convName, name = inner[:c], inner[c+1:]
		}
		if !isIdent(name) {
			return segment{}, nil, fmt.Errorf("parameter <%s>: name %q is not an identifier (write <int:id> or <slug>)", inner, name)
		}
		if !isIdent(convName) {
			return segment{}, nil, fmt.Errorf("parameter <%s>: converter name %q is not an identifier (no spaces around ':')", inner, convName)
		}
		conv, err := lookup(convName)
		if err != nil {
			return segment{}, nil, fmt.Errorf("parameter <%s>: %w", inner, err)
		}
		if len(params) > 0 && lits[len(lits)-1] == "" {
			return segment{}, nil, fmt.Errorf("%q: converters must be separated by literal text, or the split between them is ambiguous", text)
		}
		params = append(params, param{name: name, conv: conv})
	}
	switch {
	case len(params) == 0:
		return segment{kind: segStatic, lit: text, sig: text}, nil, nil
	case len(params) == 1 && lits[0] == "" && lits[1] == "":
		c := params[0].conv
		if c.spans {
			return segment{kind: segSpan, conv: c, sig: "\x00S" + c.name, params: 1}, params, nil
		}
		return segment{kind: segParam, conv: c, sig: "\x00P" + c.name, params: 1}, params, nil
	}
	var re, sig strings.Builder
	re.WriteString("^")
	sig.WriteString("\x00M")
	convs := make([]*compiledConv, len(params))
	for i, p := range params {
		if p.conv.spans {
			return segment{}, nil, fmt.Errorf("parameter <%s:%s> spans segments, so it must fill whole segments (write \"files/<%s:%s>\", not text around it)",
				p.conv.name, p.name, p.conv.name, p.name)
		}
		convs[i] = p.conv
		re.WriteString(regexp.QuoteMeta(lits[i]))
		re.WriteString("(" + p.conv.conv.Regexp() + ")")
		sig.WriteString(strconv.Quote(lits[i]) + p.conv.name)
	}
	re.WriteString(regexp.QuoteMeta(lits[len(params)]) + "$")
	sig.WriteString(strconv.Quote(lits[len(params)]))
	cre, err := regexp.Compile(re.String())
	if err != nil {
		return segment{}, nil, fmt.Errorf("%q: cannot build its regexp: %w", text, err)
	}
	if cre.NumSubexp() != len(params) {
		return segment{}, nil, fmt.Errorf("%q: a converter's Regexp has capturing groups; use (?:...) in converters", text)
	}
	return segment{kind: segMixed, convs: convs, lits: lits, re: cre, sig: sig.String(), params: len(params)}, params, nil
}

// revParts splits a validated route into escaped literal text and parameter
// slots, for Reverse.
func revParts(route string) []revPart {
	var parts []revPart
	rest := route
	for k := 0; ; k++ {
		open := strings.IndexByte(rest, '<')
		if open < 0 {
			if rest != "" {
				parts = append(parts, revPart{lit: escapePath(rest, true), param: -1})
			}
			return parts
		}
		if open > 0 {
			parts = append(parts, revPart{lit: escapePath(rest[:open], true), param: -1})
		}
		parts = append(parts, revPart{param: k})
		rest = rest[open+strings.IndexByte(rest[open:], '>')+1:]
	}
}

// shouldEscape reports whether b must be percent-encoded in a path segment.
// Unreserved characters and most sub-delimiters stay as they are; ';' is
// escaped because some servers treat it as a path-parameter separator.
func shouldEscape(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return false
	}
	switch b {
	case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', '=', ':', '@':
		return false
	}
	return true
}

// escapePath percent-encodes s for a path; '/' is kept when keepSlash is set
// and escaped otherwise.
func escapePath(s string, keepSlash bool) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if shouldEscape(s[i]) && !(keepSlash && s[i] == '/') {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	appendEscaped(&b, s, keepSlash)
	return b.String()
}

func appendEscaped(b *strings.Builder, s string, keepSlash bool) {
	const hex = "0123456789ABCDEF"
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !shouldEscape(c) || (keepSlash && c == '/') {
			continue
		}
		b.WriteString(s[start:i])
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xf])
		start = i + 1
	}
	b.WriteString(s[start:])
}
