// Package articles is the reference site's articles app: it shows an app
// that contributes models (categories, tags, articles, comments), its own
// templates and static files, URL converters and reversing, CSV and JSON
// output, and migrations: its schema and its demo data (a data migration that
// loads fixtures/demo.json).
package articles

import (
	"embed"
	"io/fs"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/examples/mysite/articles/migrations"
	"github.com/jazzgo/jazz/migrate"
)

//go:embed templates
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

type app struct{ apps.Base }

// App is the articles app, for the project's InstalledApps.
var App apps.App = &app{apps.Base{Name: "articles", Verbose: "Articles"}}

// Templates implements templates.Provider: templates/articles/*.html.
func (*app) Templates() fs.FS { return mustSub(templateFiles, "templates") }

// Static implements static.Provider: static/articles/*.
func (*app) Static() fs.FS { return mustSub(staticFiles, "static") }

func mustSub(fsys fs.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // embedded at build time
	}
	return s
}

// Models implements orm.ModelProvider.
func (*app) Models() []any {
	return []any{(*Category)(nil), (*Tag)(nil), (*Article)(nil), (*ArticleTag)(nil), (*Comment)(nil)}
}

// Migrations implements migrate.Provider: the app's schema history and
// its demo data (see the migrations package).
func (*app) Migrations() []*migrate.Migration { return migrations.All() }
