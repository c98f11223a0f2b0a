package views

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// RedirectOptions configure [Redirect]. Set URL or Route; when neither
// gives a target the view answers 410 Gone, as Django's RedirectView with
// url None.
type RedirectOptions struct {
	// URL is the target. "{name}" in it is replaced by the URL parameter
	// name of the request ("/posts/{slug}/"), percent-encoded as a path
	// segment; an unknown name is left as is.
	URL string
	// Route is the name of the route to redirect to (Django's
	// pattern_name), reversed with the request's URL parameters in route
	// order. It is used when URL is empty.
	Route string
	// Permanent sends 301 (or 308 with PreserveMethod) instead of 302
	// (or 307). Browsers cache permanent redirects.
	Permanent bool
	// PreserveMethod sends 307/308, which make the client repeat the same
	// method and body, instead of 302/301 (Django's preserve_request).
	PreserveMethod bool
	// QueryString appends the request's query string to the target
	// (Django's query_string), joined with "&" when the target has one.
	QueryString bool
	// Target, when set, computes the target per request instead of URL and
	// Route; "" means 410 Gone.
	Target func(r *http.Request) (string, error)
}

// Redirect returns a view that redirects every request (Django's
// RedirectView), whatever its method.
//
//	urls.Path("blog/", views.Redirect(views.RedirectOptions{Route: "posts:list", Permanent: true}), "")
func Redirect(opts RedirectOptions) web.HandlerFunc {
	status := http.StatusFound
	switch {
	case opts.Permanent && opts.PreserveMethod:
		status = http.StatusPermanentRedirect
	case opts.Permanent:
		status = http.StatusMovedPermanently
	case opts.PreserveMethod:
		status = http.StatusTemporaryRedirect
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		target, err := redirectTarget(r, opts)
		if err != nil {
			return err
		}
		if target == "" {
			return web.Gone("views: Redirect: no target for %s", r.URL.Path)
		}
		if opts.QueryString && r.URL.RawQuery != "" {
			sep := "?"
			if strings.Contains(target, "?") {
				sep = "&"
			}
			target += sep + r.URL.RawQuery
		}
		return web.RedirectStatus(w, r, target, status)
	}
}

func redirectTarget(r *http.Request, opts RedirectOptions) (string, error) {
	switch {
	case opts.Target != nil:
		return opts.Target(r)
	case opts.URL != "":
		return expand(r, opts.URL), nil
	case opts.Route != "":
		reverse := web.SiteOf(r).Reverse
		if reverse == nil {
			return "", fmt.Errorf("views: Redirect to route %q: the site has no URL reverser (is the view served by a jazz project?)", opts.Route)
		}
		_, values := urls.Params(r)
		args := make([]any, len(values))
		for i, v := range values {
			args[i] = v
		}
		u, err := reverse(opts.Route, args...)
		if err != nil {
			return "", fmt.Errorf("views: Redirect: %w", err)
		}
		return u, nil
	}
	return "", nil
}

// expand replaces each "{name}" in s by the request's URL parameter name.
func expand(r *http.Request, s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	names, values := urls.Params(r)
	for i, n := range names {
		s = strings.ReplaceAll(s, "{"+n+"}", urlSegment(values[i]))
	}
	return s
}

// urlSegment percent-encodes s as one path segment.
func urlSegment(s string) string { return url.PathEscape(s) }
