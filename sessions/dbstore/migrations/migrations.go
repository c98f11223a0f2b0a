// Package migrations holds the sessions app's database migrations: the
// django_session table, shaped as Django's own so that a Jazz site and a
// Django site can share it.
package migrations

import "github.com/jazzgo/jazz/migrate"

// all collects this package's migrations: each file adds its own.
var all migrate.List

// All returns the app's migrations, for its Migrations method.
func All() []*migrate.Migration { return all.All() }
