package views

import (
	"net/http"
	"strings"
	"time"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// Options configures the auth views. The zero value gives Django's
// behaviour; the URLs themselves (LoginURL, LoginRedirectURL,
// LogoutRedirectURL), the password validators and the token generator come
// from the request's [auth.Config], so that the views, the middleware and
// LoginRequired agree.
type Options struct {
	// NoSignup leaves out the signup page, for sites where accounts are
	// made by staff only.
	NoSignup bool
	// RedirectAuthenticatedUser sends a user who is already logged in from
	// the login page straight to where a login would land (Django's
	// LoginView.redirect_authenticated_user). Off by default, as in Django,
	// so a logged-in user can switch accounts.
	RedirectAuthenticatedUser bool
	// PostResetLogin logs the user in after a successful password reset
	// (Django's PasswordResetConfirmView.post_reset_login).
	PostResetLogin bool
	// FromEmail is the sender of password reset mail; "" means the
	// mailer's DefaultFrom (DefaultFromEmail).
	FromEmail string
	// Domain and Protocol override the host and scheme of the link in
	// the reset mail (Django's domain_override and use_https). Empty
	// means the request's Host and its scheme (https when the request came
	// over TLS). Set them when the site is behind a proxy that hides
	// either: the link must point at the public site.
	Domain, Protocol string
	// SiteName is the site's name in the reset mail and pages; "" means the
	// domain.
	SiteName string
	// HTMLEmailTemplate, when set, adds an HTML alternative to the reset
	// mail, rendered from this template with the same data as the text
	// ("registration/password_reset_email.html", which despite its name
	// is plain text, as in Django).
	HTMLEmailTemplate string
}

// Route names, Django's (django.contrib.auth.urls), plus "signup" and
// "profile". Reverse them with the namespace of the Include, if any.
const (
	NameLogin                 = "login"
	NameLogout                = "logout"
	NamePasswordChange        = "password_change"
	NamePasswordChangeDone    = "password_change_done"
	NamePasswordReset         = "password_reset"
	NamePasswordResetDone     = "password_reset_done"
	NamePasswordResetConfirm  = "password_reset_confirm"
	NamePasswordResetComplete = "password_reset_complete"
	NameSignup                = "signup"
	NameProfile               = "profile"
)

// The routes, relative to where the project mounts the views. The views
// find their own mount point from the route that matched, so links and
// redirects between them work under any prefix.
const (
	routeLogin                 = "login/"
	routeLogout                = "logout/"
	routePasswordChange        = "password_change/"
	routePasswordChangeDone    = "password_change/done/"
	routePasswordReset         = "password_reset/"
	routePasswordResetDone     = "password_reset/done/"
	routePasswordResetConfirm  = "reset/<uidb64>/<token>/"
	routePasswordResetComplete = "reset/done/"
	routeSignup                = "signup/"
	routeProfile               = "profile/"
)

// URLs returns the auth pages, to be mounted by the project's URLconf under
// "accounts/", as Django's include("django.contrib.auth.urls"):
//
//	urls.Include("accounts/", views.URLs(views.Options{}), "")
//
// which serves
//
//	accounts/login/                          login                   GET, POST
//	accounts/logout/                         logout                  POST only (GET is 405)
//	accounts/password_change/                password_change         GET, POST; login required
//	accounts/password_change/done/           password_change_done    GET; login required
//	accounts/password_reset/                 password_reset          GET, POST
//	accounts/password_reset/done/            password_reset_done     GET
//	accounts/reset/<uidb64>/<token>/         password_reset_confirm  GET, POST
//	accounts/reset/done/                     password_reset_complete GET
//	accounts/signup/                         signup                  GET, POST (unless NoSignup)
//	accounts/profile/                        profile                 GET; login required
//
// Another prefix works too, but auth.Config's LoginURL and
// LoginRedirectURL must then be set to match. The pages need the session,
// CSRF and auth middleware, and the templates of [App] (or the project's
// own files of the same names) with a "base.html" that defines the blocks
// "title" and "content". Each call returns a new slice.
func URLs(opts Options) []urls.Pattern {
	v := &viewSet{opts: opts}
	ps := []urls.Pattern{
		urls.Path(routeLogin, v.page(routeLogin, v.login), NameLogin).Methods("GET", "POST"),
		urls.Path(routeLogout, v.page(routeLogout, v.logout), NameLogout).Methods("POST"),
		urls.Path(routePasswordChange, auth.LoginRequired(v.page(routePasswordChange, v.passwordChange)),
			NamePasswordChange).Methods("GET", "POST"),
		urls.Path(routePasswordChangeDone, auth.LoginRequired(v.page(routePasswordChangeDone, v.passwordChangeDone)),
			NamePasswordChangeDone).Methods("GET"),
		urls.Path(routePasswordReset, v.page(routePasswordReset, v.passwordReset), NamePasswordReset).Methods("GET", "POST"),
		urls.Path(routePasswordResetDone, v.page(routePasswordResetDone, v.simple("registration/password_reset_done.html")),
			NamePasswordResetDone).Methods("GET"),
		urls.Path(routePasswordResetComplete, v.page(routePasswordResetComplete, v.simple("registration/password_reset_complete.html")),
			NamePasswordResetComplete).Methods("GET"),
		urls.Path(routePasswordResetConfirm, v.page(routePasswordResetConfirm, v.passwordResetConfirm),
			NamePasswordResetConfirm).Methods("GET", "POST"),
	}
	if !opts.NoSignup {
		ps = append(ps, urls.Path(routeSignup, v.page(routeSignup, v.signup), NameSignup).Methods("GET", "POST"))
	}
	ps = append(ps, urls.Path(routeProfile, auth.LoginRequired(v.page(routeProfile, v.profile)), NameProfile).Methods("GET"))
	return ps
}

// viewSet holds the options shared by the views of one URLs call.
type viewSet struct {
	opts Options
}

// viewFunc is a view that also receives the page's links.
type viewFunc func(w http.ResponseWriter, r *http.Request, p *page) error

// page is what every auth view knows about the request besides the request
// itself.
type page struct {
	cfg    *auth.Config
	prefix string            // the mount point, "/accounts/"
	links  map[string]string // the auth pages' paths, by route name
}

// page adapts a view: it works out the links of the mount point, and marks
// the response as never cached (the pages carry CSRF tokens and personal
// data), as Django's auth views are never_cache.
func (v *viewSet) page(route string, fn viewFunc) http.Handler {
	return web.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		h := w.Header()
		h.Set("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate, private")
		h.Set("Expires", time.Now().UTC().Format(http.TimeFormat))
		prefix := mountPoint(r, route)
		return fn(w, r, &page{cfg: auth.ConfigOf(r), prefix: prefix, links: v.links(prefix)})
	})
}

// simple is a view that only renders a template.
func (v *viewSet) simple(name string) viewFunc {
	return func(w http.ResponseWriter, r *http.Request, p *page) error {
		return web.Render(w, r, name, p.data(nil))
	}
}

// mountPoint returns the path prefix the views are mounted at, from the
// route that matched r ("accounts/login/" with route "login/" gives
// "/accounts/"). A request that was not routed (a view called directly)
// gets "/accounts/", Django's conventional place.
func mountPoint(r *http.Request, route string) string {
	rt := urls.RouteOf(r)
	if rt == nil || !strings.HasSuffix(rt.Pattern, route) {
		return "/accounts/"
	}
	prefix := strings.TrimSuffix(rt.Pattern, route)
	if strings.Contains(prefix, "<") {
		// A prefix with parameters cannot be written out as is: rebuild it
		// from the request path, which has as many segments.
		n := strings.Count(route, "/")
		path := strings.TrimSuffix(r.URL.EscapedPath(), "/")
		for range n {
			if i := strings.LastIndexByte(path, '/'); i >= 0 {
				path = path[:i]
			}
		}
		return path + "/"
	}
	return "/" + prefix
}

// links returns the paths of the auth pages under prefix, for templates
// (.urls.login and so on). "signup" is absent when NoSignup is set.
func (v *viewSet) links(prefix string) map[string]string {
	m := map[string]string{
		NameLogin:                 prefix + routeLogin,
		NameLogout:                prefix + routeLogout,
		NamePasswordChange:        prefix + routePasswordChange,
		NamePasswordChangeDone:    prefix + routePasswordChangeDone,
		NamePasswordReset:         prefix + routePasswordReset,
		NamePasswordResetDone:     prefix + routePasswordResetDone,
		NamePasswordResetComplete: prefix + routePasswordResetComplete,
		NameProfile:               prefix + routeProfile,
	}
	if !v.opts.NoSignup {
		m[NameSignup] = prefix + routeSignup
	}
	return m
}

// data returns the template data of a page: the view's own values plus
// "urls" (the links of the auth pages) and "site_name".
func (p *page) data(extra map[string]any) map[string]any {
	d := map[string]any{"urls": p.links}
	for k, val := range extra {
		d[k] = val
	}
	return d
}

// next returns the redirect target the client asked for, in the form body
// or the query string, when auth.SafeNext accepts it.
func next(r *http.Request) (string, bool) {
	n := r.PostFormValue("next")
	if n == "" {
		n = r.URL.Query().Get("next")
	}
	if n == "" {
		return "", false
	}
	return auth.SafeNext(r, n)
}
