package commands

import (
	"context"
	"errors"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/migrate/autodetect"
	"github.com/jazzgo/jazz/migrate/commands/internal/testapp"
)

// history returns the test app's migrations: the models built in four
// steps, the last of them also running SQL.
func history(t *testing.T) []*migrate.Migration {
	first := initialFor(t, "Post.slug", "Post.title")
	title := migrate.Field{Name: "title", Type: migrate.Char, MaxLength: 100}
	return []*migrate.Migration{
		first,
		{Name: "0002_post_title", Dependencies: []migrate.Key{{Name: "0001_initial"}},
			Operations: []migrate.Operation{migrate.AddField{Model: "Post", Field: title, Fill: "x"}}},
		{Name: "0003_alter_post_title", Dependencies: []migrate.Key{{App: "testapp", Name: "0002_post_title"}},
			Operations: []migrate.Operation{migrate.AlterField{Model: "Post", Name: "title", Field: migrate.Field{Type: migrate.Char, MaxLength: 200}}}},
		{Name: "0004_post_slug", Dependencies: []migrate.Key{{App: "testapp", Name: "0003_alter_post_title"}},
			Operations: []migrate.Operation{
				migrate.AddField{Model: "Post", Field: migrate.Field{Name: "slug", Type: migrate.Char, MaxLength: 50, Default: "draft"}},
				migrate.RunSQL{SQL: []string{"UPDATE testapp_post SET slug = 'x'"}, Reverse: []string{}},
			}},
	}
}

func squashSetup(t *testing.T) (dir string, app *testapp.WithMigrations, cmd manage.Command) {
	dir = module(t, testappPkg)
	os.MkdirAll(filepath.Join(dir, "migrations"), 0o755)
	os.WriteFile(filepath.Join(dir, "migrations", "migrations.go"), autodetect.PackageFile("testapp"), 0o644)
	app = &testapp.WithMigrations{App: testapp.App{Base: apps.Base{Name: "testapp"}}, List: history(t)}
	return dir, app, SquashMigrations(Options{Apps: []apps.App{app}, Dir: dir, Now: testClock})
}

func TestSquashMigrations(t *testing.T) {
	dir, app, cmd := squashSetup(t)
	out, _, err := runCmd(t, cmd, "", "--noinput", "testapp", "0004")
	if err != nil {
		t.Fatal(err)
	}
	name := "0001_squashed_0004_post_slug"
	if !strings.Contains(out, "Created new squashed migration migrations/"+name+".go") ||
		!strings.Contains(out, "Optimized from 6 operations to 3 operations.") {
		t.Errorf("output:\n%s", out)
	}
	src, err := os.ReadFile(filepath.Join(dir, "migrations", name+".go"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "x.go", src, 0); err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(src)), " ")
	for _, s := range []string{
		`Replaces: []migrate.Key{ {App: "testapp", Name: "0001_initial"}, {App: "testapp", Name: "0002_post_title"}, {App: "testapp", Name: "0003_alter_post_title"}, {App: "testapp", Name: "0004_post_slug"}, }`,
		`Initial: true`,
		`{Name: "title", Type: migrate.Char, MaxLength: 200}`,
		`{Name: "slug", Type: migrate.Char, MaxLength: 50, Default: "draft"}`,
		`migrate.RunSQL{`,
	} {
		if !strings.Contains(flat, s) {
			t.Errorf("source lacks %s:\n%s", s, src)
		}
	}
	if strings.Contains(flat, "Dependencies") {
		t.Errorf("the squash of an initial migration has dependencies:\n%s", src)
	}

	// The squash builds the same state as the migrations it replaces.
	want, err := migrate.Load([]apps.App{app}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantState, _ := want.State()
	got := migrate.NewState()
	sq := squashedFromSource(t, app)
	if err := sq.Apply(got); err != nil {
		t.Fatal(err)
	}
	for _, m := range wantState.Models() {
		if d := autodetect.ModelDiff(got.Model(m.Label()), m); d != "" {
			t.Errorf("%s: %s", m.Label(), d)
		}
	}

	// Squashing again under the same name fails rather than overwrite.
	if _, _, err := runCmd(t, cmd, "", "--noinput", "testapp", "0004"); err == nil {
		t.Error("squashed over an existing file")
	}
}

// squashedFromSource rebuilds the squashed migration the way the command
// did, for comparing states (the test cannot compile the written file).
func squashedFromSource(t *testing.T, app *testapp.WithMigrations) *migrate.Migration {
	var ops []migrate.Operation
	for _, m := range app.List {
		ops = append(ops, m.Operations...)
	}
	return &migrate.Migration{App: "testapp", Name: "sq", Operations: autodetect.Optimize("testapp", ops)}
}

func TestSquashMigrationsRange(t *testing.T) {
	dir, _, cmd := squashSetup(t)
	out, _, err := runCmd(t, cmd, "", "--noinput", "testapp", "0002", "0003_alter_post_title")
	if err != nil {
		t.Fatal(err)
	}
	name := "0002_post_title_squashed_0003_alter_post_title.go"
	src, err := os.ReadFile(filepath.Join(dir, "migrations", name))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	flat := strings.Join(strings.Fields(string(src)), " ")
	for _, s := range []string{
		`Dependencies: []migrate.Key{ {App: "testapp", Name: "0001_initial"}, }`,
		`Field: migrate.Field{Name: "title", Type: migrate.Char, MaxLength: 200}, Fill: "x",`,
	} {
		if !strings.Contains(flat, s) {
			t.Errorf("source lacks %s:\n%s", s, src)
		}
	}

	_, _, err = runCmd(t, cmd, "", "--noinput", "--squashed-name", "title_test", "testapp", "0002", "0003")
	if err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); !slices.Contains(got, "migrations/0002_title_test_m.go") {
		t.Errorf("files = %v", got)
	}
}

func TestSquashMigrationsAsks(t *testing.T) {
	dir, _, cmd := squashSetup(t)
	out, _, err := runCmd(t, cmd, "n\n", "testapp", "0002")
	if !errors.Is(err, manage.ErrAborted) {
		t.Errorf("err = %v", err)
	}
	if !strings.Contains(out, "Will squash the following migrations:\n - 0001_initial\n - 0002_post_title\nDo you wish to proceed? [y/N] ") {
		t.Errorf("out %q", out)
	}
	if got := files(t, dir); len(got) != 2 {
		t.Errorf("files = %v", got)
	}
	if _, _, err := runCmd(t, cmd, "y\n", "testapp", "0002"); err != nil {
		t.Error(err)
	}
}

func TestSquashMigrationsErrors(t *testing.T) {
	_, app, cmd := squashSetup(t)
	var usage *manage.UsageError
	if _, _, err := runCmd(t, cmd, "", "testapp"); !errors.As(err, &usage) {
		t.Errorf("one argument: %v", err)
	}
	if _, _, err := runCmd(t, cmd, "", "nope", "0001"); err == nil {
		t.Error("unknown app accepted")
	}
	if _, _, err := runCmd(t, cmd, "", "--noinput", "testapp", "0009"); err == nil {
		t.Error("unknown migration accepted")
	}
	if _, _, err := runCmd(t, cmd, "", "--noinput", "testapp", "0003", "0002"); err == nil {
		t.Error("start after end accepted")
	}
	// A RunGo function from outside the migrations package cannot be written.
	app.List[1].Operations = append(app.List[1].Operations, migrate.RunGo{Forward: func(context.Context, *migrate.History) error { return nil }})
	if _, _, err := runCmd(t, cmd, "", "--noinput", "testapp", "0002"); err == nil || !strings.Contains(err.Error(), "by hand") {
		t.Errorf("closure: %v", err)
	}
}
