package orm_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
)

func ptr[T any](v T) *T { return &v }

type fixture struct {
	ann, bob                  *User
	hello, gotips, pct, slash *Post
}

// seed inserts two users and four posts chosen so every lookup has a
// distinct answer. Post titles hold LIKE wildcards, a backslash and
// quotes, which must match literally.
func seed(t *testing.T, ctx context.Context) fixture {
	t.Helper()
	var f fixture
	f.ann = &User{Username: "ann", Email: "ann@example.com", Karma: 10}
	f.bob = &User{Username: "bob", Karma: 3}
	for _, u := range []*User{f.ann, f.bob} {
		if err := Users.Create(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(title, slug, status string, rating *int32, minRating int32, views int64, price string, author, editor *User) *Post {
		p := &Post{Title: title, Slug: slug, Status: status, Rating: rating, MinRating: minRating, Views: views, Price: orm.MustDecimal(price)}
		p.Author.Set(author)
		if editor != nil {
			p.Editor.Set(editor)
		}
		if err := Posts.Create(ctx, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f.hello = mk("Hello World", "hello", "published", ptr[int32](5), 4, 10, "10.00", f.ann, nil)
	f.gotips = mk("Go tips", "go-tips", "draft", nil, 0, 0, "2.50", f.bob, nil)
	f.pct = mk("100% sure_thing", "pct", "published", ptr[int32](2), 3, 7, "0.99", f.ann, f.bob)
	f.slash = mk(`Back\slash 'quoted' "dq"`, "bs", "draft", ptr[int32](3), 5, 1, "100.00", f.bob, nil)
	return f
}

// slugs runs qs and returns the slugs in order.
func slugs(t *testing.T, ctx context.Context, qs orm.QuerySet[Post]) []string {
	t.Helper()
	ps, err := qs.All(ctx)
	if err != nil {
		t.Fatalf("%v", err)
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Slug
	}
	return out
}

func sortedSlugs(t *testing.T, ctx context.Context, qs orm.QuerySet[Post]) []string {
	t.Helper()
	s := slugs(t, ctx, qs)
	slices.Sort(s)
	return s
}

func set(s ...string) []string { slices.Sort(s); return s }

func TestLookups(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		f := seed(t, ctx)
		all := set("hello", "go-tips", "pct", "bs")
		cases := []struct {
			name string
			qs   orm.QuerySet[Post]
			want []string
		}{
			{"exact", Posts.Filter("status", "published"), set("hello", "pct")},
			{"exact explicit", Posts.Filter("status__exact", "draft"), set("go-tips", "bs")},
			{"exact is case-sensitive", Posts.Filter("title", "hello world"), nil},
			{"go field name", Posts.Filter("Title", "Go tips"), set("go-tips")},
			{"iexact", Posts.Filter("title__iexact", "hello WORLD"), set("hello")},
			{"contains", Posts.Filter("title__contains", "World"), set("hello")},
			{"contains is case-sensitive", Posts.Filter("title__contains", "world"), nil},
			{"contains percent literally", Posts.Filter("title__contains", "%"), set("pct")},
			{"contains underscore literally", Posts.Filter("title__contains", "_"), set("pct")},
			{"contains backslash literally", Posts.Filter("title__contains", `\`), set("bs")},
			{"contains quotes", Posts.Filter("title__contains", `'quoted' "dq"`), set("bs")},
			{"icontains", Posts.Filter("title__icontains", "WORLD"), set("hello")},
			{"in", Posts.Filter("slug__in", []string{"hello", "bs", "nope"}), set("hello", "bs")},
			{"in empty", Posts.Filter("slug__in", []string{}), nil},
			{"exclude in empty", Posts.Exclude("slug__in", []string{}), all},
			{"gt", Posts.Filter("views__gt", 5), set("hello", "pct")},
			{"gte", Posts.Filter("views__gte", 7), set("hello", "pct")},
			{"lt", Posts.Filter("views__lt", 1), set("go-tips")},
			{"lte", Posts.Filter("views__lte", 1), set("go-tips", "bs")},
			{"startswith", Posts.Filter("title__startswith", "Go"), set("go-tips")},
			{"istartswith", Posts.Filter("title__istartswith", "go "), set("go-tips")},
			{"endswith", Posts.Filter("title__endswith", "_thing"), set("pct")},
			{"iendswith", Posts.Filter("title__iendswith", "WORLD"), set("hello")},
			{"range", Posts.Filter("views__range", []int64{1, 7}), set("pct", "bs")},
			{"isnull true", Posts.Filter("rating__isnull", true), set("go-tips")},
			{"isnull false", Posts.Filter("rating__isnull", false), set("hello", "pct", "bs")},
			{"nil is IS NULL", Posts.Filter("rating", nil), set("go-tips")},
			{"regex", Posts.Filter("title__regex", "^Go"), set("go-tips")},
			{"iregex", Posts.Filter("title__iregex", "^go t"), set("go-tips")},
			{"decimal", Posts.Filter("price", orm.MustDecimal("2.50")), set("go-tips")},
			{"decimal from string", Posts.Filter("price", "100.00"), set("bs")},
			{"fk path", Posts.Filter("author__username", "ann"), set("hello", "pct")},
			{"fk path iexact", Posts.Filter("author__username__iexact", "ANN"), set("hello", "pct")},
			{"fk id", Posts.Filter("author__id", f.bob.ID), set("go-tips", "bs")},
			{"fk column", Posts.Filter("author_id", f.bob.ID), set("go-tips", "bs")},
			{"fk object", Posts.Filter("author", f.ann), set("hello", "pct")},
			{"fk id value", Posts.Filter("author", f.ann.ID), set("hello", "pct")},
			{"fk path gt", Posts.Filter("author__karma__gt", 5), set("hello", "pct")},
			{"nullable fk path", Posts.Filter("editor__username", "bob"), set("pct")},
			{"nullable fk isnull", Posts.Filter("editor__isnull", true), set("hello", "go-tips", "bs")},
			{"exclude keeps nulls", Posts.Exclude("rating__lt", 3), set("hello", "go-tips", "bs")},
			{"chained filters", Posts.Filter("status", "published").Filter("views__lt", 8), set("pct")},
			{"Q or not", Posts.Where(orm.Or(orm.Q("status", "draft"), orm.Not(orm.Q("rating__gte", 3)))), set("go-tips", "bs", "pct")},
			{"Q and", Posts.Where(orm.And(orm.Q("status", "published"), orm.Q("author", f.ann))), set("hello", "pct")},
			{"empty Or", Posts.Where(orm.Or()), nil},
			{"F compare", Posts.Filter("rating__gt", orm.F("min_rating")), set("hello")},
			{"F arithmetic", Posts.Filter("views__gte", orm.F("min_rating").Add(6)), set("hello")},
			{"F mul", Posts.Filter("views", orm.F("min_rating").Mul(2).Add(2)), set("hello")},
			{"F across fk", Posts.Filter("views", orm.F("author__karma")), set("hello")},
			{"none", Posts.All().None(), nil},
		}
		for _, c := range cases {
			if got := sortedSlugs(t, ctx, c.qs); !slices.Equal(got, c.want) {
				sql, args, _ := c.qs.SQL(db.FromContext(ctx).Dialect())
				t.Errorf("%s: got %v, want %v\n%s %v", c.name, got, c.want, sql, args)
			}
		}
	})
}

func TestDateParts(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		fri := &Everything{S: "fri", T: time.Date(2024, 3, 15, 13, 45, 30, 0, time.UTC)} // a Friday
		sun := &Everything{S: "sun", T: time.Date(2023, 12, 31, 23, 59, 0, 0, time.UTC)} // a Sunday
		for _, e := range []*Everything{fri, sun} {
			if err := Everythings.Create(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			lookup string
			value  any
			want   string
		}{
			{"t__year", 2024, "fri"},
			{"t__year__gte", 2024, "fri"},
			{"t__year__lt", 2024, "sun"},
			{"t__month", 12, "sun"},
			{"t__day", 15, "fri"},
			{"t__week_day", 6, "fri"},
			{"t__week_day", 1, "sun"},
			{"t__hour", 13, "fri"},
			{"t__minute", 59, "sun"},
			{"t__date", time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC), "fri"},
			{"t__gt", time.Date(2024, 1, 1, 1, 0, 0, 0, time.FixedZone("x", 3600)), "fri"}, // midnight UTC
			{"t__year__in", []int{2023, 2022}, "sun"},
		}
		for _, c := range cases {
			got, err := Everythings.Filter(c.lookup, c.value).FlatList(ctx, "s")
			if err != nil {
				t.Errorf("%s: %v", c.lookup, err)
				continue
			}
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("%s=%v: got %v, want [%s]", c.lookup, c.value, got, c.want)
			}
		}
	})
}

func TestOrderingAndSlicing(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		seed(t, ctx)
		check := func(name string, qs orm.QuerySet[Post], want ...string) {
			t.Helper()
			if got := slugs(t, ctx, qs); !slices.Equal(got, want) {
				t.Errorf("%s: got %v, want %v", name, got, want)
			}
		}
		check("views asc", Posts.OrderBy("views"), "go-tips", "bs", "pct", "hello")
		check("views desc", Posts.OrderBy("-views"), "hello", "pct", "bs", "go-tips")
		check("across fk", Posts.OrderBy("author__username", "-views"), "hello", "pct", "bs", "go-tips")
		check("limit offset", Posts.OrderBy("views").Limit(2).Offset(1), "bs", "pct")
		check("offset only", Posts.OrderBy("views").Offset(3), "hello")
		check("meta ordering (-created, id) on equal times falls back to id",
			Posts.Filter("slug__in", []string{"hello"}), "hello")
		n, err := Posts.OrderBy("?").Limit(3).Count(ctx)
		if err != nil || n != 3 {
			t.Errorf("random order count = %d, %v", n, err)
		}
		first, err := Posts.OrderBy("views").First(ctx)
		if err != nil || first.Slug != "go-tips" {
			t.Errorf("First = %v, %v", first, err)
		}
		last, err := Posts.OrderBy("views").Last(ctx)
		if err != nil || last.Slug != "hello" {
			t.Errorf("Last = %v, %v", last, err)
		}
		byPK, err := Posts.All().OrderBy().First(ctx)
		if err != nil || byPK.Slug != "hello" {
			t.Errorf("First by pk = %v, %v", byPK, err)
		}
		if _, err := Posts.Filter("slug", "nope").First(ctx); !errors.Is(err, orm.ErrDoesNotExist) {
			t.Errorf("First on empty: %v", err)
		}
		// Iter streams and stops early.
		var seen []string
		for p, err := range Posts.OrderBy("views").Iter(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			seen = append(seen, p.Slug)
			if len(seen) == 2 {
				break
			}
		}
		if !slices.Equal(seen, []string{"go-tips", "bs"}) {
			t.Errorf("Iter = %v", seen)
		}
		// A QuerySet is immutable: refining it leaves it unchanged.
		base := Posts.Filter("status", "draft")
		_ = base.Filter("views__gt", 0).OrderBy("-views")
		if got := sortedSlugs(t, ctx, base); !slices.Equal(got, set("go-tips", "bs")) {
			t.Errorf("base changed: %v", got)
		}
	})
}

func TestGetCountExists(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		f := seed(t, ctx)
		p, err := Posts.Get(ctx, "slug", "hello")
		if err != nil || p.ID != f.hello.ID || p.Title != "Hello World" {
			t.Fatalf("Get = %+v, %v", p, err)
		}
		if p.Author.ID() != f.ann.ID || p.Price.String() != "10.00" || *p.Rating != 5 || p.Internal != "" {
			t.Errorf("fields: %+v", p)
		}
		if _, ok := p.Author.Loaded(); ok {
			t.Error("author loaded without SelectRelated")
		}
		a, err := p.Author.Get(ctx)
		if err != nil || a.Username != "ann" {
			t.Errorf("Author.Get = %v, %v", a, err)
		}
		if p2, err := Posts.Get(ctx, "pk", f.pct.ID); err != nil || p2.Slug != "pct" {
			t.Errorf("Get pk = %v, %v", p2, err)
		}
		if p3, err := Posts.Get(ctx, "id", "3"); err != nil || p3.Slug != "pct" {
			t.Errorf("Get id from a string = %v, %v", p3, err)
		}
		_, err = Posts.Get(ctx, "slug", "missing")
		if !errors.Is(err, orm.ErrDoesNotExist) || !strings.Contains(err.Error(), "Post") {
			t.Errorf("missing: %v", err)
		}
		_, err = Posts.Get(ctx, "status", "draft")
		if !errors.Is(err, orm.ErrMultipleObjectsReturned) {
			t.Errorf("multiple: %v", err)
		}
		if p, err := Posts.Filter("status", "draft").Get(ctx, "views", 1); err != nil || p.Slug != "bs" {
			t.Errorf("qs.Get = %v, %v", p, err)
		}
		n, err := Posts.Filter("author__username", "ann").Count(ctx)
		if err != nil || n != 2 {
			t.Errorf("Count = %d, %v", n, err)
		}
		n, err = Posts.OrderBy("id").Limit(3).Offset(2).Count(ctx)
		if err != nil || n != 2 {
			t.Errorf("sliced Count = %d, %v", n, err)
		}
		if n, err := Posts.Count(ctx); err != nil || n != 4 {
			t.Errorf("Count all = %d, %v", n, err)
		}
		ok, err := Posts.Filter("title__contains", "%").Exists(ctx)
		if err != nil || !ok {
			t.Errorf("Exists = %v, %v", ok, err)
		}
		ok, err = Posts.Filter("title__contains", "zzz").Exists(ctx)
		if err != nil || ok {
			t.Errorf("Exists(none) = %v, %v", ok, err)
		}
	})
}

func TestValuesAndAggregates(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		seed(t, ctx)
		rows, err := Posts.OrderBy("views").Values(ctx, "id", "title", "author__username", "price", "rating")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 4 || rows[0]["title"] != "Go tips" || rows[0]["author__username"] != "bob" || rows[0]["rating"] != nil {
			t.Errorf("Values = %v", rows)
		}
		if d, ok := rows[0]["price"].(orm.Decimal); !ok || d.String() != "2.50" {
			t.Errorf("price = %#v", rows[0]["price"])
		}
		if r, ok := rows[3]["rating"].(int64); !ok || r != 5 {
			t.Errorf("rating = %#v", rows[3]["rating"])
		}
		all, err := Posts.Filter("slug", "hello").Values(ctx)
		if err != nil || len(all) != 1 || all[0]["slug"] != "hello" || all[0]["author"] == nil || len(all[0]) != 14 {
			t.Errorf("Values() = %v, %v", all, err)
		}
		vl, err := Posts.OrderBy("-views").ValuesList(ctx, "slug", "views")
		if err != nil || len(vl) != 4 || vl[0][0] != "hello" || vl[0][1] != int64(10) {
			t.Errorf("ValuesList = %v, %v", vl, err)
		}
		flat, err := Posts.OrderBy("slug").FlatList(ctx, "slug")
		if err != nil || !slices.Equal(flat, []any{"bs", "go-tips", "hello", "pct"}) {
			t.Errorf("FlatList = %v, %v", flat, err)
		}

		agg, err := Posts.All().Aggregate(ctx, orm.Count("id"), orm.Sum("views"), orm.Avg("rating"), orm.Max("views"), orm.Min("rating"), orm.Count("rating").As("rated"), orm.Max("created"))
		if err != nil {
			t.Fatal(err)
		}
		if agg["id__count"] != int64(4) || agg["views__sum"] != int64(18) || agg["views__max"] != int64(10) || agg["rating__min"] != int64(2) || agg["rated"] != int64(3) {
			t.Errorf("Aggregate = %#v", agg)
		}
		if avg, ok := agg["rating__avg"].(float64); !ok || avg < 3.33 || avg > 3.34 {
			t.Errorf("avg = %#v", agg["rating__avg"])
		}
		if _, ok := agg["created__max"].(time.Time); !ok {
			t.Errorf("max created = %#v", agg["created__max"])
		}
		agg, err = Posts.Filter("slug", "none").Aggregate(ctx, orm.Count("id"), orm.Sum("views"))
		if err != nil || agg["id__count"] != int64(0) || agg["views__sum"] != nil {
			t.Errorf("empty Aggregate = %#v, %v", agg, err)
		}
		if db.FromContext(ctx).Dialect().Name() != "sqlite" { // SQLite stores decimals as text; SUM goes through a float there
			agg, err = Posts.All().Aggregate(ctx, orm.Sum("price"))
			if d, ok := agg["price__sum"].(orm.Decimal); err != nil || !ok || d.Cmp(orm.MustDecimal("113.49")) != 0 {
				t.Errorf("decimal sum = %#v, %v", agg["price__sum"], err)
			}
		}
	})
}

func TestCreateSaveUpdateDelete(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		f := seed(t, ctx)
		// Create filled the key, the timestamps and the default.
		p := &Post{Title: "New", Slug: "new", Price: orm.MustDecimal("1")}
		p.Author.SetID(f.ann.ID)
		if err := Posts.Create(ctx, p); err != nil {
			t.Fatal(err)
		}
		if p.ID == 0 || p.Status != "draft" || p.Created.IsZero() || !p.Created.Equal(p.Updated) {
			t.Errorf("after Create: %+v", p)
		}
		got, err := Posts.Get(ctx, "pk", p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Created.Equal(p.Created) || got.Created.Location() != time.UTC {
			t.Errorf("created read back %v, wrote %v", got.Created, p.Created)
		}
		// Save updates every field and refreshes auto_now only.
		created := p.Created
		p.Title = "Renamed"
		p.Extra = map[string]any{"tags": []any{"a", "b"}, "n": 1.5}
		if err := Posts.Save(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err = Posts.Get(ctx, "pk", p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Renamed" || !got.Created.Equal(created) || got.Updated.Before(created) || got.Extra["n"] != 1.5 {
			t.Errorf("after Save: %+v", got)
		}
		// update_fields writes only those columns.
		p.Title = "Not saved"
		p.Body = "saved"
		if err := Posts.Save(ctx, p, "body"); err != nil {
			t.Fatal(err)
		}
		got, err = Posts.Get(ctx, "pk", p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Renamed" || got.Body != "saved" {
			t.Errorf("update_fields: %+v", got)
		}
		if err := Posts.Save(ctx, p, "nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
			t.Errorf("bad update field: %v", err)
		}
		// Saving an unchanged row is fine everywhere (MySQL reports 0 rows changed).
		if err := Posts.Save(ctx, got); err != nil {
			t.Errorf("unchanged save: %v", err)
		}
		// Save with a key whose row is gone inserts it.
		ghost := &Post{Title: "Ghost", Slug: "ghost", Price: orm.MustDecimal("0")}
		ghost.ID = 999
		ghost.Author.SetID(f.bob.ID)
		if err := Posts.Save(ctx, ghost); err != nil {
			t.Fatal(err)
		}
		if g, err := Posts.Get(ctx, "pk", 999); err != nil || g.Slug != "ghost" {
			t.Errorf("ghost: %v %v", g, err)
		}
		// Unique violations keep their meaning.
		dup := &Post{Title: "Dup", Slug: "hello"}
		dup.Author.SetID(f.ann.ID)
		if err := Posts.Create(ctx, dup); !errors.Is(err, db.ErrUniqueViolation) {
			t.Errorf("duplicate slug: %v", err)
		}
		// Bulk update with F: no lost values, right rows.
		n, err := Posts.Filter("author__username", "ann").Update(ctx, orm.Set{"views": orm.F("views").Add(1), "status": "draft"})
		if err != nil || n != 3 {
			t.Fatalf("Update = %d, %v", n, err)
		}
		h, err := Posts.Get(ctx, "pk", f.hello.ID)
		if err != nil {
			t.Fatal(err)
		}
		if h.Views != 11 || h.Status != "draft" {
			t.Errorf("after Update: %+v", h)
		}
		if _, err := Posts.All().Update(ctx, orm.Set{"titel": "x"}); err == nil || !strings.Contains(err.Error(), `"titel"`) {
			t.Errorf("bad Set key: %v", err)
		}
		if _, err := Posts.All().Update(ctx, orm.Set{"views": orm.F("author__karma")}); err == nil {
			t.Error("F across a relation in Update: want an error")
		}
		if _, err := Posts.OrderBy("id").Limit(1).Update(ctx, orm.Set{"views": 1}); err == nil {
			t.Error("Update of a sliced QuerySet: want an error")
		}
		// Delete by filter across a relation, and one object.
		res, err := Posts.Filter("author__username", "bob").Exclude("slug", "ghost").Delete(ctx)
		if err != nil || res.Total != 2 || res.ByModel["blog.Post"] != 2 {
			t.Fatalf("Delete = %+v, %v", res, err)
		}
		if err := Posts.Delete(ctx, p); err != nil || p.ID != 0 {
			t.Errorf("Delete(obj) = %v, id %d", err, p.ID)
		}
		left := sortedSlugs(t, ctx, Posts.All())
		if !slices.Equal(left, set("hello", "pct", "ghost")) {
			t.Errorf("left: %v", left)
		}
		// Deleting a referenced user follows on_delete=cascade to her posts
		// (collector.go; the relation tests cover every action).
		annPosts, err := Posts.Filter("author__username", "ann").Count(ctx)
		if err != nil || annPosts == 0 {
			t.Fatalf("ann's posts: %d, %v", annPosts, err)
		}
		res, err = Users.Filter("username", "ann").Delete(ctx)
		if err != nil || res.ByModel["blog.User"] != 1 || res.ByModel["blog.Post"] != annPosts {
			t.Errorf("delete referenced user: %+v, %v (want 1 user and %d posts)", res, err, annPosts)
		}
	})
}

func TestBulkCreateAndGetOrCreate(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context) {
		objs := make([]*Counter, 1000)
		for i := range objs {
			objs[i] = &Counter{N: int64(i)}
		}
		if err := Counters.BulkCreate(ctx, objs); err != nil {
			t.Fatal(err)
		}
		if n, err := Counters.Count(ctx); err != nil || n != 1000 {
			t.Fatalf("count = %d, %v", n, err)
		}
		if db.FromContext(ctx).Dialect().Features().CanReturnRowsFromBulkInsert {
			for i, o := range objs {
				got, err := Counters.Get(ctx, "pk", o.ID)
				if err != nil || got.N != int64(i) {
					t.Fatalf("objs[%d] id %d: %v %v", i, o.ID, got, err)
				}
			}
		}
		// More placeholders than one statement allows: several batches.
		users := make([]*User, 0, 7000)
		for i := range cap(users) {
			users = append(users, &User{Username: "u" + strconv.Itoa(i)})
		}
		if err := Users.BulkCreate(ctx, users); err != nil {
			t.Fatal(err)
		}
		if n, _ := Users.Count(ctx); n != 7000 {
			t.Errorf("users = %d", n)
		}

		u, created, err := Users.GetOrCreate(ctx, orm.Q("username", "zed"), func(u *User) { u.Karma = 7 })
		if err != nil || !created || u.ID == 0 || u.Karma != 7 || u.Username != "zed" {
			t.Fatalf("GetOrCreate new = %+v %v %v", u, created, err)
		}
		u2, created, err := Users.GetOrCreate(ctx, orm.Q("username", "zed"), nil)
		if err != nil || created || u2.ID != u.ID {
			t.Errorf("GetOrCreate existing = %+v %v %v", u2, created, err)
		}
		// Inside a transaction the unique-violation path needs a savepoint.
		err = db.Atomic(ctx, func(ctx context.Context) error {
			_, created, err := Users.GetOrCreate(ctx, orm.And(orm.Q("username", "yan"), orm.Q("karma", 2)), nil)
			if err != nil || !created {
				t.Errorf("GetOrCreate in tx: %v %v", created, err)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if y, err := Users.Get(ctx, "username", "yan"); err != nil || y.Karma != 2 {
			t.Errorf("yan = %v %v", y, err)
		}
	})
}
