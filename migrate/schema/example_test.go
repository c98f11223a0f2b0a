package schema_test

import (
	"context"
	"fmt"

	"github.com/jazzgo/jazz/db/postgres"
	"github.com/jazzgo/jazz/migrate"
)

// An editor in collect mode writes the SQL of an operation without a
// database, as sqlmigrate does.
func Example() {
	d := postgres.Dialect{}
	b, err := migrate.BackendFor(d)
	if err != nil {
		panic(err)
	}
	e := b.Editor(nil, d, true)
	from := migrate.NewState()
	_ = migrate.CreateModel{Name: "Post", Fields: []migrate.Field{
		{Name: "id", Type: migrate.Auto, PrimaryKey: true},
		{Name: "title", Type: migrate.Char, MaxLength: 100},
	}}.State("blog", from)

	op := migrate.AddField{Model: "Post", Field: migrate.Field{Name: "views", Type: migrate.Int, Default: 0}}
	to := from.Clone()
	_ = op.State("blog", to)
	if err := op.Forwards(context.Background(), e, "blog", from, to); err != nil {
		panic(err)
	}
	for _, s := range e.Statements() {
		fmt.Println(s)
	}
	// Output:
	// ALTER TABLE "blog_post" ADD COLUMN "views" integer DEFAULT 0 NOT NULL
	// ALTER TABLE "blog_post" ALTER COLUMN "views" DROP DEFAULT
}
