package main

import (
	"github.com/jazzgo/jazz/examples/mysite/articles"
	"github.com/jazzgo/jazz/urls"
)

// urlpatterns is the root URLconf.
func urlpatterns() []urls.Pattern {
	return []urls.Pattern{
		urls.Path("", home, "home"),
		urls.Path("about/", about, "about"),
		urls.Path("old-about/", oldAbout, "old-about"),
		urls.Path("theme/", setTheme, "theme").Methods("POST"),
		urls.Path("api/status/", apiStatus, "api-status").Methods("GET"),
		urls.Path("demo/error/", demoError, "demo-error"),
		urls.Path("healthz", healthz, "healthz"),
		urls.Include("articles/", articles.URLs(), "articles"),
	}
}
