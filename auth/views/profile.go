package views

import (
	"net/http"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/web"
)

// profile shows the logged-in user (the route wraps it in
// auth.LoginRequired): where a login lands by default, as in Django.
func (v *viewSet) profile(w http.ResponseWriter, r *http.Request, p *page) error {
	return web.Render(w, r, "registration/profile.html", p.data(map[string]any{"user": auth.CurrentAccount(r)}))
}
