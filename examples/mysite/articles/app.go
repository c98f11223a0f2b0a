// Package articles is the reference site's articles app: it shows an app
// that contributes models (categories, tags, articles, comments), its own
// templates and static files, URL converters and reversing, CSV and JSON
// output, and demo data loaded from a fixture.
package articles

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/orm/fixtures"
)

//go:embed templates
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

//go:embed fixtures/demo.json
var demoFixture embed.FS

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

// Ready creates the app's tables and loads the demo articles the first
// time the site runs on a database. It stands in for migrations until
// Jazz has them: `go run ./examples/mysite` works on a fresh clone.
func (*app) Ready(ctx context.Context) error {
	conn := db.FromContext(ctx)
	if conn == nil {
		return nil // a project without a database never queries the app
	}
	if tableExists(ctx, conn, orm.Info[Article]().DBTable) {
		return nil
	}
	setup := func(ctx context.Context) error {
		if err := orm.CreateTables(ctx, (*app)(nil).Models()...); err != nil {
			return err
		}
		f, err := demoFixture.Open("fixtures/demo.json")
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := fixtures.Load(ctx, f, "demo.json"); err != nil {
			return fmt.Errorf("articles: demo data: %w", err)
		}
		return nil
	}
	// Where DDL is transactional, tables and data appear together or not
	// at all. MySQL commits at each CREATE TABLE, so there the steps run
	// one by one (the fixture is still one transaction).
	if conn.Dialect().Features().TransactionalDDL {
		return db.Atomic(ctx, setup)
	}
	return setup(ctx)
}

// tableExists asks the database in a way all three dialects understand.
func tableExists(ctx context.Context, conn db.Querier, table string) bool {
	rows, err := conn.QueryContext(ctx, "SELECT 1 FROM "+conn.Dialect().Quote(table)+" WHERE 1 = 0")
	if err != nil {
		return false
	}
	rows.Close()
	return true
}
