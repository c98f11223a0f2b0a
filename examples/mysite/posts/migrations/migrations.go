// Package migrations holds the posts app's database migrations, written by makemigrations and applied
// by migrate. Edit them only to add data migrations (migrate.RunGo) or SQL (migrate.RunSQL).
package migrations

import "github.com/jazzgo/jazz/migrate"

// all collects this package's migrations: each file adds its own.
var all migrate.List

// All returns the app's migrations, for its Migrations method.
func All() []*migrate.Migration { return all.All() }
