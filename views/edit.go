package views

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/web"
)

// Saver is the optional interface of a form that saves its model object
// (a ModelForm): [Create] and [Update] call Save after validation unless
// EditOptions.Save is set. obj is the object being edited, nil for a new
// one.
type Saver[T any] interface {
	Save(ctx context.Context) (*T, error)
}

// EditOptions configure [Create] and [Update] for the model T edited with
// the form type F. The object of [Update] is found as in [DetailOptions].
type EditOptions[T any, F Validator] struct {
	// Template renders the form; "" means "<app>/<model>_form.html", as
	// Django's CreateView and UpdateView. The context has "form" and, for
	// Update, "object" and "<model>".
	Template string
	// ContextObjectName is Update's second key for the object; "" means
	// the model name in lower case.
	ContextObjectName string
	// New builds the form for the request: unbound for GET and HEAD,
	// bound to the request's data for POST. obj is nil for Create and the
	// object being edited for Update (the form's initial values and the
	// instance it saves to). Required.
	New func(r *http.Request, obj *T) (F, error)
	// Save stores a valid form and returns the saved object. Nil means
	// the form's own Save (F must implement [Saver][T]). Return
	// [ErrInvalid] after adding an error to the form to show it again.
	Save func(r *http.Request, form F, obj *T) (*T, error)
	// SuccessURL is where the client goes after saving. "{field}" is
	// replaced by the saved object's field ("/posts/{slug}/", "{id}"),
	// percent-encoded as a path segment. SuccessRoute names a route
	// instead (reversed without arguments); Success computes it from the
	// object. One is required.
	SuccessURL   string
	SuccessRoute string
	Success      func(r *http.Request, obj *T) (string, error)
	// Queryset, PKParam, SlugParam, SlugField, QueryPKAndSlug and Object
	// find Update's object; see [DetailOptions]. Create ignores them.
	Queryset                      func(r *http.Request) orm.QuerySet[T]
	PKParam, SlugParam, SlugField string
	QueryPKAndSlug                bool
	Object                        func(r *http.Request, qs orm.QuerySet[T]) (*T, error)
	// ExtraContext and Context add data to the page, as for [Template].
	ExtraContext web.Context
	Context      ContextFunc
}

// Create returns a view that creates a T object with a form (Django's
// CreateView): GET shows the empty form, a valid POST saves and redirects
// (302) to the success URL, an invalid one shows the form again with its
// errors (status 200).
//
//	views.Create(views.EditOptions[Post, *PostForm]{New: newPostForm, SuccessURL: "/posts/{slug}/"})
func Create[T any, F Validator](opts EditOptions[T, F]) web.HandlerFunc {
	return edit(opts, false)
}

// Update returns a view that edits the T object found from the URL with a
// form (Django's UpdateView); a missing object is a 404. Otherwise it
// behaves as [Create].
func Update[T any, F Validator](opts EditOptions[T, F]) web.HandlerFunc {
	return edit(opts, true)
}

func edit[T any, F Validator](opts EditOptions[T, F], update bool) web.HandlerFunc {
	view := "Create"
	if update {
		view = "Update"
	}
	if opts.New == nil {
		panic("views: " + view + ": EditOptions.New is required (it builds the form)")
	}
	m := orm.NewManager[T]()
	l := newLookup(opts.PKParam, opts.SlugParam, opts.SlugField, opts.QueryPKAndSlug)
	return func(w http.ResponseWriter, r *http.Request) error {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodPost:
		default:
			return web.MethodNotAllowed(http.MethodGet, http.MethodHead, http.MethodPost)
		}
		info, err := modelInfo(m)
		if err != nil {
			return err
		}
		var obj *T
		if update {
			if _, obj, err = getObject(r, m, opts.Queryset, opts.Object, l, view); err != nil {
				return err
			}
		}
		form, err := opts.New(r, obj)
		if err != nil {
			return err
		}
		if r.Method == http.MethodPost && form.IsValid() {
			saved, err := saveForm(r, opts, form, obj)
			if !errors.Is(err, ErrInvalid) {
				if err != nil {
					return fmt.Errorf("views: %s of %s: %w", view, info.Label, err)
				}
				target, err := editSuccess(r, info, opts, saved)
				if err != nil {
					return fmt.Errorf("views: %s of %s: %w", view, info.Label, err)
				}
				return web.Redirect(w, r, target)
			}
		}
		data := web.Context{"form": form}
		if update {
			data["object"] = obj
			data[cmp(opts.ContextObjectName, modelName(info))] = obj
		}
		if err := fillContext(r, data, opts.ExtraContext, opts.Context); err != nil {
			return err
		}
		name := cmp(opts.Template, defaultTemplate(info, "_form.html"))
		if err := web.Render(w, r, name, data); err != nil {
			return fmt.Errorf("views: %s of %s: %w", view, info.Label, err)
		}
		return nil
	}
}

func saveForm[T any, F Validator](r *http.Request, opts EditOptions[T, F], form F, obj *T) (*T, error) {
	if opts.Save != nil {
		return opts.Save(r, form, obj)
	}
	s, ok := any(form).(Saver[T])
	if !ok {
		return nil, fmt.Errorf("views: the form %T has no Save(context.Context) (*%s, error) method; set EditOptions.Save", form, reflect.TypeFor[T]())
	}
	return s.Save(r.Context())
}

func editSuccess[T any, F Validator](r *http.Request, info *orm.ModelInfo, opts EditOptions[T, F], obj *T) (string, error) {
	var target string
	var err error
	switch {
	case opts.Success != nil:
		target, err = opts.Success(r, obj)
	case opts.SuccessURL != "":
		target = expandObject(info, obj, opts.SuccessURL)
	default:
		target, err = successURL(r, "", opts.SuccessRoute)
	}
	if err == nil && target == "" {
		err = ErrNoSuccessURL
	}
	return target, err
}

// expandObject replaces "{field}" in s by the field of obj (query name or
// Go name, "pk" for the key); unknown names are left as they are.
func expandObject[T any](info *orm.ModelInfo, obj *T, s string) string {
	if obj == nil || !strings.Contains(s, "{") {
		return s
	}
	v := reflect.ValueOf(obj).Elem()
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[i+1:], '}')
		if i < 0 || j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+1 : i+1+j]
		b.WriteString(s[:i])
		if f, ok := info.Field(name); ok {
			if fv := v.FieldByName(f.Name); fv.IsValid() {
				b.WriteString(urlSegment(fmt.Sprint(fv.Interface())))
			}
		} else {
			b.WriteString("{" + name + "}")
		}
		s = s[i+2+j:]
	}
}
