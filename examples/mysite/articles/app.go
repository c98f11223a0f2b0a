// Package articles is the reference site's articles app: it shows an app
// that contributes its own templates and static files, URL converters and
// reversing, and CSV and JSON output. Articles are kept in memory until the
// ORM arrives.
package articles

import (
	"embed"
	"io/fs"

	"github.com/jazzgo/jazz/apps"
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
