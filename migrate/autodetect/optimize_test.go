package autodetect

import (
	"strings"
	"testing"

	"github.com/jazzgo/jazz/migrate"
)

func describeAll(ops []migrate.Operation) string {
	var out []string
	for _, op := range ops {
		out = append(out, op.Describe())
	}
	return strings.Join(out, "; ")
}

// sameResult checks that ops and Optimize(ops) build the same state from
// start, and returns the optimized list.
func sameResult(t *testing.T, start *migrate.State, ops []migrate.Operation) []migrate.Operation {
	t.Helper()
	opt := Optimize("blog", ops)
	a, b := start.Clone(), start.Clone()
	for _, op := range ops {
		if err := op.State("blog", a); err != nil {
			t.Fatalf("original %s: %v", op.Describe(), err)
		}
	}
	for _, op := range opt {
		if err := op.State("blog", b); err != nil {
			t.Fatalf("optimized %s: %v (%s)", op.Describe(), err, describeAll(opt))
		}
	}
	assertSameState(t, b, a)
	return opt
}

func TestOptimize(t *testing.T) {
	post := migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title}}
	author := migrate.CreateModel{Name: "Author", Fields: []migrate.Field{id}}
	existing := build(t, "blog", migrate.CreateModel{Name: "Old", Fields: []migrate.Field{id, title}})
	slug := migrate.Field{Name: "slug", Type: migrate.Char, MaxLength: 50, Null: true}
	cases := []struct {
		name string
		ops  []migrate.Operation
		want string
	}{
		{"create+add", []migrate.Operation{post, author, migrate.AddField{Model: "Post", Field: slug}},
			"Create model Post; Create model Author"},
		{"create+add past its target", []migrate.Operation{post, author, migrate.AddField{Model: "Post", Field: fk("author", "blog.Author")}},
			"Create model Post; Create model Author; Add field author to Post"},
		{"create+delete", []migrate.Operation{post, migrate.AddField{Model: "Old", Field: slug}, migrate.DeleteModel{Name: "Post"}},
			"Add field slug to Old"},
		{"create+delete with a reference added and removed", []migrate.Operation{post, migrate.AddField{Model: "Old", Field: fk("p", "blog.Post")},
			migrate.RemoveField{Model: "Old", Name: "p"}, migrate.DeleteModel{Name: "Post"}},
			""},
		{"create+delete blocked by a reference", []migrate.Operation{post,
			migrate.CreateModel{Name: "Author", Fields: []migrate.Field{id, fk("p", "blog.Post")}}, migrate.DeleteModel{Name: "Post"}},
			"Create model Post; Create model Author; Delete model Post"},
		{"add+remove", []migrate.Operation{migrate.AddField{Model: "Old", Field: slug}, migrate.RemoveField{Model: "Old", Name: "slug"}}, ""},
		{"add+alter", []migrate.Operation{migrate.AddField{Model: "Old", Field: slug},
			migrate.AlterField{Model: "Old", Name: "slug", Field: migrate.Field{Type: migrate.Text, Null: true}}},
			"Add field slug to Old"},
		{"add+rename", []migrate.Operation{migrate.AddField{Model: "Old", Field: slug}, migrate.RenameField{Model: "Old", Old: "slug", New: "path"}},
			"Add field path to Old"},
		{"create+rename field", []migrate.Operation{post, migrate.AddIndex{Model: "Post", Index: migrate.Index{Fields: []string{"title"}}},
			migrate.RenameField{Model: "Post", Old: "title", New: "name"}},
			"Create model Post"},
		{"create+rename model", []migrate.Operation{post, migrate.RenameModel{Old: "Post", New: "Article"}}, "Create model Article"},
		{"alter+alter", []migrate.Operation{migrate.AlterField{Model: "Old", Name: "title", Field: migrate.Field{Type: migrate.Text}},
			migrate.AlterField{Model: "Old", Name: "title", Field: migrate.Field{Type: migrate.Char, MaxLength: 9}}},
			"Alter field title on Old"},
		{"alter+remove", []migrate.Operation{migrate.AlterField{Model: "Old", Name: "title", Field: migrate.Field{Type: migrate.Text}},
			migrate.RemoveField{Model: "Old", Name: "title"}},
			"Remove field title from Old"},
		{"barrier", []migrate.Operation{migrate.AddField{Model: "Old", Field: slug}, migrate.RunSQL{SQL: []string{"x"}},
			migrate.RemoveField{Model: "Old", Name: "slug"}},
			"Add field slug to Old; Raw SQL operation; Remove field slug from Old"},
		{"same model in between", []migrate.Operation{migrate.AddField{Model: "Old", Field: slug},
			migrate.AddIndex{Model: "Old", Index: migrate.Index{Fields: []string{"slug"}}},
			migrate.RemoveField{Model: "Old", Name: "slug"}},
			"Add field slug to Old; Create index on slug on Old; Remove field slug from Old"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := existing.Clone()
			opt := sameResult(t, start, tc.ops)
			if got := describeAll(opt); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestOptimizeDetected optimizes what a whole detection would emit
// unoptimized, on a larger history, and checks the state is unchanged.
func TestOptimizeKeepsState(t *testing.T) {
	ops := []migrate.Operation{
		migrate.CreateModel{Name: "Author", Fields: []migrate.Field{id}},
		migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title, fk("author", "blog.Author")},
			Options: migrate.Options{UniqueTogether: [][]string{{"title", "author"}}}},
		migrate.AddField{Model: "Author", Field: fk("best", "blog.Post")},
		migrate.RenameField{Model: "Post", Old: "title", New: "heading"},
		migrate.AlterField{Model: "Post", Name: "heading", Field: migrate.Field{Type: migrate.Text}},
		migrate.AddIndex{Model: "Post", Index: migrate.Index{Name: "h", Fields: []string{"heading"}}},
		migrate.RenameModel{Old: "Post", New: "Article"},
		migrate.AddField{Model: "Article", Field: migrate.Field{Name: "n", Type: migrate.Int, Null: true}},
		migrate.AlterUniqueTogether{Model: "Article"},
		migrate.RemoveField{Model: "Author", Name: "best"},
		migrate.AddConstraint{Model: "Author", Constraint: migrate.Constraint{Name: "c", Check: "id > 0"}},
		migrate.CreateModel{Name: "Tmp", Fields: []migrate.Field{id}},
		migrate.DeleteModel{Name: "Tmp"},
	}
	opt := sameResult(t, migrate.NewState(), ops)
	if len(opt) >= len(ops) {
		t.Errorf("nothing optimized: %s", describeAll(opt))
	}
	t.Log(describeAll(opt))
}
