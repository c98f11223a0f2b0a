package templates

import (
	"html/template"
	"io"
	"testing"
)

// BenchmarkBaselineHTMLTemplate is the same page as BenchmarkRenderInherited
// written as one plain html/template, to show what the engine itself costs.
func BenchmarkBaselineHTMLTemplate(b *testing.B) {
	_, r, data := benchEngine(b)
	t := template.Must(template.New("p").Funcs(Funcs()).Parse(`<!doctype html><html><head><title>Blog | Site</title></head>` +
		`<body><nav><a href="/">Home</a> <a href="/blog/">Blog</a> {{.user}}</nav><main><section class="blog"><ul>{{range .posts}}` +
		`<li><a href="/blog/{{.Slug}}/">{{.Title | title}}</a> <time>{{.Date | date "N j, Y"}}</time>` +
		`<p>{{.Body | truncatewords 10}}</p> {{.Comments}} comment{{pluralize .Comments}}</li>{{end}}</ul></section></main><footer>(c) Jazz</footer></body></html>`))
	dot := map[string]any{"posts": data["posts"], "user": "ann", "request": r, "STATIC_URL": "/static/", "debug": false}
	b.ReportAllocs()
	for b.Loop() {
		if err := t.Execute(io.Discard, dot); err != nil {
			b.Fatal(err)
		}
	}
}
