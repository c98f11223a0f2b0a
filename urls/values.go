package urls

import (
	"net/http"
	"strconv"

	"github.com/jazzgo/jazz/web"
)

func routeCtxOf(r *http.Request) *routeCtx {
	if c, ok := web.AttachedRoute(r).(*routeCtx); ok {
		return c
	}
	c, _ := r.Context().Value(routeKey{}).(*routeCtx)
	return c
}

// RouteOf returns the route that matched r, or nil when r was not served by
// a [Router]. When a Router is mounted inside another with [Handle], the
// inner router's route is the one returned.
func RouteOf(r *http.Request) *Route {
	if c := routeCtxOf(r); c != nil {
		return &c.route.info
	}
	return nil
}

func (c *routeCtx) lookup(name string) (int, bool) {
	for k, p := range c.route.params {
		if p.name == name {
			return k, true
		}
	}
	return 0, false
}

// Value returns the converted value of the parameter name: an int64 for
// "int", a string for "slug", "str", "uuid" and "path", and whatever ToGo
// returns for a custom converter. It returns nil when r was not routed or
// its route has no such parameter. r.PathValue(name) gives the text
// instead. For converters with a [Matcher], ToGo runs on each call.
func Value(r *http.Request, name string) any {
	c := routeCtxOf(r)
	if c == nil {
		return nil
	}
	k, ok := c.lookup(name)
	if !ok {
		return nil
	}
	if c.caps[k].hasVal {
		return c.caps[k].val
	}
	v, err := c.route.params[k].conv.conv.ToGo(c.caps[k].raw)
	if err != nil {
		return nil
	}
	return v
}

// Int returns the parameter name as an int64, without boxing. It accepts
// any converter whose text is a decimal integer, or whose value is a Go
// integer type that fits an int64. ok is false when r was not routed, the
// parameter does not exist, or it is not such an integer.
func Int(r *http.Request, name string) (n int64, ok bool) {
	c := routeCtxOf(r)
	if c == nil {
		return 0, false
	}
	k, found := c.lookup(name)
	if !found {
		return 0, false
	}
	cp := c.caps[k]
	if !cp.hasVal {
		n, err := strconv.ParseInt(cp.raw, 10, 64)
		return n, err == nil
	}
	switch v := cp.val.(type) {
	case int:
		return int64(v), true
	case int8:
		return int64(v), true
	case int16:
		return int64(v), true
	case int32:
		return int64(v), true
	case int64:
		return v, true
	case uint:
		return int64(v), v <= 1<<63-1
	case uint8:
		return int64(v), true
	case uint16:
		return int64(v), true
	case uint32:
		return int64(v), true
	case uint64:
		return int64(v), v <= 1<<63-1
	}
	n, err := strconv.ParseInt(cp.raw, 10, 64)
	return n, err == nil
}

// Params returns the parameter names and their decoded text for the route
// that matched r, in route order, as two new slices; both are nil when r
// was not routed. It is handy to rebuild a URL with [Router.Reverse].
func Params(r *http.Request) (names []string, values []string) {
	c := routeCtxOf(r)
	if c == nil {
		return nil, nil
	}
	for k, p := range c.route.params {
		names = append(names, p.name)
		values = append(values, c.caps[k].raw)
	}
	return names, values
}
