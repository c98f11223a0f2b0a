package jazz

import (
	"bytes"
	"html"
	"io"
	"strings"

	"github.com/jazzgo/jazz/mail"
)

// MailTemplates returns a renderer for mail.Message.Render over the
// project's templates, so a subject/text/HTML trio comes from template
// files:
//
//	msg.Render(p.MailTemplates(), mail.Templates{
//		Subject: "registration/welcome_subject.txt",
//		Text:    "registration/welcome.txt",
//		HTML:    "registration/welcome.html",
//	}, data)
//
// Jazz templates are html/template, which escapes for HTML everywhere; for
// plain-text parts (names ending in .txt) the escaping is undone after
// rendering, so "Tom & Jerry" arrives as written rather than as
// "Tom &amp; Jerry". (Django templates escape text mails too unless they
// turn autoescape off.)
func (p *Project) MailTemplates() mail.TemplateRenderer { return mailRenderer{p} }

type mailRenderer struct{ p *Project }

func (m mailRenderer) RenderTemplate(w io.Writer, name string, data any) error {
	if !strings.HasSuffix(name, ".txt") {
		return m.p.Templates.Render(w, nil, name, "", data)
	}
	var buf bytes.Buffer
	if err := m.p.Templates.Render(&buf, nil, name, "", data); err != nil {
		return err
	}
	_, err := io.WriteString(w, html.UnescapeString(buf.String()))
	return err
}
