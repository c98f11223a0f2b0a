package orm_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/orm"
)

func usernames(t *testing.T, ctx context.Context, qs orm.QuerySet[User]) []string {
	t.Helper()
	us, err := qs.OrderBy("username").All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range us {
		out = append(out, u.Username)
	}
	return out
}

func TestUsing(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			def, primary, replica := dbtest.URL(t, dialect), dbtest.URL(t, dialect), dbtest.URL(t, dialect)
			ctx := context.Background()
			dbs, err := db.OpenDatabases(ctx, map[string]db.Config{
				"default": {URL: def},
				"other":   {URL: primary, Replicas: []string{replica}},
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { dbs.Close() })
			// Each database gets the tables and a user naming it.
			for _, target := range []struct{ alias, name string }{{"default", "d"}, {"other", "p"}} {
				d, _ := dbs.Get(target.alias)
				c := db.WithDB(ctx, d)
				if err := orm.CreateTables(c, allModels...); err != nil {
					t.Fatal(err)
				}
				if err := Users.Create(c, &User{Username: target.name}); err != nil {
					t.Fatal(err)
				}
			}
			rd, err := dbs.ForRead("other")
			if err != nil {
				t.Fatal(err)
			}
			rc := db.WithDB(ctx, rd)
			if err := orm.CreateTables(rc, allModels...); err != nil {
				t.Fatal(err)
			}
			if err := Users.Create(rc, &User{Username: "r"}); err != nil {
				t.Fatal(err)
			}

			d, _ := dbs.Get("default")
			ctx = orm.WithDatabases(db.WithDB(ctx, d), dbs)
			if got := usernames(t, ctx, Users.All()); !slices.Equal(got, []string{"d"}) {
				t.Errorf("no Using: %v", got)
			}
			if got := usernames(t, ctx, Users.All().Using("other")); !slices.Equal(got, []string{"r"}) {
				t.Errorf("Using(other) reads the replica: %v", got)
			}
			if n, err := Users.All().Using("other").Count(ctx); err != nil || n != 1 {
				t.Errorf("Count on the replica: %d, %v", n, err)
			}
			// Writes go to the primary.
			if n, err := Users.All().Using("other").Update(ctx, orm.Set{"karma": 5}); err != nil || n != 1 {
				t.Errorf("Update(other): %d, %v", n, err)
			}
			octx, err := orm.Alias(ctx, "other")
			if err != nil {
				t.Fatal(err)
			}
			if u, err := Users.Get(octx, "username", "p"); err != nil || u.Karma != 5 {
				t.Errorf("the primary was not updated: %+v, %v", u, err)
			}
			// Inside a transaction on the primary, reads see it.
			err = db.Atomic(octx, func(tctx context.Context) error {
				if err := Users.Create(tctx, &User{Username: "p2"}); err != nil {
					return err
				}
				if got := usernames(t, tctx, Users.All().Using("other")); !slices.Equal(got, []string{"p", "p2"}) {
					t.Errorf("Using in a transaction: %v", got)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Users.All().Using("nope").All(ctx); err == nil || !strings.Contains(err.Error(), "nope") {
				t.Errorf("unknown alias: %v", err)
			}
			if _, err := Users.All().Using("other").All(db.WithDB(context.Background(), d)); err == nil || !strings.Contains(err.Error(), "WithDatabases") {
				t.Errorf("no Databases: %v", err)
			}
			if _, err := orm.Alias(context.Background(), "other"); err == nil {
				t.Error("Alias without Databases: no error")
			}
		})
	}
}
