package commands

import "github.com/jazzgo/jazz/manage"

// All returns the migration commands: makemigrations, migrate,
// showmigrations, sqlmigrate and squashmigrations.
func All(o Options) []manage.Command {
	return []manage.Command{
		MakeMigrations(o),
		Migrate(o),
		ShowMigrations(o),
		SQLMigrate(o),
		SquashMigrations(o),
	}
}
