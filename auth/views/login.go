package views

import (
	"errors"
	"net/http"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/messages"
	"github.com/jazzgo/jazz/web"
)

// login is Django's LoginView: a GET shows the form, a POST checks the
// username and password with auth.Authenticate, logs the user in (a new
// session key, so a key planted before the login is worth nothing) and
// redirects to the "next" the client gave, when auth.SafeNext accepts
// it, or else to Config.LoginRedirectURL.
func (v *viewSet) login(w http.ResponseWriter, r *http.Request, p *page) error {
	if v.opts.RedirectAuthenticatedUser && auth.CurrentAccount(r) != nil {
		return redirectNext(w, r, p.cfg.LoginRedirectURL)
	}
	if r.Method != http.MethodPost {
		return v.renderLogin(w, r, p, newForm(nil), http.StatusOK)
	}
	values, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	f := newForm(values)
	f.required("username", "password")
	if !f.Valid() {
		return v.renderLogin(w, r, p, f, http.StatusOK)
	}
	u, err := auth.Authenticate(r, f.Value("username"), f.raw("password"))
	switch {
	case errors.Is(err, auth.ErrThrottled):
		f.addError("", msgThrottled)
		return v.renderLogin(w, r, p, f, http.StatusTooManyRequests)
	case errors.Is(err, auth.ErrInvalidCredentials) || (err == nil && u == nil):
		f.addError("", msgInvalidLogin)
		return v.renderLogin(w, r, p, f, http.StatusOK)
	case err != nil:
		return err
	case !u.Base().IsActive:
		// Only a backend that lets inactive users authenticate gets here
		// (Django's AllowAllUsersModelBackend); the form still refuses them.
		f.addError("", msgInactive)
		return v.renderLogin(w, r, p, f, http.StatusOK)
	}
	if err := auth.Login(w, r, u); err != nil {
		return err
	}
	// A project without the messages middleware still logs users in.
	_ = messages.Success(r, "You are now logged in as "+u.Base().Username+".")
	return redirectNext(w, r, p.cfg.LoginRedirectURL)
}

// renderLogin shows the login form with status (200, or 429 for a
// lockout, which tells scripts to back off while the page still explains).
func (v *viewSet) renderLogin(w http.ResponseWriter, r *http.Request, p *page, f *Form, status int) error {
	n := r.PostFormValue("next")
	if n == "" {
		n = r.URL.Query().Get("next")
	}
	// Only a next that would be followed is written back into the form,
	// so the page never carries an attacker's link.
	if _, ok := auth.SafeNext(r, n); !ok {
		n = ""
	}
	data := p.data(map[string]any{"form": f, "next": n, "site_name": siteName(r, v.opts)})
	if u := auth.CurrentAccount(r); u != nil {
		// Set here rather than left to a context processor, so the page
		// can offer to switch accounts whatever the project installs.
		data["user"] = u
	}
	return web.RenderStatus(w, r, status, "registration/login.html", "", data)
}

// redirectNext redirects to the client's safe "next", or to fallback.
func redirectNext(w http.ResponseWriter, r *http.Request, fallback string) error {
	if n, ok := next(r); ok {
		return web.Redirect(w, r, n)
	}
	return web.Redirect(w, r, fallback)
}
