package orm_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/jazzgo/jazz/db"
	_ "github.com/jazzgo/jazz/db/sqlite"
	"github.com/jazzgo/jazz/orm"
)

type Author struct {
	orm.Model
	Name string `jazz:"max_length=100,unique"`
}

type Book struct {
	orm.Model
	Title  string                 `jazz:"max_length=200"`
	Pages  int32                  `jazz:"positive"`
	Status string                 `jazz:"max_length=10,choices=draft:Draft|out:Published,default=draft"`
	Author orm.ForeignKey[Author] `jazz:"on_delete=cascade,related_name=books"`
}

func (*Book) Meta() orm.Meta { return orm.Meta{Ordering: []string{"title"}} }

var (
	Authors = orm.NewManager[Author]()
	Books   = orm.NewManager[Book]()
)

// openExample opens a SQLite database in a temporary file, with the
// example models' tables.
func openExample() (context.Context, func()) {
	dir, err := os.MkdirTemp("", "orm-example")
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite:///"+filepath.Join(dir, "example.db"), db.Options{})
	if err != nil {
		panic(err)
	}
	ctx = db.WithDB(ctx, d)
	if err := orm.Register("library", (*Author)(nil), (*Book)(nil)); err != nil {
		panic(err)
	}
	if err := orm.CreateTables(ctx, (*Author)(nil), (*Book)(nil)); err != nil {
		panic(err)
	}
	return ctx, func() { d.Close(); os.RemoveAll(dir) }
}

func Example() {
	ctx, done := openExample()
	defer done()

	ursula := &Author{Name: "Ursula"}
	if err := Authors.Create(ctx, ursula); err != nil {
		panic(err)
	}
	for _, title := range []string{"The Dispossessed", "A Wizard of Earthsea", "The Lathe of Heaven"} {
		b := &Book{Title: title, Pages: 300}
		b.Author.Set(ursula)
		if err := Books.Create(ctx, b); err != nil {
			panic(err)
		}
	}

	books, err := Books.Filter("title__istartswith", "the").
		Filter("author__name", "Ursula").
		SelectRelated("author").All(ctx)
	if err != nil {
		panic(err)
	}
	for _, b := range books {
		a, _ := b.Author.Loaded()
		fmt.Printf("%s by %s (%s)\n", b.Title, a.Name, b.Status)
	}

	n, _ := Books.Filter("title__contains", "Earthsea").Update(ctx, orm.Set{"pages": orm.F("pages").Add(50), "status": "out"})
	agg, _ := Books.All().Aggregate(ctx, orm.Count("id"), orm.Max("pages"))
	fmt.Println(n, "updated;", agg["id__count"], "books, longest", agg["pages__max"], "pages")

	_, err = Books.Filter("titel", "x").All(ctx)
	fmt.Println(err)
	// Output:
	// The Dispossessed by Ursula (draft)
	// The Lathe of Heaven by Ursula (draft)
	// 1 updated; 3 books, longest 350 pages
	// orm: Book has no field "titel" (fields: id, title, pages, status, author)
}
