package orm_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
)

func topicNames(ts []*Topic) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

func TestManyToMany(t *testing.T) {
	relDB(t, func(t *testing.T, ctx context.Context) {
		w := relSeed(t, ctx)
		a := w.a2 // topics: db
		check := func(what string, want ...string) {
			t.Helper()
			got, err := a.Topics.All(ctx)
			if err != nil || !slices.Equal(topicNames(got), want) {
				t.Errorf("%s: %v, %v; want %v", what, topicNames(got), err, want)
			}
		}
		check("seeded", "db")
		// Add is idempotent: linking twice keeps one row.
		must(t, a.Topics.Add(ctx, w.goT, w.dbT, w.goT))
		must(t, a.Topics.Add(ctx, w.goT))
		check("after Add", "db", "go")
		// Remove ignores what is not linked, and twice is harmless.
		must(t, a.Topics.Remove(ctx, w.dbT, w.webT))
		must(t, a.Topics.Remove(ctx, w.dbT))
		check("after Remove", "go")
		// Set replaces the links; setting the same again changes nothing.
		must(t, a.Topics.Set(ctx, w.webT, w.dbT))
		must(t, a.Topics.Set(ctx, w.dbT, w.webT))
		check("after Set", "db", "web")
		// Clear twice.
		must(t, a.Topics.Clear(ctx))
		must(t, a.Topics.Clear(ctx))
		check("after Clear")
		must(t, a.Topics.Set(ctx, w.goT))
		check("Set from empty", "go")
		// Other objects' links were untouched.
		got, err := w.a1.Topics.All(ctx)
		if err != nil || !slices.Equal(topicNames(got), []string{"db", "go"}) {
			t.Errorf("a1 topics: %v, %v", topicNames(got), err)
		}
		// Query refines the set; loaded objects are bound.
		n, err := w.a1.Topics.Query().Filter("name__startswith", "g").Count(ctx)
		if err != nil || n != 1 {
			t.Errorf("Query().Filter: %d, %v", n, err)
		}
		loaded, err := Articles.Get(ctx, "pk", w.a1.ID)
		must(t, err)
		if ids, err := loaded.Topics.IDs(ctx); err != nil || len(ids) != 2 {
			t.Errorf("IDs of a loaded article: %v, %v", ids, err)
		}
		// Lookups across the field, both ways.
		arts, err := Articles.Filter("topics__name", "go").OrderBy("title").All(ctx)
		if err != nil || !slices.Equal(titles(arts), []string{"Go generics", "SQL joins"}) {
			t.Errorf("topics__name: %v, %v", titles(arts), err)
		}
		tps, err := Topics.Filter("articles__author__name", "bob").All(ctx)
		if err != nil || !slices.Equal(topicNames(tps), []string{"web"}) {
			t.Errorf("articles__author__name: %v, %v", topicNames(tps), err)
		}
		tps, err = Topics.Exclude("articles__title", "Go generics").All(ctx)
		if err != nil || !slices.Equal(topicNames(tps), []string{"web"}) {
			t.Errorf("Exclude across many-to-many: %v, %v", topicNames(tps), err)
		}

		// An object that was never saved or loaded is not bound.
		var loose Article
		if err := loose.Topics.Add(ctx, w.goT); err == nil || !strings.Contains(err.Error(), "not bound") {
			t.Errorf("unbound Add: %v", err)
		}
		if err := a.Topics.Add(ctx, &Topic{Name: "new"}); err == nil || !strings.Contains(err.Error(), "not saved") {
			t.Errorf("Add of an unsaved target: %v", err)
		}
	})
}

func TestManyToManyThrough(t *testing.T) {
	relDB(t, func(t *testing.T, ctx context.Context) {
		w := relSeed(t, ctx)
		club := &Club{Name: "chess"}
		must(t, Clubs.Create(ctx, club))
		must(t, club.Members.Add(ctx, w.ann, w.bob))
		must(t, club.Members.Add(ctx, w.ann))
		rows, err := Enrollments.OrderBy("person").All(ctx)
		if err != nil || len(rows) != 2 || rows[0].Role != "member" || rows[0].Person.ID() != w.ann.ID {
			t.Fatalf("enrollments: %v, %v", rows, err)
		}
		ps, err := club.Members.All(ctx)
		if err != nil || !slices.Equal(names(ps), []string{"ann", "bob"}) {
			t.Errorf("members: %v, %v", names(ps), err)
		}
		cs, err := orm.Related[Club](w.bob, "clubs").All(ctx)
		if err != nil || len(cs) != 1 || cs[0].Name != "chess" {
			t.Errorf("bob's clubs: %v, %v", cs, err)
		}
		must(t, club.Members.Set(ctx, w.cat))
		ps, err = People.Filter("clubs__name", "chess").All(ctx)
		if err != nil || !slices.Equal(names(ps), []string{"cat"}) {
			t.Errorf("after Set: %v, %v", names(ps), err)
		}
		ps, err = People.Filter("enrollment__role", "member").All(ctx)
		if err != nil || !slices.Equal(names(ps), []string{"cat"}) {
			t.Errorf("through the through model's reverse name: %v, %v", names(ps), err)
		}
	})
}

// openRelExample opens a SQLite database in a temporary directory with
// the relation models' tables.
func openRelExample() (context.Context, func()) {
	dir, err := os.MkdirTemp("", "orm-rel-example")
	if err != nil {
		panic(err)
	}
	d, err := db.Open(context.Background(), "sqlite:///"+filepath.Join(dir, "rel.db"), db.Options{})
	if err != nil {
		panic(err)
	}
	ctx := db.WithDB(context.Background(), d)
	if err := orm.CreateTables(ctx, relModels...); err != nil {
		panic(err)
	}
	return ctx, func() { d.Close(); os.RemoveAll(dir) }
}

func ExampleManyToMany() {
	ctx, done := openRelExample()
	defer done()

	ann := &Person{Name: "ann"}
	_ = People.Create(ctx, ann)
	golang, sql := &Topic{Name: "go"}, &Topic{Name: "sql"}
	_ = Topics.Create(ctx, golang)
	_ = Topics.Create(ctx, sql)
	a := &Article{Title: "Generics"}
	a.Author.Set(ann)
	_ = Articles.Create(ctx, a)

	_ = a.Topics.Add(ctx, golang, sql)
	_ = a.Topics.Add(ctx, golang) // already linked: nothing changes
	_ = a.Topics.Remove(ctx, sql)

	ts, _ := a.Topics.All(ctx)
	fmt.Println(topicNames(ts))
	// Lookups cross the field both ways.
	arts, _ := Articles.Filter("topics__name", "go").All(ctx)
	ps, _ := People.Filter("articles__topics__name", "go").All(ctx)
	fmt.Println(titles(arts), names(ps))
	// Output:
	// [go]
	// [Generics] [ann]
}
