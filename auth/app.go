package auth

import (
	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/auth/migrations"
	"github.com/jazzgo/jazz/checks"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/orm"
)

// Label is the app's label, Django's: a migration of another app that
// points at users depends on {App: "auth", Name: "0001_initial"}.
const Label = "auth"

type app struct{ apps.Base }

// App is the auth app, for the project's InstalledApps: its models (User,
// Group, Permission), their migrations, the permissions of every model
// made after migrate (PostMigrate), the createsuperuser and
// changepassword commands, and its system checks.
var App apps.App = &app{apps.Base{Name: Label, Verbose: "Authentication and Authorization"}}

var (
	_ orm.ModelProvider    = (*app)(nil)
	_ migrate.Provider     = (*app)(nil)
	_ migrate.PostMigrator = (*app)(nil)
	_ manage.Provider      = (*app)(nil)
	_ checks.Provider      = (*app)(nil)
)

// Models implements orm.ModelProvider.
func (*app) Models() []any { return []any{(*Permission)(nil), (*Group)(nil), (*User)(nil)} }

// Migrations implements migrate.Provider.
func (*app) Migrations() []*migrate.Migration { return migrations.All() }

// Commands implements manage.Provider.
func (*app) Commands() []manage.Command {
	return []manage.Command{&createSuperuser{}, &changePassword{}}
}
