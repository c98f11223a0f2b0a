package urls

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/jazzgo/jazz/internal/textdist"
)

// ErrNoReverseMatch matches (with errors.Is) every error returned by
// [Router.Reverse] and [Router.ReverseKw], like Django's NoReverseMatch.
var ErrNoReverseMatch = errors.New("urls: no reverse match")

// ErrUnknownName is wrapped by the error Reverse returns for a name no route
// has.
var ErrUnknownName = errors.New("no route has this name")

// ReverseError is the error type of Reverse and ReverseKw. Name is the name
// asked for; Err says what is wrong. errors.Is(err, ErrNoReverseMatch) is
// true for every ReverseError.
type ReverseError struct {
	Name string
	Err  error
}

// Error implements error.
func (e *ReverseError) Error() string {
	return "urls: reverse " + strconv.Quote(e.Name) + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *ReverseError) Unwrap() error { return e.Err }

// Is reports whether target is ErrNoReverseMatch.
func (e *ReverseError) Is(target error) bool { return target == ErrNoReverseMatch }

// Reverse builds the path of the route called name (qualified by its
// namespaces: "blog:post-detail", "shop:admin:order") from positional
// arguments, one per parameter in route order. Each argument goes through
// its converter's ToURL, must be accepted back by the converter, and is
// percent-encoded: a "str" value keeps no "/" unescaped, a "path" value
// keeps its slashes. The result starts with "/". A route without
// parameters costs a map lookup and no allocation. Errors are
// *[ReverseError]: unknown name (with suggestions), wrong argument count, a
// value the converter rejects, or a value that would not match the route
// back (such as a "." or ".." segment, which clients remove).
func (rt *Router) Reverse(name string, args ...any) (string, error) {
	r, ok := rt.names[name]
	if !ok {
		return "", rt.unknown(name)
	}
	if len(args) != len(r.params) {
		return "", &ReverseError{Name: name, Err: fmt.Errorf("route %q takes %d argument(s) (%s), got %d",
			r.info.Pattern, len(r.params), strings.Join(r.info.Params, ", "), len(args))}
	}
	if len(r.params) == 0 {
		return r.static, nil
	}
	return r.build(name, args)
}

// ReverseKw is [Router.Reverse] with arguments by parameter name. kw must
// hold exactly the route's parameters: a missing or extra key is an error.
// kw is only read.
func (rt *Router) ReverseKw(name string, kw map[string]any) (string, error) {
	r, ok := rt.names[name]
	if !ok {
		return "", rt.unknown(name)
	}
	if len(r.params) == 0 && len(kw) == 0 {
		return r.static, nil
	}
	var buf [maxParams]any
	args := buf[:len(r.params)]
	for k, p := range r.params {
		v, ok := kw[p.name]
		if !ok {
			return "", &ReverseError{Name: name, Err: fmt.Errorf("missing argument %q (route %q takes %s)",
				p.name, r.info.Pattern, strings.Join(r.info.Params, ", "))}
		}
		args[k] = v
	}
	if len(kw) != len(r.params) {
		var extra []string
		for key := range kw {
			if !containsString(r.info.Params, key) {
				extra = append(extra, strconv.Quote(key))
			}
		}
		sort.Strings(extra)
		return "", &ReverseError{Name: name, Err: fmt.Errorf("unexpected argument(s) %s (route %q takes %s)",
			strings.Join(extra, ", "), r.info.Pattern, strings.Join(r.info.Params, ", "))}
	}
	return r.build(name, args)
}

func (r *route) build(name string, args []any) (string, error) {
	var texts [maxParams]string
	size := 1
	for k, p := range r.params {
		s, err := p.conv.conv.ToURL(args[k])
		if err != nil {
			return "", &ReverseError{Name: name, Err: fmt.Errorf("argument %q: %w", p.name, err)}
		}
		if !p.conv.accepts(s) {
			return "", &ReverseError{Name: name, Err: fmt.Errorf("argument %q: converter %q turned %v into %q, which it does not accept back",
				p.name, p.conv.name, args[k], s)}
		}
		if err := checkDots(s, p.conv.spans); err != nil {
			return "", &ReverseError{Name: name, Err: fmt.Errorf("argument %q: %w", p.name, err)}
		}
		texts[k] = s
		size += len(s) + 8
	}
	if r.hasMixed {
		if err := r.checkMixed(texts[:len(r.params)]); err != nil {
			return "", &ReverseError{Name: name, Err: err}
		}
	}
	for _, part := range r.rev {
		size += len(part.lit)
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteByte('/')
	for _, part := range r.rev {
		if part.param < 0 {
			b.WriteString(part.lit)
			continue
		}
		s := texts[part.param]
		if b.Len() == 1 && strings.HasPrefix(s, "/") {
			// "//host" would be read as a scheme-relative URL: keep the
			// leading slash of the value but encode it.
			b.WriteString("%2F")
			s = s[1:]
		}
		appendEscaped(&b, s, r.params[part.param].conv.spans)
	}
	return b.String(), nil
}

// checkDots rejects values that would form "." or ".." segments: browsers
// and proxies resolve those (even percent-encoded), so the path would not
// come back as written.
func checkDots(s string, spans bool) error {
	if !spans {
		if s == "." || s == ".." {
			return fmt.Errorf("%q would be a dot segment, which clients remove from paths", s)
		}
		return nil
	}
	for seg := range strings.SplitSeq(s, "/") {
		if seg == "." || seg == ".." {
			return fmt.Errorf("%q holds a dot segment %q, which clients remove from paths", s, seg)
		}
	}
	return nil
}

// checkMixed verifies that each segment mixing text and converters reads
// back as the same values; "<slug:a>-<slug:b>" with a="x-y" would not.
func (r *route) checkMixed(texts []string) error {
	k := 0
	for _, s := range r.segs {
		if s.kind != segMixed {
			k += s.params
			continue
		}
		var b strings.Builder
		for p := range s.convs {
			b.WriteString(s.lits[p])
			b.WriteString(texts[k+p])
		}
		b.WriteString(s.lits[len(s.convs)])
		seg := b.String()
		loc := s.re.FindStringSubmatchIndex(seg)
		for p := range s.convs {
			if loc == nil || seg[loc[2*p+2]:loc[2*p+3]] != texts[k+p] {
				return fmt.Errorf("segment %q would not match back with the same values (argument %q is ambiguous there)",
					seg, r.params[k+p].name)
			}
		}
		k += s.params
	}
	return nil
}

// unknown builds the error for a name no route has, suggesting near names.
func (rt *Router) unknown(name string) error {
	type cand struct {
		name string
		d    int
	}
	var cands []cand
	last := name[strings.LastIndexByte(name, ':')+1:]
	limit := max(2, len(name)/3)
	for n := range rt.names {
		d := editDistance(name, n, limit)
		if d <= limit || n[strings.LastIndexByte(n, ':')+1:] == last {
			cands = append(cands, cand{n, d})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].d != cands[j].d {
			return cands[i].d < cands[j].d
		}
		return cands[i].name < cands[j].name
	})
	err := ErrUnknownName
	if len(cands) > 0 {
		var quoted []string
		for i, c := range cands {
			if i == 3 {
				break
			}
			quoted = append(quoted, strconv.Quote(c.name))
		}
		err = fmt.Errorf("%w (did you mean %s?)", ErrUnknownName, strings.Join(quoted, " or "))
	} else if !strings.Contains(name, ":") && len(rt.names) > 0 {
		err = fmt.Errorf("%w (names inside an Include with a namespace are written \"namespace:name\")", ErrUnknownName)
	}
	return &ReverseError{Name: name, Err: err}
}

// editDistance is the Levenshtein distance between a and b, cut short at
// limit+1 when the lengths alone rule out a near match.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	return textdist.Levenshtein(a, b)
}
