package migrate_test

import (
	"context"
	"fmt"
	"os"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
	_ "github.com/jazzgo/jazz/db/sqlite"
	"github.com/jazzgo/jazz/migrate"
	_ "github.com/jazzgo/jazz/migrate/schema"
)

// exampleApp is an installed app with migrations, as a project's app is
// (its migrations package returns them).
type exampleApp struct{ apps.Base }

func (exampleApp) Migrations() []*migrate.Migration {
	return []*migrate.Migration{
		{Name: "0001_initial", Initial: true, Operations: []migrate.Operation{
			migrate.CreateModel{Name: "Post", Fields: []migrate.Field{
				{Name: "id", Type: migrate.Auto, PrimaryKey: true},
				{Name: "title", Type: migrate.Char, MaxLength: 200},
			}},
		}},
		{Name: "0002_post_slug", Dependencies: []migrate.Key{{App: "blog", Name: "0001_initial"}}, Operations: []migrate.Operation{
			migrate.AddField{Model: "Post", Field: migrate.Field{Name: "slug", Type: migrate.Char, MaxLength: 200, Default: ""}},
		}},
	}
}

func ExampleLoad() {
	l, err := migrate.Load([]apps.App{exampleApp{apps.Base{Name: "blog"}}}, nil)
	if err != nil {
		panic(err)
	}
	for _, m := range l.Order() {
		fmt.Println(m)
	}
	s, _ := l.State()
	for _, f := range s.Model("blog.Post").Fields {
		fmt.Println(" ", f.Name, f.Type)
	}
	// Output:
	// blog.0001_initial
	// blog.0002_post_slug
	//   id auto
	//   title char
	//   slug char
}

func ExampleExecutor() {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite://:memory:", db.Options{})
	if err != nil {
		panic(err)
	}
	defer d.Close()
	x := &migrate.Executor{DB: d, Apps: []apps.App{exampleApp{apps.Base{Name: "blog"}}}, Out: os.Stdout}

	// migrate --plan: show what would run.
	if err := x.Migrate(ctx, nil, migrate.RunOptions{Plan: true}); err != nil {
		panic(err)
	}
	// migrate, quietly this time.
	x.Out = nil
	if err := x.Migrate(ctx, nil, migrate.RunOptions{}); err != nil {
		panic(err)
	}
	l, _ := migrate.Load(x.Apps, nil)
	left, _ := migrate.Unapplied(ctx, d, l)
	fmt.Println("unapplied:", len(left))
	// Output:
	// Planned operations:
	// blog.0001_initial
	//     Create model Post
	// blog.0002_post_slug
	//     Add field slug to Post
	// unapplied: 0
}
