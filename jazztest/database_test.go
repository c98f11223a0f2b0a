package jazztest_test

import (
	"net/http"
	"testing"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/jazztest"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// TestDatabasePerTest gives each dialect's project its own empty database
// and checks that a view reaches it through the request context.
func TestDatabasePerTest(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			view := func(w http.ResponseWriter, r *http.Request) error {
				q := db.FromContext(r.Context())
				if _, err := q.ExecContext(r.Context(), "CREATE TABLE note (id integer PRIMARY KEY)"); err != nil {
					return err
				}
				return web.Text(w, 200, q.Dialect().Name())
			}
			p := jazztest.NewProject(t, jazz.Settings{
				DatabaseURL: jazztest.Database(t, dialect),
				URLs:        []urls.Pattern{urls.Path("", view, "home")},
			})
			// The table is new in every test's database, so a leftover
			// from another run would make CREATE TABLE fail.
			jazztest.NewClient(t, p).Get("/").AssertStatus(200).AssertContains(dialect)
		})
	}
}
