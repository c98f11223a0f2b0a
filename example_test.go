package jazz_test

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"testing/fstest"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

func Example() {
	templates := fstest.MapFS{
		"base.html":  {Data: []byte(`<title>{{block "title" .}}Site{{end}}</title>`)},
		"hello.html": {Data: []byte(`{{extends "base.html"}}{{block "title" .}}Hello, {{.name}}{{end}}`)},
	}
	hello := func(w http.ResponseWriter, r *http.Request) error {
		return web.Render(w, r, "hello.html", web.Context{"name": r.PathValue("name")})
	}
	p, err := jazz.New(jazz.Settings{
		SecretKey:    "example-secret-key-use-a-long-random-one-in-production",
		AllowedHosts: []string{"example.com"},
		TemplateDirs: []fs.FS{templates},
		LogOutput:    "discard",
		URLs: []urls.Pattern{
			urls.Path("hello/<slug:name>/", hello, "hello"),
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	path, _ := p.Reverse("hello", "jazz")
	rec := httptest.NewRecorder()
	p.ServeHTTP(rec, httptest.NewRequest("GET", "http://example.com"+path, nil))
	fmt.Println(path, rec.Code, rec.Body.String())
	fmt.Println(rec.Header().Get("X-Frame-Options"))
	// Output:
	// /hello/jazz/ 200 <title>Hello, jazz</title>
	// DENY
}
