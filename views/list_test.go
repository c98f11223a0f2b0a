package views_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/paginator"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/views"
	"github.com/jazzgo/jazz/web"
)

func TestListPaginated(t *testing.T) {
	c, _ := newSite(t, "sqlite", 23,
		urls.Path("articles/", views.List(views.ListOptions[Article]{PaginateBy: 10, Ordering: []string{"slug"}}), "article-list"),
		urls.Path("orphans/", views.List(views.ListOptions[Article]{PaginateBy: 10, PaginateOrphans: 3, Ordering: []string{"-slug"}}), "orphans"),
	)
	r := c.Get("/articles/").AssertStatus(200).AssertTemplateUsed("viewstest/article_list.html").
		AssertContains("<li>Article 01</li>").AssertContains("<li>Article 10</li>").AssertNotContains("Article 11").
		AssertContains("page 1 of 3 next=2 [1 2 3 ]")
	objs, _ := r.Context("object_list")
	if list, ok := objs.([]*Article); !ok || len(list) != 10 {
		t.Fatalf("object_list = %T (%v)", objs, objs)
	}
	if other, _ := r.Context("article_list"); other == nil {
		t.Error("no article_list in the context")
	}
	if v, _ := r.Context("is_paginated"); v != true {
		t.Errorf("is_paginated = %v", v)
	}
	page, _ := r.Context("page_obj")
	if pg, ok := page.(*paginator.Page); !ok || pg.Number != 1 || pg.Paginator.Count != 23 {
		t.Errorf("page_obj = %#v", page)
	}
	c.Get("/articles/?page=3").AssertStatus(200).AssertContains("<li>Article 21</li><li>Article 22</li><li>Article 23</li></ul>page 3 of 3 [")
	c.Get("/articles/?page=last").AssertStatus(200).AssertContains("page 3 of 3")
	for _, bad := range []string{"4", "0", "-1", "abc", "1.5"} {
		c.Get("/articles/?page=" + bad).AssertStatus(404)
	}
	// 23 = 10 + 13: the orphans join the last page.
	c.Get("/orphans/?page=2").AssertStatus(200).AssertContains("<li>Article 13</li>").
		AssertContains("<li>Article 01</li></ul>page 2 of 2")
	c.Get("/orphans/?page=3").AssertStatus(404)
	c.Post("/articles/", nil).AssertStatus(405)
}

func TestListEmpty(t *testing.T) {
	c, _ := newSite(t, "sqlite", 0,
		urls.Path("articles/", views.List(views.ListOptions[Article]{PaginateBy: 10}), "article-list"),
		urls.Path("all/", views.List(views.ListOptions[Article]{}), "all"),
		urls.Path("strict/", views.List(views.ListOptions[Article]{RejectEmpty: true}), "strict"),
		urls.Path("strict-paged/", views.List(views.ListOptions[Article]{RejectEmpty: true, PaginateBy: 5}), "strict-paged"),
	)
	r := c.Get("/articles/").AssertStatus(200).AssertContains("<ul></ul>")
	if v, _ := r.Context("is_paginated"); v != false {
		t.Errorf("is_paginated = %v on an empty list", v)
	}
	c.Get("/articles/?page=2").AssertStatus(404)
	c.Get("/all/").AssertStatus(200).AssertContains("<ul></ul>")
	c.Get("/strict/").AssertStatus(404)
	c.Get("/strict-paged/").AssertStatus(404)
}

func TestListHooks(t *testing.T) {
	c, ctx := newSite(t, "sqlite", 5,
		urls.Path("articles/", views.List(views.ListOptions[Article]{
			Template:          "viewstest/custom_list.html",
			ContextObjectName: "articles",
			Queryset: func(r *http.Request) orm.QuerySet[Article] {
				return Articles.Filter("published", true).Filter("slug__gte", r.URL.Query().Get("from"))
			},
			Ordering: []string{"-slug"},
		}), "articles"),
		urls.Path("extra/", views.List(views.ListOptions[Article]{
			ExtraContext: web.Context{"extra": "static"},
			Context: func(r *http.Request, data web.Context) error {
				if r.URL.Query().Has("deny") {
					return web.Forbidden("no")
				}
				data["extra"] = data["extra"].(string) + "-" + r.URL.Query().Get("x")
				return nil
			},
		}), "extra"),
		urls.Path("broken/", views.List(views.ListOptions[Article]{Ordering: []string{"nope"}}), "broken"),
	)
	if _, err := Articles.Filter("slug", "a04").Update(ctx, orm.Set{"published": false}); err != nil {
		t.Fatal(err)
	}
	c.Get("/articles/?from=a02").AssertStatus(200).AssertTemplateUsed("viewstest/custom_list.html").
		AssertContains("[a05][a03][a02]")
	c.Get("/extra/?x=dyn").AssertStatus(200).AssertContains("extra=static-dyn")
	c.Get("/extra/?deny=1").AssertStatus(403)
	c.Get("/broken/").AssertStatus(500)
}

// TestListDetailDialects runs a paginated list and a detail page on every
// database.
func TestListDetailDialects(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres", "mysql"} {
		t.Run(dialect, func(t *testing.T) {
			c, _ := newSite(t, dialect, 12,
				urls.Path("articles/", views.List(views.ListOptions[Article]{PaginateBy: 5, Ordering: []string{"slug"}}), "list"),
				urls.Path("articles/<slug:slug>/", views.Detail(views.DetailOptions[Article]{}), "detail"),
				urls.Path("by-id/<int:pk>/", views.Detail(views.DetailOptions[Article]{}), "by-id"),
			)
			body := c.Get("/articles/?page=3").AssertStatus(200).Text()
			if n := strings.Count(body, "<li>"); n != 2 {
				t.Errorf("page 3 has %d items, want 2: %s", n, body)
			}
			c.Get("/articles/?page=2").AssertContains("<li>Article 06</li>").AssertContains("<li>Article 10</li></ul>")
			c.Get("/articles/a07/").AssertStatus(200).AssertContains("<h1>Article 07</h1>")
			c.Get("/articles/zzz/").AssertStatus(404)
			c.Get("/by-id/3/").AssertStatus(200).AssertContains("<h1>Article 03</h1>")
			c.Get("/by-id/999/").AssertStatus(404)
		})
	}
}
