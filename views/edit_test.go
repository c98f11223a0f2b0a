package views_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/views"
)

// articleForm stands in for a ModelForm: it binds title and slug, requires
// both, and saves to a new or the edited Article.
type articleForm struct {
	obj         *Article
	Title, Slug string
	bound       bool
	Errors      []string
}

func newArticleForm(r *http.Request, obj *Article) (*articleForm, error) {
	f := &articleForm{obj: obj}
	if obj != nil {
		f.Title, f.Slug = obj.Title, obj.Slug
	}
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		f.bound, f.Title, f.Slug = true, r.PostForm.Get("title"), r.PostForm.Get("slug")
	}
	return f, nil
}

func (f *articleForm) IsValid() bool {
	if f.bound && (f.Title == "" || f.Slug == "") {
		f.Errors = append(f.Errors, "title and slug are required")
	}
	return f.bound && len(f.Errors) == 0
}

func (f *articleForm) Save(ctx context.Context) (*Article, error) {
	obj := f.obj
	if obj == nil {
		obj = &Article{Published: true}
	}
	obj.Title, obj.Slug = f.Title, f.Slug
	return obj, Articles.Save(ctx, obj)
}

func TestCreateUpdate(t *testing.T) {
	c, ctx := newSite(t, "sqlite", 2,
		urls.Path("new/", views.Create(views.EditOptions[Article, *articleForm]{
			Template: "about.html", New: newArticleForm, SuccessURL: "/a/{slug}/?id={id}",
		}), "article-new"),
		urls.Path("a/<slug:slug>/edit/", views.Update(views.EditOptions[Article, *articleForm]{
			Template: "about.html", New: newArticleForm, SuccessRoute: "done",
			Save: func(r *http.Request, f *articleForm, obj *Article) (*Article, error) {
				if f.Slug == "taken" {
					f.Errors = append(f.Errors, "slug taken")
					return nil, views.ErrInvalid
				}
				return f.Save(r.Context())
			},
		}), "article-edit"),
		urls.Path("done/", views.Template(views.TemplateOptions{Name: "about.html"}), "done"),
		urls.Path("default/new/", views.Create(views.EditOptions[Article, *testForm]{
			New: func(r *http.Request, _ *Article) (*testForm, error) { return newTestForm(r) }, SuccessURL: "/",
		}), "default-new"),
	)
	r := c.Get("/new/").AssertStatus(200)
	if f, _ := r.Context("form"); f.(*articleForm).bound {
		t.Error("GET form is bound")
	}
	if _, ok := r.Context("object"); ok {
		t.Error("Create has an object in its context")
	}
	r = c.Post("/new/", url.Values{"title": {"Fresh"}}).AssertStatus(200)
	if f, _ := r.Context("form"); len(f.(*articleForm).Errors) != 1 {
		t.Errorf("invalid form: %+v", f)
	}
	c.Post("/new/", url.Values{"title": {"Fresh"}, "slug": {"fresh one"}}).AssertRedirects(302, "/a/fresh%20one/?id=3")
	if a, err := Articles.Get(ctx, "slug", "fresh one"); err != nil || a.Title != "Fresh" {
		t.Fatalf("created %+v, %v", a, err)
	}

	r = c.Get("/a/a01/edit/").AssertStatus(200)
	if obj, _ := r.Context("article"); obj.(*Article).Slug != "a01" {
		t.Errorf("article = %+v", obj)
	}
	if f, _ := r.Context("form"); f.(*articleForm).Title != "Article 01" {
		t.Errorf("form initial = %+v", f)
	}
	c.Get("/a/zz/edit/").AssertStatus(404)
	c.Post("/a/a01/edit/", url.Values{"title": {"X"}, "slug": {"taken"}}).AssertStatus(200)
	c.Post("/a/a01/edit/", url.Values{"title": {"Renamed"}, "slug": {"a01"}}).AssertRedirects(302, "/done/")
	if a, err := Articles.Get(ctx, "slug", "a01"); err != nil || a.Title != "Renamed" {
		t.Errorf("updated %+v, %v", a, err)
	}
	if n, _ := Articles.Count(ctx); n != 3 {
		t.Errorf("%d rows, want 3", n)
	}
	// The default template is <app>/<model>_form.html; a form without
	// Save and no Save hook is a 500 naming the fix.
	c.Get("/default/new/").AssertStatus(200).AssertTemplateUsed("viewstest/article_form.html")
	c.Post("/default/new/", url.Values{"email": {"x@example.com"}}).AssertStatus(500)
}
