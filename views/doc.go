// Package views provides Django's generic views for Jazz: each is one
// line in a URLconf, configured by an options struct (data first) and
// customised by hooks where data cannot say it (Queryset, Object, Context,
// BeforeDelete, Valid, Success).
//
//	var Posts = orm.NewManager[Post]()
//
//	var URLs = []urls.Pattern{
//		urls.Path("", views.List(views.ListOptions[Post]{PaginateBy: 10, Ordering: []string{"-created"}}), "post-list"),
//		urls.Path("<slug:slug>/", views.Detail(views.DetailOptions[Post]{}), "post-detail"),
//		urls.Path("<slug:slug>/delete/", views.Delete(views.DeleteOptions[Post]{SuccessRoute: "post-list"}), "post-delete"),
//		urls.Path("about/", views.Template(views.TemplateOptions{Name: "about.html"}), "about"),
//		urls.Path("old/", views.Redirect(views.RedirectOptions{Route: "post-list", Permanent: true}), ""),
//	}
//
// The views are:
//
//   - [Template]: renders a template (TemplateView);
//   - [Redirect]: redirects to a URL or a named route, permanently or not,
//     optionally keeping the query string (RedirectView);
//   - [List]: a list of model objects, paginated by ?page= with a
//     [paginator.Paginator] (ListView);
//   - [Detail]: one object found by primary key or slug from the URL, 404
//     when missing (DetailView);
//   - [Delete]: a confirmation page on GET, deletion and redirect on POST
//     (DeleteView);
//   - [Form]: shows a form and handles its submission (FormView);
//   - [Create] and [Update]: a form that saves a model object (CreateView,
//     UpdateView); Update finds its object as Detail does.
//
// The form views work with any form type that has an IsValid method
// ([Validator]); Create and Update save through the form's
// Save(ctx) (*T, error) ([Saver]) or an EditOptions.Save hook. So
// *forms.Form and ModelForms plug in without this package depending on
// their details.
//
// Templates and context follow Django, so templates port as they are: the
// list view renders "<app>/<model>_list.html" with "object_list",
// "<model>_list", "page_obj", "paginator" and "is_paginated"; the detail
// view "<app>/<model>_detail.html" with "object" and "<model>"; the
// delete view "<app>/<model>_confirm_delete.html"; create and update
// "<app>/<model>_form.html" with "form". The model name is the
// Go type name in lower case ("blogpost" for BlogPost).
//
// Errors follow the web package: a missing object or an invalid page is a
// 404, a method the view does not answer a 405, and a configuration
// mistake (an unregistered model, a route without the key parameter, a
// missing template) a 500 naming the fix. [GetObjectOr404] and
// [GetListOr404] give hand-written views the same 404s.
//
// Every view returned is a [web.HandlerFunc], safe for concurrent use; the
// options must not change once the view is built.
package views
