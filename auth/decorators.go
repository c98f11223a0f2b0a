package auth

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/jazzgo/jazz/web"
)

// LoginRequired lets logged-in users through to h and redirects anonymous
// visitors to Config.LoginURL with the page they asked for in "next"
// (path and query), as Django's login_required:
//
//	/accounts/login/?next=/private/%3Fpage%3D2
func LoginRequired(h http.Handler) http.Handler {
	return UserPassesTest(func(*http.Request, Account) bool { return true }, h)
}

// PermissionRequired lets through users that have perm ("blog.add_post",
// see AbstractUser.HasPerm). An anonymous visitor is sent to the login page; a
// logged-in user without the permission gets 403 (Django's
// permission_required with raise_exception, which avoids sending a
// logged-in user round the login page forever).
func PermissionRequired(perm string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := LoadAccount(r)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		if a == nil {
			RedirectToLogin(w, r)
			return
		}
		ok, err := a.Base().HasPerm(r.Context(), perm)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		if !ok {
			web.Error(w, r, web.Forbidden("auth: permission %s required", perm))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// UserPassesTest lets the request through to h when test accepts the
// logged-in account (of the Config's user model; a.Base() has the auth
// fields, a type assertion the model's own). An anonymous visitor is sent
// to the login page (test is not called, so a is never nil); a logged-in
// user that fails the test gets 403.
func UserPassesTest(test func(r *http.Request, a Account) bool, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := LoadAccount(r)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		if a == nil {
			RedirectToLogin(w, r)
			return
		}
		if !test(r, a) {
			web.Error(w, r, web.Forbidden("auth: %s may not see this page", a.Base().Username))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// StaffRequired lets through active staff users (the admin's
// staff_member_required).
func StaffRequired(h http.Handler) http.Handler {
	return UserPassesTest(func(_ *http.Request, a Account) bool { u := a.Base(); return u.IsActive && u.IsStaff }, h)
}

// RedirectToLogin sends a 302 to Config.LoginURL with "next" set to the
// request's path and query (Django's redirect_to_login). Slashes in next
// stay readable, as Django writes them.
func RedirectToLogin(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, LoginURLFor(r, r.URL.RequestURI()), http.StatusFound)
}

// LoginURLFor returns Config.LoginURL with next added to its query
// (keeping a query it already has).
func LoginURLFor(r *http.Request, next string) string {
	login := ConfigOf(r).LoginURL
	u, err := url.Parse(login)
	if err != nil {
		return login
	}
	q := u.Query()
	q.Set("next", next)
	u.RawQuery = strings.ReplaceAll(q.Encode(), "%2F", "/")
	return u.String()
}

// SafeNext checks a client-supplied redirect target (a "next" parameter)
// and returns where to go: next itself when it points at this site (a
// path, or an absolute URL on the request's host or Config.AllowedHosts
// (not the site's AllowedHosts, as in Django's LoginView),
// https only on an https request), else Config.LoginRedirectURL; ok
// reports whether next was accepted. It rejects what would make the site
// an open redirector: other hosts ("https://evil.example/"),
// scheme-relative URLs to other hosts ("//evil.example"), backslash and
// control-character tricks, and other schemes ("javascript:"); see
// web.IsSafeRedirect.
func SafeNext(r *http.Request, next string) (string, bool) {
	cfg := ConfigOf(r)
	allowed := append([]string(nil), cfg.AllowedHosts...)
	if r.Host != "" {
		allowed = append(allowed, r.Host)
	}
	if next != "" && web.IsSafeRedirect(next, allowed, r.TLS != nil) {
		return next, true
	}
	return cfg.LoginRedirectURL, false
}
