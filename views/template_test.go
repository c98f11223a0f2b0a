package views_test

import (
	"net/http"
	"testing"

	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/views"
	"github.com/jazzgo/jazz/web"
)

func TestTemplate(t *testing.T) {
	c, _ := newSite(t, "sqlite", 0,
		urls.Path("about/<slug:name>/", views.Template(views.TemplateOptions{
			Name:         "about.html",
			ExtraContext: web.Context{"extra": "static"},
			Context: func(r *http.Request, data web.Context) error {
				if data["name"] == "secret" {
					return web.NotFound("hidden")
				}
				return nil
			},
		}), "about"),
		urls.Path("missing/", views.Template(views.TemplateOptions{Name: "nope.html"}), "missing"),
	)
	c.Get("/about/jazz/").AssertStatus(200).AssertTemplateUsed("about.html").AssertContains("about jazz static")
	c.Head("/about/jazz/").AssertStatus(200)
	c.Get("/about/secret/").AssertStatus(404)
	c.Post("/about/jazz/", nil).AssertStatus(405)
	c.Get("/missing/").AssertStatus(500)
	defer func() {
		if recover() == nil {
			t.Error("Template with no name did not panic")
		}
	}()
	views.Template(views.TemplateOptions{})
}

func TestRedirect(t *testing.T) {
	c, _ := newSite(t, "sqlite", 0,
		urls.Path("posts/<slug:slug>/", views.Template(views.TemplateOptions{Name: "about.html"}), "post"),
		urls.Path("old/<slug:slug>/", views.Redirect(views.RedirectOptions{Route: "post", Permanent: true}), "old"),
		urls.Path("tmp/<slug:slug>/", views.Redirect(views.RedirectOptions{URL: "/posts/{slug}/", QueryString: true}), "tmp"),
		urls.Path("q/", views.Redirect(views.RedirectOptions{URL: "/search/?a=1", QueryString: true}), "q"),
		urls.Path("keep/", views.Redirect(views.RedirectOptions{URL: "/other/", PreserveMethod: true}), "keep"),
		urls.Path("keep-forever/", views.Redirect(views.RedirectOptions{URL: "/other/", PreserveMethod: true, Permanent: true}), "keep-forever"),
		urls.Path("gone/", views.Redirect(views.RedirectOptions{}), "gone"),
		urls.Path("bad-route/", views.Redirect(views.RedirectOptions{Route: "no-such-route"}), "bad-route"),
		urls.Path("fn/", views.Redirect(views.RedirectOptions{Target: func(r *http.Request) (string, error) {
			return "/to/" + r.URL.Query().Get("x"), nil
		}}), "fn"),
	)
	c.Get("/old/hello/").AssertRedirects(301, "/posts/hello/")
	c.Get("/tmp/hello/?page=2&x=y").AssertRedirects(302, "/posts/hello/?page=2&x=y")
	c.Get("/tmp/hello/").AssertRedirects(302, "/posts/hello/")
	c.Get("/q/?b=2").AssertRedirects(302, "/search/?a=1&b=2")
	c.Post("/keep/", nil).AssertRedirects(307, "/other/")
	c.Post("/keep-forever/", nil).AssertRedirects(308, "/other/")
	c.Get("/gone/").AssertStatus(410)
	c.Get("/bad-route/").AssertStatus(500)
	c.Get("/fn/?x=y").AssertRedirects(302, "/to/y")
}
