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

func TestDelete(t *testing.T) {
	var deleted []string
	c, ctx := newSite(t, "sqlite", 4,
		urls.Path("articles/", views.List(views.ListOptions[Article]{}), "article-list"),
		urls.Path("articles/<slug:slug>/delete/", views.Delete(views.DeleteOptions[Article]{
			SuccessRoute: "article-list",
			BeforeDelete: func(r *http.Request, a *Article) error {
				if a.Slug == "a04" {
					return web.Forbidden("a04 is kept")
				}
				deleted = append(deleted, a.Slug)
				return nil
			},
		}), "article-delete"),
		urls.Path("by-id/<int:pk>/delete/", views.Delete(views.DeleteOptions[Article]{
			SuccessURL: "/gone/{pk}/",
			Queryset:   func(r *http.Request) orm.QuerySet[Article] { return Articles.Filter("published", true) },
		}), "delete-by-id"),
		urls.Path("fn/<int:pk>/delete/", views.Delete(views.DeleteOptions[Article]{
			Success: func(r *http.Request, a *Article) (string, error) { return "/after/" + a.Slug + "/", nil },
		}), "delete-fn"),
		urls.Path("nowhere/<int:pk>/delete/", views.Delete(views.DeleteOptions[Article]{}), "delete-nowhere"),
	)
	// GET shows the confirmation page and deletes nothing.
	c.Get("/articles/a01/delete/").AssertStatus(200).AssertTemplateUsed("viewstest/article_confirm_delete.html").
		AssertContains("Delete Article 01?")
	if n, _ := Articles.Count(ctx); n != 4 {
		t.Fatalf("GET deleted rows: %d left", n)
	}
	// POST deletes and redirects.
	c.Post("/articles/a01/delete/", nil).AssertRedirects(302, "/articles/")
	if _, err := Articles.Get(ctx, "slug", "a01"); !errors.Is(err, orm.ErrDoesNotExist) {
		t.Errorf("a01 still there: %v", err)
	}
	c.Post("/articles/a01/delete/", nil).AssertStatus(404)
	c.Get("/articles/a01/delete/").AssertStatus(404)
	// The hook can refuse.
	c.Post("/articles/a04/delete/", nil).AssertStatus(403)
	if _, err := Articles.Get(ctx, "slug", "a04"); err != nil {
		t.Errorf("a04 was deleted despite the hook: %v", err)
	}
	if len(deleted) != 1 || deleted[0] != "a01" {
		t.Errorf("BeforeDelete saw %v", deleted)
	}
	// SuccessURL with a parameter, and a queryset that hides a row.
	if _, err := Articles.Filter("slug", "a03").Update(ctx, orm.Set{"published": false}); err != nil {
		t.Fatal(err)
	}
	c.Post("/by-id/3/delete/", nil).AssertStatus(404)
	c.Post("/by-id/2/delete/", nil).AssertRedirects(302, "/gone/2/")
	c.Post("/fn/3/delete/", nil).AssertRedirects(302, "/after/a03/")
	// Without a target nothing is deleted.
	c.Post("/nowhere/4/delete/", nil).AssertStatus(500)
	if n, _ := Articles.Count(ctx); n != 1 {
		t.Errorf("%d rows left, want 1 (a04)", n)
	}
	c.Do(c.NewRequest(http.MethodPut, "/by-id/4/delete/", nil)).AssertStatus(405)
}
