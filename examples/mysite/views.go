package main

import (
	"errors"
	"github.com/jazzgo/jazz/sessions"
	"net/http"
	"runtime"
	"time"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/examples/mysite/articles"
	"github.com/jazzgo/jazz/web"
)

const (
	themeCookie = "theme"
	// themeSalt separates this cookie's signatures from every other use of
	// the secret key.
	themeSalt   = "mysite.theme"
	themeMaxAge = 365 * 24 * time.Hour
)

var started = time.Now()

func validTheme(t string) bool { return t == "light" || t == "dark" }

func home(w http.ResponseWriter, r *http.Request) error {
	latest, err := articles.Latest(r.Context(), 3)
	if err != nil {
		return err
	}
	return web.Render(w, r, "home.html", web.Context{"latest": latest})
}

func about(w http.ResponseWriter, r *http.Request) error {
	// A visit counter kept in the visitor's session. (Not on the home
	// page: that one is cached whole, and a page that depends on the
	// session cannot be shared.)
	visits := int64(1)
	if s := sessions.FromRequest(r); s != nil {
		n, _ := s.GetInt("visits")
		visits = n + 1
		s.Set("visits", visits)
	}
	return web.Render(w, r, "about.html", web.Context{
		"go_version":   runtime.Version(),
		"jazz_version": jazz.Version,
		"visits":       visits,
	})
}

// oldAbout shows a permanent redirect to a named route: the old address
// keeps working and search engines learn the new one.
func oldAbout(w http.ResponseWriter, r *http.Request) error {
	to, err := web.SiteOf(r).Reverse("about")
	if err != nil {
		return err
	}
	return web.RedirectPermanent(w, r, to)
}

// setTheme stores the visitor's theme in a signed cookie, so it cannot be
// forged, and sends them back where they came from when that is a safe
// (same-site) address.
func setTheme(w http.ResponseWriter, r *http.Request) error {
	form, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	t := form.Get("theme")
	if !validTheme(t) {
		return web.BadRequest("unknown theme %q", t)
	}
	c := &http.Cookie{Name: themeCookie, Value: t, MaxAge: int(themeMaxAge / time.Second)}
	if err := web.SetSignedCookie(w, r, c, themeSalt); err != nil {
		return err
	}
	return web.SafeRedirect(w, r, form.Get("next"), "/")
}

// apiStatus is a small JSON endpoint.
func apiStatus(w http.ResponseWriter, r *http.Request) error {
	n, err := articles.Articles.All().Count(r.Context())
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, map[string]any{
		"status":   "ok",
		"version":  jazz.Version,
		"uptime_s": int(time.Since(started).Seconds()),
		"articles": n,
	})
}

// demoError fails on purpose, to show the 500 page (and, with
// JAZZ_DEBUG=true, the technical error page).
func demoError(w http.ResponseWriter, r *http.Request) error {
	return errors.New("this view fails on purpose to show the error page")
}

// healthz answers load balancers and orchestrators.
func healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok"))
}

// members is only for logged-in visitors (auth.LoginRequired sends the
// others to the login page, then back here).
func members(w http.ResponseWriter, r *http.Request) error {
	return web.Render(w, r, "members.html", nil)
}

// staff is only for staff users (auth.StaffRequired).
func staff(w http.ResponseWriter, r *http.Request) error {
	return web.Render(w, r, "staff.html", nil)
}
