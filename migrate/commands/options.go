package commands

import (
	"fmt"
	"time"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
)

// Options is what the migration commands need from the project.
type Options struct {
	// Apps are the installed apps in order; those implementing
	// migrate.Provider contribute migrations, those implementing
	// orm.ModelProvider contribute models.
	Apps []apps.App
	// Databases are the project's databases; the commands use "default"
	// unless --database names another. Nil for projects without one
	// (makemigrations still works: it never reads the database).
	Databases *db.Databases
	// Dir is the directory makemigrations resolves module paths from
	// ("" = the working directory): it finds go.mod there or above, and
	// writes an app's migrations into <its package dir>/migrations.
	Dir string
	// Now is the clock for the date in generated files; nil means
	// time.Now.
	Now func() time.Time
}

func (o Options) database(alias string) (*db.DB, error) {
	if o.Databases == nil {
		return nil, fmt.Errorf("no database is configured (set DATABASE_URL or Settings.Databases)")
	}
	if alias == "" {
		alias = "default"
	}
	d, err := o.Databases.Get(alias)
	if err != nil {
		return nil, fmt.Errorf("--database %s: %w", alias, err)
	}
	return d, nil
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}
