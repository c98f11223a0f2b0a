package orm_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
)

// The query examples use a small shop of their own.

type Shelf struct {
	orm.Model
	Name string `jazz:"max_length=50,unique"`
}

type Item struct {
	orm.Model
	Name  string                `jazz:"max_length=50"`
	Kind  string                `jazz:"max_length=10"`
	Stock int32                 `jazz:"positive"`
	Shelf orm.ForeignKey[Shelf] `jazz:"on_delete=cascade"`
}

var (
	Shelves = orm.NewManager[Shelf]()
	Items   = orm.NewManager[Item]()

	registerShop sync.Once
)

// openShop opens a SQLite database in a temporary file with a few shelves
// and items.
func openShop() (context.Context, func()) {
	registerShop.Do(func() {
		if err := orm.Register("shop", (*Shelf)(nil), (*Item)(nil)); err != nil {
			panic(err)
		}
	})
	dir, err := os.MkdirTemp("", "orm-shop")
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite:///"+filepath.Join(dir, "shop.db"), db.Options{})
	if err != nil {
		panic(err)
	}
	ctx = db.WithDB(ctx, d)
	if err := orm.CreateTables(ctx, (*Shelf)(nil), (*Item)(nil)); err != nil {
		panic(err)
	}
	for _, s := range []string{"front", "back", "empty"} {
		if err := Shelves.Create(ctx, &Shelf{Name: s}); err != nil {
			panic(err)
		}
	}
	for i, it := range []struct {
		name, kind string
		stock      int32
		shelf      int64
	}{{"apple", "fruit", 10, 1}, {"pear", "fruit", 0, 1}, {"leek", "veg", 4, 2}, {"kiwi", "fruit", 7, 2}} {
		item := &Item{Name: it.name, Kind: it.kind, Stock: it.stock}
		item.Shelf.SetID(it.shelf)
		if err := Items.Create(ctx, item); err != nil {
			panic(fmt.Sprint(i, err))
		}
	}
	return ctx, func() { d.Close(); os.RemoveAll(dir) }
}

func ExampleQuerySet_Annotate() {
	ctx, done := openShop()
	defer done()

	rows, err := Items.All().ValuesQuery("kind").
		Annotate(
			orm.Count("id").As("n"),
			orm.Sum("stock"),
			orm.Count("id").Filter(orm.Q("stock", 0)).As("sold_out"),
		).
		OrderBy("-n").Values(ctx)
	if err != nil {
		panic(err)
	}
	for _, r := range rows {
		fmt.Println(r["kind"], r["n"], r["stock__sum"], r["sold_out"])
	}
	// Output:
	// fruit 3 17 1
	// veg 1 4 0
}

func ExampleSubquery() {
	ctx, done := openShop()
	defer done()

	shelves, err := Shelves.All().
		Annotate(
			orm.Subquery(Items.Filter("shelf", orm.OuterRef("id")).Annotate(orm.Sum("stock").As("s"))).As("stock"),
			orm.Exists(Items.Filter("shelf", orm.OuterRef("id")).Filter("stock", 0)).As("gaps"),
		).
		OrderBy("id").AllAnnotated(ctx)
	if err != nil {
		panic(err)
	}
	for _, s := range shelves {
		fmt.Println(s.Object.Name, s.Values["stock"], s.Values["gaps"])
	}
	// Output:
	// front 10 true
	// back 11 false
	// empty <nil> false
}

func ExampleExists() {
	ctx, done := openShop()
	defer done()

	names, err := Shelves.Where(orm.Not(orm.Exists(Items.Filter("shelf", orm.OuterRef("id"))))).FlatList(ctx, "name")
	fmt.Println(names, err)
	// Output:
	// [empty] <nil>
}

func ExampleQuerySet_Iterator() {
	ctx, done := openShop()
	defer done()

	// Two rows per query; the connection is free between chunks.
	for item, err := range Items.All().Iterator(ctx, 2) {
		if err != nil {
			panic(err)
		}
		fmt.Println(item.Name)
	}
	// Output:
	// apple
	// pear
	// leek
	// kiwi
}

func ExampleManager_BulkUpdate() {
	ctx, done := openShop()
	defer done()

	items, _ := Items.OrderBy("id").All(ctx)
	for _, it := range items {
		it.Stock += 100
	}
	n, err := Items.BulkUpdate(ctx, items, "stock")
	fmt.Println(n, err)
	total, _ := Items.All().Aggregate(ctx, orm.Sum("stock"))
	fmt.Println(total["stock__sum"])
	// Output:
	// 4 <nil>
	// 421
}

func ExampleQuerySet_Only() {
	ctx, done := openShop()
	defer done()

	it, _ := Items.All().Only("name").Get(ctx, "name", "leek")
	fmt.Printf("%s %q %d\n", it.Name, it.Kind, it.Stock)
	_ = Items.Refresh(ctx, it, "stock")
	fmt.Printf("%s %q %d\n", it.Name, it.Kind, it.Stock)
	// Output:
	// leek "" 0
	// leek "" 4
}
