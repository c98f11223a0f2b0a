package orm_test

import (
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/mysql"
	"github.com/jazzgo/jazz/db/postgres"
	"github.com/jazzgo/jazz/db/sqlite"
	"github.com/jazzgo/jazz/orm"
)

var dialects = map[string]db.Dialect{"sqlite": sqlite.Dialect{}, "postgres": postgres.Dialect{}, "mysql": mysql.Dialect{}}

func TestSQLGeneration(t *testing.T) {
	qs := Posts.Filter("title__icontains", "go").Filter("author__username", "ann").
		Exclude("rating__lt", 2).OrderBy("-created", "title").Limit(10).Offset(20)
	cols := func(q func(string) string, table string) string {
		var out []string
		for _, c := range []string{"id", "title", "slug", "body", "status", "rating", "min_rating", "views", "price", "created", "updated", "author_id", "editor_id", "extra"} {
			out = append(out, q(table)+"."+q(c))
		}
		return strings.Join(out, ", ")
	}
	dq := func(s string) string { return `"` + s + `"` }
	bq := func(s string) string { return "`" + s + "`" }
	want := map[string]string{
		"sqlite": `SELECT ` + cols(dq, "blog_post") + ` FROM "blog_post" INNER JOIN "blog_user" "t1" ON "t1"."id" = "blog_post"."author_id"` +
			` WHERE (UPPER("blog_post"."title") LIKE UPPER(?) ESCAPE '\' AND "t1"."username" = ? AND NOT (("blog_post"."rating" < ? AND "blog_post"."rating" IS NOT NULL)))` +
			` ORDER BY "blog_post"."created" DESC, "blog_post"."title" ASC LIMIT 10 OFFSET 20`,
		"postgres": `SELECT ` + cols(dq, "blog_post") + ` FROM "blog_post" INNER JOIN "blog_user" "t1" ON "t1"."id" = "blog_post"."author_id"` +
			` WHERE (UPPER("blog_post"."title"::text) LIKE UPPER($1) ESCAPE '\' AND "t1"."username" = $2 AND NOT (("blog_post"."rating" < $3 AND "blog_post"."rating" IS NOT NULL)))` +
			` ORDER BY "blog_post"."created" DESC, "blog_post"."title" ASC LIMIT 10 OFFSET 20`,
		"mysql": `SELECT ` + cols(bq, "blog_post") + " FROM `blog_post` INNER JOIN `blog_user` `t1` ON `t1`.`id` = `blog_post`.`author_id`" +
			" WHERE (`blog_post`.`title` LIKE ? ESCAPE '\\' AND `t1`.`username` = BINARY ? AND NOT ((`blog_post`.`rating` < ? AND `blog_post`.`rating` IS NOT NULL)))" +
			" ORDER BY `blog_post`.`created` DESC, `blog_post`.`title` ASC LIMIT 10 OFFSET 20",
	}
	for name, d := range dialects {
		sql, args, err := qs.SQL(d)
		if err != nil {
			t.Fatal(err)
		}
		if sql != want[name] {
			t.Errorf("%s:\n got %s\nwant %s", name, sql, want[name])
		}
		if len(args) != 3 || args[0] != "%go%" || args[1] != "ann" || args[2] != int64(2) {
			t.Errorf("%s args = %#v", name, args)
		}
	}
}

func TestSQLShapes(t *testing.T) {
	d := sqlite.Dialect{}
	cases := []struct {
		qs   orm.QuerySet[Post]
		want string // a fragment of the SQL
		args []any
	}{
		{Posts.Filter("title__contains", "50%_off\\"), `"blog_post"."title" LIKE ? ESCAPE '\'`, []any{`%50\%\_off\\%`}},
		{Posts.Filter("title__startswith", "a"), `LIKE ?`, []any{"a%"}},
		{Posts.Filter("title__endswith", "a"), `LIKE ?`, []any{"%a"}},
		{Posts.Filter("slug__in", []string{"a", "b"}), `"blog_post"."slug" IN (?, ?)`, []any{"a", "b"}},
		{Posts.Filter("slug__in", []string{}), `WHERE 1 = 0`, nil},
		{Posts.Filter("views__range", [2]int{1, 5}), `"blog_post"."views" BETWEEN ? AND ?`, []any{int64(1), int64(5)}},
		{Posts.Filter("rating", nil), `"blog_post"."rating" IS NULL`, nil},
		{Posts.Filter("rating__isnull", false), `"blog_post"."rating" IS NOT NULL`, nil},
		{Posts.Filter("created__year__gte", 2024), `CAST(strftime('%Y', "blog_post"."created") AS INTEGER) >= ?`, []any{int64(2024)}},
		{Posts.Filter("views__gt", orm.F("min_rating").Add(1)), `"blog_post"."views" > ("blog_post"."min_rating" + ?)`, []any{int64(1)}},
		{Posts.Filter("editor__username", "x"), `LEFT JOIN "blog_user" "t1" ON "t1"."id" = "blog_post"."editor_id"`, []any{"x"}},
		{Posts.Filter("author__id", 3), `WHERE "blog_post"."author_id" = ?`, []any{int64(3)}},
		{Posts.Filter("author", 3).Filter("author__username", "a").OrderBy("author__karma"), `ORDER BY "t1"."karma" ASC`, []any{int64(3), "a"}},
		{Posts.OrderBy("?"), `ORDER BY RANDOM()`, nil},
		{Posts.OrderBy(), `FROM "blog_post"`, nil},
		{Posts.All().Distinct(), `SELECT DISTINCT `, nil},
		{Posts.Where(orm.Or(orm.Q("status", "a"), orm.And(orm.Q("views", 1), orm.Not(orm.Q("body", "b"))))), `WHERE ("blog_post"."status" = ? OR ("blog_post"."views" = ? AND NOT ("blog_post"."body" = ?)))`, []any{"a", int64(1), "b"}},
	}
	for _, c := range cases {
		sql, args, err := c.qs.SQL(d)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if !strings.Contains(sql, c.want) {
			t.Errorf("SQL %s\nlacks %s", sql, c.want)
		}
		if len(args) != len(c.args) {
			t.Errorf("%s: args %#v, want %#v", sql, args, c.args)
			continue
		}
		for i := range args {
			if args[i] != c.args[i] {
				t.Errorf("%s: args %#v, want %#v", sql, args, c.args)
			}
		}
	}
	sql, _, err := Comments.Filter("post__author__username", "ann").SelectRelated("post__author").OrderBy("id").SQL(d)
	if err != nil || !strings.Contains(sql, `INNER JOIN "blog_post" "t1" ON "t1"."id" = "blog_comment"."post_id" INNER JOIN "blog_user" "t2" ON "t2"."id" = "t1"."author_id" WHERE "t2"."username" = ?`) ||
		!strings.Contains(sql, `"t2"."username"`) || strings.Count(sql, "JOIN") != 2 {
		t.Errorf("nested joins: %s %v", sql, err)
	}
	// Default ordering comes from Meta.
	sql, _, _ = Posts.All().SQL(d)
	if !strings.HasSuffix(sql, `ORDER BY "blog_post"."created" DESC, "blog_post"."id" ASC`) {
		t.Errorf("Meta.Ordering not applied: %s", sql)
	}
	// PostgreSQL numbers its placeholders in text order.
	sql, _, _ = Posts.Filter("views__gt", orm.F("min_rating").Add(1)).Filter("slug__in", []string{"a", "b"}).SQL(postgres.Dialect{})
	if !strings.Contains(sql, `("blog_post"."min_rating" + $1)`) || !strings.Contains(sql, `IN ($2, $3)`) {
		t.Errorf("postgres placeholders: %s", sql)
	}
}
