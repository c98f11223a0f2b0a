package messages

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/jazzgo/jazz/templates"
	"github.com/jazzgo/jazz/web"
)

// TestTemplates renders messages through the real template engine with
// ContextProcessor, as a base template would show them.
func TestTemplates(t *testing.T) {
	files := fstest.MapFS{
		"base.html":  {Data: []byte(`{{if .messages.Len}}<ul>{{range .messages.All}}<li class="alert alert-{{.LevelTag}}{{with .ExtraTags}} {{.}}{{end}}">{{.HTML}}{{if eq .Level $.DEFAULT_MESSAGE_LEVELS.ERROR}}!{{end}}</li>{{end}}</ul>{{end}}page`)},
		"quiet.html": {Data: []byte(`{{.messages.Len}} waiting`)},
	}
	eng, err := templates.New(templates.Options{Dirs: []fs.FS{files}, ContextProcessors: []templates.ContextProcessor{ContextProcessor}})
	if err != nil {
		t.Fatal(err)
	}
	site := &web.Site{Renderer: eng}
	mw := Middleware(Options{SecretKey: testKey, Tags: map[Level]string{LevelError: "danger"}})
	var cookie string
	serve := func(h func(w http.ResponseWriter, r *http.Request) error) string {
		req := httptest.NewRequest("GET", "/", nil)
		if cookie != "" {
			req.Header.Set("Cookie", "messages="+cookie)
		}
		req = web.WithSite(req, site)
		rec := httptest.NewRecorder()
		mw(web.HandlerFunc(h)).ServeHTTP(rec, req)
		for _, c := range rec.Result().Cookies() {
			if c.Name == DefaultCookieName {
				cookie = c.Value
			}
		}
		return rec.Body.String()
	}
	serve(func(w http.ResponseWriter, r *http.Request) error {
		Success(r, "Saved <b>", "fade")
		Error(r, "Failed")
		AddHTML(r, LevelInfo, `<a href="/undo">Undo</a>`)
		return web.Redirect(w, r, "/next")
	})
	if got := serve(func(w http.ResponseWriter, r *http.Request) error {
		return web.Render(w, r, "quiet.html", nil)
	}); got != "3 waiting" {
		t.Fatalf("quiet page: %q", got)
	}
	want := `<ul><li class="alert alert-success fade">Saved &lt;b&gt;</li><li class="alert alert-danger">Failed!</li><li class="alert alert-info"><a href="/undo">Undo</a></li></ul>page`
	if got := serve(func(w http.ResponseWriter, r *http.Request) error {
		return web.Render(w, r, "base.html", nil)
	}); got != want {
		t.Fatalf("page:\n%s\nwant\n%s", got, want)
	}
	if got := serve(func(w http.ResponseWriter, r *http.Request) error {
		return web.Render(w, r, "base.html", nil)
	}); got != "page" {
		t.Fatalf("shown twice: %q", got)
	}
}
