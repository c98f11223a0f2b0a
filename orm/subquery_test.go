package orm_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/orm"
)

func seedComments(t *testing.T, ctx context.Context, f fixture) {
	t.Helper()
	for _, c := range []struct {
		p    *Post
		text string
	}{{f.hello, "nice x"}, {f.hello, "why"}, {f.pct, "x marks"}} {
		cm := &Comment{Text: c.text}
		cm.Post.Set(c.p)
		if err := Comments.Create(ctx, cm); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSubqueries(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		f := seed(t, ctx)
		seedComments(t, ctx, f)
		withX := Comments.Filter("text__contains", "x").ValuesQuery("post")
		cases := []struct {
			name string
			qs   orm.QuerySet[Post]
			want []string
		}{
			{"in QuerySet", Posts.Filter("id__in", withX), set("hello", "pct")},
			{"in Subquery", Posts.Filter("pk__in", orm.Subquery(withX)), set("hello", "pct")},
			{"not in", Posts.Exclude("id__in", withX), set("go-tips", "bs")},
			{"in keys by default", Posts.Filter("author__in", Users.Filter("karma__gt", 5)), set("hello", "pct")},
			{"exists", Posts.Where(orm.Exists(Comments.Filter("post", orm.OuterRef("id")))), set("hello", "pct")},
			{"not exists", Posts.Where(orm.Not(orm.Exists(Comments.Filter("post", orm.OuterRef("pk"))))), set("go-tips", "bs")},
			{"exists with params", Posts.Filter("status", "published").Where(orm.Exists(Comments.Filter("post", orm.OuterRef("id")).Filter("text__startswith", "x"))), set("pct")},
			{"scalar, same table", Posts.Filter("views__gt", orm.Subquery(Posts.Filter("slug", "bs").ValuesQuery("views"))), set("hello", "pct")},
			{"correlated max, same table", Posts.Filter("views__gte", orm.Subquery(Posts.Filter("author", orm.OuterRef("author")).Annotate(orm.Max("views").As("m")))), set("hello", "bs")},
			{"outer ref across fk", Posts.Where(orm.Exists(Users.Filter("id", orm.OuterRef("author")).Filter("karma__gt", orm.OuterRef("views")))), set("go-tips", "pct", "bs")},
			{"nested", Posts.Filter("author__in", Users.Where(orm.Exists(Posts.Filter("editor", orm.OuterRef("id"))))), set("go-tips", "bs")},
		}
		for _, c := range cases {
			if got := sortedSlugs(t, ctx, c.qs); !slices.Equal(got, c.want) {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			}
		}
		// Annotations from correlated subqueries, with parameters before
		// and after the WHERE's ("?" binds in text order).
		got, err := Users.All().
			Annotate(
				orm.Subquery(Posts.Filter("author", orm.OuterRef("id")).Filter("status", "published").Annotate(orm.Count("*").As("c"))).As("published"),
				orm.Exists(Posts.Filter("editor", orm.OuterRef("id"))).As("edits"),
				orm.Subquery(Posts.Filter("author", orm.OuterRef("id")).OrderBy("-views").ValuesQuery("slug").Limit(1)).As("top"),
			).
			Filter("username__in", []string{"ann", "bob"}).Filter("published__gte", 0).OrderBy("username").AllAnnotated(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, a := range got {
			lines = append(lines, fmt.Sprintf("%s published=%v edits=%v top=%v", a.Object.Username, a.Values["published"], a.Values["edits"], a.Values["top"]))
		}
		if want := []string{"ann published=2 edits=false top=hello", "bob published=0 edits=true top=bs"}; !slices.Equal(lines, want) {
			t.Errorf("got %q\nwant %q", lines, want)
		}
		// Ordering by a subquery annotation.
		vs, err := Users.All().Annotate(orm.Subquery(Posts.Filter("author", orm.OuterRef("id")).Annotate(orm.Sum("views").As("s"))).As("views")).OrderBy("-views").ValuesQuery("username").Values(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := rowsOf(t, vs, "username", "views"); !slices.Equal(got, []string{"username=ann views=17", "username=bob views=1"}) {
			t.Errorf("ordered by subquery: %v", got)
		}
	})
}

func TestSubqueryErrors(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		_, err := Posts.Filter("views", orm.OuterRef("id")).All(ctx)
		if err == nil || !strings.Contains(err.Error(), "OuterRef") {
			t.Errorf("OuterRef outside a subquery: %v", err)
		}
		_, err = Posts.Filter("id__in", Comments.All().ValuesQuery("id", "text")).All(ctx)
		if err == nil || !strings.Contains(err.Error(), "selects 2 columns") {
			t.Errorf("two-column subquery: %v", err)
		}
		_, err = Posts.Filter("title__contains", Comments.All().ValuesQuery("text")).All(ctx)
		if err == nil {
			t.Error("contains with a subquery: no error")
		}
		_, err = Posts.Filter("id__in", Comments.Filter("nope", 1)).All(ctx)
		if err == nil || !strings.Contains(err.Error(), "nope") {
			t.Errorf("bad field inside subquery: %v", err)
		}
		_, err = Posts.Where(orm.Exists(Comments.Filter("post", orm.OuterRef("nope")))).All(ctx)
		if err == nil || !strings.Contains(err.Error(), "nope") {
			t.Errorf("bad OuterRef: %v", err)
		}
	})
}
