package dbstore_test

import (
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/migrate/autodetect"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/sessions/dbstore"
)

// migrationState is the state the app's migrations build.
func migrationState(t *testing.T) *migrate.State {
	t.Helper()
	l, err := migrate.Load([]apps.App{dbstore.App}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := l.State()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// djangoModel is Django's Session model as a migration describes it:
// what the migration must build.
func djangoModel() *migrate.ModelState {
	return &migrate.ModelState{
		App:  "sessions",
		Name: "Session",
		Fields: []migrate.Field{
			{Name: "session_key", Type: migrate.Char, MaxLength: 40, PrimaryKey: true},
			{Name: "session_data", Type: migrate.Text},
			{Name: "expire_date", Type: migrate.DateTime, Index: true},
		},
		Options: migrate.Options{Table: "django_session"},
	}
}

func TestMigrationBuildsDjangosModel(t *testing.T) {
	s := migrationState(t)
	if got := s.AppModels("sessions"); len(got) != 1 || !reflect.DeepEqual(got[0], djangoModel()) {
		t.Fatalf("the migrations build %#v, want %#v", got, djangoModel())
	}
	want := migrate.NewState()
	want.Add(djangoModel())
	changes, err := autodetect.Detect(s, want, autodetect.NonInteractive(os.Stderr, nil), autodetect.Options{Leaves: map[string]string{"sessions": "0001_initial"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 0 {
		t.Fatalf("makemigrations would write %v", changes)
	}
}

// TestModelMatchesMigration compares the Session model the app registers
// with the migration, as makemigrations --check would.
func TestModelMatchesMigration(t *testing.T) {
	if err := orm.RegisterApps([]apps.App{dbstore.App}); err != nil {
		t.Fatal(err)
	}
	info, ok := orm.Lookup(dbstore.Label + ".Session")
	if !ok {
		t.Fatal("registered model not found")
	}
	if got, want := migrate.ModelFromInfo(info), djangoModel(); !reflect.DeepEqual(got, want) {
		t.Fatalf("the model is described as %#v, want %#v", got, want)
	}
	live := migrate.FromModels([]*orm.ModelInfo{info})
	changes, err := autodetect.Detect(migrationState(t), live, autodetect.NonInteractive(os.Stderr, nil), autodetect.Options{Leaves: map[string]string{"sessions": "0001_initial"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 0 {
		t.Fatalf("the Session model and its migration differ: makemigrations would write %v", changes)
	}
}

// TestMigrationSchema checks the table the migration makes on each
// database, in the catalog, and that it unapplies.
func TestMigrationSchema(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		migrated(t, d)
		var q string
		switch d.Dialect().Name() {
		case "sqlite":
			q = `SELECT il.name FROM pragma_index_list('django_session') il JOIN pragma_index_info(il.name) ii WHERE ii.name = 'expire_date'`
		case "postgres":
			q = `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'django_session' AND indexdef LIKE '%(expire_date)%'`
		case "mysql":
			q = `SELECT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'django_session' AND column_name = 'expire_date'`
		}
		var index string
		if err := d.QueryRowContext(ctx, q).Scan(&index); err != nil {
			t.Fatalf("no index on expire_date: %v", err)
		}
		var pk string
		switch d.Dialect().Name() {
		case "sqlite":
			q = `SELECT name FROM pragma_table_info('django_session') WHERE pk = 1`
		case "postgres":
			q = `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
				WHERE i.indrelid = (quote_ident(current_schema()) || '.django_session')::regclass AND i.indisprimary`
		case "mysql":
			q = `SELECT column_name FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND table_name = 'django_session' AND constraint_name = 'PRIMARY'`
		}
		if err := d.QueryRowContext(ctx, q).Scan(&pk); err != nil || pk != "session_key" {
			t.Fatalf("primary key %q, %v; want session_key", pk, err)
		}

		x := &migrate.Executor{DB: d, Apps: []apps.App{dbstore.App}}
		if err := x.Migrate(ctx, []migrate.Key{{App: dbstore.Label}}, migrate.RunOptions{}); err != nil {
			t.Fatalf("migrate sessions zero: %v", err)
		}
		if _, err := d.ExecContext(ctx, "SELECT 1 FROM "+d.Dialect().Quote(dbstore.Table)); err == nil {
			t.Fatal("the table is still there after unapplying")
		}
	})
}
