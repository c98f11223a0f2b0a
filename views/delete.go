package views

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/web"
)

// DeleteOptions configure [Delete] for the model T. The object is found as
// in [DetailOptions].
type DeleteOptions[T any] struct {
	// Template is the confirmation page; "" means
	// "<app label>/<model name>_confirm_delete.html".
	Template string
	// ContextObjectName is a second context key for the object, besides
	// "object"; "" means the model name in lower case.
	ContextObjectName string
	// Queryset, when set, returns the objects the one deleted is looked up
	// in; restrict it to what the user may delete.
	Queryset func(r *http.Request) orm.QuerySet[T]
	// PKParam, SlugParam, SlugField and QueryPKAndSlug find the object
	// from the URL; see [DetailOptions].
	PKParam, SlugParam, SlugField string
	QueryPKAndSlug                bool
	// Object, when set, replaces the lookup; see [DetailOptions].
	Object func(r *http.Request, qs orm.QuerySet[T]) (*T, error)
	// SuccessURL is where the client goes after the deletion. "{name}" is
	// replaced by the URL parameter name, as in [RedirectOptions].URL.
	SuccessURL string
	// SuccessRoute names the route to go to after the deletion, reversed
	// without arguments; used when SuccessURL is empty.
	SuccessRoute string
	// Success, when set, computes the target from the deleted object
	// (whose automatic key is already zero), instead of SuccessURL and
	// SuccessRoute.
	Success func(r *http.Request, obj *T) (string, error)
	// BeforeDelete, when set, runs on POST before the deletion (Django's
	// form_valid, where a form will plug in): a returned error stops the
	// view, so it can check permissions or record who deleted what.
	BeforeDelete func(r *http.Request, obj *T) error
	// ExtraContext is added to the confirmation page's context.
	ExtraContext web.Context
	// Context, when set, adds per-request data to the confirmation page.
	Context ContextFunc
}

// ErrNoSuccessURL is returned (wrapped) by a [Delete] view that has
// deleted its object but has nowhere to send the client: set SuccessURL,
// SuccessRoute or Success.
var ErrNoSuccessURL = errors.New("views: no success URL (set SuccessURL, SuccessRoute or Success)")

// Delete returns a view that deletes one T object found from the URL
// (Django's DeleteView): GET and HEAD render a confirmation page with
// "object" and "<model>" in the context; POST deletes the object (with its
// on_delete cascades) and redirects (302) to the success URL. A missing
// object is a 404 for every method; other methods get a 405. Deleting an
// object that other rows protect (on_delete=protect) returns the ORM's
// *orm.ProtectedError, a 500.
//
// CSRF protection comes from the project's middleware, as for every POST.
//
//	urls.Path("posts/<slug:slug>/delete/", views.Delete(views.DeleteOptions[Post]{SuccessRoute: "post-list"}), "post-delete")
func Delete[T any](opts DeleteOptions[T]) web.HandlerFunc {
	m := orm.NewManager[T]()
	l := newLookup(opts.PKParam, opts.SlugParam, opts.SlugField, opts.QueryPKAndSlug)
	return func(w http.ResponseWriter, r *http.Request) error {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodPost:
		default:
			return web.MethodNotAllowed(http.MethodGet, http.MethodHead, http.MethodPost)
		}
		info, obj, err := getObject(r, m, opts.Queryset, opts.Object, l, "Delete")
		if err != nil {
			return err
		}
		if r.Method != http.MethodPost {
			data := web.Context{"object": obj}
			data[cmp(opts.ContextObjectName, modelName(info))] = obj
			if err := fillContext(r, data, opts.ExtraContext, opts.Context); err != nil {
				return err
			}
			name := cmp(opts.Template, defaultTemplate(info, "_confirm_delete.html"))
			if err := web.Render(w, r, name, data); err != nil {
				return fmt.Errorf("views: Delete of %s: %w", info.Label, err)
			}
			return nil
		}
		// Compute the target first when it does not depend on the deleted
		// object, so a misconfigured view fails before deleting anything.
		var target string
		if opts.Success == nil {
			if target, err = successURL(r, opts.SuccessURL, opts.SuccessRoute); err != nil {
				return fmt.Errorf("views: Delete of %s: %w", info.Label, err)
			}
		}
		if opts.BeforeDelete != nil {
			if err := opts.BeforeDelete(r, obj); err != nil {
				return err
			}
		}
		if err := m.Delete(r.Context(), obj); err != nil {
			if errors.Is(err, orm.ErrDoesNotExist) {
				return notFound[T](err) // deleted by someone else meanwhile
			}
			return fmt.Errorf("views: Delete of %s: %w", info.Label, err)
		}
		if opts.Success != nil {
			if target, err = opts.Success(r, obj); err != nil {
				return err
			}
			if target == "" {
				return fmt.Errorf("views: Delete of %s: %w", info.Label, ErrNoSuccessURL)
			}
		}
		return web.Redirect(w, r, target)
	}
}

// successURL is the target after a successful POST: url with its "{name}"
// parameters filled, or the route reversed without arguments.
func successURL(r *http.Request, url, route string) (string, error) {
	switch {
	case url != "":
		return expand(r, url), nil
	case route != "":
		reverse := web.SiteOf(r).Reverse
		if reverse == nil {
			return "", fmt.Errorf("views: success route %q: the site has no URL reverser (is the view served by a jazz project?)", route)
		}
		return reverse(route)
	}
	return "", ErrNoSuccessURL
}
