// Package migrations holds the auth app's database migrations: the
// auth_user, auth_group and auth_permission tables and their link tables,
// named as Django's so that a Jazz site and a Django site can share them.
package migrations

import "github.com/jazzgo/jazz/migrate"

// all collects this package's migrations: each file adds its own.
var all migrate.List

// All returns the app's migrations, for its Migrations method.
func All() []*migrate.Migration { return all.All() }
