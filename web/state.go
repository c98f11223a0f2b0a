package web

import (
	"context"
	"net/http"
)

// requestState is what a project attaches to each request, once, with
// [WithSite]: the Site, plus slots that later layers fill in place (the
// request id, the matched route). Filling a slot instead of deriving a new
// context saves a copy of the *http.Request per layer, which is most of
// what the framework would otherwise allocate per request. It is itself
// the context, so attaching it costs one allocation.
type requestState struct {
	context.Context
	site  *Site
	id    string
	route any
}

type stateKey struct{}

// Value implements context.Context.
func (s *requestState) Value(key any) any {
	if _, ok := key.(stateKey); ok {
		return s
	}
	if s.site != nil && s.site.Values != nil {
		if v := s.site.Values.Value(key); v != nil {
			return v
		}
	}
	return s.Context.Value(key)
}

func stateFrom(ctx context.Context) *requestState {
	st, _ := ctx.Value(stateKey{}).(*requestState)
	return st
}

// WithSite returns r with s attached to its context, and with room for the
// per-request values other layers record ([WithRequestID],
// [AttachRoute]). The project calls it once per request, outermost.
func WithSite(r *http.Request, s *Site) *http.Request {
	return r.WithContext(&requestState{Context: r.Context(), site: s})
}

// SiteOf returns the Site attached to r, or an empty Site with defaults when
// none is, so that handlers work outside a project (in plain tests).
func SiteOf(r *http.Request) *Site {
	if st := stateFrom(r.Context()); st != nil && st.site != nil {
		return st.site
	}
	return &emptySite
}

// AttachRoute records v as the route that matched r, in place, and reports
// whether r had room for it (it does when it went through [WithSite]). It is
// for URL routers: the urls package stores its match here so that it need
// not copy the request, and reads it back with [AttachedRoute]. A later call
// replaces the value, so a router mounted inside another wins.
func AttachRoute(r *http.Request, v any) bool {
	if st := stateFrom(r.Context()); st != nil {
		st.route = v
		return true
	}
	return false
}

// AttachedRoute returns the value last given to [AttachRoute] for r, or nil.
func AttachedRoute(r *http.Request) any {
	if st := stateFrom(r.Context()); st != nil {
		return st.route
	}
	return nil
}
