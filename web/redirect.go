package web

import (
	"fmt"
	"net/http"
)

// Redirect sends a 302 Found redirect to url. A relative url ("edit/",
// "../") is resolved against the request path, as http.Redirect does; use
// [SafeRedirect] for a target that came from the client (a "next"
// parameter), which Redirect does not check.
//
// It returns an error, with nothing written, for an empty url or one
// containing control characters (which would otherwise be mangled into a
// different Location); nil otherwise, so a view can end with
// "return web.Redirect(w, r, url)".
func Redirect(w http.ResponseWriter, r *http.Request, url string) error {
	return redirect(w, r, "Redirect", url, http.StatusFound)
}

// RedirectPermanent sends a 301 Moved Permanently redirect to url; see
// [Redirect]. Browsers cache it, so use it only for moves that are final.
func RedirectPermanent(w http.ResponseWriter, r *http.Request, url string) error {
	return redirect(w, r, "RedirectPermanent", url, http.StatusMovedPermanently)
}

// RedirectStatus sends a redirect to url with an explicit status: 301, 302,
// 303 (See Other, the answer to a POST), 307 or 308 (which, unlike 301 and
// 302, make the client repeat the same method and body). Any other status
// is an error with nothing written; otherwise it behaves as [Redirect].
func RedirectStatus(w http.ResponseWriter, r *http.Request, url string, status int) error {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return redirect(w, r, "RedirectStatus", url, status)
	}
	return fmt.Errorf("web: RedirectStatus: %d is not a redirect status (use 301, 302, 303, 307 or 308)", status)
}

// RedirectTo sends a 302 redirect to the path of the named route, built by
// the project's URL reverser (SiteOf(r).Reverse) from args. It returns an
// error, with nothing written, when the request has no reverser (the
// handler runs outside a jazz project) or the reverser fails (unknown name,
// wrong arguments).
func RedirectTo(w http.ResponseWriter, r *http.Request, name string, args ...any) error {
	reverse := SiteOf(r).Reverse
	if reverse == nil {
		return fmt.Errorf("web: RedirectTo %q: the site has no URL reverser (is the handler served by a jazz project with a URLconf?)", name)
	}
	url, err := reverse(name, args...)
	if err != nil {
		return fmt.Errorf("web: RedirectTo %q: %w", name, err)
	}
	return redirect(w, r, "RedirectTo", url, http.StatusFound)
}

// SafeRedirect sends a 302 redirect to next when [IsSafeRedirect] accepts it
// against the site's AllowedHosts plus the request's own Host (and, on a
// TLS request, only to https), and to fallback otherwise. It is meant for
// client-supplied targets such as a login form's "next" parameter, which
// would otherwise make the site an open redirector. fallback is trusted and
// not checked; an empty fallback means "/".
func SafeRedirect(w http.ResponseWriter, r *http.Request, next, fallback string) error {
	allowed := SiteOf(r).AllowedHosts
	if r.Host != "" {
		// A fresh slice: appending to the shared Site's slice could race
		// with other requests doing the same.
		allowed = append(allowed[:len(allowed):len(allowed)], r.Host)
	}
	target := fallback
	if IsSafeRedirect(next, allowed, r.TLS != nil) {
		target = next
	}
	if target == "" {
		target = "/"
	}
	return redirect(w, r, "SafeRedirect", target, http.StatusFound)
}

func redirect(w http.ResponseWriter, r *http.Request, op, url string, status int) error {
	if url == "" {
		return fmt.Errorf("web: %s: empty URL (redirect to \"/\" or a route instead)", op)
	}
	for i := 0; i < len(url); i++ {
		if c := url[i]; c < 0x20 || c == 0x7f {
			return fmt.Errorf("web: %s: URL %q contains control characters (percent-encode them)", op, url)
		}
	}
	http.Redirect(w, r, url, status)
	return nil
}
