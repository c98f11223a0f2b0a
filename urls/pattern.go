package urls

import "net/http"

type patternKind uint8

const (
	kindPath patternKind = iota + 1
	kindInclude
	kindHandle
)

// Pattern is one entry of a URLconf: a route with a view ([Path]), a group of
// patterns under a prefix ([Include]) or a mounted handler ([Handle]).
// Patterns are plain values; nothing is checked until [New] compiles them,
// so a list can be declared as a package variable. The zero Pattern is
// invalid and rejected by New.
type Pattern struct {
	kind       patternKind
	route      string
	view       any
	name       string
	handler    http.Handler
	children   []Pattern
	namespace  string
	methods    []string
	hasMethods bool
}

// Path maps route to view, like Django's path(). route is relative (no
// leading "/"), with parameters written "<converter:name>" or "<name>" (a str
// parameter): "posts/<int:year>/<slug:slug>/". view may be anything
// web.Handler accepts: an http.Handler, a func(w, r), or a func(w, r) error.
// name is used by [Router.Reverse]; "" leaves the route unnamed.
func Path(route string, view any, name string) Pattern {
	return Pattern{kind: kindPath, route: route, view: view, name: name}
}

// Include mounts patterns under prefix, like Django's include(). prefix is
// joined to each child route as text, so it normally ends in "/", and it may
// hold parameters that every child receives. namespace qualifies the
// children's names ("blog" makes "post-detail" reversible as
// "blog:post-detail"); "" adds no namespace. The slice is read by New and
// not kept.
func Include(prefix string, patterns []Pattern, namespace string) Pattern {
	return Pattern{kind: kindInclude, route: prefix, children: patterns, namespace: namespace}
}

// Handle mounts h at prefix, like chi's Mount: a prefix ending in "/"
// matches every path below it ("static/" matches "/static/" and
// "/static/css/site.css" but not "/static"); a prefix without a trailing
// slash also matches the path itself. The handler sees the full, unchanged
// path (wrap it in http.StripPrefix if it wants the rest only). The prefix
// may hold parameters, but not one that spans segments (like path).
func Handle(prefix string, h http.Handler) Pattern {
	return Pattern{kind: kindHandle, route: prefix, handler: h}
}

// Methods restricts a Path or Handle pattern to the given HTTP methods, in
// upper case ("GET", "POST"). HEAD is allowed whenever GET is. A request
// whose path matches but whose method is not listed goes on to later
// patterns, and gets a 405 with an Allow header when none accepts it. New
// rejects Methods on an Include, lower-case or malformed methods, and a call
// with no methods. The receiver is not modified.
func (p Pattern) Methods(methods ...string) Pattern {
	p.methods = append([]string(nil), methods...)
	p.hasMethods = true
	return p
}

// Route returns the route or prefix the pattern was declared with.
func (p Pattern) Route() string { return p.route }

// Name returns the name given to [Path], or "" for other patterns.
func (p Pattern) Name() string { return p.name }
