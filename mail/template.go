package mail

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// TemplateRenderer renders a named template with data. The project's
// template engine satisfies it through a small adapter; the text and
// subject templates should be rendered without HTML escaping (text/template
// semantics), or "&" in a plain-text mail arrives as "&amp;".
type TemplateRenderer interface {
	RenderTemplate(w io.Writer, name string, data any) error
}

// Templates names the templates of one kind of mail, such as
// {"registration/reset_subject.txt", "registration/reset_email.txt",
// "registration/reset_email.html"}. Empty names are skipped.
type Templates struct {
	Subject, Text, HTML string
}

// Render renders t with data into m's Subject, Body and HTML; a field
// whose template name is empty is left as it was. The subject is
// flattened to one line (line breaks and runs of spaces become one
// space), as Django does for subject templates, so a template ending in a
// newline cannot inject a header. It fails when r is nil, when t names no
// template, or when a template fails (m is then unchanged).
func (m *Message) Render(r TemplateRenderer, t Templates, data any) error {
	if r == nil {
		return errors.New("mail: Render needs a TemplateRenderer")
	}
	if t == (Templates{}) {
		return errors.New("mail: Render needs at least one template name")
	}
	render := func(name string) (string, error) {
		var buf bytes.Buffer
		if err := r.RenderTemplate(&buf, name, data); err != nil {
			return "", fmt.Errorf("mail: render template %q: %w", name, err)
		}
		return buf.String(), nil
	}
	subject, body, html := m.Subject, m.Body, m.HTML
	var err error
	if t.Subject != "" {
		if subject, err = render(t.Subject); err != nil {
			return err
		}
		subject = strings.Join(strings.Fields(subject), " ")
	}
	if t.Text != "" {
		if body, err = render(t.Text); err != nil {
			return err
		}
	}
	if t.HTML != "" {
		if html, err = render(t.HTML); err != nil {
			return err
		}
	}
	m.Subject, m.Body, m.HTML = subject, body, html
	return nil
}
