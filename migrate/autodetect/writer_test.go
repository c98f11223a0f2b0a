package autodetect

import (
	"bytes"
	"context"
	"flag"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/migrate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func fillSlugs(context.Context, *migrate.History) error { return nil }

const thisPackage = "github.com/jazzgo/jazz/migrate/autodetect"

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it); got:\n%s", name, got)
	}
}

// checkSource parses src and checks that gofmt leaves it unchanged.
func checkSource(t *testing.T, src []byte) *ast.File {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "m.go", src, parser.ParseComments)
	if err != nil {
		t.Fatalf("does not parse: %v\n%s", err, src)
	}
	formatted, err := format.Source(src)
	if err != nil || !bytes.Equal(formatted, src) {
		t.Errorf("not gofmt-stable (%v)", err)
	}
	if f.Name.Name != "migrations" {
		t.Errorf("package %s", f.Name.Name)
	}
	return f
}

func TestWriteAddField(t *testing.T) {
	m := &migrate.Migration{
		App:          "blog",
		Name:         "0002_post_slug",
		Dependencies: []migrate.Key{{App: "blog", Name: "0001_initial"}},
		Operations: []migrate.Operation{
			migrate.AddField{Model: "Post", Field: migrate.Field{Name: "slug", Type: migrate.Char, MaxLength: 50, Default: ""}},
		},
	}
	src, err := Write(m, WriteOptions{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	checkSource(t, src)
	golden(t, "0002_post_slug.go.golden", src)
}

func TestWriteEveryOperation(t *testing.T) {
	m := &migrate.Migration{
		App:  "blog",
		Name: "0003_everything",
		Dependencies: []migrate.Key{
			{App: "blog", Name: "0002_post_slug"},
			{App: "auth", Name: "0001_initial"},
		},
		Replaces:  []migrate.Key{{App: "blog", Name: "0002_x"}},
		NonAtomic: true,
		Operations: []migrate.Operation{
			migrate.CreateModel{
				Name: "Tag",
				Fields: []migrate.Field{
					{Name: "id", Type: migrate.Auto, PrimaryKey: true},
					{Name: "name", Type: migrate.Char, MaxLength: 50, Unique: true},
					{Name: "weight", Type: migrate.Float, Default: 1.0},
					{Name: "rank", Type: migrate.BigInt, Default: int64(3), Positive: true},
					{Name: "price", Type: migrate.Decimal, MaxDigits: 8, DecimalPlaces: 2, Default: "9.99"},
					{Name: "visible", Type: migrate.Bool, Default: true},
					{Name: "owner", Type: migrate.ForeignKey, To: "auth.User", Index: true, Null: true, Column: "owner_ref"},
					{Name: "parent", Type: migrate.OneToOne, To: "blog.Tag", Column: "parent_id"},
					{Name: "posts", Type: migrate.ManyToMany, To: "blog.Post", Through: "blog.Tagging"},
				},
				Options: migrate.Options{
					Table:          "tags",
					UniqueTogether: [][]string{{"name", "owner"}},
					Indexes:        []migrate.Index{{Name: "tag_rank_idx", Fields: []string{"rank", "name"}}},
					Constraints: []migrate.Constraint{
						{Name: "tag_rank_max", Check: `"rank" < 100`},
						{Name: "tag_live_name", Fields: []string{"name"}, Condition: "visible"},
					},
				},
			},
			migrate.CreateModel{Name: "Plain", Fields: []migrate.Field{{Name: "id", Type: migrate.Auto, PrimaryKey: true}}, Options: migrate.Options{Table: "blog_plain"}},
			migrate.DeleteModel{Name: "Old"},
			migrate.RenameModel{Old: "Entry", New: "Article"},
			migrate.AlterModelTable{Name: "Article", Table: "articles"},
			migrate.AlterModelTable{Name: "Tag"},
			migrate.AddField{Model: "Post", Field: migrate.Field{Name: "n", Type: migrate.Int}, Fill: int64(-2)},
			migrate.RemoveField{Model: "Post", Name: "old"},
			migrate.AlterField{Model: "Post", Name: "score", Field: migrate.Field{Type: migrate.Float}, Fill: 0.5},
			migrate.RenameField{Model: "Post", Old: "body", New: "content"},
			migrate.AddIndex{Model: "Post", Index: migrate.Index{Fields: []string{"n"}}},
			migrate.RemoveIndex{Model: "Post", Index: migrate.Index{Name: "post_x_idx"}},
			migrate.AddConstraint{Model: "Post", Constraint: migrate.Constraint{Name: "n_pos", Check: "n > 0"}},
			migrate.RemoveConstraint{Model: "Post", Constraint: migrate.Constraint{Name: "old_check"}},
			migrate.AlterUniqueTogether{Model: "Post", UniqueTogether: [][]string{{"n", "content"}, {"score", "n"}}},
			migrate.AlterUniqueTogether{Model: "Tag"},
			migrate.RunSQL{SQL: []string{"UPDATE blog_post SET n = 1", "SELECT 'a\nb'"}, Reverse: []string{}},
			migrate.RunSQL{SQL: []string{"DROP TABLE x"}},
			migrate.RunGo{Forward: fillSlugs, Backward: migrate.Noop, Description: "Fill slugs"},
		},
	}
	src, err := Write(m, WriteOptions{Now: clock, Package: thisPackage})
	if err != nil {
		t.Fatal(err)
	}
	checkSource(t, src)
	golden(t, "0003_everything.go.golden", src)
	flat := strings.Join(strings.Fields(string(src)), " ")
	for _, s := range []string{`Table: "tags"`, "Default: 1.0}", "Default: 3}", "Fill: -2,", "Fill: 0.5,", `Column: "owner_ref"`, "Forward: fillSlugs", "Backward: migrate.Noop", "Reverse: []string{}"} {
		if !strings.Contains(flat, s) {
			t.Errorf("source lacks %q", s)
		}
	}
	for _, s := range []string{`Table: "blog_plain"`, `Column: "parent_id"`} {
		if strings.Contains(string(src), s) {
			t.Errorf("source has %q, a default", s)
		}
	}
}

func TestWriteRunGoErrors(t *testing.T) {
	closure := func(context.Context, *migrate.History) error { return nil }
	for _, fn := range []func(context.Context, *migrate.History) error{closure, fillSlugs} {
		m := &migrate.Migration{Name: "0002_x", Operations: []migrate.Operation{migrate.RunGo{Forward: fn}}}
		// fillSlugs is not in "other/migrations"; the closure is in no package.
		_, err := Write(m, WriteOptions{Now: clock, Package: "example.com/other/migrations"})
		if err == nil || !strings.Contains(err.Error(), "by hand") {
			t.Errorf("err = %v", err)
		}
	}
	m := &migrate.Migration{Name: "0002_x", Operations: []migrate.Operation{
		migrate.AddField{Model: "P", Field: migrate.Field{Name: "x", Type: migrate.JSON, Default: []int{1}}}}}
	if _, err := Write(m, WriteOptions{Now: clock}); err == nil {
		t.Error("a []int default was written")
	}
}

func TestPackageFile(t *testing.T) {
	src := PackageFile("blog")
	f := checkSource(t, src)
	if f.Doc == nil || !strings.Contains(f.Doc.Text(), "the blog app's database migrations") {
		t.Errorf("package doc: %v", f.Doc)
	}
	golden(t, "migrations.go.golden", src)
}

// TestWriteDetected writes what Detect produces for a realistic change and
// checks the result reads back (parses) and is stable.
func TestWriteDetected(t *testing.T) {
	new := build(t, "blog",
		migrate.CreateModel{Name: "Author", Fields: []migrate.Field{id, {Name: "name", Type: migrate.Char, MaxLength: 100}}},
		migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title, fk("author", "blog.Author"),
			{Name: "tags", Type: migrate.ManyToMany, To: "blog.Tag"}},
			Options: migrate.Options{Indexes: []migrate.Index{{Name: "post_title_idx", Fields: []string{"title"}}}}},
		migrate.CreateModel{Name: "Tag", Fields: []migrate.Field{id}},
	)
	c := detect(t, migrate.NewState(), new, nil, Options{})
	src, err := Write(c["blog"][0], WriteOptions{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	checkSource(t, src)
	golden(t, "0001_initial.go.golden", src)
}
