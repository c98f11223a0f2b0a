package views

import (
	"net/http"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/web"
)

// logout is Django's LogoutView (POST only since Django 5.0, so a link or
// an image on another site cannot log users out; the route refuses GET
// with a 405). It flushes the session, then redirects to a safe "next",
// or to Config.LogoutRedirectURL, or shows registration/logged_out.html.
func (v *viewSet) logout(w http.ResponseWriter, r *http.Request, p *page) error {
	if _, err := web.ParseForm(r); err != nil {
		return err
	}
	if err := auth.Logout(w, r); err != nil {
		return err
	}
	if n, ok := next(r); ok {
		return web.Redirect(w, r, n)
	}
	if p.cfg.LogoutRedirectURL != "" {
		return web.Redirect(w, r, p.cfg.LogoutRedirectURL)
	}
	return web.Render(w, r, "registration/logged_out.html", p.data(map[string]any{"site_name": siteName(r, v.opts)}))
}
