package views_test

import (
	"net/http"

	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/views"
	"github.com/jazzgo/jazz/web"
)

// A blog's URLconf built from generic views: a paginated list of the
// published articles, their pages by slug, and a delete confirmation.
func Example() {
	published := func(r *http.Request) orm.QuerySet[Article] {
		return Articles.Filter("published", true)
	}
	_ = []urls.Pattern{
		urls.Path("", views.List(views.ListOptions[Article]{
			Queryset:   published,
			Ordering:   []string{"-id"},
			PaginateBy: 10,
		}), "article-list"),
		urls.Path("<slug:slug>/", views.Detail(views.DetailOptions[Article]{
			Queryset: published,
			Context: func(r *http.Request, data web.Context) error {
				data["title"] = data["article"].(*Article).Title
				return nil
			},
		}), "article-detail"),
		urls.Path("<slug:slug>/delete/", views.Delete(views.DeleteOptions[Article]{
			SuccessRoute: "article-list",
		}), "article-delete"),
	}
}

// A hand-written view that answers 404 for a missing object.
func ExampleGetObjectOr404() {
	_ = web.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		a, err := views.GetObjectOr404(r.Context(), Articles.All(), "slug", r.PathValue("slug"))
		if err != nil {
			return err
		}
		return web.Text(w, http.StatusOK, a.Title)
	})
}
