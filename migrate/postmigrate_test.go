package migrate_test

import (
	"context"
	"testing"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/migrate"
	_ "github.com/jazzgo/jazz/migrate/schema"
)

// hookApp has one migration and counts its PostMigrate calls, checking
// that the database is in the context and migrated.
type hookApp struct {
	apps.Base
	calls int
	rows  []int64
}

func (a *hookApp) Migrations() []*migrate.Migration {
	return []*migrate.Migration{{Name: "0001_initial", Initial: true, Operations: []migrate.Operation{
		migrate.CreateModel{Name: "Thing", Fields: []migrate.Field{{Name: "id", Type: migrate.Auto, PrimaryKey: true}}},
	}}}
}

func (a *hookApp) PostMigrate(ctx context.Context) error {
	a.calls++
	var n int64
	if err := db.FromContext(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM hooks_thing").Scan(&n); err != nil {
		return err
	}
	a.rows = append(a.rows, n)
	return nil
}

func TestPostMigrateRunsAfterEveryRealRun(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	a := &hookApp{Base: apps.Base{Name: "hooks"}}
	x := migrate.Executor{DB: d, Apps: []apps.App{a}}
	ctx := context.Background()
	if err := x.Migrate(ctx, nil, migrate.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := x.Migrate(ctx, nil, migrate.RunOptions{}); err != nil { // nothing to apply: still called
		t.Fatal(err)
	}
	if err := x.Migrate(ctx, nil, migrate.RunOptions{Plan: true}); err != nil { // changes nothing: not called
		t.Fatal(err)
	}
	if a.calls != 2 || len(a.rows) != 2 {
		t.Errorf("PostMigrate calls = %d (%v), want 2", a.calls, a.rows)
	}
}
