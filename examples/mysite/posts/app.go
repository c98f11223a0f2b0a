// Package posts is the reference site's blog: posts written by logged-in
// readers through forms, with a cover image upload, on Django's generic
// views (list with pagination, detail, create, update, delete with a
// confirmation page).
package posts

import (
	"embed"
	"io/fs"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/examples/mysite/posts/migrations"
	"github.com/jazzgo/jazz/migrate"
)

//go:embed templates
var templateFiles embed.FS

type app struct{ apps.Base }

// App is the posts app, for the project's InstalledApps (after auth).
var App apps.App = &app{apps.Base{Name: "posts", Verbose: "Posts"}}

// Models implements orm.ModelProvider.
func (*app) Models() []any { return []any{(*Post)(nil)} }

// Templates implements templates.Provider: templates/posts/*.html.
func (*app) Templates() fs.FS {
	s, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		panic(err) // embedded at build time
	}
	return s
}

// Migrations implements migrate.Provider.
func (*app) Migrations() []*migrate.Migration { return migrations.All() }
