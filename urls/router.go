package urls

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/jazzgo/jazz/web"
)

// Options configures [New].
type Options struct {
	// Converters adds converters for this router only, by name. A name that
	// is built in or registered with [RegisterConverter] is rejected rather
	// than silently shadowed.
	Converters map[string]Converter
}

// Router serves a compiled URLconf and reverses its names. It is immutable
// after [New] and safe for concurrent use.
type Router struct {
	routes []*route
	root   *node
	names  map[string]*route
}

// RouteError reports a pattern [New] cannot compile. Route is the full route
// (prefixes included); Name is the qualified name, if any.
type RouteError struct {
	Route string
	Name  string
	Err   error
}

// Error implements error.
func (e *RouteError) Error() string {
	s := "urls: route " + strconv.Quote(e.Route)
	if e.Name != "" {
		s += " (name " + strconv.Quote(e.Name) + ")"
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the underlying problem.
func (e *RouteError) Unwrap() error { return e.Err }

// route is a compiled, flattened pattern.
type route struct {
	info       Route
	index      int
	segs       []segment
	params     []param
	handler    http.Handler
	mount      bool
	needSlash  bool // mount prefix ends in "/": something must follow it
	anyMethod  bool
	mask       methodMask
	extra      []string // non-standard methods
	rev        []revPart
	static     string // the reversed path of a route without parameters
	hasMixed   bool
	muxPattern string
	// fixed is the shared, read-only match of a route without parameters,
	// recorded as is on each request it serves instead of a fresh one.
	fixed *routeCtx
}

// New compiles patterns into a Router. It checks everything that can be
// checked before the first request and reports every problem found, each as
// a *[RouteError], joined with errors.Join: unknown or malformed converters
// and parameters, duplicate parameter names, a leading "/", a view that
// web.Handler does not accept, a bad method list, and a name used twice in
// one namespace (unless both patterns have the same route, which is how one
// path is split between methods; Reverse then uses the first).
func New(patterns []Pattern, opts Options) (*Router, error) {
	b := builder{opts: opts, convs: map[string]*compiledConv{}, names: map[string]*route{}}
	for name, c := range opts.Converters {
		if _, taken := registeredConverter(name); taken {
			b.errs = append(b.errs, fmt.Errorf("urls: Options.Converters: %q is already a built-in or registered converter (choose another name)", name))
			continue
		}
		if !isIdent(name) || c == nil {
			b.errs = append(b.errs, fmt.Errorf("urls: Options.Converters: %q must be an identifier with a non-nil converter", name))
		}
	}
	b.flatten(patterns, "", "")
	if len(b.errs) > 0 {
		return nil, errors.Join(b.errs...)
	}
	rt := &Router{routes: b.routes, names: b.names, root: &node{}}
	for _, r := range b.routes {
		rt.root.insert(r)
	}
	rt.root.finish()
	return rt, nil
}

type builder struct {
	opts   Options
	convs  map[string]*compiledConv
	routes []*route
	names  map[string]*route
	errs   []error
}

func (b *builder) lookup(name string) (*compiledConv, error) {
	if c, ok := b.convs[name]; ok {
		return c, nil
	}
	c, ok := b.opts.Converters[name]
	if !ok || c == nil {
		c, ok = registeredConverter(name)
	}
	if !ok {
		return nil, fmt.Errorf("unknown converter %q (known: %s; add one with urls.RegisterConverter or Options.Converters)",
			name, strings.Join(registeredNames(b.opts.Converters), ", "))
	}
	cc, err := compileConv(name, c)
	if err != nil {
		return nil, err
	}
	b.convs[name] = cc
	return cc, nil
}

func (b *builder) fail(route, name string, err error) {
	b.errs = append(b.errs, &RouteError{Route: route, Name: name, Err: err})
}

func qualify(ns, name string) string {
	if ns == "" {
		return name
	}
	return ns + ":" + name
}

func (b *builder) flatten(patterns []Pattern, prefix, ns string) {
	for _, p := range patterns {
		full := prefix + p.route
		if strings.HasPrefix(p.route, "/") {
			b.fail(full, "", fmt.Errorf("routes are relative: drop the leading slash (write %q)", strings.TrimLeft(p.route, "/")))
			continue
		}
		switch p.kind {
		case kindInclude:
			if p.hasMethods {
				b.fail(full, "", errors.New("Methods cannot be set on an Include; set them on the patterns inside"))
				continue
			}
			if strings.Contains(p.namespace, ":") {
				b.fail(full, "", fmt.Errorf("namespace %q contains ':'; nest Includes instead", p.namespace))
				continue
			}
			if _, _, err := parseRoute(full, b.lookup); err != nil {
				// Children repeat the prefix; report a broken prefix
				// once, here, instead of once per child.
				b.fail(full, "", fmt.Errorf("Include prefix: %w", err))
				continue
			}
			b.flatten(p.children, full, qualify(ns, p.namespace))
		case kindPath, kindHandle:
			b.add(p, full, ns)
		default:
			b.fail(full, "", errors.New("zero Pattern: build patterns with urls.Path, urls.Include or urls.Handle"))
		}
	}
}

func (b *builder) add(p Pattern, full, ns string) {
	r := &route{index: len(b.routes), info: Route{Pattern: full, Namespace: ns}}
	qname := ""
	if p.kind == kindPath {
		if strings.Contains(p.name, ":") {
			b.fail(full, p.name, errors.New("a name cannot contain ':' (it separates namespaces)"))
			return
		}
		r.info.Name = p.name
		if p.name != "" {
			qname = qualify(ns, p.name)
		}
		h, ok := web.Handler(p.view)
		if !ok {
			b.fail(full, qname, fmt.Errorf("view of type %T is not a view (want an http.Handler, func(http.ResponseWriter, *http.Request) or func(http.ResponseWriter, *http.Request) error)", p.view))
			return
		}
		r.handler = h
	} else {
		if p.handler == nil {
			b.fail(full, "", errors.New("Handle with a nil handler"))
			return
		}
		r.handler = p.handler
		r.mount = true
		r.info.Mount = true
	}
	r.info.fullName = qname
	segs, params, err := parseRoute(full, b.lookup)
	if err != nil {
		b.fail(full, qname, err)
		return
	}
	if r.mount {
		if last := segs[len(segs)-1]; last.kind == segStatic && last.lit == "" {
			segs = segs[:len(segs)-1]
			r.needSlash = true
		}
		for _, s := range segs {
			if s.kind == segSpan {
				b.fail(full, "", errors.New("a Handle prefix cannot hold a converter that spans segments; the mounted handler already receives everything below the prefix"))
				return
			}
		}
	}
	r.segs, r.params = segs, params
	for _, s := range segs {
		if s.kind == segMixed {
			r.hasMixed = true
		}
	}
	for _, pr := range params {
		r.info.Params = append(r.info.Params, pr.name)
	}
	if err := r.setMethods(p); err != nil {
		b.fail(full, qname, err)
		return
	}
	r.rev = revParts(full)
	if len(params) == 0 {
		r.static = "/" + escapePath(full, true)
		r.fixed = &routeCtx{route: r}
	}
	r.muxPattern = "/" + full
	if qname != "" {
		if prev, dup := b.names[qname]; dup {
			if prev.info.Pattern != full {
				b.fail(full, qname, fmt.Errorf("name already used by route %q in the same namespace; rename one, or give one of their Includes another namespace", prev.info.Pattern))
				return
			}
		} else {
			b.names[qname] = r
		}
	}
	b.routes = append(b.routes, r)
}

// methodMask holds the standard methods as bits.
type methodMask uint16

var stdMethods = [...]string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodConnect, http.MethodTrace, http.MethodOptions,
}

func methodBit(m string) methodMask {
	switch m {
	case http.MethodGet:
		return 1 << 0
	case http.MethodHead:
		return 1 << 1
	case http.MethodPost:
		return 1 << 2
	case http.MethodPut:
		return 1 << 3
	case http.MethodPatch:
		return 1 << 4
	case http.MethodDelete:
		return 1 << 5
	case http.MethodConnect:
		return 1 << 6
	case http.MethodTrace:
		return 1 << 7
	case http.MethodOptions:
		return 1 << 8
	}
	return 0
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0 {
			continue
		}
		return false
	}
	return true
}

func (r *route) setMethods(p Pattern) error {
	if !p.hasMethods {
		r.anyMethod = true
		return nil
	}
	if len(p.methods) == 0 {
		return errors.New("Methods() needs at least one method; leave it out to accept any method")
	}
	for _, m := range p.methods {
		if up := strings.ToUpper(m); up != m && isToken(up) {
			return fmt.Errorf("method %q must be upper case (write %q)", m, up)
		}
		if !isToken(m) {
			return fmt.Errorf("method %q is not a valid HTTP method token", m)
		}
		if bit := methodBit(m); bit != 0 {
			r.mask |= bit
		} else if !containsString(r.extra, m) {
			r.extra = append(r.extra, m)
		}
	}
	if r.mask&methodBit(http.MethodGet) != 0 {
		r.mask |= methodBit(http.MethodHead)
	}
	sort.Strings(r.extra)
	r.info.Methods = allowList(r.mask, r.extra, false)
	return nil
}

// allowList lists methods in canonical order; with options set, OPTIONS is
// appended because the router answers it.
func allowList(mask methodMask, extra []string, options bool) []string {
	var out []string
	for _, m := range stdMethods {
		if mask&methodBit(m) != 0 && m != http.MethodOptions {
			out = append(out, m)
		}
	}
	out = append(out, extra...)
	if options || mask&methodBit(http.MethodOptions) != 0 {
		out = append(out, http.MethodOptions)
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (r *route) allows(method string) bool {
	if r.anyMethod {
		return true
	}
	if bit := methodBit(method); bit != 0 {
		return r.mask&bit != 0
	}
	return containsString(r.extra, method)
}

// Routes returns the compiled routes in match order, mounts included. The
// slice is new; the Routes are shared and must not be modified.
func (rt *Router) Routes() []*Route {
	out := make([]*Route, len(rt.routes))
	for i, r := range rt.routes {
		out[i] = &r.info
	}
	return out
}

// node is one position in the segment tree. Every route reaching a node has
// the same segments so far (up to parameter names), so the tree can be
// searched once for all patterns while minIndex keeps Django's rule that the
// first pattern in the list wins.
type node struct {
	static   map[string]*node
	dyn      []*edge  // in order of first use, which is minIndex order
	leaves   []*route // routes that end here, in pattern order
	mounts   []*route // Handle prefixes that end here, in pattern order
	minIndex int      // lowest route index in this subtree
}

type edge struct {
	seg   *segment
	child *node
	tails []int // segSpan: segment counts that may follow, ascending
}

func (n *node) insert(r *route) {
	cur := n
	for k := range r.segs {
		s := &r.segs[k]
		if s.kind == segStatic {
			if cur.static == nil {
				cur.static = map[string]*node{}
			}
			next := cur.static[s.lit]
			if next == nil {
				next = &node{}
				cur.static[s.lit] = next
			}
			cur = next
			continue
		}
		var e *edge
		for _, d := range cur.dyn {
			if d.seg.sig == s.sig {
				e = d
				break
			}
		}
		if e == nil {
			e = &edge{seg: s, child: &node{}}
			cur.dyn = append(cur.dyn, e)
		}
		if s.kind == segSpan {
			tail := len(r.segs) - k - 1
			if !containsInt(e.tails, tail) {
				e.tails = append(e.tails, tail)
				sort.Ints(e.tails)
			}
		}
		cur = e.child
	}
	if r.mount {
		cur.mounts = append(cur.mounts, r)
	} else {
		cur.leaves = append(cur.leaves, r)
	}
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// finish computes minIndex bottom-up.
func (n *node) finish() int {
	min := int(^uint(0) >> 1)
	if len(n.leaves) > 0 {
		min = n.leaves[0].index
	}
	if len(n.mounts) > 0 && n.mounts[0].index < min {
		min = n.mounts[0].index
	}
	for _, c := range n.static {
		if m := c.finish(); m < min {
			min = m
		}
	}
	for _, e := range n.dyn {
		if m := e.child.finish(); m < min {
			min = m
		}
	}
	n.minIndex = min
	return min
}
