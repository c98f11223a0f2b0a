package views

import (
	"embed"
	"io/fs"

	"github.com/jazzgo/jazz/apps"
)

//go:embed templates
var templateFiles embed.FS

// Templates returns the auth pages' templates, under Django's names
// ("registration/login.html", "registration/password_reset_email.html"...).
// A project overrides any of them by providing a file of the same name in
// its TemplateDirs. They extend "base.html", which the project provides,
// and fill its "title" and "content" blocks.
func Templates() fs.FS {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		panic(err) // the directory is embedded above; this cannot fail
	}
	return sub
}

// App contributes the templates to a project: list it in InstalledApps
// (after the project's own apps, so that they can override the pages).
// Its label is "auth_views"; it has no models.
var App apps.App = app{apps.Base{Name: "auth_views", Verbose: "Authentication pages"}}

type app struct{ apps.Base }

// Templates implements templates.Provider.
func (app) Templates() fs.FS { return Templates() }
