package views

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/web"
)

// GetObjectOr404 returns the one object of qs matching lookupsAndValues
// (alternating lookup paths and values, as orm.QuerySet.Get), or a 404
// error when there is none, as Django's get_object_or_404. Any other
// error, several matching objects included, is returned wrapped and
// becomes a 500: it means the lookup is not unique, a bug in the caller.
//
//	post, err := views.GetObjectOr404(ctx, Posts.Filter("status", "published"), "slug", slug)
func GetObjectOr404[T any](ctx context.Context, qs orm.QuerySet[T], lookupsAndValues ...any) (*T, error) {
	obj, err := qs.Get(ctx, lookupsAndValues...)
	if errors.Is(err, orm.ErrDoesNotExist) {
		return nil, notFound[T](err)
	}
	if err != nil {
		return nil, fmt.Errorf("views: GetObjectOr404: %w", err)
	}
	return obj, nil
}

// GetListOr404 returns every object of qs, or a 404 error when there is
// none, as Django's get_list_or_404. The caller owns the slice.
func GetListOr404[T any](ctx context.Context, qs orm.QuerySet[T]) ([]*T, error) {
	objs, err := qs.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("views: GetListOr404: %w", err)
	}
	if len(objs) == 0 {
		return nil, notFound[T](nil)
	}
	return objs, nil
}

// notFound is the 404 for a missing T, with Django's wording; cause (may be
// nil) is kept for the logs.
func notFound[T any](cause error) error {
	name := "object"
	if info := orm.Info[T](); info != nil {
		name = info.Meta.VerboseName
		if name == "" {
			name = info.Name
		}
	}
	return &web.HTTPError{Status: http.StatusNotFound, Message: "No " + name + " matches the given query.", Err: cause}
}

// modelInfo returns T's metadata, or an error telling the developer to
// register the model.
func modelInfo[T any](m *orm.Manager[T]) (*orm.ModelInfo, error) {
	info, err := m.Info()
	if err != nil {
		return nil, fmt.Errorf("views: %w", err)
	}
	return info, nil
}

// modelName is Django's model_name: the Go type name in lower case
// ("blogpost" for BlogPost), used in template names and context keys.
func modelName(info *orm.ModelInfo) string { return strings.ToLower(info.Name) }

// defaultTemplate is Django's "<app_label>/<model_name><suffix>".
func defaultTemplate(info *orm.ModelInfo, suffix string) string {
	return info.App + "/" + modelName(info) + suffix
}

// lookup says how a single-object view finds its object from the URL. It
// holds the (defaulted) options shared by Detail and Delete.
type lookup struct {
	pkParam, slugParam, slugField string
	pkAndSlug                     bool
}

func newLookup(pkParam, slugParam, slugField string, pkAndSlug bool) lookup {
	return lookup{
		pkParam:   cmp(pkParam, "pk"),
		slugParam: cmp(slugParam, "slug"),
		slugField: cmp(slugField, "slug"),
		pkAndSlug: pkAndSlug,
	}
}

func cmp(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// object finds the object of qs named by the request's URL parameters, as
// Django's SingleObjectMixin.get_object: by primary key when the route has
// the pk parameter, otherwise by slug, or by both with pkAndSlug. A route
// with neither is a configuration error (500); a missing object, or a key
// that cannot be one of the model's (text for an integer key), a 404.
func object[T any](r *http.Request, info *orm.ModelInfo, qs orm.QuerySet[T], l lookup, view string) (*T, error) {
	pkText := r.PathValue(l.pkParam)
	slug := r.PathValue(l.slugParam)
	var args []any
	if pkText != "" {
		v, err := pkValue(info, pkText)
		if err != nil {
			return nil, notFound[T](err)
		}
		args = append(args, "pk", v)
	}
	if slug != "" && (pkText == "" || l.pkAndSlug) {
		args = append(args, l.slugField, slug)
	}
	if args == nil {
		return nil, fmt.Errorf("views: %s of %s: the URL has no %q or %q parameter (route it as <int:%s>/ or <slug:%s>/, or set PKParam or SlugParam)",
			view, info.Label, l.pkParam, l.slugParam, l.pkParam, l.slugParam)
	}
	return GetObjectOr404(r.Context(), qs, args...)
}

// pkValue converts the URL text of a primary key to the Go value the key
// field compares with.
func pkValue(info *orm.ModelInfo, s string) (any, error) {
	switch info.PK.Kind {
	case db.KindAuto, db.KindInt16, db.KindInt32, db.KindInt64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("views: %s: %q is not a valid key: %w", info.Label, s, err)
		}
		return n, nil
	case db.KindUUID:
		u, err := orm.ParseUUID(s)
		if err != nil {
			return nil, fmt.Errorf("views: %s: %q is not a valid key: %w", info.Label, s, err)
		}
		return u, nil
	}
	return s, nil
}

// ContextFunc adds to or changes the template context of a generic view
// before it renders (Django's get_context_data). data already holds the
// view's own keys; a returned error stops the view and becomes the
// response (web.NotFound for a 404, for instance).
type ContextFunc func(r *http.Request, data web.Context) error

// fillContext adds extra to data, then runs hook.
func fillContext(r *http.Request, data web.Context, extra web.Context, hook ContextFunc) error {
	for k, v := range extra {
		data[k] = v
	}
	if hook != nil {
		if err := hook(r, data); err != nil {
			return err
		}
	}
	return nil
}
