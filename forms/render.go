package forms

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"
)

//go:embed templates/bootstrap5
var bootstrap5 embed.FS

// Renderer holds the templates forms render through. The templates are
// named after their files: form.html, field.html, label.html, help.html,
// errors.html and widgets/<name>.html. A Renderer is immutable once made
// and safe for concurrent use.
type Renderer struct {
	t *template.Template
}

// NewRenderer parses the Bootstrap 5 templates, then each overrides file
// system in turn: any *.html file there replaces (or adds) the template of
// the same path, so a site overrides one widget by shipping one file.
func NewRenderer(overrides ...fs.FS) (*Renderer, error) {
	t := template.New("forms")
	sub, err := fs.Sub(bootstrap5, "templates/bootstrap5")
	if err != nil {
		return nil, fmt.Errorf("forms: templates: %w", err)
	}
	for _, fsys := range append([]fs.FS{sub}, overrides...) {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || path.Ext(p) != ".html" {
				return err
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			_, err = t.New(p).Parse(strings.TrimSpace(string(b)))
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("forms: parse templates: %w", err)
		}
	}
	return &Renderer{t: t}, nil
}

// defaultRenderer is built once, on first use, and never changed.
var defaultRenderer = sync.OnceValue(func() *Renderer {
	r, err := NewRenderer()
	if err != nil {
		panic(err) // the embedded templates are part of the binary; tests parse them
	}
	return r
})

// DefaultRenderer returns the shared Bootstrap 5 renderer.
func DefaultRenderer() *Renderer { return defaultRenderer() }

func (f *Form) renderer() *Renderer {
	if f.Renderer != nil {
		return f.Renderer
	}
	return defaultRenderer()
}

// Render executes the named template with data. Template errors are
// programming errors; rendering returns them rather than writing half a page.
func (r *Renderer) Render(name string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := r.t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("forms: render %s: %w", name, err)
	}
	return template.HTML(buf.String()), nil
}

// render is Render for the template methods: an error is shown inline as
// an HTML comment so the page still renders and the bug is visible in the
// source.
func (r *Renderer) render(name string, data any) template.HTML {
	out, err := r.Render(name, data)
	if err != nil {
		return template.HTML("<!-- " + template.HTMLEscapeString(err.Error()) + " -->")
	}
	return out
}

// HTML renders the whole form (non-field errors, hidden fields, every
// visible field) through "form.html". The <form> tag, the CSRF token and
// the submit button stay in the page template.
func (f *Form) HTML() template.HTML { return f.renderer().render("form.html", f) }

// NonFieldErrorsHTML renders the non-field errors, plus the errors of hidden
// fields, which have nowhere else to show.
func (f *Form) NonFieldErrorsHTML() template.HTML {
	msgs := f.NonFieldErrors().Messages(f.Translate)
	for _, b := range f.BoundFields() {
		if b.IsHidden() {
			for _, m := range b.ErrorMessages() {
				msgs = append(msgs, b.LabelText()+": "+m)
			}
		}
	}
	return f.renderer().render("errors.html", errorsData{Messages: msgs})
}

// HiddenFields returns the hidden fields, for templates that lay out the
// visible ones by hand.
func (f *Form) HiddenFields() []*BoundField {
	var out []*BoundField
	for _, b := range f.BoundFields() {
		if b.IsHidden() {
			out = append(out, b)
		}
	}
	return out
}

// VisibleFields returns the fields that are not hidden.
func (f *Form) VisibleFields() []*BoundField {
	var out []*BoundField
	for _, b := range f.BoundFields() {
		if !b.IsHidden() {
			out = append(out, b)
		}
	}
	return out
}
