package templates_test

import (
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"testing/fstest"
	"time"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/templates"
	"github.com/jazzgo/jazz/web"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// A page extends a section base, which extends the site base; each level
// overrides blocks of the levels above, and "super:title" calls the
// parent's version of a block.
func Example_inheritance() {
	project := fstest.MapFS{
		"base.html": file(`<title>{{block "title" .}}My site{{end}}</title>` +
			`{{template "partials/nav.html" .}}<main>{{block "content" .}}{{end}}</main>`),
		"partials/nav.html": file(`<nav>Hello {{.user}}</nav>`),
		"blog/base.html": file(`{{extends "base.html"}}
{{define "content"}}<article>{{block "article" .}}{{end}}</article>{{end}}`),
		"blog/post.html": file(`{{extends "blog/base.html"}}
{{define "title"}}{{.post.Title}} | {{template "super:title" .}}{{end}}
{{define "article"}}<h1>{{.post.Title}}</h1>{{.post.Body | linebreaks}}{{end}}`),
	}
	engine, err := templates.New(templates.Options{Dirs: []fs.FS{project}})
	if err != nil {
		log.Fatal(err)
	}
	post := struct{ Title, Body string }{"Jazz & Go", "First line\nsecond line"}
	data := web.Context{"user": "ann", "post": post}
	if err := engine.Render(os.Stdout, nil, "blog/post.html", "", data); err != nil {
		log.Fatal(err)
	}
	fmt.Println()
	// A single block, for an htmx-style partial update.
	if err := engine.Render(os.Stdout, nil, "blog/post.html", "title", data); err != nil {
		log.Fatal(err)
	}
	fmt.Println()
	// Output:
	// <title>Jazz &amp; Go | My site</title><nav>Hello ann</nav><main><article><h1>Jazz &amp; Go</h1><p>First line<br>second line</p></article></main>
	// Jazz &amp; Go | My site
}

type blogApp struct{ apps.Base }

func (*blogApp) Templates() fs.FS {
	return fstest.MapFS{
		"blog/list.html":   file(`app list: {{template "blog/header.html" .}}`),
		"blog/header.html": file(`app header`),
	}
}

// The project's directories are searched before the apps, so a project
// replaces any single template of an app, even one the app includes.
func Example_override() {
	project := fstest.MapFS{"blog/header.html": file(`project header`)}
	engine, err := templates.New(templates.Options{
		Dirs: []fs.FS{project},
		Apps: []apps.App{&blogApp{apps.Base{Name: "blog"}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	engine.Render(os.Stdout, nil, "blog/list.html", "", nil)
	fmt.Println()
	fmt.Println(engine.Has("blog/list.html"), engine.Has("404.html"))
	// Output:
	// app list: project header
	// true false
}

// Context processors add keys to every page; the view's keys win. Data that
// is not a map is available as .data.
func Example_context() {
	engine, err := templates.New(templates.Options{
		Dirs: []fs.FS{fstest.MapFS{
			"hello.html": file(`{{.greeting}}, {{.name}} at {{.request.URL.Path}}`),
			"user.html":  file(`{{.data.Name}} ({{.STATIC_URL}})`),
		}},
		ContextProcessors: []templates.ContextProcessor{
			func(r *http.Request) map[string]any {
				return map[string]any{"greeting": "Hi", "name": "stranger", "STATIC_URL": "/static/"}
			},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/hello/", nil)
	engine.Render(os.Stdout, r, "hello.html", "", web.Context{"name": "Ann"})
	fmt.Println()
	engine.Render(os.Stdout, r, "user.html", "", struct{ Name string }{"Bob"})
	fmt.Println()
	// Output:
	// Hi, Ann at /hello/
	// Bob (/static/)
}

// Filters take the piped value as their last argument.
func Example_filters() {
	engine, err := templates.New(templates.Options{Dirs: []fs.FS{fstest.MapFS{"f.html": file(
		`{{.when | date "D, d M Y"}} | {{.body | truncatewords 3}} | {{.n}} cherr{{pluralize .n "y,ies"}} | ` +
			`{{.price | floatformat 2}} | {{.title | slugify}} | {{.tags | join ", "}} | ` +
			`{{.missing | default "n/a"}} | {{.ok | yesno "on,off"}}`)}}})
	if err != nil {
		log.Fatal(err)
	}
	engine.Render(os.Stdout, nil, "f.html", "", web.Context{
		"when": time.Date(2024, 3, 8, 9, 30, 0, 0, time.UTC), "body": "one two three four five",
		"n": 3, "price": 9.5, "title": "Hello, Jazz World!", "tags": []string{"go", "web"}, "ok": true,
	})
	fmt.Println()
	// Output:
	// Fri, 08 Mar 2024 | one two three … | 3 cherries | 9.50 | hello-jazz-world | go, web | n/a | on
}
