package orm_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/jazzgo/jazz/orm"
)

// rowsOf renders Values rows as "k=v k=v" strings, keys in the order
// given, for compact comparisons.
func rowsOf(t *testing.T, rows []map[string]any, keys ...string) []string {
	t.Helper()
	out := make([]string, len(rows))
	for i, r := range rows {
		s := ""
		for j, k := range keys {
			if j > 0 {
				s += " "
			}
			s += fmt.Sprintf("%s=%v", k, r[k])
		}
		out[i] = s
	}
	return out
}

func TestAnnotateGroupBy(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		seed(t, ctx)
		rows, err := Posts.All().ValuesQuery("status").
			Annotate(
				orm.Count("id").As("n"),
				orm.Sum("views"),
				orm.Count("id").Filter(orm.Q("views__gt", 5)).As("popular"),
				orm.Count("*").Filter(orm.Q("author__username", "bob"), orm.Q("rating__isnull", false)).As("bob_rated"),
			).
			OrderBy("status").Values(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := rowsOf(t, rows, "status", "n", "views__sum", "popular", "bob_rated")
		want := []string{
			"status=draft n=2 views__sum=1 popular=0 bob_rated=1",
			"status=published n=2 views__sum=17 popular=2 bob_rated=0",
		}
		if !slices.Equal(got, want) {
			t.Errorf("got %q\nwant %q", got, want)
		}
		if n, ok := rows[0]["n"].(int64); !ok || n != 2 {
			t.Errorf("Count is %T %v, want int64 2", rows[0]["n"], rows[0]["n"])
		}

		// WHERE before grouping, HAVING on an aggregate, ordering by it.
		byAuthor := Posts.All().ValuesQuery("author__username").
			Annotate(orm.Count("id").As("n"), orm.Max("rating").As("best"))
		rows, err = byAuthor.OrderBy("-best").Values(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := rowsOf(t, rows, "author__username", "n", "best"), []string{"author__username=ann n=2 best=5", "author__username=bob n=2 best=3"}; !slices.Equal(got, want) {
			t.Errorf("by author: got %q, want %q", got, want)
		}
		rows, err = byAuthor.Filter("best__gte", 4).Values(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := rowsOf(t, rows, "author__username", "n"), []string{"author__username=ann n=2"}; !slices.Equal(got, want) {
			t.Errorf("HAVING: got %q, want %q", got, want)
		}
		rows, err = byAuthor.Filter("status", "published").Values(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := rowsOf(t, rows, "author__username", "n"), []string{"author__username=ann n=2"}; !slices.Equal(got, want) {
			t.Errorf("WHERE before GROUP BY: got %q, want %q", got, want)
		}
		// An aggregate in an Or goes to HAVING as a whole.
		rows, err = byAuthor.Where(orm.Or(orm.Q("n__gt", 5), orm.Q("best", 3))).Values(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := rowsOf(t, rows, "author__username"), []string{"author__username=bob"}; !slices.Equal(got, want) {
			t.Errorf("HAVING with Or: got %q, want %q", got, want)
		}
		// Count of a grouped QuerySet counts groups, HAVING included.
		if n, err := byAuthor.Filter("best__gte", 4).Count(ctx); err != nil || n != 1 {
			t.Errorf("Count of groups = %d, %v; want 1", n, err)
		}
		if ok, err := byAuthor.Filter("best__gt", 100).Exists(ctx); err != nil || ok {
			t.Errorf("Exists of no group = %v, %v", ok, err)
		}
		// ValuesList and FlatList see the grouping too.
		list, err := byAuthor.OrderBy("author__username").ValuesList(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := [][]any{{"ann", int64(2), int64(5)}, {"bob", int64(2), int64(3)}}; !reflect.DeepEqual(list, want) {
			t.Errorf("ValuesList = %#v, want %#v", list, want)
		}
	})
}

func TestAnnotateObjects(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		f := seed(t, ctx)
		// An aggregate on a model QuerySet groups by every column (JSON
		// and decimal ones included): one row per object.
		qs := Posts.All().Annotate(orm.Max("author__karma").As("karma"), orm.F("views").Mul(2).As("double")).OrderBy("slug")
		got, err := qs.AllAnnotated(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, a := range got {
			lines = append(lines, fmt.Sprintf("%s karma=%v double=%v", a.Object.Slug, a.Values["karma"], a.Values["double"]))
		}
		want := []string{"bs karma=3 double=2", "go-tips karma=3 double=0", "hello karma=10 double=20", "pct karma=10 double=14"}
		if !slices.Equal(lines, want) {
			t.Errorf("got %q\nwant %q", lines, want)
		}
		if got[2].Object.Title != "Hello World" || got[2].Object.Author.ID() != f.ann.ID {
			t.Errorf("annotated object not loaded whole: %+v", got[2].Object)
		}
		// Filters on a plain annotation stay in WHERE; on an aggregate they
		// become HAVING; All drops the values; Count counts objects.
		if s := slugs(t, ctx, qs.Filter("double__gt", 10)); !slices.Equal(s, []string{"hello", "pct"}) {
			t.Errorf("filter on expression annotation: %v", s)
		}
		if s := slugs(t, ctx, qs.Filter("karma__gt", 5).OrderBy("-double")); !slices.Equal(s, []string{"hello", "pct"}) {
			t.Errorf("HAVING on model annotation: %v", s)
		}
		if n, err := qs.Filter("karma__lt", 5).Count(ctx); err != nil || n != 2 {
			t.Errorf("Count with HAVING = %d, %v; want 2", n, err)
		}
		// F() may name an earlier annotation.
		vs, err := Posts.Filter("slug", "hello").Annotate(orm.F("views").Add(1).As("v1"), orm.F("v1").Mul(10).As("v10")).ValuesQuery("slug").Values(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 1 || vs[0]["v10"] != int64(110) {
			t.Errorf("F of an annotation: %v", vs)
		}
		// A condition as an annotation reads as a bool.
		bs, err := Posts.All().Annotate(orm.Q("views__gte", 7).As("hot")).OrderBy("slug").AllAnnotated(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var hot []string
		for _, a := range bs {
			if a.Values["hot"] == true {
				hot = append(hot, a.Object.Slug)
			} else if a.Values["hot"] != false {
				t.Errorf("condition annotation is %T %v", a.Values["hot"], a.Values["hot"])
			}
		}
		if !slices.Equal(hot, []string{"hello", "pct"}) {
			t.Errorf("hot = %v", hot)
		}
		if s := slugs(t, ctx, Posts.All().Annotate(orm.Q("views__gte", 7).As("hot")).Filter("hot", true).OrderBy("slug")); !slices.Equal(s, []string{"hello", "pct"}) {
			t.Errorf("filter on condition annotation: %v", s)
		}
	})
}

func TestAggregateFilter(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		seed(t, ctx)
		got, err := Posts.All().Aggregate(ctx,
			orm.Count("id").Filter(orm.Q("status", "published")).As("published"),
			orm.Sum("views").Filter(orm.Q("author__username", "bob")).As("bob_views"),
			orm.Avg("rating").Filter(orm.Q("status", "draft")).As("draft_rating"),
			orm.Max("views").Filter(orm.Q("slug", "nope")).As("none"),
			orm.Count("*"),
		)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]any{"published": int64(2), "bob_views": int64(1), "draft_rating": 3.0, "none": nil, "all__count": int64(4)}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %#v\nwant %#v", got, want)
		}
		// The filter's parameters bind in order with the WHERE's.
		got, err = Posts.Filter("views__lt", 10).Aggregate(ctx, orm.Count("id").Filter(orm.Q("status", "draft")).As("d"))
		if err != nil || got["d"] != int64(2) {
			t.Errorf("filter + where: %v, %v", got, err)
		}
	})
}

func TestOrderNulls(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		seed(t, ctx)
		cases := map[string][]string{
			"rating:nulls_last":   {"pct", "bs", "hello", "go-tips"},
			"rating:nulls_first":  {"go-tips", "pct", "bs", "hello"},
			"-rating:nulls_last":  {"hello", "bs", "pct", "go-tips"},
			"-rating:nulls_first": {"go-tips", "hello", "bs", "pct"},
		}
		for spec, want := range cases {
			if got := slugs(t, ctx, Posts.OrderBy(spec)); !slices.Equal(got, want) {
				t.Errorf("%s: got %v, want %v", spec, got, want)
			}
		}
		_, err := Posts.OrderBy("rating:sideways").All(ctx)
		var fe *orm.FieldError
		if !errors.As(err, &fe) {
			t.Errorf("bad ordering option: %v", err)
		}
	})
}

func TestAnnotateErrors(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		seed(t, ctx)
		cases := []struct {
			name string
			qs   orm.QuerySet[Post]
		}{
			{"clash with field", Posts.All().Annotate(orm.Count("id").As("title"))},
			{"bad name", Posts.All().Annotate(orm.Count("id").As("n; DROP TABLE blog_post"))},
			{"leading underscore", Posts.All().Annotate(orm.Count("id").As("_n"))},
			{"duplicate", Posts.All().Annotate(orm.Count("id").As("n"), orm.Sum("views").As("n"))},
			{"unknown field", Posts.All().Annotate(orm.Count("nope"))},
			{"unnamed subquery", Posts.All().Annotate(orm.Subquery(Users.All()))},
			{"unknown lookup on annotation", Posts.All().Annotate(orm.Count("id").As("n")).Filter("n__nope", 1)},
		}
		for _, c := range cases {
			if _, err := c.qs.All(ctx); err == nil {
				t.Errorf("%s: no error", c.name)
			} else if fe := (*orm.FieldError)(nil); !errors.As(err, &fe) && c.name != "unnamed subquery" {
				t.Errorf("%s: %v is not a FieldError", c.name, err)
			}
		}
	})
}
