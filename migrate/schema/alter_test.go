package schema_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/migrate"
)

var (
	idField = migrate.Field{Name: "id", Type: migrate.Auto, PrimaryKey: true}

	createAuthor = migrate.CreateModel{Name: "Author", Fields: []migrate.Field{
		idField,
		{Name: "name", Type: migrate.Char, MaxLength: 100},
	}}
	createPost = migrate.CreateModel{Name: "Post", Fields: []migrate.Field{
		idField,
		{Name: "title", Type: migrate.Char, MaxLength: 10},
		{Name: "author", Type: migrate.ForeignKey, To: "blog.Author", Null: true, Index: true},
		{Name: "body", Type: migrate.Text, Null: true},
	}}
	createTag = migrate.CreateModel{Name: "Tag", Fields: []migrate.Field{
		idField,
		{Name: "name", Type: migrate.Char, MaxLength: 30},
	}}
)

// base creates Author, Post and Tag with rows: authors 1 (ann) and 2
// (bob); posts 1 (a, by 1) and 2 (b, by 2, body "x"); tag 1 (go).
func base(t *testing.T, d *db.DB) *migrate.State {
	t.Helper()
	s := step(t, d, migrate.NewState(), createAuthor, createPost, createTag)
	exec(t, d, q(d, `INSERT INTO "blog_author" ("id", "name") VALUES (1, 'ann'), (2, 'bob')`))
	exec(t, d, q(d, `INSERT INTO "blog_post" ("id", "title", "author_id", "body") VALUES (1, 'a', 1, NULL), (2, 'b', 2, 'x')`))
	exec(t, d, q(d, `INSERT INTO "blog_tag" ("id", "name") VALUES (1, 'go')`))
	return s
}

func values(t *testing.T, d *db.DB, table, col string) string {
	t.Helper()
	return strings.Join(strings1(t, d, q(d, `SELECT "`+col+`" FROM "`+table+`" ORDER BY "id"`)), ",")
}

func wantValues(t *testing.T, d *db.DB, table, col, want string) {
	t.Helper()
	if got := values(t, d, table, col); got != want {
		t.Errorf("%s.%s = %s, want %s", table, col, got, want)
	}
}

func wantColumns(t *testing.T, d *db.DB, table string, want ...string) {
	t.Helper()
	if got := columnNames(t, d, table); !slices.Equal(got, want) {
		t.Errorf("columns of %s = %v, want %v", table, got, want)
	}
}

func wantColumnSet(t *testing.T, d *db.DB, table string, want ...string) {
	t.Helper()
	got := columnNames(t, d, table)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("columns of %s = %v, want %v", table, got, want)
	}
}

func TestAddField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := base(t, d)
		// Nullable: rows get NULL.
		op := migrate.AddField{Model: "Post", Field: migrate.Field{Name: "subtitle", Type: migrate.Char, MaxLength: 20, Null: true}}
		s2 := step(t, d, s, op)
		wantValues(t, d, "blog_post", "subtitle", "<nil>,<nil>")
		back(t, d, s, s2, op)
		wantColumns(t, d, "blog_post", "id", "title", "author_id", "body")
		wantValues(t, d, "blog_post", "title", "a,b")

		// NOT NULL with a default: rows get it, and no database default
		// is left behind.
		op2 := migrate.AddField{Model: "Post", Field: migrate.Field{Name: "views", Type: migrate.Int, Default: int64(7)}}
		s3 := step(t, d, s, op2)
		wantValues(t, d, "blog_post", "views", "7,7")
		if d.Dialect().Name() != "sqlite" {
			if err := execErr(t, d, q(d, `INSERT INTO "blog_post" ("title") VALUES ('c')`)); err == nil {
				t.Errorf("insert without views worked: the column kept a database default")
			}
		}
		for _, c := range columns(t, d, "blog_post") {
			if c.Name == "views" && c.Null {
				t.Errorf("views is nullable")
			}
		}
		back(t, d, s, s3, op2)
		wantColumns(t, d, "blog_post", "id", "title", "author_id", "body")

		// Other kinds of defaults render as literals of their type.
		ops := []migrate.Operation{
			migrate.AddField{Model: "Post", Field: migrate.Field{Name: "live", Type: migrate.Bool, Default: true}},
			migrate.AddField{Model: "Post", Field: migrate.Field{Name: "slug", Type: migrate.Char, MaxLength: 20, Default: "it's"}},
			migrate.AddField{Model: "Post", Field: migrate.Field{Name: "ttl", Type: migrate.Duration, Default: "1h0m0s"}},
			migrate.AddField{Model: "Post", Field: migrate.Field{Name: "score", Type: migrate.Float, Default: 1.5}},
			migrate.AddField{Model: "Post", Field: migrate.Field{Name: "at", Type: migrate.DateTime, Default: "2024-01-02 03:04:05"}},
		}
		step(t, d, s, ops...)
		live := values(t, d, "blog_post", "live")
		if live != "1,1" && live != "true,true" {
			t.Errorf("live = %s", live)
		}
		wantValues(t, d, "blog_post", "slug", "it's,it's")
		wantValues(t, d, "blog_post", "ttl", "3600000000,3600000000")
		wantValues(t, d, "blog_post", "score", "1.5,1.5")
		at := values(t, d, "blog_post", "at")
		if !strings.HasPrefix(at, "2024-01-02") || !strings.Contains(at, "03:04:05") {
			t.Errorf("at = %s", at)
		}
	})
}

func TestAddFieldFill(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := base(t, d)
		f := migrate.Field{Name: "rank", Type: migrate.Int}
		err := forwardsErr(t, d, s, migrate.AddField{Model: "Post", Field: f})
		if err == nil || !strings.Contains(err.Error(), "blog.Post") || !strings.Contains(err.Error(), "rank") {
			t.Errorf("NOT NULL without default or fill: %v", err)
		}
		op := migrate.AddField{Model: "Post", Field: f, Fill: 3}
		s2 := step(t, d, s, op)
		wantValues(t, d, "blog_post", "rank", "3,3")
		back(t, d, s, s2, op)
		wantColumns(t, d, "blog_post", "id", "title", "author_id", "body")
	})
}

func TestRemoveField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := base(t, d)
		op := migrate.RemoveField{Model: "Post", Name: "body"}
		s2 := step(t, d, s, op)
		wantColumns(t, d, "blog_post", "id", "title", "author_id")
		wantValues(t, d, "blog_post", "title", "a,b")
		back(t, d, s, s2, op)
		wantColumns(t, d, "blog_post", "id", "title", "author_id", "body")
		wantValues(t, d, "blog_post", "body", "<nil>,<nil>")

		// A NOT NULL field comes back filled with its zero value; a
		// foreign key goes with its constraint and index.
		op2 := migrate.RemoveField{Model: "Post", Name: "title"}
		s3 := step(t, d, s, op2)
		back(t, d, s, s3, op2)
		wantValues(t, d, "blog_post", "title", ",")
		op3 := migrate.RemoveField{Model: "Post", Name: "author"}
		s4 := step(t, d, s, op3)
		wantColumnSet(t, d, "blog_post", "id", "title", "body") // title was added back last, except on SQLite
		back(t, d, s, s4, op3)
		wantIndex(t, d, "blog_post", "blog_post_author_id_idx", true)
		if err := execErr(t, d, q(d, `INSERT INTO "blog_post" ("title", "author_id") VALUES ('z', 99)`)); err == nil {
			t.Errorf("foreign key not enforced after re-adding author")
		}
	})
}

func TestRenameField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := base(t, d)
		op := migrate.RenameField{Model: "Post", Old: "author", New: "writer"}
		s2 := step(t, d, s, op)
		wantColumns(t, d, "blog_post", "id", "title", "writer_id", "body")
		wantValues(t, d, "blog_post", "writer_id", "1,2")
		wantIndex(t, d, "blog_post", "blog_post_writer_id_idx", true)
		wantIndex(t, d, "blog_post", "blog_post_author_id_idx", false)
		if err := execErr(t, d, q(d, `INSERT INTO "blog_post" ("title", "writer_id") VALUES ('z', 99)`)); err == nil {
			t.Errorf("foreign key not enforced after the rename")
		}
		// A later change finds the renamed column's constraint.
		op2 := migrate.AlterField{Model: "Post", Name: "writer", Field: migrate.Field{Type: migrate.ForeignKey, To: "blog.Tag", Null: true, Index: true}}
		exec(t, d, q(d, `UPDATE "blog_post" SET "writer_id" = 1`))
		if d.Dialect().Name() != "sqlite" {
			// Collecting with a connection reads the constraint's real
			// name, which kept the column's old name.
			b, _ := migrate.BackendFor(d.Dialect())
			e := b.Editor(d, d.Dialect(), true)
			to := s2.Clone()
			if err := op2.State(app, to); err != nil {
				t.Fatal(err)
			}
			if err := op2.Forwards(t.Context(), e, app, s2, to); err != nil {
				t.Fatal(err)
			}
			if all := strings.Join(e.Statements(), "\n"); !strings.Contains(all, "blog_post_author_id_fk_blog_author_id") {
				t.Errorf("collected without the catalog's name:\n%s", all)
			}
		}
		s3 := step(t, d, s2, op2)
		back(t, d, s2, s3, op2)
		back(t, d, s, s2, op)
		wantColumns(t, d, "blog_post", "id", "title", "author_id", "body")
		wantValues(t, d, "blog_post", "author_id", "1,1")
		wantIndex(t, d, "blog_post", "blog_post_author_id_idx", true)

		op3 := migrate.RenameField{Model: "Post", Old: "title", New: "headline"}
		s4 := step(t, d, s, op3)
		wantValues(t, d, "blog_post", "headline", "a,b")
		back(t, d, s, s4, op3)
		wantValues(t, d, "blog_post", "title", "a,b")
	})
}

func TestAlterField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := base(t, d)
		long := strings.Repeat("x", 40)
		// max_length 10 -> 50: longer data then fits.
		op := migrate.AlterField{Model: "Post", Name: "title", Field: migrate.Field{Type: migrate.Char, MaxLength: 50}}
		s2 := step(t, d, s, op)
		exec(t, d, q(d, `UPDATE "blog_post" SET "title" = `+d.Dialect().Placeholder(1)+` WHERE "id" = 2`), long)
		wantValues(t, d, "blog_post", "title", "a,"+long)
		exec(t, d, q(d, `UPDATE "blog_post" SET "title" = 'b' WHERE "id" = 2`))
		back(t, d, s, s2, op)
		for _, c := range columns(t, d, "blog_post") {
			if c.Name == "title" && !strings.Contains(c.Type, "10") {
				t.Errorf("title type after backwards = %s", c.Type)
			}
		}

		// NULL -> NOT NULL with a fill value for the NULL rows.
		op2 := migrate.AlterField{Model: "Post", Name: "body", Field: migrate.Field{Type: migrate.Text}, Fill: "empty"}
		s3 := step(t, d, s, op2)
		wantValues(t, d, "blog_post", "body", "empty,x")
		if err := execErr(t, d, q(d, `INSERT INTO "blog_post" ("title", "body") VALUES ('c', NULL)`)); err == nil {
			t.Errorf("NULL body accepted after NOT NULL")
		}
		back(t, d, s, s3, op2)
		exec(t, d, q(d, `INSERT INTO "blog_post" ("id", "title", "body") VALUES (3, 'c', NULL)`))
		exec(t, d, q(d, `DELETE FROM "blog_post" WHERE "id" = 3`))

		// Unique on and off.
		op3 := migrate.AlterField{Model: "Tag", Name: "name", Field: migrate.Field{Type: migrate.Char, MaxLength: 30, Unique: true}}
		s4 := step(t, d, s, op3)
		wantErr(t, execErr(t, d, q(d, `INSERT INTO "blog_tag" ("name") VALUES ('go')`)), db.ErrUniqueViolation, "duplicate tag")
		back(t, d, s, s4, op3)
		if err := execErr(t, d, q(d, `INSERT INTO "blog_tag" ("name") VALUES ('go')`)); err != nil {
			t.Errorf("duplicate after removing unique: %v", err)
		}

		// Type change int -> bigint keeps the values.
		s5 := step(t, d, s, migrate.AddField{Model: "Tag", Field: migrate.Field{Name: "n", Type: migrate.SmallInt, Default: int64(5)}})
		op4 := migrate.AlterField{Model: "Tag", Name: "n", Field: migrate.Field{Type: migrate.BigInt, Positive: true}}
		s6 := step(t, d, s5, op4)
		wantValues(t, d, "blog_tag", "n", "5,5")
		if err := execErr(t, d, q(d, `UPDATE "blog_tag" SET "n" = -1`)); err == nil {
			t.Errorf("positive check not enforced")
		}
		back(t, d, s5, s6, op4)
		if err := execErr(t, d, q(d, `UPDATE "blog_tag" SET "n" = -1`)); err != nil {
			t.Errorf("check still there after backwards: %v", err)
		}
	})
}

func TestIndexesAndConstraints(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := base(t, d)
		ix := migrate.AddIndex{Model: "Post", Index: migrate.Index{Fields: []string{"title", "author"}}}
		s2 := step(t, d, s, ix)
		wantIndex(t, d, "blog_post", "blog_post_title_author_id_idx", true)
		back(t, d, s, s2, ix)
		wantIndex(t, d, "blog_post", "blog_post_title_author_id_idx", false)
		named := migrate.AddIndex{Model: "Post", Index: migrate.Index{Name: "post_title", Fields: []string{"title"}}}
		s3 := step(t, d, s, named)
		wantIndex(t, d, "blog_post", "post_title", true)
		s4 := step(t, d, s3, migrate.RemoveIndex{Model: "Post", Index: migrate.Index{Name: "post_title"}})
		wantIndex(t, d, "blog_post", "post_title", false)
		_ = s4

		ut := migrate.AlterUniqueTogether{Model: "Post", UniqueTogether: [][]string{{"title", "author"}}}
		s5 := step(t, d, s, ut)
		wantErr(t, execErr(t, d, q(d, `INSERT INTO "blog_post" ("title", "author_id") VALUES ('a', 1)`)), db.ErrUniqueViolation, "unique together")
		back(t, d, s, s5, ut)
		if err := execErr(t, d, q(d, `INSERT INTO "blog_post" ("id", "title", "author_id") VALUES (3, 'a', 1)`)); err != nil {
			t.Errorf("unique together still there: %v", err)
		}
		exec(t, d, q(d, `DELETE FROM "blog_post" WHERE "id" = 3`))

		ck := migrate.AddConstraint{Model: "Tag", Constraint: migrate.Constraint{Name: "tag_name_short", Check: q(d, `LENGTH("name") < 10`)}}
		s6 := step(t, d, s, ck)
		if err := execErr(t, d, q(d, `INSERT INTO "blog_tag" ("name") VALUES ('a very long name')`)); err == nil {
			t.Errorf("check constraint not enforced")
		}
		rm := migrate.RemoveConstraint{Model: "Tag", Constraint: migrate.Constraint{Name: "tag_name_short"}}
		s7 := step(t, d, s6, rm)
		if err := execErr(t, d, q(d, `INSERT INTO "blog_tag" ("name") VALUES ('a very long name')`)); err != nil {
			t.Errorf("check constraint still there: %v", err)
		}
		exec(t, d, q(d, `DELETE FROM "blog_tag" WHERE "id" > 1`))
		back(t, d, s6, s7, rm)
		if err := execErr(t, d, q(d, `INSERT INTO "blog_tag" ("name") VALUES ('a very long name')`)); err == nil {
			t.Errorf("check constraint not back")
		}
		uc := migrate.AddConstraint{Model: "Tag", Constraint: migrate.Constraint{Name: "tag_name_uniq", Fields: []string{"name"}}}
		s8 := step(t, d, s6, uc)
		wantErr(t, execErr(t, d, q(d, `INSERT INTO "blog_tag" ("name") VALUES ('go')`)), db.ErrUniqueViolation, "unique constraint")
		back(t, d, s6, s8, uc)
	})
}

func TestForeignKeyField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := base(t, d)
		op := migrate.AddField{Model: "Tag", Field: migrate.Field{Name: "owner", Type: migrate.ForeignKey, To: "blog.Author", Null: true, Index: true}}
		s2 := step(t, d, s, op)
		exec(t, d, q(d, `UPDATE "blog_tag" SET "owner_id" = 2`))
		if err := execErr(t, d, q(d, `UPDATE "blog_tag" SET "owner_id" = 99`)); err == nil {
			t.Errorf("foreign key not enforced")
		}
		wantIndex(t, d, "blog_tag", "blog_tag_owner_id_idx", true)
		back(t, d, s, s2, op)
		wantColumns(t, d, "blog_tag", "id", "name")

		// A foreign key column becomes NOT NULL (MySQL drops and restores
		// the constraint around MODIFY COLUMN).
		op2 := migrate.AlterField{Model: "Post", Name: "author", Field: migrate.Field{Type: migrate.ForeignKey, To: "blog.Author", Index: true}, Fill: 1}
		s3 := step(t, d, s, op2)
		if err := execErr(t, d, q(d, `UPDATE "blog_post" SET "author_id" = 99`)); err == nil {
			t.Errorf("foreign key lost when the column became NOT NULL")
		}
		if err := execErr(t, d, q(d, `INSERT INTO "blog_post" ("title") VALUES ('n')`)); err == nil {
			t.Errorf("NULL author accepted")
		}
		back(t, d, s, s3, op2)
		exec(t, d, q(d, `INSERT INTO "blog_post" ("id", "title") VALUES (3, 'n')`))
		if err := execErr(t, d, q(d, `UPDATE "blog_post" SET "author_id" = 99`)); err == nil {
			t.Errorf("foreign key lost when the column became NULL again")
		}
	})
}

func TestRenameModel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := base(t, d)
		s = step(t, d, s, migrate.AddField{Model: "Post", Field: migrate.Field{Name: "tags", Type: migrate.ManyToMany, To: "blog.Tag"}})
		exec(t, d, q(d, `INSERT INTO "blog_post_tags" ("post_id", "tag_id") VALUES (1, 1)`))
		op := migrate.RenameModel{Old: "Author", New: "Writer"}
		s2 := step(t, d, s, op)
		if tableExists(t, d, "blog_author") || !tableExists(t, d, "blog_writer") {
			t.Fatalf("blog_author not renamed to blog_writer")
		}
		wantValues(t, d, "blog_writer", "name", "ann,bob")
		if err := execErr(t, d, q(d, `UPDATE "blog_post" SET "author_id" = 99`)); err == nil {
			t.Errorf("foreign key to the renamed table not enforced")
		}
		if err := execErr(t, d, q(d, `UPDATE "blog_post" SET "author_id" = 2`)); err != nil {
			t.Errorf("foreign key to the renamed table: %v", err)
		}
		back(t, d, s, s2, op)
		wantValues(t, d, "blog_author", "name", "ann,bob")

		// The target of a ManyToMany: the through table's column follows.
		op2 := migrate.RenameModel{Old: "Tag", New: "Label"}
		s3 := step(t, d, s, op2)
		wantColumns(t, d, "blog_post_tags", "id", "post_id", "label_id")
		wantValues(t, d, "blog_post_tags", "label_id", "1")
		wantIndex(t, d, "blog_post_tags", "blog_post_tags_label_id_idx", true)
		if err := execErr(t, d, q(d, `INSERT INTO "blog_post_tags" ("post_id", "label_id") VALUES (1, 99)`)); err == nil {
			t.Errorf("through foreign key not enforced")
		}
		wantErr(t, execErr(t, d, q(d, `INSERT INTO "blog_post_tags" ("post_id", "label_id") VALUES (1, 1)`)), db.ErrUniqueViolation, "through unique")
		if d.Dialect().Name() != "sqlite" { // SQLite's table constraints have no index of that name
			wantIndex(t, d, "blog_post_tags", "blog_post_tags_post_id_label_id_uniq", true)
		}
		back(t, d, s, s3, op2)
		wantColumns(t, d, "blog_post_tags", "id", "post_id", "tag_id")

		// The owner of a ManyToMany: the through table is renamed.
		op3 := migrate.RenameModel{Old: "Post", New: "Entry"}
		s4 := step(t, d, s, op3)
		if !tableExists(t, d, "blog_entry_tags") || tableExists(t, d, "blog_post_tags") {
			t.Fatalf("through table not renamed")
		}
		wantColumns(t, d, "blog_entry_tags", "id", "entry_id", "tag_id")
		wantValues(t, d, "blog_entry_tags", "entry_id", "1")
		wantIndex(t, d, "blog_entry_tags", "blog_entry_tags_entry_id_idx", true)
		back(t, d, s, s4, op3)
		wantColumns(t, d, "blog_post_tags", "id", "post_id", "tag_id")
		wantIndex(t, d, "blog_post_tags", "blog_post_tags_post_id_idx", true)
	})
}

func TestAlterModelTable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := base(t, d)
		op := migrate.AlterModelTable{Name: "Post", Table: "posts"}
		s2 := step(t, d, s, op)
		wantValues(t, d, "posts", "title", "a,b")
		wantIndex(t, d, "posts", "posts_author_id_idx", true)
		back(t, d, s, s2, op)
		wantValues(t, d, "blog_post", "title", "a,b")
		wantIndex(t, d, "blog_post", "blog_post_author_id_idx", true)
	})
}

func TestManyToManyAndDeleteModel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := base(t, d)
		op := migrate.AddField{Model: "Post", Field: migrate.Field{Name: "tags", Type: migrate.ManyToMany, To: "blog.Tag"}}
		s2 := step(t, d, s, op)
		wantColumns(t, d, "blog_post_tags", "id", "post_id", "tag_id")
		exec(t, d, q(d, `INSERT INTO "blog_post_tags" ("post_id", "tag_id") VALUES (1, 1)`))
		back(t, d, s, s2, op)
		if tableExists(t, d, "blog_post_tags") {
			t.Errorf("through table left behind")
		}
		s2 = step(t, d, s, op)
		rm := migrate.RemoveField{Model: "Post", Name: "tags"}
		s3 := step(t, d, s2, rm)
		if tableExists(t, d, "blog_post_tags") {
			t.Errorf("through table left behind")
		}
		back(t, d, s2, s3, rm)
		if !tableExists(t, d, "blog_post_tags") {
			t.Errorf("through table not back")
		}

		// Deleting the model drops its through tables; unapplying makes
		// both again (empty).
		del := migrate.DeleteModel{Name: "Post"}
		s4 := step(t, d, s2, del)
		if tableExists(t, d, "blog_post") || tableExists(t, d, "blog_post_tags") {
			t.Errorf("tables left behind")
		}
		back(t, d, s2, s4, del)
		wantColumns(t, d, "blog_post", "id", "title", "author_id", "body")
		wantColumns(t, d, "blog_post_tags", "id", "post_id", "tag_id")
	})
}

func TestCollect(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b, err := migrate.BackendFor(d.Dialect())
		if err != nil {
			t.Fatal(err)
		}
		e := b.Editor(nil, d.Dialect(), true)
		s := migrate.NewState()
		to := s.Clone()
		if err := createAuthor.State(app, to); err != nil {
			t.Fatal(err)
		}
		if err := createAuthor.Forwards(t.Context(), e, app, s, to); err != nil {
			t.Fatal(err)
		}
		if len(e.Statements()) == 0 || e.Querier() != nil {
			t.Fatalf("collected %v", e.Statements())
		}
		if tableExists(t, d, "blog_author") {
			t.Errorf("collect mode ran a statement")
		}
	})
}
