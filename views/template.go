package views

import (
	"fmt"
	"net/http"

	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// TemplateOptions configure [Template].
type TemplateOptions struct {
	// Name is the template to render. Required.
	Name string
	// ExtraContext is added to the context of every response. The view
	// does not copy its values, so they must not change after start-up.
	ExtraContext web.Context
	// Context, when set, adds per-request data (Django's
	// get_context_data).
	Context ContextFunc
}

// Template returns a view that renders one template (Django's
// TemplateView). The context holds the URL parameters by name (as text),
// then ExtraContext, then what the Context hook adds. It answers GET and
// HEAD; other methods get a 405.
//
//	urls.Path("about/", views.Template(views.TemplateOptions{Name: "about.html"}), "about")
//
// An empty Name panics: it is a mistake in the URLconf, found at start-up.
func Template(opts TemplateOptions) web.HandlerFunc {
	if opts.Name == "" {
		panic("views: Template: TemplateOptions.Name is empty (name the template to render)")
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return web.MethodNotAllowed(http.MethodGet, http.MethodHead)
		}
		data := web.Context{}
		names, values := urls.Params(r)
		for i, n := range names {
			data[n] = values[i]
		}
		if err := fillContext(r, data, opts.ExtraContext, opts.Context); err != nil {
			return err
		}
		if err := web.Render(w, r, opts.Name, data); err != nil {
			return fmt.Errorf("views: Template: %w", err)
		}
		return nil
	}
}
