package orm_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
)

func count[T any](t *testing.T, ctx context.Context, m *orm.Manager[T]) int64 {
	t.Helper()
	n, err := m.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDeleteCascades(t *testing.T) {
	relDB(t, func(t *testing.T, ctx context.Context) {
		w := relSeed(t, ctx)
		// PROTECT: a2 is in the news section, so the section cannot go.
		col, err := orm.Collect(ctx, w.news)
		must(t, err)
		var perr *orm.ProtectedError
		if err := col.Err(); !errors.As(err, &perr) || len(perr.Blockers) != 1 || len(col.Protected) != 1 {
			t.Fatalf("Collect Err: %v", err)
		}
		msg := perr.Error()
		for _, s := range []string{"cannot delete some rel.Section objects", "protected foreign keys", "rel.Article.section", "rel.Article " + itoa(w.a2.ID)} {
			if !strings.Contains(msg, s) {
				t.Errorf("ProtectedError %q lacks %q", msg, s)
			}
		}
		if _, err := orm.Delete(ctx, w.news); !errors.As(err, &perr) {
			t.Fatalf("Delete of a protected section: %v", err)
		}
		if n := count(t, ctx, Sections); n != 1 || w.news.ID == 0 {
			t.Errorf("a refused delete removed the section")
		}
		// PROTECT holds even when the protecting article would be deleted
		// by another cascade of the same call, as in Django.
		if _, err := orm.Delete(ctx, w.news, w.ann); !errors.As(err, &perr) {
			t.Errorf("protect against a cascade: %v", err)
		}
		if n := count(t, ctx, People); n != 3 {
			t.Errorf("people after the refused delete: %d", n)
		}

		// What deleting ann would do, without doing it: her two articles
		// cascade, with a1's notes and both articles' topic links; bob
		// (a2's editor, set_null) and cat (the notes' By) are kept.
		col, err = orm.Collect(ctx, w.ann)
		must(t, err)
		if col.Err() != nil {
			t.Fatal(col.Err())
		}
		res := col.Result()
		want := map[string]int64{"rel.Person": 1, "rel.Article": 2, "rel.Note": 2, "rel.Article_Topics": 3}
		for k, v := range want {
			if res.ByModel[k] != v {
				t.Errorf("Collect %s = %d, want %d (all %v)", k, res.ByModel[k], v, res.ByModel)
			}
		}
		if res.Total != 8 {
			t.Errorf("Collect total %d, want 8", res.Total)
		}
		// Deletion order: notes before articles before people.
		pos := map[string]int{}
		for i, m := range col.Models {
			pos[m.Model.Label] = i
		}
		if !(pos["rel.Note"] < pos["rel.Article"] && pos["rel.Article"] < pos["rel.Person"]) {
			t.Errorf("deletion order: %v", pos)
		}
		if n := count(t, ctx, Articles); n != 3 {
			t.Errorf("Collect deleted something: %d articles", n)
		}
		annID := w.ann.ID
		res, err = orm.Delete(ctx, w.ann)
		must(t, err)
		for k, v := range want {
			if res.ByModel[k] != v {
				t.Errorf("Delete %s = %d, want %d (all %v)", k, res.ByModel[k], v, res.ByModel)
			}
		}
		if res.Total != 8 || w.ann.ID != 0 {
			t.Errorf("Delete total %d, id %d", res.Total, w.ann.ID)
		}
		if n, _ := People.Filter("pk", annID).Count(ctx); n != 0 {
			t.Error("ann is still there")
		}
		if n := count(t, ctx, Articles); n != 1 {
			t.Errorf("articles left: %d", n)
		}
		if n := count(t, ctx, Notes); n != 1 {
			t.Errorf("notes left: %d", n)
		}
		// The topics themselves stay; only the links went.
		if n := count(t, ctx, Topics); n != 3 {
			t.Errorf("topics left: %d", n)
		}
	})
}

func TestDeleteSetNullAndDefault(t *testing.T) {
	relDB(t, func(t *testing.T, ctx context.Context) {
		w := relSeed(t, ctx)
		// bob edits a2 (set_null) and wrote a3 (cascade, with a note by
		// cat). Deleting bob: a3 and its note go, a2 keeps with no editor.
		res, err := People.Filter("name", "bob").Delete(ctx)
		must(t, err)
		if res.ByModel["rel.Person"] != 1 || res.ByModel["rel.Article"] != 1 || res.ByModel["rel.Note"] != 1 || res.ByModel["rel.Article_Topics"] != 1 {
			t.Errorf("delete bob: %v", res.ByModel)
		}
		a2, err := Articles.Get(ctx, "pk", w.a2.ID)
		must(t, err)
		if !a2.Editor.IsZero() {
			t.Errorf("a2 editor after delete: %d, want NULL", a2.Editor.ID())
		}
		if n, _ := Articles.Filter("editor__isnull", true).Count(ctx); n != 2 {
			t.Errorf("articles without editor: %d", n)
		}
		// cat wrote a1's notes' By; deleting cat sets them to person 1
		// (ann, the default), and deletes nothing else.
		col, err := orm.Collect(ctx, w.cat)
		must(t, err)
		if len(col.Updated) != 1 || col.Updated[0].Field.Name != "By" || len(col.Updated[0].Objects) != 2 {
			t.Fatalf("Collect updates: %+v", col.Updated)
		}
		must(t, People.Delete(ctx, w.cat))
		notes, err := Notes.All().All(ctx)
		must(t, err)
		for _, n := range notes {
			if n.By.ID() != 1 || n.By.ID() != w.ann.ID {
				t.Errorf("note %q by %d, want the default 1", n.Text, n.By.ID())
			}
		}
	})
}

func TestDeleteTreeAndRestrict(t *testing.T) {
	relDB(t, func(t *testing.T, ctx context.Context) {
		// A three-level tree: deleting the root deletes every node, leaves
		// first (MySQL checks each row's foreign key at once).
		root := &Node{Name: "root"}
		must(t, Nodes.Create(ctx, root))
		parent := root
		for _, name := range []string{"a", "b", "c"} {
			for i := 0; i < 2; i++ {
				n := &Node{Name: name}
				n.Parent.Set(parent)
				must(t, Nodes.Create(ctx, n))
				if i == 0 {
					parent = n
				}
			}
		}
		other := &Node{Name: "other"}
		must(t, Nodes.Create(ctx, other))
		res, err := orm.Delete(ctx, root)
		must(t, err)
		if res.ByModel["rel.Node"] != 7 {
			t.Errorf("tree delete: %v", res.ByModel)
		}
		if n := count(t, ctx, Nodes); n != 1 {
			t.Errorf("nodes left: %d", n)
		}

		// RESTRICT (Django's example): deleting an album with songs is
		// refused, deleting the artist (which cascades to both) is not.
		ar := &Artist{Name: "x"}
		must(t, Artists.Create(ctx, ar))
		al := &Album{}
		al.Artist.Set(ar)
		must(t, Albums.Create(ctx, al))
		so := &Song{}
		so.Artist.Set(ar)
		so.Album.Set(al)
		must(t, Songs.Create(ctx, so))
		var rerr *orm.RestrictedError
		if err := Albums.Delete(ctx, al); !errors.As(err, &rerr) || !strings.Contains(err.Error(), "rel.Song.album") {
			t.Errorf("delete restricted album: %v", err)
		}
		if n := count(t, ctx, Albums); n != 1 {
			t.Fatalf("albums after refused delete: %d", n)
		}
		res, err = orm.Delete(ctx, ar)
		must(t, err)
		if res.ByModel["rel.Artist"] != 1 || res.ByModel["rel.Album"] != 1 || res.ByModel["rel.Song"] != 1 {
			t.Errorf("artist delete: %v", res.ByModel)
		}

		// DO_NOTHING leaves the row pointing at the deleted one: the
		// database refuses and the transaction rolls back.
		p := &Person{Name: "memo"}
		must(t, People.Create(ctx, p))
		mm := &Memo{}
		mm.Person.Set(p)
		must(t, Memos.Create(ctx, mm))
		if _, err := orm.Delete(ctx, p); !errors.Is(err, db.ErrForeignKey) {
			t.Errorf("do_nothing: %v, want db.ErrForeignKey", err)
		}
		if n, _ := People.Filter("name", "memo").Count(ctx); n != 1 {
			t.Error("the refused delete removed the person")
		}
		// Deleting both in one call works: the memo goes first.
		res, err = orm.Delete(ctx, mm, p)
		if err != nil || res.Total != 2 {
			t.Errorf("delete memo and person: %+v, %v", res, err)
		}
	})
}

func itoa(n int64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}

func ExampleCollect() {
	ctx, done := openRelExample()
	defer done()

	ann := &Person{Name: "ann"}
	_ = People.Create(ctx, ann)
	for _, title := range []string{"One", "Two"} {
		a := &Article{Title: title}
		a.Author.Set(ann)
		_ = Articles.Create(ctx, a)
		n := &Note{Text: "first!"}
		n.Article.Set(a)
		n.By.Set(ann)
		_ = Notes.Create(ctx, n)
	}

	// What the admin's confirmation page lists, without deleting.
	col, _ := orm.Collect(ctx, ann)
	for _, m := range col.Models {
		fmt.Println(m.Model.Label, m.Count)
	}
	res, err := orm.Delete(ctx, ann)
	fmt.Println(res.Total, err, ann.ID)
	// Output:
	// rel.Note 2
	// rel.Article 2
	// rel.Person 1
	// 5 <nil> 0
}
