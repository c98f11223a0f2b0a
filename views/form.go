package views

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/jazzgo/jazz/web"
)

// Validator is what the form views need from a form: whether its bound data
// is valid. *forms.Form implements it; the views do not depend on the
// forms package, so any form type (a hand-written struct, a ModelForm)
// plugs in.
type Validator interface {
	IsValid() bool
}

// FormOptions configure [Form] for the form type F.
type FormOptions[F Validator] struct {
	// Template renders the form; required. The context has "form" (the F).
	Template string
	// New builds the form for the request: unbound for GET and HEAD, bound
	// to the request's data for POST (Django's get_form). Required. An error
	// stops the view (return web.BadRequest for unreadable input).
	New func(r *http.Request) (F, error)
	// Valid runs on a POST whose form is valid (Django's form_valid): send
	// the mail, save the object. Nil does nothing. A returned error stops
	// the view; to show the form again with an error, add it to the form
	// and return [ErrInvalid].
	Valid func(r *http.Request, form F) error
	// SuccessURL is where the client goes after Valid, with "{name}"
	// replaced by URL parameters as in [RedirectOptions].URL; SuccessRoute
	// names a route instead (reversed without arguments); Success computes
	// it from the form. One is required.
	SuccessURL   string
	SuccessRoute string
	Success      func(r *http.Request, form F) (string, error)
	// ExtraContext and Context add data to the page, as for [Template].
	ExtraContext web.Context
	Context      ContextFunc
}

// ErrInvalid, returned by a FormOptions.Valid hook, renders the form again
// (with the errors the hook added to it) instead of redirecting, as when
// the form itself is invalid.
var ErrInvalid = errors.New("views: the form is invalid")

// Form returns a view that shows a form and handles its submission
// (Django's FormView): GET and HEAD render Template with the unbound form;
// POST builds the bound form and, when it is valid, calls Valid and
// redirects (302) to the success URL; an invalid form is
// rendered again, with status 200 as Django does, so the errors show.
// Other methods get a 405.
//
// The Create and Update views will be this view with a ModelForm and the
// object lookup of [Detail].
//
//	views.Form(views.FormOptions[*forms.Form]{Template: "contact.html", New: newContactForm, Valid: sendMail, SuccessURL: "/thanks/"})
//
// A missing Template or New panics: it is a mistake in the URLconf.
func Form[F Validator](opts FormOptions[F]) web.HandlerFunc {
	if opts.Template == "" || opts.New == nil {
		panic("views: Form: FormOptions.Template and FormOptions.New are required")
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodPost:
		default:
			return web.MethodNotAllowed(http.MethodGet, http.MethodHead, http.MethodPost)
		}
		form, err := opts.New(r)
		if err != nil {
			return err
		}
		if r.Method == http.MethodPost && form.IsValid() {
			var err error
			if opts.Valid != nil {
				err = opts.Valid(r, form)
			}
			if !errors.Is(err, ErrInvalid) {
				if err != nil {
					return err
				}
				return formSuccess(w, r, opts, form)
			}
		}
		data := web.Context{"form": form}
		if err := fillContext(r, data, opts.ExtraContext, opts.Context); err != nil {
			return err
		}
		if err := web.Render(w, r, opts.Template, data); err != nil {
			return fmt.Errorf("views: Form: %w", err)
		}
		return nil
	}
}

func formSuccess[F Validator](w http.ResponseWriter, r *http.Request, opts FormOptions[F], form F) error {
	var target string
	var err error
	if opts.Success != nil {
		target, err = opts.Success(r, form)
	} else {
		target, err = successURL(r, opts.SuccessURL, opts.SuccessRoute)
	}
	if err == nil && target == "" {
		err = ErrNoSuccessURL
	}
	if err != nil {
		return fmt.Errorf("views: Form: %w", err)
	}
	return web.Redirect(w, r, target)
}
