package dbstore

import (
	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/sessions/dbstore/migrations"
)

// Label is the app's label, Django's: migrations of other apps that need
// the session table depend on {App: "sessions", Name: "0001_initial"}.
const Label = "sessions"

type app struct{ apps.Base }

// App is the sessions app, for the project's InstalledApps when sessions
// live in the database (the db and cached_db engines). It owns the
// django_session table through its migration.
var App apps.App = &app{apps.Base{Name: Label, Verbose: "Sessions"}}

// Migrations implements migrate.Provider: the django_session table.
func (*app) Migrations() []*migrate.Migration { return migrations.All() }

var _ migrate.Provider = (*app)(nil)
