package migrate_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/migrate"
	_ "github.com/jazzgo/jazz/migrate/schema"
)

// tableNames lists the tables of the test database from its catalog,
// sorted and joined with spaces.
func tableNames(t *testing.T, d *db.DB) string {
	t.Helper()
	q := map[string]string{
		"sqlite":   "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
		"postgres": "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
		"mysql":    "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()",
	}[d.Dialect().Name()]
	return strings.Join(column(t, d, q), " ")
}

// columnNames lists the columns of table from the catalog, sorted.
func columnNames(t *testing.T, d *db.DB, table string) string {
	t.Helper()
	q := map[string]string{
		"sqlite":   "SELECT name FROM pragma_table_info('" + table + "')",
		"postgres": "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '" + table + "'",
		"mysql":    "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '" + table + "'",
	}[d.Dialect().Name()]
	return strings.Join(column(t, d, q), " ")
}

func column(t *testing.T, d *db.DB, query string) []string {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func recorded(t *testing.T, d *db.DB) string {
	t.Helper()
	q := "SELECT app, name FROM " + migrate.RecorderTable + " ORDER BY app, name"
	rows, err := d.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, n string
		if err := rows.Scan(&a, &n); err != nil {
			t.Fatal(err)
		}
		out = append(out, a+"."+n)
	}
	return strings.Join(out, " ")
}

var idField = migrate.Field{Name: "id", Type: migrate.Auto, PrimaryKey: true}

// blogApp: authors and posts; 0002 adds a slug and fills it from the
// title with a reversible data migration, which also checks that its
// context carries the migration's transaction.
func blogApp() *testApp {
	m1 := &migrate.Migration{Name: "0001_initial", Initial: true, Operations: []migrate.Operation{
		migrate.CreateModel{Name: "Author", Fields: []migrate.Field{idField, {Name: "name", Type: migrate.Char, MaxLength: 100}}},
		migrate.CreateModel{Name: "Post", Fields: []migrate.Field{
			idField,
			{Name: "title", Type: migrate.Char, MaxLength: 200},
			{Name: "author", Type: migrate.ForeignKey, To: "blog.Author", Null: true, Index: true},
		}},
	}}
	m2 := &migrate.Migration{Name: "0002_post_slug", Dependencies: []migrate.Key{{Name: "0001_initial"}}, Operations: []migrate.Operation{
		migrate.AddField{Model: "Post", Field: migrate.Field{Name: "slug", Type: migrate.Char, MaxLength: 200, Null: true}},
		migrate.RunGo{Description: "Fill slugs from titles", Forward: fillSlugs, Backward: clearSlugs},
	}}
	return migApp("blog", m1, m2)
}

func fillSlugs(ctx context.Context, h *migrate.History) error {
	if h.DB().Dialect().Features().TransactionalDDL {
		if _, ok := db.FromContext(ctx).(*db.Tx); !ok {
			return errors.New("the data migration's context carries no transaction")
		}
	} else if db.FromContext(ctx) == nil {
		return errors.New("the data migration's context carries no database")
	}
	posts := h.Model("blog.Post")
	return posts.Each(ctx, func(r migrate.Row) error {
		slug := strings.ReplaceAll(strings.ToLower(r["title"].(string)), " ", "-")
		return posts.Update(ctx, r["id"], migrate.Row{"slug": slug})
	})
}

func clearSlugs(ctx context.Context, h *migrate.History) error {
	posts := h.Model("blog.Post")
	return posts.Each(ctx, func(r migrate.Row) error {
		if r["slug"] == nil {
			return errors.New("unapplying the data migration before its column is back")
		}
		return posts.Update(ctx, r["id"], migrate.Row{"slug": ""})
	})
}

// articlesApp depends on blog.
func articlesApp() *testApp {
	return migApp("articles", &migrate.Migration{Name: "0001_initial", Initial: true,
		Dependencies: []migrate.Key{{App: "blog", Name: "0001_initial"}},
		Operations: []migrate.Operation{migrate.CreateModel{Name: "Article", Fields: []migrate.Field{
			idField, {Name: "post", Type: migrate.ForeignKey, To: "blog.Post", Index: true},
		}}},
	})
}

func project() []apps.App {
	return []apps.App{&plainApp{apps.Base{Name: "core"}}, blogApp(), articlesApp()}
}

var durations = regexp.MustCompile(` OK \(\d+ ms\)`)

func run(t *testing.T, x *migrate.Executor, opts migrate.RunOptions, targets ...migrate.Key) (string, error) {
	t.Helper()
	var out bytes.Buffer
	x.Out = &out
	err := x.Migrate(context.Background(), targets, opts)
	return durations.ReplaceAllString(out.String(), " OK"), err
}

func mustRun(t *testing.T, x *migrate.Executor, opts migrate.RunOptions, want string, targets ...migrate.Key) {
	t.Helper()
	got, err := run(t, x, opts, targets...)
	if err != nil {
		t.Fatalf("Migrate(%v): %v\n%s", targets, err, got)
	}
	if want != "" && got != want {
		t.Errorf("Migrate(%v) printed\n%s\nwant\n%s", targets, got, want)
	}
}

func exec(t *testing.T, d *db.DB, query string, args ...any) {
	t.Helper()
	if _, err := d.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func TestExecutor(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		x := &migrate.Executor{DB: d, Apps: project()}
		l := mustLoad(t, project(), nil)
		if un, err := migrate.Unapplied(ctx, d, l); err != nil || len(un) != 3 {
			t.Errorf("Unapplied on an empty database = %v, %v", un, err)
		}
		if tables := tableNames(t, d); tables != "" {
			t.Errorf("Unapplied created tables: %s", tables)
		}

		// Part of the way, to have rows for the data migration.
		mustRun(t, x, migrate.RunOptions{}, `Operations to perform:
  Target specific migration: 0001_initial, from blog
Running migrations:
  Applying blog.0001_initial... OK
`, parseKey("blog.0001_initial"))
		exec(t, d, "INSERT INTO blog_post (title) VALUES ('Hello World'), ('Second Post')")

		mustRun(t, x, migrate.RunOptions{}, `Operations to perform:
  Apply all migrations: articles, blog
Running migrations:
  Applying blog.0002_post_slug... OK
  Applying articles.0001_initial... OK
`)
		if got := tableNames(t, d); got != "articles_article blog_author blog_post jazz_migrations" {
			t.Errorf("tables = %s", got)
		}
		if got := strings.Join(column(t, d, "SELECT slug FROM blog_post"), " "); got != "hello-world second-post" {
			t.Errorf("slugs = %s", got)
		}
		if got := recorded(t, d); got != "articles.0001_initial blog.0001_initial blog.0002_post_slug" {
			t.Errorf("recorded = %s", got)
		}
		if un, err := migrate.Unapplied(ctx, d, l); err != nil || len(un) != 0 {
			t.Errorf("Unapplied after migrating = %v, %v", un, err)
		}
		mustRun(t, x, migrate.RunOptions{}, `Operations to perform:
  Apply all migrations: articles, blog
Running migrations:
  No migrations to apply.
`)

		// Backwards to a name: the slug goes, and articles (which depends
		// on blog.0001 only) stays.
		mustRun(t, x, migrate.RunOptions{}, `Operations to perform:
  Target specific migration: 0001_initial, from blog
Running migrations:
  Unapplying blog.0002_post_slug... OK
`, parseKey("blog.0001"))
		if got := columnNames(t, d, "blog_post"); got != "author_id id title" {
			t.Errorf("blog_post columns = %s", got)
		}

		// Zero: dependents first; only the recorder is left.
		mustRun(t, x, migrate.RunOptions{}, `Operations to perform:
  Unapply all migrations: blog
Running migrations:
  Unapplying articles.0001_initial... OK
  Unapplying blog.0001_initial... OK
`, migrate.Key{App: "blog"})
		if got := tableNames(t, d); got != migrate.RecorderTable {
			t.Errorf("after zero, tables = %s", got)
		}
		if got := recorded(t, d); got != "" {
			t.Errorf("after zero, recorded = %s", got)
		}

		// Forwards again.
		mustRun(t, x, migrate.RunOptions{}, "")
		if got := recorded(t, d); got != "articles.0001_initial blog.0001_initial blog.0002_post_slug" {
			t.Errorf("recorded = %s", got)
		}
		if got := columnNames(t, d, "blog_post"); got != "author_id id slug title" {
			t.Errorf("blog_post columns = %s", got)
		}
	})
}

func TestExecutorFake(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		x := &migrate.Executor{DB: d, Apps: project()}
		mustRun(t, x, migrate.RunOptions{Fake: true}, `Operations to perform:
  Apply all migrations: articles, blog
Running migrations:
  Applying blog.0001_initial... FAKED
  Applying blog.0002_post_slug... FAKED
  Applying articles.0001_initial... FAKED
`)
		if got := tableNames(t, d); got != migrate.RecorderTable {
			t.Errorf("a fake run made tables: %s", got)
		}
		if got := recorded(t, d); got != "articles.0001_initial blog.0001_initial blog.0002_post_slug" {
			t.Errorf("recorded = %s", got)
		}
		mustRun(t, x, migrate.RunOptions{Fake: true}, `Operations to perform:
  Unapply all migrations: blog
Running migrations:
  Unapplying articles.0001_initial... FAKED
  Unapplying blog.0002_post_slug... FAKED
  Unapplying blog.0001_initial... FAKED
`, migrate.Key{App: "blog"})
		if got := recorded(t, d); got != "" {
			t.Errorf("recorded = %s", got)
		}
	})
}

func TestExecutorFakeInitial(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		x := &migrate.Executor{DB: d, Apps: project()}
		mustRun(t, x, migrate.RunOptions{}, "", parseKey("blog.0001_initial"))
		// The tables exist, as if made before the app had migrations.
		if err := (migrate.Recorder{}).Unrecord(ctx, d, parseKey("blog.0001_initial")); err != nil {
			t.Fatal(err)
		}
		out, err := run(t, x, migrate.RunOptions{}, parseKey("blog.0001_initial"))
		if err == nil || !strings.Contains(out, "Applying blog.0001_initial... FAILED") {
			t.Fatalf("creating existing tables: err = %v\n%s", err, out)
		}
		if got := recorded(t, d); got != "" {
			t.Errorf("a failed migration is recorded: %s", got)
		}
		mustRun(t, x, migrate.RunOptions{FakeInitial: true}, `Operations to perform:
  Apply all migrations: articles, blog
Running migrations:
  Applying blog.0001_initial... FAKED
  Applying blog.0002_post_slug... OK
  Applying articles.0001_initial... OK
`)
		// articles.0001 was applied for real, so unapplying and applying
		// again with --fake-initial fakes only what exists.
		exec(t, d, "DROP TABLE articles_article")
		if err := (migrate.Recorder{}).Unrecord(ctx, d, parseKey("articles.0001_initial")); err != nil {
			t.Fatal(err)
		}
		mustRun(t, x, migrate.RunOptions{FakeInitial: true}, `Operations to perform:
  Apply all migrations: articles, blog
Running migrations:
  Applying articles.0001_initial... OK
`)
	})
}

func TestExecutorPlanAndCheck(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		x := &migrate.Executor{DB: d, Apps: append(project(), legacyApp())}
		mustRun(t, x, migrate.RunOptions{Plan: true}, `Planned operations:
blog.0001_initial
    Create model Author
    Create model Post
blog.0002_post_slug
    Add field slug to Post
    Fill slugs from titles
articles.0001_initial
    Create model Article
legacy.0001_initial
    Create model Old
legacy.0002_raw
    Raw SQL operation
`)
		if got := tableNames(t, d); got != "" {
			t.Errorf("--plan made tables: %s", got)
		}
		if _, err := run(t, x, migrate.RunOptions{Check: true}); !errors.Is(err, migrate.ErrUnapplied) {
			t.Errorf("--check with unapplied migrations: %v", err)
		}
		if got := tableNames(t, d); got != "" {
			t.Errorf("--check made tables: %s", got)
		}
		mustRun(t, x, migrate.RunOptions{}, "")
		if _, err := run(t, x, migrate.RunOptions{Check: true}); err != nil {
			t.Errorf("--check with everything applied: %v", err)
		}
		mustRun(t, x, migrate.RunOptions{Plan: true}, `Planned operations:
blog.0002_post_slug
    Undo Fill slugs from titles
    Undo Add field slug to Post
`, parseKey("blog.0001_initial"))
		mustRun(t, x, migrate.RunOptions{Plan: true}, `Planned operations:
legacy.0002_raw
    Undo Raw SQL operation -> IRREVERSIBLE
legacy.0001_initial
    Undo Create model Old
`, migrate.Key{App: "legacy"})
		mustRun(t, x, migrate.RunOptions{Plan: true}, "Planned operations:\n  No planned migration operations.\n")
	})
}

// legacyApp ends with SQL that cannot be undone.
func legacyApp() *testApp {
	return migApp("legacy",
		&migrate.Migration{Name: "0001_initial", Initial: true, Operations: []migrate.Operation{
			migrate.CreateModel{Name: "Old", Fields: []migrate.Field{idField, {Name: "n", Type: migrate.Int, Null: true}}},
		}},
		&migrate.Migration{Name: "0002_raw", Dependencies: []migrate.Key{{Name: "0001_initial"}}, Operations: []migrate.Operation{
			migrate.RunSQL{SQL: []string{"UPDATE legacy_old SET n = 1"}},
		}},
	)
}

func TestExecutorIrreversible(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		x := &migrate.Executor{DB: d, Apps: []apps.App{legacyApp()}}
		mustRun(t, x, migrate.RunOptions{}, "")
		out, err := run(t, x, migrate.RunOptions{}, migrate.Key{App: "legacy"})
		if !errors.Is(err, migrate.ErrIrreversible) || !strings.Contains(err.Error(), "cannot unapply legacy.0002_raw: operation 1 (Raw SQL operation) is irreversible") {
			t.Fatalf("err = %v", err)
		}
		if strings.Contains(out, "Unapplying") {
			t.Errorf("something ran:\n%s", out)
		}
		if got := recorded(t, d); got != "legacy.0001_initial legacy.0002_raw" {
			t.Errorf("recorded = %s", got)
		}
		if got := tableNames(t, d); got != "jazz_migrations legacy_old" {
			t.Errorf("tables = %s", got)
		}
		// Faking it back is allowed: the user takes responsibility.
		mustRun(t, x, migrate.RunOptions{Fake: true}, "", migrate.Key{App: "legacy"})
	})
}

// shopApp has a squashed migration for 0001 and 0002; with replaced false
// the replaced files are gone.
func shopApp(squashed, replaced bool) *testApp {
	m1 := &migrate.Migration{Name: "0001_initial", Initial: true, Operations: []migrate.Operation{
		migrate.CreateModel{Name: "Item", Fields: []migrate.Field{idField}},
	}}
	m2 := &migrate.Migration{Name: "0002_price", Dependencies: []migrate.Key{{Name: "0001_initial"}}, Operations: []migrate.Operation{
		migrate.AddField{Model: "Item", Field: migrate.Field{Name: "price", Type: migrate.Int, Default: int64(0)}},
	}}
	sq := &migrate.Migration{Name: "0001_squashed_0002", Initial: true,
		Replaces: []migrate.Key{{Name: "0001_initial"}, {Name: "0002_price"}},
		Operations: []migrate.Operation{
			migrate.CreateModel{Name: "Item", Fields: []migrate.Field{idField, {Name: "price", Type: migrate.Int, Default: int64(0)}}},
		}}
	m3 := &migrate.Migration{Name: "0003_name", Dependencies: []migrate.Key{{Name: "0002_price"}}, Operations: []migrate.Operation{
		migrate.AddField{Model: "Item", Field: migrate.Field{Name: "name", Type: migrate.Char, MaxLength: 50, Null: true}},
	}}
	a := migApp("shop", m3)
	if replaced {
		a.ms = append(a.ms, m1, m2)
	}
	if squashed {
		a.ms = append(a.ms, sq)
	}
	return a
}

func TestExecutorSquashed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		x := &migrate.Executor{DB: d, Apps: []apps.App{shopApp(true, true)}}
		// A new database applies the squashed migration and records it
		// with those it replaces.
		mustRun(t, x, migrate.RunOptions{}, `Operations to perform:
  Apply all migrations: shop
Running migrations:
  Applying shop.0001_squashed_0002... OK
  Applying shop.0003_name... OK
`)
		if got := recorded(t, d); got != "shop.0001_initial shop.0001_squashed_0002 shop.0002_price shop.0003_name" {
			t.Errorf("recorded = %s", got)
		}
		if got := columnNames(t, d, "shop_item"); got != "id name price" {
			t.Errorf("columns = %s", got)
		}
		// Going back to a replaced name goes back to the squashed one.
		mustRun(t, x, migrate.RunOptions{}, `Operations to perform:
  Target specific migration: 0001_squashed_0002, from shop
Running migrations:
  Unapplying shop.0003_name... OK
`, parseKey("shop.0002_price"))
		mustRun(t, x, migrate.RunOptions{}, `Operations to perform:
  Unapply all migrations: shop
Running migrations:
  Unapplying shop.0001_squashed_0002... OK
`, migrate.Key{App: "shop"})
		if got := recorded(t, d); got != "" {
			t.Errorf("recorded = %s", got)
		}

		// A database that applied only 0001 before the squash goes on
		// with the replaced migrations, then the squash is recorded too.
		x.Apps = []apps.App{shopApp(false, true)}
		mustRun(t, x, migrate.RunOptions{}, "", parseKey("shop.0001_initial"))
		x.Apps = []apps.App{shopApp(true, true)}
		mustRun(t, x, migrate.RunOptions{}, `Operations to perform:
  Apply all migrations: shop
Running migrations:
  Applying shop.0002_price... OK
  Applying shop.0003_name... OK
`)
		if got := recorded(t, d); got != "shop.0001_initial shop.0001_squashed_0002 shop.0002_price shop.0003_name" {
			t.Errorf("recorded = %s", got)
		}
		// Once the replaced files are deleted, the squashed one stands.
		x.Apps = []apps.App{shopApp(true, false)}
		mustRun(t, x, migrate.RunOptions{}, "Operations to perform:\n  Apply all migrations: shop\nRunning migrations:\n  No migrations to apply.\n")
	})
}

// TestExecutorConcurrent runs two executors, each with its own pool, on
// one database at once: each migration must be applied once.
func TestExecutorConcurrent(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			url := dbtest.URL(t, dialect)
			var ms []*migrate.Migration
			for i := range 6 {
				m := &migrate.Migration{Name: fmt.Sprintf("%04d_m", i+1)}
				if i > 0 {
					m.Dependencies = []migrate.Key{{Name: ms[i-1].Name}}
				}
				m.Operations = []migrate.Operation{migrate.CreateModel{Name: fmt.Sprintf("M%d", i), Fields: []migrate.Field{idField}}}
				ms = append(ms, m)
			}
			list := []apps.App{migApp("race", ms...)}
			var dbs []*db.DB
			for range 3 {
				d, err := db.Open(context.Background(), url, db.Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
				dbs = append(dbs, d)
			}
			var wg sync.WaitGroup
			errs := make([]error, len(dbs))
			for i, d := range dbs {
				wg.Go(func() {
					x := &migrate.Executor{DB: d, Apps: list}
					errs[i] = x.Migrate(context.Background(), nil, migrate.RunOptions{})
				})
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("executor %d: %v", i, err)
				}
			}
			var n int
			if err := dbs[0].QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+migrate.RecorderTable).Scan(&n); err != nil || n != len(ms) {
				t.Errorf("recorder rows = %d, %v; want %d", n, err, len(ms))
			}
		})
	}
}

// TestExecutorFailure: a migration that fails midway is rolled back where
// DDL is transactional; elsewhere the error lists what ran.
func TestExecutorFailure(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		x := &migrate.Executor{DB: d, Apps: []apps.App{migApp("broken", &migrate.Migration{Name: "0001_initial", Operations: []migrate.Operation{
			migrate.CreateModel{Name: "Thing", Fields: []migrate.Field{idField}},
			migrate.RunSQL{SQL: []string{"UPDATE no_such_table SET x = 1"}},
		}})}}
		out, err := run(t, x, migrate.RunOptions{})
		if err == nil || !strings.Contains(err.Error(), "applying broken.0001_initial, operation 2 (Raw SQL operation)") {
			t.Fatalf("err = %v", err)
		}
		if !strings.HasSuffix(out, "  Applying broken.0001_initial... FAILED\n") {
			t.Errorf("output:\n%s", out)
		}
		if got := recorded(t, d); got != "" {
			t.Errorf("a failed migration is recorded: %s", got)
		}
		var half *migrate.HalfMigratedError
		if d.Dialect().Features().TransactionalDDL {
			if got := tableNames(t, d); got != migrate.RecorderTable {
				t.Errorf("not rolled back: tables %s", got)
			}
			if errors.As(err, &half) {
				t.Errorf("a rolled-back migration reports itself half-migrated")
			}
			return
		}
		if got := tableNames(t, d); got != "broken_thing jazz_migrations" {
			t.Errorf("tables = %s", got)
		}
		if !errors.As(err, &half) || len(half.Statements) != 2 || !strings.HasPrefix(half.Statements[0], "CREATE TABLE") {
			t.Fatalf("err = %#v", err)
		}
		for _, want := range []string{"The database may be left half-migrated: these statements of broken.0001_initial ran", "    UPDATE no_such_table SET x = 1;\n", "migrate --fake"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message lacks %q:\n%s", want, err)
			}
		}
	})
}
