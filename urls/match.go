package urls

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/jazzgo/jazz/web"
)

// capture is one matched parameter: its decoded text and, for converters
// without a [Matcher], the value ToGo returned while matching.
type capture struct {
	raw    string
	val    any
	hasVal bool
}

// matcher is the state of one search. It lives on the caller's stack.
type matcher struct {
	path       string
	escaped    bool // path is in escaped form: unescape each segment
	method     string
	anyMethod  bool // Resolves: the method does not matter
	collect    bool // second pass for a 405: gather the methods of every match
	methodMiss bool
	bestIdx    int
	best       *route
	allowMask  methodMask
	allowExtra []string
	cur        [maxParams]capture
	res        [maxParams]capture
}

const noIndex = int(^uint(0) >> 1)

func (m *matcher) reset(path string, escaped bool, method string) {
	m.path, m.escaped, m.method = path, escaped, method
	m.bestIdx = noIndex
}

// accept records r as the best match so far when its method fits, and
// reports whether it did.
func (m *matcher) accept(r *route, depth int) bool {
	if m.collect {
		if r.anyMethod {
			return false
		}
		m.allowMask |= r.mask
		for _, x := range r.extra {
			if !containsString(m.allowExtra, x) {
				m.allowExtra = append(m.allowExtra, x)
			}
		}
		return false
	}
	if !m.anyMethod && !r.allows(m.method) {
		m.methodMiss = true
		return false
	}
	m.best, m.bestIdx = r, r.index
	copy(m.res[:depth], m.cur[:depth])
	return true
}

// search explores n at byte offset i of the path (the start of a segment,
// or len(path)+1 once every segment is consumed). Branches are tried in
// order of the lowest pattern index they can reach, and a branch that
// cannot beat the best match found so far is skipped.
func (m *matcher) search(n *node, i, depth int) {
	end := i > len(m.path)
	if end {
		for _, r := range n.leaves {
			if r.index >= m.bestIdx || m.accept(r, depth) {
				break
			}
		}
	}
	for _, r := range n.mounts {
		if r.index >= m.bestIdx {
			break
		}
		if r.needSlash && end {
			continue
		}
		if m.accept(r, depth) {
			break
		}
	}
	if end {
		return
	}
	j := strings.IndexByte(m.path[i:], '/')
	if j < 0 {
		j = len(m.path)
	} else {
		j += i
	}
	seg := m.path[i:j]
	if m.escaped && strings.IndexByte(seg, '%') >= 0 {
		var err error
		if seg, err = url.PathUnescape(seg); err != nil {
			return
		}
	}
	var st *node
	if n.static != nil {
		st = n.static[seg]
	}
	k := 0
	for {
		if st != nil && (k >= len(n.dyn) || st.minIndex < n.dyn[k].child.minIndex) {
			if st.minIndex >= m.bestIdx {
				return
			}
			m.search(st, j+1, depth)
			st = nil
			continue
		}
		if k >= len(n.dyn) {
			return
		}
		e := n.dyn[k]
		k++
		if e.child.minIndex >= m.bestIdx {
			return
		}
		m.follow(e, seg, i, j, depth)
	}
}

// follow tries a converter edge for the segment seg = path[i:j] (decoded).
func (m *matcher) follow(e *edge, seg string, i, j, depth int) {
	s := e.seg
	switch s.kind {
	case segParam:
		v, hv, ok := s.conv.match(seg)
		if !ok {
			return
		}
		m.cur[depth] = capture{raw: seg, val: v, hasVal: hv}
		m.search(e.child, j+1, depth+1)
	case segMixed:
		loc := s.re.FindStringSubmatchIndex(seg)
		if loc == nil {
			return
		}
		for p, c := range s.convs {
			text := seg[loc[2*p+2]:loc[2*p+3]]
			v, hv, ok := c.match(text)
			if !ok {
				return
			}
			m.cur[depth+p] = capture{raw: text, val: v, hasVal: hv}
		}
		m.search(e.child, j+1, depth+len(s.convs))
	case segSpan:
		// Every route below a spanning edge has a fixed number of
		// segments after it, so only those split points are tried,
		// fewest trailing segments (the longest value) first, as a
		// greedy regexp would.
		pos, have := len(m.path), 0
		for _, t := range e.tails {
			for have < t && pos >= i {
				pos = strings.LastIndexByte(m.path[:pos], '/')
				have++
			}
			if pos < i {
				return
			}
			text := m.path[i:pos]
			if m.escaped && strings.IndexByte(text, '%') >= 0 {
				var err error
				if text, err = url.PathUnescape(text); err != nil {
					return
				}
			}
			v, hv, ok := s.conv.match(text)
			if ok {
				m.cur[depth] = capture{raw: text, val: v, hasVal: hv}
				m.search(e.child, pos+1, depth+1)
				if e.child.minIndex >= m.bestIdx {
					return
				}
			}
		}
	}
}

// requestPath picks the path to match: the decoded Path when it is
// unambiguous, else the escaped form, so that "%2F" inside a segment does
// not split it.
func requestPath(u *url.URL) (string, bool) {
	if u.RawPath == "" {
		return u.Path, false
	}
	return u.EscapedPath(), true
}

// Resolves reports whether some pattern matches path, whatever the method.
// path is decoded, like r.URL.Path ("/blog/" or "/blog"); since a decoded
// path cannot show an encoded slash, every "/" separates segments. The
// Common middleware uses it to decide whether appending a slash helps.
func (rt *Router) Resolves(path string) bool {
	if path == "" || path[0] != '/' {
		return false
	}
	var m matcher
	m.reset(path, false, "")
	m.anyMethod = true
	m.search(rt.root, 1, 0)
	return m.best != nil
}

// Match finds the pattern that serves r, without serving it. On success it
// returns the handler and the request to pass it: a shallow copy of r that
// carries the route ([RouteOf]), the path values (r.PathValue) and the
// converted values ([Value]). Otherwise it returns an error for [web.Error]:
// a 404 when no route matches, or a 405 carrying an Allow header when routes
// match the path but not the method. An OPTIONS request on such a path gets
// a handler that answers 204 with the Allow header.
func (rt *Router) Match(r *http.Request) (http.Handler, *http.Request, error) {
	path, escaped := requestPath(r.URL)
	if path == "" {
		path = "/"
	}
	if path[0] != '/' {
		return nil, nil, errNotFound
	}
	var m matcher
	m.reset(path, escaped, r.Method)
	m.search(rt.root, 1, 0)
	if m.best != nil {
		return m.best.handler, m.bind(r), nil
	}
	if !m.methodMiss {
		return nil, nil, errNotFound
	}
	m.collect = true
	m.bestIdx = noIndex
	m.search(rt.root, 1, 0)
	allowed := allowList(m.allowMask, m.allowExtra, true)
	if r.Method == http.MethodOptions {
		return optionsHandler(strings.Join(allowed, ", ")), r, nil
	}
	return nil, nil, web.MethodNotAllowed(allowed...)
}

// errNotFound is shared and never modified, so a 404 (the common answer to
// scanners) allocates nothing here; its message names nothing internal.
var errNotFound = web.NotFound("no page matches this address")

type optionsHandler string

func (a optionsHandler) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Allow", string(a))
	w.WriteHeader(http.StatusNoContent)
}

// ServeHTTP dispatches r to the first pattern whose route, converters and
// methods match, and otherwise writes a 404 or 405 through [web.Error].
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, r2, err := rt.Match(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.ServeHTTP(w, r2)
}

// routeCtx is the request context after a match: the parent context, the
// route and its captures in a single allocation.
type routeCtx struct {
	context.Context
	route  *route
	caps   []capture
	inline [4]capture
}

type routeKey struct{}

// Value implements context.Context.
func (c *routeCtx) Value(key any) any {
	if _, ok := key.(routeKey); ok {
		return c
	}
	return c.Context.Value(key)
}

// bind records the match on the request. Inside a Jazz project the match
// goes into the slot web.WithSite reserved and r is updated in place, as
// http.ServeMux does with its own matches, so no copy of the request is
// made; a bare router derives a new request with its own context.
func (m *matcher) bind(r *http.Request) *http.Request {
	best := m.best
	if best.fixed != nil && web.AttachRoute(r, best.fixed) {
		r.Pattern = best.muxPattern
		return r
	}
	n := len(best.params)
	c := &routeCtx{route: best}
	if n <= len(c.inline) {
		c.caps = c.inline[:n]
	} else {
		c.caps = make([]capture, n)
	}
	copy(c.caps, m.res[:n])
	r2 := r
	if !web.AttachRoute(r, c) {
		c.Context = r.Context()
		r2 = r.WithContext(c)
	}
	r2.Pattern = best.muxPattern
	for k, p := range best.params {
		r2.SetPathValue(p.name, c.caps[k].raw)
	}
	return r2
}
