package commands_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/migrate/commands"
)

// updateGolden reports whether -update was given. The flag may already be
// declared by another test file of the package: then it is shared.
func updateGolden() bool {
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return false
	}
	b, _ := g.Get().(bool)
	return b
}

func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata")
	}
}

// TestSQLMigrate compares the SQL of blog.0002_post_slug, forwards then
// backwards, with testdata/sqlmigrate/<dialect>.sql (go test -update
// rewrites them). The database is empty: sqlmigrate reads no state from it.
func TestSQLMigrate(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			o := options(t, dbtest.URL(t, dialect))
			cmd := commands.SQLMigrate(o)
			var b strings.Builder
			b.WriteString("-- sqlmigrate blog 0002\n")
			b.WriteString(expectOK(t, cmd, "blog", "0002"))
			b.WriteString("-- sqlmigrate blog 0002_post_slug --backwards\n")
			b.WriteString(expectOK(t, cmd, "blog", "0002_post_slug", "--backwards"))
			got := b.String()

			path := filepath.Join("testdata", "sqlmigrate", dialect+".sql")
			if updateGolden() {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("sqlmigrate output differs from %s (go test -update rewrites it):\n%s", path, got)
			}
			if dialect == "mysql" {
				if strings.Contains(got, "BEGIN;") {
					t.Errorf("MySQL has no transactional DDL, yet the SQL has BEGIN")
				}
			} else if !strings.HasPrefix(strings.SplitN(got, "\n", 2)[1], "BEGIN;\n") || !strings.Contains(got, "COMMIT;\n") {
				t.Errorf("the SQL is not wrapped in BEGIN/COMMIT")
			}
			if !strings.Contains(got, "-- (Go code: Fill slugs from titles)\n") {
				t.Errorf("the data migration is not shown as a comment")
			}
			if tableExists(t, o, "blog_post") {
				t.Errorf("sqlmigrate ran statements")
			}

			for _, tc := range []struct {
				args []string
				code int
				err  string
			}{
				{[]string{"blog"}, 2, "expected an app label and a migration name"},
				{[]string{"blog", "0009"}, 1, `cannot find a migration matching "0009"`},
				{[]string{"nope", "0001"}, 1, `no installed app with label "nope"`},
			} {
				if errOut := expect(t, cmd, tc.args, tc.code, "-"); !strings.Contains(errOut, tc.err) {
					t.Errorf("sqlmigrate %v: stderr %q, want %q", tc.args, errOut, tc.err)
				}
			}
		})
	}
}

func expectOK(t *testing.T, cmd manage.Command, args ...string) string {
	t.Helper()
	code, out, errOut := manageRun(t, cmd, args...)
	if code != 0 {
		t.Fatalf("%s %v: exit %d\n%s", cmd.Name(), args, code, errOut)
	}
	return out
}

// tableExists probes for table in the project's default database.
func tableExists(t *testing.T, o commands.Options, table string) bool {
	t.Helper()
	d, err := o.Databases.Get("")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := d.QueryContext(context.Background(), "SELECT 1 FROM "+d.Dialect().Quote(table)+" WHERE 1 = 0")
	if err != nil {
		return false
	}
	rows.Close()
	return true
}
