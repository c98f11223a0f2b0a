package views_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/views"
	"github.com/jazzgo/jazz/web"
)

func TestDetail(t *testing.T) {
	published := func(r *http.Request) orm.QuerySet[Article] { return Articles.Filter("published", true) }
	c, ctx := newSite(t, "sqlite", 3,
		urls.Path("a/<slug:slug>/", views.Detail(views.DetailOptions[Article]{Queryset: published}), "detail"),
		urls.Path("id/<int:pk>/", views.Detail(views.DetailOptions[Article]{ExtraContext: web.Context{"extra": "x"}}), "by-id"),
		urls.Path("str/<str:pk>/", views.Detail(views.DetailOptions[Article]{}), "by-str"),
		urls.Path("both/<int:pk>/<slug:slug>/", views.Detail(views.DetailOptions[Article]{QueryPKAndSlug: true}), "both"),
		urls.Path("pkonly/<int:pk>/<slug:slug>/", views.Detail(views.DetailOptions[Article]{}), "pkonly"),
		urls.Path("named/<slug:name>/", views.Detail(views.DetailOptions[Article]{SlugParam: "name", SlugField: "title"}), "named"),
		urls.Path("custom/<int:n>/", views.Detail(views.DetailOptions[Article]{
			Object: func(r *http.Request, qs orm.QuerySet[Article]) (*Article, error) {
				n, _ := urls.Int(r, "n")
				return views.GetObjectOr404(r.Context(), qs.OrderBy("slug").Offset(n), "published", true)
			},
		}), "custom"),
		urls.Path("none/", views.Detail(views.DetailOptions[Article]{}), "none"),
	)
	if _, err := Articles.Filter("slug", "a02").Update(ctx, orm.Set{"published": false}); err != nil {
		t.Fatal(err)
	}
	r := c.Get("/a/a01/").AssertStatus(200).AssertTemplateUsed("viewstest/article_detail.html").
		AssertContains("<h1>Article 01</h1>same=true")
	if obj, _ := r.Context("object"); obj.(*Article).Slug != "a01" {
		t.Errorf("object = %+v", obj)
	}
	c.Get("/a/a02/").AssertStatus(404) // filtered out by the Queryset hook
	c.Get("/a/nope/").AssertStatus(404)
	c.Get("/id/2/").AssertStatus(200).AssertContains("Article 02").AssertContains("extra=x")
	c.Get("/id/99/").AssertStatus(404)
	c.Get("/str/abc/").AssertStatus(404) // not an integer key
	c.Get("/both/1/a01/").AssertStatus(200)
	c.Get("/both/1/a02/").AssertStatus(404) // stale slug
	c.Get("/pkonly/1/a02/").AssertStatus(200)
	c.Get("/named/Article-03/").AssertStatus(404)
	c.Get("/custom/1/").AssertStatus(200).AssertContains("Article 03")
	c.Get("/custom/5/").AssertStatus(404)
	c.Get("/none/").AssertStatus(500)
	c.Post("/id/1/", nil).AssertStatus(405)
}

func TestGetOr404(t *testing.T) {
	_, ctx := newSite(t, "sqlite", 3)
	obj, err := views.GetObjectOr404(ctx, Articles.All(), "slug", "a02")
	if err != nil || obj.Title != "Article 02" {
		t.Fatalf("GetObjectOr404 = %+v, %v", obj, err)
	}
	_, err = views.GetObjectOr404(ctx, Articles.All(), "slug", "zz")
	if web.StatusOf(err) != 404 || !errors.Is(err, orm.ErrDoesNotExist) {
		t.Errorf("missing object: %v (status %d)", err, web.StatusOf(err))
	}
	_, err = views.GetObjectOr404(ctx, Articles.All(), "published", true)
	if web.StatusOf(err) != 500 || !errors.Is(err, orm.ErrMultipleObjectsReturned) {
		t.Errorf("several objects: %v (status %d)", err, web.StatusOf(err))
	}
	list, err := views.GetListOr404(ctx, Articles.Filter("slug__in", []string{"a01", "a03"}))
	if err != nil || len(list) != 2 {
		t.Errorf("GetListOr404 = %v, %v", list, err)
	}
	_, err = views.GetListOr404(ctx, Articles.Filter("slug", "zz"))
	if web.StatusOf(err) != 404 {
		t.Errorf("empty list: %v", err)
	}
	_, err = views.GetListOr404(ctx, Articles.Filter("nope", 1))
	if web.StatusOf(err) != 500 {
		t.Errorf("bad field: %v", err)
	}
}
