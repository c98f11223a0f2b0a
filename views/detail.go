package views

import (
	"fmt"
	"net/http"

	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/web"
)

// DetailOptions configure [Detail] for the model T. The zero value finds
// the object by the URL parameter "pk", else "slug" (matched against the
// field "slug"), and renders "<app>/<model>_detail.html".
type DetailOptions[T any] struct {
	// Template is the template to render; "" means
	// "<app label>/<model name>_detail.html" ("blog/post_detail.html").
	Template string
	// ContextObjectName is a second context key for the object, besides
	// "object"; "" means the model name in lower case ("post").
	ContextObjectName string
	// Queryset, when set, returns the objects the one shown is looked up
	// in (Django's get_queryset): restricting it, to published posts or
	// to the user's own, makes other objects 404.
	Queryset func(r *http.Request) orm.QuerySet[T]
	// PKParam is the URL parameter holding the primary key; "" means "pk".
	PKParam string
	// SlugParam is the URL parameter holding the slug; "" means "slug". It
	// is used when the route has no PKParam parameter.
	SlugParam string
	// SlugField is the model field the slug is matched against; "" means
	// "slug".
	SlugField string
	// QueryPKAndSlug matches both the key and the slug when the route has
	// both, so a URL with a stale slug is a 404.
	QueryPKAndSlug bool
	// Object, when set, replaces the lookup (Django's get_object): it gets
	// the queryset and returns the object, or an error (a 404 from
	// [GetObjectOr404]).
	Object func(r *http.Request, qs orm.QuerySet[T]) (*T, error)
	// ExtraContext is added to every response's context; its values must
	// not change after start-up.
	ExtraContext web.Context
	// Context, when set, adds per-request data after the object keys.
	Context ContextFunc
}

// Detail returns a view that renders one T object found from the URL
// (Django's DetailView), or a 404 when there is none. The template's
// context has "object" and "<model>" (the *T). It answers GET and HEAD;
// other methods get a 405. A route with neither the key nor the slug
// parameter is a 500 naming the parameters expected.
//
//	urls.Path("posts/<slug:slug>/", views.Detail(views.DetailOptions[Post]{}), "post-detail")
func Detail[T any](opts DetailOptions[T]) web.HandlerFunc {
	m := orm.NewManager[T]()
	l := newLookup(opts.PKParam, opts.SlugParam, opts.SlugField, opts.QueryPKAndSlug)
	return func(w http.ResponseWriter, r *http.Request) error {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return web.MethodNotAllowed(http.MethodGet, http.MethodHead)
		}
		info, obj, err := getObject(r, m, opts.Queryset, opts.Object, l, "Detail")
		if err != nil {
			return err
		}
		data := web.Context{"object": obj}
		data[cmp(opts.ContextObjectName, modelName(info))] = obj
		if err := fillContext(r, data, opts.ExtraContext, opts.Context); err != nil {
			return err
		}
		name := cmp(opts.Template, defaultTemplate(info, "_detail.html"))
		if err := web.Render(w, r, name, data); err != nil {
			return fmt.Errorf("views: Detail of %s: %w", info.Label, err)
		}
		return nil
	}
}

// getObject runs the single-object lookup shared by Detail, Delete and
// (later) Update: the queryset hook, then the object hook or the URL
// lookup.
func getObject[T any](r *http.Request, m *orm.Manager[T], qsHook func(*http.Request) orm.QuerySet[T],
	objHook func(*http.Request, orm.QuerySet[T]) (*T, error), l lookup, view string) (*orm.ModelInfo, *T, error) {
	info, err := modelInfo(m)
	if err != nil {
		return nil, nil, err
	}
	qs := m.All()
	if qsHook != nil {
		qs = qsHook(r)
	}
	var obj *T
	if objHook != nil {
		obj, err = objHook(r, qs)
	} else {
		obj, err = object(r, info, qs, l, view)
	}
	if err != nil {
		return nil, nil, err
	}
	return info, obj, nil
}
