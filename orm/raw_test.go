package orm_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
)

func TestRaw(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		f := seed(t, ctx)
		d := db.FromContext(ctx).Dialect()
		q := "SELECT id, title, author_id, views AS VIEWS FROM blog_post WHERE views > " + d.Placeholder(1) + " ORDER BY id"
		ps, err := Posts.Raw(ctx, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || ps[0].ID != f.hello.ID || ps[0].Title != "Hello World" || ps[0].Views != 10 || ps[0].Author.ID() != f.ann.ID || ps[1].Slug != "" {
			t.Errorf("Raw: %+v", ps)
		}
		// A hostile value stays a value.
		ps, err = Posts.Raw(ctx, "SELECT id FROM blog_post WHERE slug = "+d.Placeholder(1), "x' OR '1'='1")
		if err != nil || len(ps) != 0 {
			t.Errorf("bound value: %v, %v", ps, err)
		}
		var fe *orm.FieldError
		_, err = Posts.Raw(ctx, "SELECT id, 1 AS surprise FROM blog_post")
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), "surprise") {
			t.Errorf("unknown column: %v", err)
		}
		if _, err = Posts.Raw(ctx, "SELECT id, id AS pk_again FROM blog_post"); err == nil {
			t.Error("unknown column pk_again: no error")
		}
		if _, err = Posts.Raw(ctx, "SELECT nonsense FROM"); err == nil {
			t.Error("bad SQL: no error")
		}
		n := 0
		for p, err := range Posts.RawIter(ctx, "SELECT id, slug FROM blog_post ORDER BY id") {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 2 {
				if p.Slug != "go-tips" {
					t.Errorf("RawIter second row: %+v", p)
				}
				break
			}
		}
	})
}

func TestExplain(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		seed(t, ctx)
		plan, err := Posts.Filter("status", "published").Filter("author__username", "ann").Explain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "blog_post") && !strings.Contains(plan, "blog_user") {
			t.Errorf("plan does not mention the tables:\n%s", plan)
		}
		t.Logf("%s plan:\n%s", db.FromContext(ctx).Dialect().Name(), plan)
		if _, err := Posts.Filter("nope", 1).Explain(ctx); err == nil {
			t.Error("Explain of a bad QuerySet: no error")
		}
	})
}
