package main

import (
	"time"

	"github.com/jazzgo/jazz/auth"
	authviews "github.com/jazzgo/jazz/auth/views"
	"github.com/jazzgo/jazz/cache/cachehttp"
	"github.com/jazzgo/jazz/csrf"
	"github.com/jazzgo/jazz/examples/mysite/articles"
	"github.com/jazzgo/jazz/examples/mysite/posts"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// urlpatterns is the root URLconf.
func urlpatterns() []urls.Pattern {
	return []urls.Pattern{
		// The home page is cached per view for a minute. It shows the
		// visitor's theme from a cookie, so it varies on Cookie and the
		// cache keeps one copy per cookie value (most visitors have none).
		urls.Path("", cachehttp.CachePage(nil, time.Minute, cachehttp.SiteOptions{
			KeyPrefix: "home", CacheVaryCookie: true, XCache: true,
		})(cachehttp.VaryOnCookie(web.HandlerFunc(home))), "home"),
		urls.Path("about/", about, "about"),
		urls.Path("old-about/", oldAbout, "old-about"),
		// The theme form sits in the navigation of cached pages: a token in
		// it would make every page private to one visitor. A forged post
		// can only change how the site looks, so the view is exempt.
		urls.Path("theme/", csrf.Exempt(web.HandlerFunc(setTheme)), "theme").Methods("POST"),
		urls.Path("contact/", contact, "contact").Methods("GET", "POST"),
		urls.Path("contact/thanks/", contactThanks, "contact-thanks"),
		urls.Path("api/status/", apiStatus, "api-status").Methods("GET"),
		urls.Path("demo/error/", demoError, "demo-error"),
		urls.Path("healthz", healthz, "healthz"),
		urls.Include("articles/", articles.URLs(), "articles"),
		urls.Include("posts/", posts.URLs(), "posts"),
		urls.Include("accounts/", authviews.URLs(authviews.Options{SiteName: "mysite"}), ""),
		urls.Path("members/", auth.LoginRequired(web.HandlerFunc(members)), "members"),
		urls.Path("staff/", auth.StaffRequired(web.HandlerFunc(staff)), "staff"),
	}
}
