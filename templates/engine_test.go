package templates

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/web"
)

// mapfs builds an fstest.MapFS from name/text pairs.
func mapfs(files ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for i := 0; i < len(files); i += 2 {
		m[files[i]] = &fstest.MapFile{Data: []byte(files[i+1])}
	}
	return m
}

func newEngine(t *testing.T, opts Options) *Engine {
	t.Helper()
	e, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

func render(t *testing.T, e *Engine, name, block string, data any) string {
	t.Helper()
	var b bytes.Buffer
	if err := e.Render(&b, nil, name, block, data); err != nil {
		t.Fatalf("Render(%q, %q): %v", name, block, err)
	}
	return b.String()
}

// site is a three-level hierarchy: page -> section -> base.
var site = mapfs(
	"base.html", `<title>{{block "title" .}}Site{{end}}</title>`+
		`<main>{{block "content" .}}base content{{end}}</main>`+
		`<footer>{{block "footer" .}}(c){{end}}</footer>`,
	"blog/base.html", `{{/* section base */}}
{{extends "base.html"}}
text outside blocks is ignored
{{define "title"}}Blog{{end}}
{{define "content"}}<div class="blog">{{block "body" .}}no body{{end}}</div>{{block "sidebar" .}}side{{end}}{{end}}`,
	"blog/post.html", `{{extends "blog/base.html"}}
{{define "title"}}{{.title}} | {{template "super:title" .}}{{end}}
{{define "body"}}<h1>{{.title}}</h1>{{end}}
{{define "footer"}}[{{template "super:footer" .}}]{{end}}`,
	"blog/list.html", `{{extends "blog/base.html"}}{{define "sidebar"}}list side{{end}}`,
)

func TestInheritanceThreeLevels(t *testing.T) {
	e := newEngine(t, Options{Dirs: []fs.FS{site}})
	got := render(t, e, "blog/post.html", "", map[string]any{"title": "Hi <you>"})
	want := `<title>Hi &lt;you&gt; | Blog</title><main><div class="blog"><h1>Hi &lt;you&gt;</h1></div>side</main><footer>[(c)]</footer>`
	if got != want {
		t.Errorf("post:\n got %s\nwant %s", got, want)
	}
	got = render(t, e, "blog/list.html", "", nil)
	want = `<title>Blog</title><main><div class="blog">no body</div>list side</main><footer>(c)</footer>`
	if got != want {
		t.Errorf("list:\n got %s\nwant %s", got, want)
	}
	// The bases render on their own with their own defaults, untouched by
	// the pages built from them (no override leaks between pages).
	got = render(t, e, "base.html", "", nil)
	want = `<title>Site</title><main>base content</main><footer>(c)</footer>`
	if got != want {
		t.Errorf("base:\n got %s\nwant %s", got, want)
	}
	got = render(t, e, "blog/base.html", "", nil)
	want = `<title>Blog</title><main><div class="blog">no body</div>side</main><footer>(c)</footer>`
	if got != want {
		t.Errorf("blog/base:\n got %s\nwant %s", got, want)
	}
}

func TestSuperChainsThroughLevels(t *testing.T) {
	e := newEngine(t, Options{Dirs: []fs.FS{mapfs(
		"a.html", `{{block "x" .}}A{{end}}`,
		"b.html", `{{extends "a.html"}}{{define "x"}}B{{template "super:x" .}}{{end}}`,
		"c.html", `{{extends "b.html"}}{{define "x"}}C{{template "super:x" .}}{{end}}`,
		// d does not override x itself, yet may call it from a new block.
		"d.html", `{{extends "c.html"}}{{define "y"}}{{end}}`,
	)}})
	if got := render(t, e, "c.html", "", nil); got != "CBA" {
		t.Errorf("c.html = %q, want CBA", got)
	}
	if got := render(t, e, "d.html", "", nil); got != "CBA" {
		t.Errorf("d.html = %q, want CBA", got)
	}
	if got := render(t, e, "b.html", "", nil); got != "BA" {
		t.Errorf("b.html = %q, want BA", got)
	}
}

func TestEmptyOverrideBlanksBlock(t *testing.T) {
	e := newEngine(t, Options{Dirs: []fs.FS{mapfs(
		"base.html", `[{{block "side" .}}default{{end}}]`,
		"page.html", `{{extends "base.html"}}{{block "side" .}}{{end}}`,
	)}})
	if got := render(t, e, "page.html", "", nil); got != "[]" {
		t.Errorf("got %q, want []", got)
	}
}

func TestIncludes(t *testing.T) {
	e := newEngine(t, Options{Dirs: []fs.FS{mapfs(
		"base.html", `{{template "partials/nav.html" .}}|{{block "content" .}}{{end}}`,
		"page.html", `{{extends "base.html"}}{{define "content"}}{{range .items}}{{template "partials/item.html" .}}{{end}}{{end}}`,
		"partials/nav.html", `<nav>{{.user}}</nav>`,
		// An included file has its own blocks: its "content" must not be
		// replaced by the page's.
		"partials/item.html", `{{extends "partials/box.html"}}{{define "content"}}<i>{{.}}</i>{{end}}`,
		"partials/box.html", `<b>{{block "content" .}}{{end}}</b>`,
		"tree.html", `{{define "node"}}{{.name}}{{if .kids}}({{range .kids}}{{template "node" .}}{{end}}){{end}}{{end}}{{template "node" .root}}`,
	)}})
	got := render(t, e, "page.html", "", map[string]any{"user": "ann", "items": []string{"x", "<y>"}})
	want := `<nav>ann</nav>|<b><i>x</i></b><b><i>&lt;y&gt;</i></b>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	root := map[string]any{"name": "a", "kids": []map[string]any{{"name": "b"}, {"name": "c", "kids": []map[string]any{{"name": "d"}}}}}
	if got := render(t, e, "tree.html", "", map[string]any{"root": root}); got != "a(bc(d))" {
		t.Errorf("recursive define: got %q", got)
	}
}

func TestRecursiveInclude(t *testing.T) {
	e := newEngine(t, Options{Dirs: []fs.FS{mapfs(
		"page.html", `{{template "comment.html" .c}}`,
		"comment.html", `<li>{{.text}}{{if .replies}}<ul>{{range .replies}}{{template "comment.html" .}}{{end}}</ul>{{end}}</li>`,
	)}})
	c := map[string]any{"text": "a", "replies": []any{map[string]any{"text": "b"}}}
	if got, want := render(t, e, "page.html", "", map[string]any{"c": c}), "<li>a<ul><li>b</li></ul></li>"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

type testApp struct {
	apps.Base
	fsys fs.FS
}

func (a *testApp) Templates() fs.FS { return a.fsys }

type plainApp struct{ apps.Base }

func TestLookupOrder(t *testing.T) {
	dir1 := mapfs("a.html", "dir1", "blog/post.html", "project post")
	dir2 := mapfs("a.html", "dir2", "b.html", "dir2")
	blog := &testApp{apps.Base{Name: "blog"}, mapfs("blog/post.html", "app post", "blog/list.html", "app list", "c.html", "blog")}
	other := &testApp{apps.Base{Name: "other"}, mapfs("c.html", "other", "d.html", "other")}
	e := newEngine(t, Options{
		Dirs: []fs.FS{dir1, dir2},
		Apps: []apps.App{&plainApp{apps.Base{Name: "plain"}}, blog, &testApp{apps.Base{Name: "empty"}, nil}, other},
	})
	for name, want := range map[string]string{
		"a.html": "dir1", "b.html": "dir2", "blog/post.html": "project post",
		"blog/list.html": "app list", "c.html": "blog", "d.html": "other",
	} {
		if got := render(t, e, name, "", nil); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func TestProjectOverridesAppBase(t *testing.T) {
	// An app's page extends its own base; the project replaces that base,
	// and the app's page picks the project's version up.
	app := &testApp{apps.Base{Name: "shop"}, mapfs(
		"shop/base.html", `app base: {{block "content" .}}{{end}}`,
		"shop/cart.html", `{{extends "shop/base.html"}}{{define "content"}}cart{{end}}`,
	)}
	e := newEngine(t, Options{Dirs: []fs.FS{mapfs("shop/base.html", `<site>{{block "content" .}}{{end}}</site>`)}, Apps: []apps.App{app}})
	if got := render(t, e, "shop/cart.html", "", nil); got != "<site>cart</site>" {
		t.Errorf("got %q", got)
	}
}

func TestHiddenFilesIgnored(t *testing.T) {
	e := newEngine(t, Options{Dirs: []fs.FS{mapfs(
		"ok.html", "ok",
		".hidden.html", "{{ broken",
		".git/config", "{{ broken",
		"dir/.swp", "{{ broken",
	)}})
	if !e.Has("ok.html") || e.Has(".hidden.html") || e.Has("dir/.swp") {
		t.Error("Has: hidden files must be ignored and ok.html found")
	}
}

func TestBlockRendering(t *testing.T) {
	e := newEngine(t, Options{Dirs: []fs.FS{site}})
	data := map[string]any{"title": "T"}
	if got := render(t, e, "blog/post.html", "body", data); got != "<h1>T</h1>" {
		t.Errorf("body = %q", got)
	}
	// A block as the page defines it after overrides, with super calls.
	if got := render(t, e, "blog/post.html", "title", data); got != "T | Blog" {
		t.Errorf("title = %q", got)
	}
	// A block the page inherits without overriding.
	if got := render(t, e, "blog/post.html", "sidebar", data); got != "side" {
		t.Errorf("sidebar = %q", got)
	}
	if got := render(t, e, "blog/list.html", "sidebar", data); got != "list side" {
		t.Errorf("list sidebar = %q", got)
	}
	err := e.Render(&bytes.Buffer{}, nil, "blog/post.html", "nope", data)
	if err == nil || !strings.Contains(err.Error(), `no block "nope"`) || !strings.Contains(err.Error(), "sidebar") {
		t.Errorf("unknown block: err = %v, want one naming the block and listing the page's blocks", err)
	}
	// Internal names for a parent's version are not blocks of the page.
	if err := e.Render(&bytes.Buffer{}, nil, "blog/post.html", "title (blog/base.html)", data); err == nil {
		t.Error("an internal name was accepted as a block")
	}
}

func TestData(t *testing.T) {
	var procCalls int
	e := newEngine(t, Options{
		Dirs: []fs.FS{mapfs(
			"keys.html", `{{.a}} {{.b}} {{.c}} {{.request.URL.Path}}`,
			"data.html", `{{.data.Name}} {{.a}} {{.request}}`,
		)},
		ContextProcessors: []ContextProcessor{
			func(r *http.Request) map[string]any {
				procCalls++
				return map[string]any{"a": "p1a", "b": "p1b", "c": "p1c"}
			},
			func(r *http.Request) map[string]any { procCalls++; return map[string]any{"b": "p2b"} },
			func(r *http.Request) map[string]any { procCalls++; return nil },
		},
	})
	r := httptest.NewRequest("GET", "/x/y", nil)
	view := web.Context{"c": "view"}
	var b bytes.Buffer
	if err := e.Render(&b, r, "keys.html", "", view); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "p1a p2b view /x/y"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(view) != 1 {
		t.Errorf("the view's map was modified: %v", view)
	}
	if procCalls != 3 {
		t.Errorf("processors called %d times, want 3", procCalls)
	}
	// Non-map data is .data; without a request there are no processors.
	b.Reset()
	if err := e.Render(&b, nil, "data.html", "", struct{ Name string }{"N"}); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "N  "; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if procCalls != 3 {
		t.Error("processors were called without a request")
	}
}

func TestObserve(t *testing.T) {
	type call struct {
		name string
		data map[string]any
	}
	var calls []call
	e := newEngine(t, Options{Dirs: []fs.FS{site}, Observe: func(r *http.Request, name string, data map[string]any) {
		calls = append(calls, call{name, data})
	}})
	r := httptest.NewRequest("GET", "/", nil)
	if err := e.Render(&bytes.Buffer{}, r, "blog/post.html", "", web.Context{"title": "x"}); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range calls {
		names = append(names, c.name)
		if c.data["title"] != "x" || c.data["request"] != r {
			t.Errorf("%s observed with %v", c.name, c.data)
		}
	}
	if got := strings.Join(names, ","); got != "blog/post.html,blog/base.html,base.html" {
		t.Errorf("observed %s", got)
	}
}

func TestNotFound(t *testing.T) {
	e := newEngine(t, Options{Dirs: []fs.FS{site}})
	for _, name := range []string{"missing.html", "", "/base.html", "../base.html", "blog"} {
		err := e.Render(&bytes.Buffer{}, nil, name, "", nil)
		if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), fmt.Sprintf("%q", name)) {
			t.Errorf("Render(%q): err = %v, want ErrNotFound naming it", name, err)
		}
		if e.Has(name) {
			t.Errorf("Has(%q) = true", name)
		}
	}
	if !e.Has("blog/post.html") {
		t.Error("Has(blog/post.html) = false")
	}
}

func TestExecutionErrorNamesTemplate(t *testing.T) {
	e := newEngine(t, Options{Dirs: []fs.FS{mapfs("bad.html", "line1\n{{index .list 5}}")}})
	err := e.Render(&bytes.Buffer{}, nil, "bad.html", "", map[string]any{"list": []int{1}})
	if err == nil || !strings.Contains(err.Error(), "bad.html:2") {
		t.Errorf("err = %v, want the file and line", err)
	}
}

func TestNewReportsEveryError(t *testing.T) {
	_, err := New(Options{Dirs: []fs.FS{mapfs(
		"ok.html", "fine",
		"one.html", "a\nb\n{{if}}",
		"two.html", "{{.x | nosuchfunc}}",
		"orphan.html", `{{extends "nope.html"}}`,
		"child.html", `{{extends "orphan.html"}}`,
		"c1.html", `{{extends "c2.html"}}`,
		"c2.html", `{{extends "c1.html"}}`,
		"late.html", `<p>{{extends "ok.html"}}`,
		"inblock.html", `{{define "x"}}{{extends "ok.html"}}{{end}}`,
		"incl.html", "\n{{template \"partials/gone.html\" .}}",
		"base.html", `{{template "content" .}}`,
		"super.html", `{{block "x" .}}{{template "super:x" .}}{{end}}`,
		"args.html", `{{extends .base}}`,
	)}})
	if err == nil {
		t.Fatal("New succeeded")
	}
	msg := err.Error()
	for _, want := range []string{
		"one.html:3",
		"two.html:1",
		`function "nosuchfunc" not defined`,
		`orphan.html:1:2: extends "nope.html"`,
		"extends cycle: c1.html -> c2.html -> c1.html",
		"late.html:1:",
		"inblock.html:1:",
		`incl.html:2:`,
		`"partials/gone.html"`,
		`base.html:1:`,
		`{{block "content" .}}{{end}}`,
		`super.html:1:`,
		"args.html:1:",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not mention %q:\n%s", want, msg)
		}
	}
	// Each problem once, although child.html also runs into orphan's.
	if n := strings.Count(msg, `extends "nope.html"`); n != 1 {
		t.Errorf("unknown parent reported %d times:\n%s", n, msg)
	}
	if n := strings.Count(msg, "extends cycle"); n != 1 {
		t.Errorf("cycle reported %d times:\n%s", n, msg)
	}
	if strings.Contains(msg, "ok.html:") {
		t.Errorf("a good file is blamed:\n%s", msg)
	}
}

func TestNewOptionErrors(t *testing.T) {
	for name, opts := range map[string]Options{
		"nil dir":        {Dirs: []fs.FS{nil}},
		"nil app":        {Apps: []apps.App{nil}},
		"nil processor":  {ContextProcessors: []ContextProcessor{nil}},
		"reserved func":  {Funcs: template.FuncMap{"extends": func() string { return "" }}},
		"not a function": {Funcs: template.FuncMap{"x": 3}},
		"missing dir":    {Dirs: []fs.FS{fstest.MapFS{}, missingFS{}}},
	} {
		e, err := New(opts)
		if err == nil || e != nil || !strings.HasPrefix(err.Error(), "templates: ") {
			t.Errorf("%s: New = %v, %v; want a templates error", name, e, err)
		}
	}
}

type missingFS struct{}

func (missingFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func TestFuncsOverride(t *testing.T) {
	e := newEngine(t, Options{
		Dirs:  []fs.FS{mapfs("p.html", `{{url "home"}} {{upper "x"}}`)},
		Funcs: template.FuncMap{"url": func(name string) string { return "/" + name + "/" }, "upper": func(s string) string { return "overridden" }},
	})
	if got := render(t, e, "p.html", "", nil); got != "/home/ overridden" {
		t.Errorf("got %q", got)
	}
}

func TestDebugReloads(t *testing.T) {
	fsys := mapfs(
		"base.html", `[{{block "c" .}}{{end}}]`,
		"page.html", `{{extends "base.html"}}{{define "c"}}v1{{end}}`,
	)
	e := newEngine(t, Options{Dirs: []fs.FS{fsys}, Debug: true})
	if got := render(t, e, "page.html", "", nil); got != "[v1]" {
		t.Fatalf("got %q", got)
	}
	fsys["base.html"].Data = []byte(`({{block "c" .}}{{end}})`)
	if got := render(t, e, "page.html", "", nil); got != "(v1)" {
		t.Errorf("after editing the base: got %q", got)
	}
	fsys["page.html"].Data = []byte(`{{extends "base.html"}}{{define "c"}}v2{{end}}`)
	if got := render(t, e, "page.html", "c", nil); got != "v2" {
		t.Errorf("after editing the page: block = %q", got)
	}
	fsys["new.html"] = &fstest.MapFile{Data: []byte("new")}
	if !e.Has("new.html") || render(t, e, "new.html", "", nil) != "new" {
		t.Error("a file added after New is not found in Debug mode")
	}
	fsys["page.html"].Data = []byte(`{{extends "base.html"}}{{define "c"}}{{if}}{{end}}`)
	if err := e.Render(&bytes.Buffer{}, nil, "page.html", "", nil); err == nil || !strings.Contains(err.Error(), "page.html:1") {
		t.Errorf("a syntax error introduced while running: err = %v", err)
	}
	delete(fsys, "page.html")
	if err := e.Render(&bytes.Buffer{}, nil, "page.html", "", nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted page: err = %v", err)
	}
}

func TestNoDebugNeverRereads(t *testing.T) {
	fsys := mapfs("page.html", "v1")
	e := newEngine(t, Options{Dirs: []fs.FS{fsys}})
	fsys["page.html"].Data = []byte("v2")
	fsys["new.html"] = &fstest.MapFile{Data: []byte("new")}
	if got := render(t, e, "page.html", "", nil); got != "v1" {
		t.Errorf("got %q, want the text read at New", got)
	}
	if e.Has("new.html") {
		t.Error("Has sees a file added after New without Debug")
	}
}

func TestConcurrentRender(t *testing.T) {
	for _, debug := range []bool{false, true} {
		e := newEngine(t, Options{Dirs: []fs.FS{site}, Debug: debug})
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range 20 {
					name, want := "blog/post.html", fmt.Sprintf("<h1>%d-%d</h1>", i, j)
					if j%2 == 1 {
						name, want = "blog/list.html", "list side"
					}
					var b bytes.Buffer
					if err := e.Render(&b, nil, name, "", map[string]any{"title": fmt.Sprintf("%d-%d", i, j)}); err != nil {
						errs <- err
						return
					}
					if !strings.Contains(b.String(), want) {
						errs <- fmt.Errorf("%s: %q lacks %q", name, b.String(), want)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("debug=%v: %v", debug, err)
		}
	}
}

func TestWebRenderIntegration(t *testing.T) {
	e := newEngine(t, Options{Dirs: []fs.FS{site}})
	h := web.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return web.Render(w, r, "blog/post.html", web.Context{"title": "Hello"})
	})
	r := httptest.NewRequest("GET", "/", nil)
	r = web.WithSite(r, &web.Site{Renderer: e})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "<h1>Hello</h1>") {
		t.Errorf("status %d body %q", w.Code, w.Body.String())
	}
}

func TestExtendsWithTrimMarkers(t *testing.T) {
	e := newEngine(t, Options{Dirs: []fs.FS{mapfs(
		"base.html", `<{{block "x" .}}{{end}}>`,
		"page.html", "  {{/* note */}}\n  {{- extends \"base.html\" -}}\n{{define \"x\"}}p{{end}}",
	)}})
	if got := render(t, e, "page.html", "", nil); got != "&lt;p>" {
		t.Errorf("got %q", got)
	}
}

func TestBlockAndFileNameClash(t *testing.T) {
	_, err := New(Options{Dirs: []fs.FS{mapfs(
		"page.html", `{{define "x.html"}}block{{end}}{{template "inc.html" .}}`,
		"inc.html", `{{template "x.html" .}}`,
		"x.html", `file`,
	)}})
	if err == nil || !strings.Contains(err.Error(), `"x.html" is used both by a block and by an included template`) {
		t.Errorf("err = %v", err)
	}
}

func TestSuperFromAnotherBlock(t *testing.T) {
	// super:NAME is resolved from the level of the file that calls it,
	// even inside a different block.
	e := newEngine(t, Options{Dirs: []fs.FS{mapfs(
		"base.html", `{{block "a" .}}A0{{end}}/{{block "b" .}}B0{{end}}`,
		"page.html", `{{extends "base.html"}}{{define "a"}}A1{{end}}{{define "b"}}{{template "super:a" .}}+{{template "a" .}}{{end}}`,
	)}})
	if got := render(t, e, "page.html", "", nil); got != "A1/A0+A1" {
		t.Errorf("got %q", got)
	}
	if got := render(t, e, "page.html", "b", nil); got != "A0+A1" {
		t.Errorf("block b = %q", got)
	}
}
