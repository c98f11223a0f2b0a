package templates

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// benchEngine is a realistic three-level page (page -> section -> site)
// with an include, a loop of 50 items and a few filters per item.
func benchEngine(b *testing.B) (*Engine, *http.Request, map[string]any) {
	e, err := New(Options{
		Dirs: []fs.FS{mapfs(
			"base.html", `<!doctype html><html><head><title>{{block "title" .}}Site{{end}}</title></head>`+
				`<body>{{template "nav.html" .}}<main>{{block "content" .}}{{end}}</main><footer>{{block "footer" .}}(c) Jazz{{end}}</footer></body></html>`,
			"nav.html", `<nav><a href="/">Home</a> <a href="/blog/">Blog</a> {{.user}}</nav>`,
			"blog/base.html", `{{extends "base.html"}}{{define "title"}}Blog | {{template "super:title" .}}{{end}}`+
				`{{define "content"}}<section class="blog">{{block "posts" .}}{{end}}</section>{{end}}`,
			"blog/list.html", `{{extends "blog/base.html"}}{{define "posts"}}<ul>{{range .posts}}`+
				`<li><a href="/blog/{{.Slug}}/">{{.Title | title}}</a> <time>{{.Date | date "N j, Y"}}</time>`+
				`<p>{{.Body | truncatewords 10}}</p> {{.Comments}} comment{{pluralize .Comments}}</li>{{end}}</ul>{{end}}`,
		)},
		ContextProcessors: []ContextProcessor{func(*http.Request) map[string]any {
			return map[string]any{"STATIC_URL": "/static/", "debug": false}
		}},
	})
	if err != nil {
		b.Fatal(err)
	}
	type post struct {
		Slug, Title, Body string
		Date              time.Time
		Comments          int
	}
	posts := make([]post, 50)
	for i := range posts {
		posts[i] = post{"post-slug", "a post about <jazz>", "one two three four five six seven eight nine ten eleven twelve",
			time.Date(2024, 1, 1+i%28, 0, 0, 0, 0, time.UTC), i % 3}
	}
	return e, httptest.NewRequest("GET", "/blog/", nil), map[string]any{"posts": posts, "user": "ann"}
}

func BenchmarkRenderInherited(b *testing.B) {
	e, r, data := benchEngine(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := e.Render(io.Discard, r, "blog/list.html", "", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderBlock(b *testing.B) {
	e, r, data := benchEngine(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := e.Render(io.Discard, r, "blog/list.html", "title", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderBlockLoop(b *testing.B) {
	e, r, data := benchEngine(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := e.Render(io.Discard, r, "blog/list.html", "posts", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		benchEngine(b)
	}
}
