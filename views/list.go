package views

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/paginator"
	"github.com/jazzgo/jazz/web"
)

// ListOptions configure [List] for the model T. The zero value lists
// every row of T with the template "<app>/<model>_list.html".
type ListOptions[T any] struct {
	// Template is the template to render; "" means
	// "<app label>/<model name>_list.html" ("blog/post_list.html").
	Template string
	// ContextObjectName is a second context key for the list, besides
	// "object_list"; "" means "<model name>_list" ("post_list").
	ContextObjectName string
	// Queryset, when set, returns the objects to list for the request
	// (Django's get_queryset): filter by user, select related rows...
	// The default is every row of T.
	Queryset func(r *http.Request) orm.QuerySet[T]
	// Ordering is applied to the queryset when not empty ("-created").
	// Paginate an ordered list, or pages may overlap.
	Ordering []string
	// PaginateBy is the number of objects per page; 0 shows every object
	// on one page, unpaginated.
	PaginateBy int
	// PaginateOrphans lets the last page hold up to this many extra
	// objects instead of making a tiny last page.
	PaginateOrphans int
	// PageParam is the query parameter with the page number; "" means
	// "page". Its value is a number from 1 or "last"; anything else is a
	// 404, as Django's ListView.
	PageParam string
	// RejectEmpty answers 404 when the list is empty (Django's
	// allow_empty=False) instead of rendering an empty list.
	RejectEmpty bool
	// ExtraContext is added to every response's context; its values must
	// not change after start-up.
	ExtraContext web.Context
	// Context, when set, adds per-request data after the list keys.
	Context ContextFunc
}

// List returns a view that renders a list of T objects, paginated when
// PaginateBy is set (Django's ListView). The template's context has:
//
//   - "object_list" and "<model>_list": the objects of the page ([]*T);
//   - "paginator": the *paginator.Paginator, or nil when not paginated;
//   - "page_obj": the current *paginator.Page (its ObjectList is the same
//     []*T), or nil when not paginated;
//   - "is_paginated": whether there is more than one page.
//
// An invalid or out-of-range page number is a 404. It answers GET and
// HEAD; other methods get a 405. The view is safe for concurrent use.
//
//	urls.Path("posts/", views.List(views.ListOptions[Post]{PaginateBy: 10}), "post-list")
func List[T any](opts ListOptions[T]) web.HandlerFunc {
	m := orm.NewManager[T]()
	pageParam := cmp(opts.PageParam, "page")
	return func(w http.ResponseWriter, r *http.Request) error {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return web.MethodNotAllowed(http.MethodGet, http.MethodHead)
		}
		info, err := modelInfo(m)
		if err != nil {
			return err
		}
		qs := m.All()
		if opts.Queryset != nil {
			qs = opts.Queryset(r)
		}
		if len(opts.Ordering) > 0 {
			qs = qs.OrderBy(opts.Ordering...)
		}
		ctx := r.Context()
		data := web.Context{"paginator": nil, "page_obj": nil, "is_paginated": false}
		var objs []*T
		if opts.PaginateBy > 0 {
			count, err := qs.Count(ctx)
			if err != nil {
				return fmt.Errorf("views: List of %s: %w", info.Label, err)
			}
			p := &paginator.Paginator{Count: int(count), PerPage: opts.PaginateBy, Orphans: opts.PaginateOrphans, RejectEmptyFirstPage: opts.RejectEmpty}
			page, err := pageOf(r, p, pageParam)
			if err != nil {
				return err
			}
			if page.Len() > 0 {
				objs, err = qs.Offset(int64(page.Offset())).Limit(int64(page.Len())).All(ctx)
				if err != nil {
					return fmt.Errorf("views: List of %s: %w", info.Label, err)
				}
			}
			if objs == nil {
				objs = []*T{}
			}
			page.ObjectList = objs
			data["paginator"], data["page_obj"], data["is_paginated"] = p, page, page.HasOtherPages()
		} else {
			objs, err = qs.All(ctx)
			if err != nil {
				return fmt.Errorf("views: List of %s: %w", info.Label, err)
			}
			if len(objs) == 0 && opts.RejectEmpty {
				return notFound[T](nil)
			}
		}
		data["object_list"] = objs
		data[cmp(opts.ContextObjectName, modelName(info)+"_list")] = objs
		if err := fillContext(r, data, opts.ExtraContext, opts.Context); err != nil {
			return err
		}
		name := cmp(opts.Template, defaultTemplate(info, "_list.html"))
		if err := web.Render(w, r, name, data); err != nil {
			return fmt.Errorf("views: List of %s: %w", info.Label, err)
		}
		return nil
	}
}

// pageOf returns the page the request asks for: the query parameter param
// as a number or "last", page 1 when absent; a 404 otherwise.
func pageOf(r *http.Request, p *paginator.Paginator, param string) (*paginator.Page, error) {
	text := r.URL.Query().Get(param)
	n := 1
	var err error
	switch text {
	case "":
	case "last":
		n = p.NumPages()
	default:
		n, err = p.ParseNumber(text)
	}
	var page *paginator.Page
	if err == nil {
		page, err = p.Page(n)
	}
	if errors.Is(err, paginator.ErrInvalidPage) {
		return nil, &web.HTTPError{Status: http.StatusNotFound, Message: fmt.Sprintf("Invalid page (%s).", text), Err: err}
	}
	return page, err
}
