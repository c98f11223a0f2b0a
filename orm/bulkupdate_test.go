package orm_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
)

func TestBulkUpdate(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		f := seed(t, ctx)
		ps := []*Post{f.hello, f.gotips, f.pct, f.slash}
		for i, p := range ps {
			p.Title = "T" + string(rune('a'+i)) + " it's"
			p.Views = int64(100 + i)
			p.Rating = nil
			p.Price = orm.MustDecimal("1.25")
			p.Extra = map[string]any{"i": float64(i)}
			p.Body = "must not be written"
		}
		ps[1].Rating = ptr[int32](9)
		n, err := Posts.BulkUpdate(ctx, ps, "title", "views", "rating", "Price", "extra")
		if err != nil {
			t.Fatal(err)
		}
		if n != 4 {
			t.Errorf("BulkUpdate matched %d rows, want 4", n)
		}
		for i, p := range ps {
			got, err := Posts.Get(ctx, "pk", p.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantRating := i == 1
			if got.Title != p.Title || got.Views != p.Views || (got.Rating != nil) != wantRating || got.Price.String() != "1.25" || got.Extra["i"] != float64(i) || got.Body != "" {
				t.Errorf("post %d after BulkUpdate: %+v", i, got)
			}
		}

		// Several batches, in one transaction.
		cs := make([]*Counter, 1200)
		for i := range cs {
			cs[i] = &Counter{N: int64(i)}
		}
		if err := Counters.BulkCreate(ctx, cs); err != nil {
			t.Fatal(err)
		}
		if cs[0].ID == 0 { // MySQL: no keys from a multi-row INSERT
			all, err := Counters.OrderBy("id").All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			cs = all
		}
		for _, c := range cs {
			c.N = c.N*2 + 1
		}
		lctx, log := db.WithQueryLog(ctx)
		if n, err := Counters.BulkUpdate(lctx, cs, "n"); err != nil || n != 1200 {
			t.Fatalf("BulkUpdate of 1200: %d, %v", n, err)
		}
		if q := log.Count(); q < 3 || q > 10 {
			t.Errorf("BulkUpdate of 1200 rows ran %d statements", q)
		}
		sum, err := Counters.All().Aggregate(ctx, orm.Sum("n"))
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(1200*1199 + 1200); sum["n__sum"] != want {
			t.Errorf("sum after BulkUpdate = %v, want %d", sum["n__sum"], want)
		}

		if _, err := Posts.BulkUpdate(ctx, ps); err == nil {
			t.Error("BulkUpdate without fields: no error")
		}
		if _, err := Posts.BulkUpdate(ctx, ps, "id"); err == nil {
			t.Error("BulkUpdate of the key: no error")
		}
		if _, err := Posts.BulkUpdate(ctx, []*Post{{Title: "x"}}, "title"); err == nil {
			t.Error("BulkUpdate of an unsaved object: no error")
		}
		var fe *orm.FieldError
		if _, err := Posts.BulkUpdate(ctx, ps, "nope"); !errors.As(err, &fe) {
			t.Errorf("BulkUpdate of an unknown field: %v", err)
		}
	})
}

func TestUpdateOrCreate(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		u, created, err := Users.UpdateOrCreate(ctx, orm.Q("username", "cat"), orm.Set{"karma": 7, "email": "cat@example.com"})
		if err != nil || !created || u.ID == 0 || u.Karma != 7 || u.Username != "cat" {
			t.Fatalf("create: %+v %v %v", u, created, err)
		}
		u2, created, err := Users.UpdateOrCreate(ctx, orm.Q("username", "cat"), orm.Set{"karma": 8})
		if err != nil || created || u2.ID != u.ID || u2.Karma != 8 || u2.Email != "cat@example.com" {
			t.Fatalf("update: %+v %v %v", u2, created, err)
		}
		got, err := Users.Get(ctx, "username", "cat")
		if err != nil || got.Karma != 8 {
			t.Errorf("stored: %+v %v", got, err)
		}
		if n, _ := Users.Count(ctx); n != 1 {
			t.Errorf("%d users, want 1", n)
		}
		if _, _, err := Users.UpdateOrCreate(ctx, orm.Q("username", "cat"), orm.Set{"karma": orm.F("karma").Add(1)}); err == nil {
			t.Error("F() default: no error")
		}
		if _, _, err := Users.UpdateOrCreate(ctx, orm.Q("username", "cat"), orm.Set{"nope": 1}); err == nil {
			t.Error("unknown default: no error")
		}
	})
}
