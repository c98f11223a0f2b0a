package commands_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/migrate/commands"
	_ "github.com/jazzgo/jazz/migrate/schema"
)

// migApp is an installed app with hand-written migrations.
type migApp struct {
	apps.Base
	ms []*migrate.Migration
}

func (a *migApp) Migrations() []*migrate.Migration { return a.ms }

var idField = migrate.Field{Name: "id", Type: migrate.Auto, PrimaryKey: true}

// blogMigrations: authors and posts, then a slug filled from the title
// by a data migration, indexed, and a bit of reversible SQL. 0002 is the
// migration of the sqlmigrate golden files.
func blogMigrations() []*migrate.Migration {
	return []*migrate.Migration{
		{Name: "0001_initial", Initial: true, Operations: []migrate.Operation{
			migrate.CreateModel{Name: "Author", Fields: []migrate.Field{idField, {Name: "name", Type: migrate.Char, MaxLength: 100}}},
			migrate.CreateModel{Name: "Post", Fields: []migrate.Field{
				idField,
				{Name: "title", Type: migrate.Char, MaxLength: 200},
				{Name: "author", Type: migrate.ForeignKey, To: "blog.Author", Null: true, Index: true},
			}},
		}},
		{Name: "0002_post_slug", Dependencies: []migrate.Key{{App: "blog", Name: "0001_initial"}}, Operations: []migrate.Operation{
			migrate.AddField{Model: "Post", Field: migrate.Field{Name: "slug", Type: migrate.Char, MaxLength: 200, Null: true}},
			migrate.RunGo{Description: "Fill slugs from titles", Forward: fillSlugs, Backward: migrate.Noop},
			migrate.AddIndex{Model: "Post", Index: migrate.Index{Name: "blog_post_slug_title", Fields: []string{"slug", "title"}}},
			migrate.RunSQL{SQL: []string{"UPDATE blog_post SET title = 'untitled' WHERE title = ''"}, Reverse: []string{}},
		}},
	}
}

func fillSlugs(ctx context.Context, h *migrate.History) error {
	posts := h.Model("blog.Post")
	return posts.Each(ctx, func(r migrate.Row) error {
		return posts.Update(ctx, r["id"], migrate.Row{"slug": strings.ToLower(r["title"].(string))})
	})
}

// shopMigrations: a squashed 0001+0002 next to the migrations it replaces.
func shopMigrations() []*migrate.Migration {
	return []*migrate.Migration{
		{Name: "0001_initial", Initial: true, Operations: []migrate.Operation{
			migrate.CreateModel{Name: "Item", Fields: []migrate.Field{idField}},
		}},
		{Name: "0002_price", Dependencies: []migrate.Key{{Name: "0001_initial"}}, Operations: []migrate.Operation{
			migrate.AddField{Model: "Item", Field: migrate.Field{Name: "price", Type: migrate.Int, Default: int64(0)}},
		}},
		{Name: "0001_squashed_0002", Initial: true, Replaces: []migrate.Key{{Name: "0001_initial"}, {Name: "0002_price"}}, Operations: []migrate.Operation{
			migrate.CreateModel{Name: "Item", Fields: []migrate.Field{idField, {Name: "price", Type: migrate.Int, Default: int64(0)}}},
		}},
	}
}

func testApps() []apps.App {
	return []apps.App{
		&migApp{Base: apps.Base{Name: "shop"}, ms: shopMigrations()},
		&migApp{Base: apps.Base{Name: "pages"}},
		apps.Base{Name: "static"},
		&migApp{Base: apps.Base{Name: "blog"}, ms: blogMigrations()},
	}
}

// options opens d's database again as the project's "default".
func options(t *testing.T, url string) commands.Options {
	t.Helper()
	ds, err := db.OpenDatabases(context.Background(), map[string]db.Config{"default": {URL: url}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ds.Close() })
	return commands.Options{Apps: testApps(), Databases: ds}
}

var durations = regexp.MustCompile(` OK \(\d+ ms\)`)

// manageRun runs one command as manage.Main would and returns its exit
// code and outputs, with durations taken out.
func manageRun(t *testing.T, cmd manage.Command, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := manage.Main(context.Background(), "manage", []manage.Command{cmd}, append([]string{cmd.Name()}, args...), &manage.IO{Stdout: &out, Stderr: &errOut})
	return code, durations.ReplaceAllString(out.String(), " OK"), errOut.String()
}

func expect(t *testing.T, cmd manage.Command, args []string, wantCode int, wantOut string) string {
	t.Helper()
	code, out, errOut := manageRun(t, cmd, args...)
	if code != wantCode {
		t.Fatalf("%s %v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", cmd.Name(), args, code, wantCode, out, errOut)
	}
	if wantOut != "-" && out != wantOut {
		t.Errorf("%s %v printed\n%s\nwant\n%s", cmd.Name(), args, out, wantOut)
	}
	return errOut
}

func TestMigrateCommand(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			o := options(t, dbtest.URL(t, dialect))
			mig, show := commands.Migrate(o), commands.ShowMigrations(o)

			expect(t, mig, []string{"--check"}, 1, "")
			expect(t, show, nil, 0, "blog\n [ ] 0001_initial\n [ ] 0002_post_slug\npages\n (no migrations)\nshop\n [ ] 0001_squashed_0002 (2 squashed migrations)\n")
			expect(t, mig, []string{"--plan", "blog", "0001"}, 0, "Planned operations:\nblog.0001_initial\n    Create model Author\n    Create model Post\n")

			expect(t, mig, []string{"--noinput"}, 0, `Operations to perform:
  Apply all migrations: blog, shop
Running migrations:
  Applying shop.0001_squashed_0002... OK
  Applying blog.0001_initial... OK
  Applying blog.0002_post_slug... OK
`)
			expect(t, mig, []string{"--check"}, 0, "")
			expect(t, show, nil, 0, "blog\n [X] 0001_initial\n [X] 0002_post_slug\npages\n (no migrations)\nshop\n [X] 0001_squashed_0002 (2 squashed migrations)\n")
			expect(t, show, []string{"--plan"}, 0, "[X]  shop.0001_squashed_0002\n[X]  blog.0001_initial\n[X]  blog.0002_post_slug\n")

			expect(t, mig, []string{"blog", "0001"}, 0, `Operations to perform:
  Target specific migration: 0001_initial, from blog
Running migrations:
  Unapplying blog.0002_post_slug... OK
`)
			expect(t, show, []string{"blog", "static"}, 0, "blog\n [X] 0001_initial\n [ ] 0002_post_slug\nstatic\n (no migrations)\n")
			expect(t, show, []string{"blog", "--plan"}, 0, "[X]  blog.0001_initial\n[ ]  blog.0002_post_slug\n")
			expect(t, mig, []string{"blog", "zero", "--fake"}, 0, `Operations to perform:
  Unapply all migrations: blog
Running migrations:
  Unapplying blog.0001_initial... FAKED
`)
			expect(t, mig, []string{"blog", "0001", "--fake"}, 0, "-")
			expect(t, mig, []string{"blog"}, 0, `Operations to perform:
  Apply all migrations: blog
Running migrations:
  Applying blog.0002_post_slug... OK
`)
			expect(t, mig, []string{"shop", "zero"}, 0, `Operations to perform:
  Unapply all migrations: shop
Running migrations:
  Unapplying shop.0001_squashed_0002... OK
`)
			// A replaced name stands for the squashed migration.
			expect(t, mig, []string{"shop", "0001_initial", "--fake"}, 0, "Operations to perform:\n  Apply all migrations: shop\nRunning migrations:\n  Applying shop.0001_squashed_0002... FAKED\n")
			// Partly applied: the replaced migrations are listed instead.
			d, _ := o.Databases.Get("")
			for _, k := range []string{"0001_squashed_0002", "0002_price"} {
				if err := (migrate.Recorder{}).Unrecord(context.Background(), d, migrate.Key{App: "shop", Name: k}); err != nil {
					t.Fatal(err)
				}
			}
			expect(t, show, []string{"shop"}, 0, "shop\n [X] 0001_initial\n [ ] 0002_price\n")
			// All replaced applied, squashed not recorded yet: migrate
			// records it.
			if err := (migrate.Recorder{}).Record(context.Background(), d, migrate.Key{App: "shop", Name: "0002_price"}); err != nil {
				t.Fatal(err)
			}
			expect(t, show, []string{"shop"}, 0, "shop\n [-] 0001_squashed_0002 (2 squashed migrations) Run 'migrate' to finish recording.\n")
			expect(t, mig, nil, 0, "Operations to perform:\n  Apply all migrations: blog, shop\nRunning migrations:\n  No migrations to apply.\n")
			expect(t, show, []string{"shop"}, 0, "shop\n [X] 0001_squashed_0002 (2 squashed migrations)\n")

			for _, tc := range []struct {
				args []string
				code int
				err  string
			}{
				{[]string{"nope"}, 1, `no installed app with label "nope"`},
				{[]string{"pages"}, 1, `app "pages" does not have migrations`},
				{[]string{"blog", "0009"}, 1, `cannot find a migration matching "0009" from app blog`},
				{[]string{"--database", "other"}, 1, "--database other"},
				{[]string{"a", "b", "c"}, 2, "expected at most"},
			} {
				if errOut := expect(t, mig, tc.args, tc.code, "-"); !strings.Contains(errOut, tc.err) {
					t.Errorf("migrate %v: stderr %q, want %q", tc.args, errOut, tc.err)
				}
			}
			if errOut := expect(t, show, []string{"nope"}, 1, ""); !strings.Contains(errOut, `no installed app with label "nope"`) {
				t.Errorf("showmigrations nope: %s", errOut)
			}
		})
	}
}
