package modelform_test

import (
	"context"
	"fmt"
	"net/url"

	"github.com/jazzgo/jazz/db"
	_ "github.com/jazzgo/jazz/db/sqlite"
	"github.com/jazzgo/jazz/forms/modelform"
	"github.com/jazzgo/jazz/orm"
)

func Example() {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite://:memory:", db.Options{})
	if err != nil {
		panic(err)
	}
	defer d.Close()
	ctx = db.WithDB(ctx, d)
	if err := orm.CreateTables(ctx, &Writer{}, &Tag{}, &Story{}); err != nil {
		panic(err)
	}
	ann := &Writer{Name: "ann"}
	if err := Writers.Create(ctx, ann); err != nil {
		panic(err)
	}

	f, err := modelform.New[Story](ctx, nil, modelform.Options{Fields: []string{"title", "author"}})
	if err != nil {
		panic(err)
	}
	f.Bind(url.Values{"title": {"Hello"}, "author": {fmt.Sprint(ann.ID)}}, nil)
	if !f.IsValid() {
		fmt.Println(f.Errors())
		return
	}
	story, err := f.Save(ctx)
	if err != nil {
		panic(err)
	}
	fmt.Println(story.Title, story.Status, story.Author.ID() == ann.ID)

	// The same title again breaks the model's unique rule.
	f, _ = modelform.New[Story](ctx, nil, modelform.Options{Fields: []string{"title", "author"}})
	f.Bind(url.Values{"title": {"Hello"}, "author": {fmt.Sprint(ann.ID)}}, nil)
	fmt.Println(f.IsValid(), f.Errors()["title"].Codes())
	// Output:
	// Hello draft true
	// false [unique]
}
