package jazz

import (
	"io/fs"
	"net/http"
	"testing"
	"testing/fstest"

	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/urls"
)

func TestMailTemplates(t *testing.T) {
	tpl := fstest.MapFS{
		"welcome_subject.txt": {Data: []byte("Welcome, {{.name}}!\n")},
		"welcome.txt":         {Data: []byte("Hello {{.name}}, see {{url \"home\"}} <soon>.")},
		"welcome.html":        {Data: []byte("<p>Hello {{.name}}</p>")},
	}
	home := func(w http.ResponseWriter, r *http.Request) {}
	p, err := New(Settings{SecretKey: "k", LogOutput: "discard", TemplateDirs: []fs.FS{tpl},
		URLs: []urls.Pattern{urls.Path("", home, "home")}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	m := &mail.Message{}
	err = m.Render(p.MailTemplates(), mail.Templates{Subject: "welcome_subject.txt", Text: "welcome.txt", HTML: "welcome.html"},
		map[string]any{"name": "Tom & <Jerry>"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Welcome, Tom & <Jerry>!" {
		t.Errorf("subject = %q", m.Subject)
	}
	if m.Body != "Hello Tom & <Jerry>, see / <soon>." {
		t.Errorf("text = %q", m.Body)
	}
	if m.HTML != "<p>Hello Tom &amp; &lt;Jerry&gt;</p>" {
		t.Errorf("html = %q (must stay escaped)", m.HTML)
	}
}
