package schema_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/orm"
)

// The live models of TestMigratedSchemaMatchesORM, app label "schemat".

type Shelf struct {
	orm.Model
	Name string `jazz:"max_length=40,unique"`
}

type Genre struct {
	orm.Model
	Name string `jazz:"max_length=30"`
}

type Book struct {
	orm.Model
	Title  string                `jazz:"max_length=100,index"`
	Shelf  orm.ForeignKey[Shelf] `jazz:"null,on_delete=set_null"`
	Pages  uint32                // positive
	Price  orm.Decimal           `jazz:"max_digits=8,decimal_places=2"`
	Code   *orm.UUID             // nullable
	When   time.Time             // a reserved word as a column
	Took   time.Duration         //
	Data   map[string]any        //
	Note   *string               //
	Live   bool                  `jazz:"default=true"`
	Genres orm.ManyToMany[Genre] `jazz:"related_name=books"`
}

func (*Book) Meta() orm.Meta {
	return orm.Meta{
		UniqueTogether: [][]string{{"title", "shelf"}},
		Indexes:        []orm.Index{{Fields: []string{"pages", "title"}}},
		Constraints:    []orm.Constraint{{Name: "book_pages_small", Check: "pages < 100000"}},
	}
}

type Cover struct {
	orm.Model
	Book  orm.OneToOne[Book] `jazz:"on_delete=cascade"`
	Color string             `jazz:"max_length=20"`
}

var (
	Shelves = orm.NewManager[Shelf]()
	Books   = orm.NewManager[Book]()
	Genres  = orm.NewManager[Genre]()
	Covers  = orm.NewManager[Cover]()
)

func TestMain(m *testing.M) {
	if err := orm.Register("schemat", (*Shelf)(nil), (*Genre)(nil), (*Book)(nil), (*Cover)(nil)); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// dependencyOrder sorts models so that the targets of relations come
// before the models that point at them.
func dependencyOrder(s *migrate.State) []*migrate.ModelState {
	var out []*migrate.ModelState
	done := map[string]bool{}
	rest := s.Models()
	for len(rest) > 0 {
		n := len(rest)
		rest = slices.DeleteFunc(rest, func(m *migrate.ModelState) bool {
			for _, f := range m.Fields {
				if (f.Type.IsRelation() || f.Type == migrate.ManyToMany) && f.To != m.Label() && !done[f.To] {
					return false
				}
			}
			out = append(out, m)
			done[m.Label()] = true
			return true
		})
		if len(rest) == n {
			panic("relation cycle")
		}
	}
	return out
}

func TestMigratedSchemaMatchesORM(t *testing.T) {
	infos := []*orm.ModelInfo{orm.Info[Shelf](), orm.Info[Genre](), orm.Info[Book](), orm.Info[Cover]()}
	tables := []string{"schemat_shelf", "schemat_genre", "schemat_book", "schemat_book_genres", "schemat_cover"}
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			migrated, created := dbtest.Open(t, dialect), dbtest.Open(t, dialect)
			s := migrate.FromModels(infos)
			if err := migration(t, migrated, func(ctx context.Context, e migrate.Editor) error {
				for _, m := range dependencyOrder(s) {
					if err := e.CreateModel(ctx, s, m); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if err := orm.CreateTables(db.WithDB(context.Background(), created), (*Shelf)(nil), (*Genre)(nil), (*Book)(nil), (*Cover)(nil)); err != nil {
				t.Fatal(err)
			}
			for _, table := range tables {
				got, want := columns(t, migrated, table), columns(t, created, table)
				if len(want) == 0 || !slices.Equal(got, want) {
					t.Errorf("%s:\nmigrated %v\nORM      %v", table, got, want)
				}
				// Same number of indexes; the names of unique-together
				// constraints differ: the ORM leaves them to the database,
				// migrations name them so they can be found again.
				if got, want := indexes(t, migrated, table), indexes(t, created, table); len(got) != len(want) {
					t.Errorf("indexes of %s:\nmigrated %v\nORM      %v", table, got, want)
				}
			}

			// The ORM works on the migrated database.
			ctx := db.WithDB(context.Background(), migrated)
			shelf := &Shelf{Name: "top"}
			if err := Shelves.Create(ctx, shelf); err != nil {
				t.Fatal(err)
			}
			g := &Genre{Name: "poetry"}
			if err := Genres.Create(ctx, g); err != nil {
				t.Fatal(err)
			}
			note := "signed"
			b := &Book{Title: "Odes", Pages: 120, Price: orm.MustDecimal("12.50"), When: time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC),
				Took: 90 * time.Minute, Data: map[string]any{"k": "v"}, Note: &note}
			b.Shelf.Set(shelf)
			if err := Books.Create(ctx, b); err != nil {
				t.Fatal(err)
			}
			if err := b.Genres.Add(ctx, g); err != nil {
				t.Fatal(err)
			}
			if err := Covers.Create(ctx, &Cover{Book: orm.OneToOne[Book]{ForeignKey: fkTo(b)}, Color: "red"}); err != nil {
				t.Fatal(err)
			}
			got, err := Books.Get(ctx, "title", "Odes")
			if err != nil {
				t.Fatal(err)
			}
			if got.Pages != 120 || got.Took != 90*time.Minute || got.Note == nil || *got.Note != "signed" || got.Shelf.ID() != shelf.ID || !got.Live {
				t.Errorf("read back %+v", got)
			}
			gs, err := got.Genres.All(ctx)
			if err != nil || len(gs) != 1 || gs[0].Name != "poetry" {
				t.Errorf("genres = %v, %v", gs, err)
			}
			dup := &Book{Title: "Odes", Pages: 1, Price: orm.MustDecimal("1")}
			dup.Shelf.Set(shelf)
			if err := Books.Create(ctx, dup); err == nil {
				t.Errorf("unique_together not enforced on the migrated table")
			}
		})
	}
}

func fkTo(b *Book) orm.ForeignKey[Book] {
	var fk orm.ForeignKey[Book]
	fk.Set(b)
	return fk
}
