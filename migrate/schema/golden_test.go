package schema_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/mysql"
	"github.com/jazzgo/jazz/db/postgres"
	"github.com/jazzgo/jazz/db/sqlite"
	"github.com/jazzgo/jazz/migrate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenOps is a fixed history whose collected SQL is kept per dialect
// in testdata/<dialect>/<name>.sql.
var goldenOps = []struct {
	name string
	ops  []migrate.Operation
}{
	{"create", []migrate.Operation{
		createAuthor,
		createTag,
		migrate.CreateModel{Name: "Post", Fields: []migrate.Field{
			idField,
			{Name: "title", Type: migrate.Char, MaxLength: 200},
			{Name: "author", Type: migrate.ForeignKey, To: "blog.Author", Index: true},
			{Name: "views", Type: migrate.Int, Positive: true, Default: int64(0)},
			{Name: "tags", Type: migrate.ManyToMany, To: "blog.Tag"},
		}, Options: migrate.Options{UniqueTogether: [][]string{{"title", "author"}}}},
	}},
	{"fields", []migrate.Operation{
		migrate.AddField{Model: "Post", Field: migrate.Field{Name: "live", Type: migrate.Bool, Default: true}},
		migrate.AddField{Model: "Post", Field: migrate.Field{Name: "slug", Type: migrate.Char, MaxLength: 50}, Fill: "x"},
		migrate.AddField{Model: "Post", Field: migrate.Field{Name: "body", Type: migrate.Text, Null: true}},
		migrate.AlterField{Model: "Post", Name: "body", Field: migrate.Field{Type: migrate.Text}, Fill: ""},
		migrate.AlterField{Model: "Post", Name: "title", Field: migrate.Field{Type: migrate.Char, MaxLength: 300}},
		migrate.AlterField{Model: "Post", Name: "slug", Field: migrate.Field{Type: migrate.Char, MaxLength: 50, Unique: true}},
		migrate.RenameField{Model: "Post", Old: "author", New: "writer"},
		migrate.RemoveField{Model: "Post", Name: "views"},
	}},
	{"indexes", []migrate.Operation{
		migrate.AddIndex{Model: "Post", Index: migrate.Index{Fields: []string{"live", "slug"}}},
		migrate.AlterUniqueTogether{Model: "Post", UniqueTogether: nil},
		migrate.AddConstraint{Model: "Post", Constraint: migrate.Constraint{Name: "post_title_set", Check: "title <> ''"}},
		migrate.AddConstraint{Model: "Post", Constraint: migrate.Constraint{Name: "post_slug_live", Fields: []string{"slug"}, Condition: "live"}},
		migrate.RemoveConstraint{Model: "Post", Constraint: migrate.Constraint{Name: "post_title_set"}},
	}},
	{"models", []migrate.Operation{
		migrate.RenameModel{Old: "Tag", New: "Label"},
		migrate.RenameModel{Old: "Post", New: "Entry"},
		migrate.AlterModelTable{Name: "Entry", Table: "entries"},
		migrate.RemoveField{Model: "Entry", Name: "tags"},
		migrate.DeleteModel{Name: "Entry"},
	}},
}

func TestGolden(t *testing.T) {
	for _, d := range []db.Dialect{sqlite.Dialect{}, postgres.Dialect{}, mysql.Dialect{}} {
		t.Run(d.Name(), func(t *testing.T) {
			b, err := migrate.BackendFor(d)
			if err != nil {
				t.Fatal(err)
			}
			s := migrate.NewState()
			for _, g := range goldenOps {
				e := b.Editor(nil, d, true)
				var out strings.Builder
				for _, op := range g.ops {
					to := s.Clone()
					if err := op.State(app, to); err != nil {
						t.Fatalf("%s: %v", op.Describe(), err)
					}
					n := len(e.Statements())
					if err := op.Forwards(context.Background(), e, app, s, to); err != nil {
						t.Fatalf("%s: %v", op.Describe(), err)
					}
					out.WriteString("-- " + op.Describe() + "\n")
					for _, stmt := range e.Statements()[n:] {
						out.WriteString(stmt + ";\n")
					}
					s = to
				}
				golden(t, filepath.Join("testdata", d.Name(), g.name+".sql"), out.String())
			}
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
