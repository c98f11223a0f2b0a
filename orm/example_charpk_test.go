package orm_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
)

// Currency is keyed by its ISO code, a natural key the caller sets.
type Currency struct {
	Code string `jazz:"primary_key,max_length=3"`
	Name string `jazz:"max_length=50"`
}

var Currencies = orm.NewManager[Currency]()

// ExampleManager_Save shows Save with a string primary key: it updates the
// row with that key, or inserts one when there is none, as Django does.
func ExampleManager_Save() {
	dir, err := os.MkdirTemp("", "orm-currency")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite:///"+filepath.Join(dir, "money.db"), db.Options{})
	if err != nil {
		panic(err)
	}
	defer d.Close()
	ctx = db.WithDB(ctx, d)
	if err := orm.Register("money", (*Currency)(nil)); err != nil {
		panic(err)
	}
	if err := orm.CreateTables(ctx, (*Currency)(nil)); err != nil {
		panic(err)
	}

	if err := Currencies.Save(ctx, &Currency{Code: "SEK", Name: "krona"}); err != nil { // inserted
		panic(err)
	}
	if err := Currencies.Save(ctx, &Currency{Code: "SEK", Name: "Swedish krona"}); err != nil { // updated
		panic(err)
	}
	sek, _ := Currencies.Get(ctx, "pk", "SEK")
	n, _ := Currencies.Count(ctx)
	fmt.Println(sek.Name, n)

	err = Currencies.Create(ctx, &Currency{Name: "nameless"})
	fmt.Println(errors.Is(err, orm.ErrNoKey))
	// Output:
	// Swedish krona 1
	// true
}
