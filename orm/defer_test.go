package orm_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/orm"
)

func TestOnlyDeferRefresh(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		f := seed(t, ctx)
		p, err := Posts.All().Only("title", "views").Get(ctx, "slug", "hello")
		if err != nil {
			t.Fatal(err)
		}
		if p.ID != f.hello.ID || p.Title != "Hello World" || p.Views != 10 {
			t.Errorf("Only left out a loaded field: %+v", p)
		}
		if p.Slug != "" || p.Rating != nil || p.Author.ID() != 0 || !p.Created.IsZero() {
			t.Errorf("Only loaded a deferred field: %+v", p)
		}
		if err := Posts.Refresh(ctx, p, "slug", "rating"); err != nil {
			t.Fatal(err)
		}
		if p.Slug != "hello" || p.Rating == nil || *p.Rating != 5 || p.Title != "Hello World" || p.Author.ID() != 0 {
			t.Errorf("Refresh(slug, rating): %+v", p)
		}
		if err := Posts.Refresh(ctx, p); err != nil {
			t.Fatal(err)
		}
		if p.Author.ID() != f.ann.ID || p.Price.String() != "10.00" {
			t.Errorf("Refresh(): %+v", p)
		}

		ps, err := Posts.All().Defer("body", "extra", "price").Defer("title").OrderBy("id").All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 4 || ps[0].Title != "" || ps[0].Slug != "hello" || !ps[0].Price.IsZero() {
			t.Errorf("Defer: %+v", ps[0])
		}
		// SelectRelated targets are loaded whole; the key cannot be deferred.
		ps, err = Posts.All().SelectRelated("author").Only("slug").Defer("id").OrderBy("id").All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ps[0].ID == 0 || ps[0].Title != "" {
			t.Errorf("Only with SelectRelated: %+v", ps[0])
		}
		if u, ok := ps[0].Author.Loaded(); !ok || u.Username != "ann" {
			t.Errorf("related object not loaded: %v %v", u, ok)
		}

		var fe *orm.FieldError
		if _, err := Posts.All().Only("nope").All(ctx); !errors.As(err, &fe) {
			t.Errorf("Only(nope): %v", err)
		}
		if _, err := Posts.All().Defer("author__username").All(ctx); !errors.As(err, &fe) {
			t.Errorf("Defer across a relation: %v", err)
		}
		gone := &Post{Model: orm.Model{ID: 999999}}
		if err := Posts.Refresh(ctx, gone); !errors.Is(err, orm.ErrDoesNotExist) {
			t.Errorf("Refresh of a missing row: %v", err)
		}
		if err := Posts.Refresh(ctx, &Post{}); err == nil {
			t.Error("Refresh without a key: no error")
		}
	})
}

func TestInBulk(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		f := seed(t, ctx)
		got, err := Posts.All().InBulk(ctx, []int64{f.hello.ID, f.slash.ID, 999999})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[f.hello.ID].Slug != "hello" || got[f.slash.ID].Slug != "bs" {
			t.Errorf("InBulk: %v", got)
		}
		got, err = Posts.Filter("status", "published").InBulk(ctx, []int64{f.hello.ID, f.slash.ID})
		if err != nil || len(got) != 1 {
			t.Errorf("InBulk on a filtered QuerySet: %v, %v", got, err)
		}
		if got, err := Posts.All().InBulk(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("InBulk(nil): %v, %v", got, err)
		}
		// More keys than one statement may bind.
		many := make([]int64, 70000)
		for i := range many {
			many[i] = int64(i + 1)
		}
		if got, err := Posts.All().InBulk(ctx, many); err != nil || len(got) != 4 {
			t.Errorf("InBulk of 70000 keys: %d, %v", len(got), err)
		}
		tk := &Token{Name: "one"}
		if err := Tokens.Create(ctx, tk); err != nil {
			t.Fatal(err)
		}
		byUUID, err := orm.InBulk(ctx, Tokens.All(), []orm.UUID{tk.Key})
		if err != nil || byUUID[tk.Key] == nil || byUUID[tk.Key].Name != "one" {
			t.Errorf("InBulk by UUID: %v, %v", byUUID, err)
		}
		if _, err := orm.InBulk(ctx, Posts.All(), []int{1}); err == nil || !strings.Contains(err.Error(), "int64") {
			t.Errorf("InBulk with the wrong key type: %v", err)
		}
		if _, err := Posts.All().Limit(1).InBulk(ctx, []int64{1}); err == nil {
			t.Error("InBulk on a sliced QuerySet: no error")
		}
	})
}
