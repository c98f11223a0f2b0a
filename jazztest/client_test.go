package jazztest_test

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/jazztest"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

func testProject(t *testing.T) *jazz.Project {
	tpl := fstest.MapFS{
		"base.html":  {Data: []byte(`<h1>{{block "title" .}}{{end}}</h1>`)},
		"hello.html": {Data: []byte(`{{extends "base.html"}}{{block "title" .}}Hello {{.name}}{{end}}`)},
	}
	count := func(w http.ResponseWriter, r *http.Request) error {
		n := 0
		if c, err := r.Cookie("n"); err == nil {
			fmt.Sscan(c.Value, &n)
		}
		http.SetCookie(w, &http.Cookie{Name: "n", Value: fmt.Sprint(n + 1), Path: "/"})
		return web.Text(w, 200, fmt.Sprint(n))
	}
	hello := func(w http.ResponseWriter, r *http.Request) error {
		return web.Render(w, r, "hello.html", web.Context{"name": r.URL.Query().Get("name")})
	}
	form := func(w http.ResponseWriter, r *http.Request) error {
		f, err := web.ParseForm(r)
		if err != nil {
			return err
		}
		return web.Redirect(w, r, "/hello/?name="+url.QueryEscape(f.Get("name")))
	}
	echo := func(w http.ResponseWriter, r *http.Request) error {
		var v map[string]any
		if err := web.DecodeJSON(r, &v); err != nil {
			return err
		}
		return web.JSON(w, 201, v)
	}
	secure := func(w http.ResponseWriter, r *http.Request) error {
		return web.Text(w, 200, fmt.Sprint(r.TLS != nil))
	}
	return jazztest.NewProject(t, jazz.Settings{
		TemplateDirs: []fs.FS{tpl},
		URLs: []urls.Pattern{
			urls.Path("count/", count, "count"),
			urls.Path("hello/", hello, "hello"),
			urls.Path("form/", form, "form").Methods("POST"),
			urls.Path("echo/", echo, "echo").Methods("POST", "PUT"),
			urls.Path("secure/", secure, "secure"),
			urls.Path("loop/", func(w http.ResponseWriter, r *http.Request) error { return web.Redirect(w, r, "/loop/") }, "loop"),
		},
	})
}

func TestCookiesKept(t *testing.T) {
	c := jazztest.NewClient(t, testProject(t))
	for want := 0; want < 3; want++ {
		if got := c.Get("/count/").AssertStatus(200).Text(); got != fmt.Sprint(want) {
			t.Fatalf("visit %d: body %q", want, got)
		}
	}
	if v, ok := c.Cookie("n"); !ok || v != "3" {
		t.Fatalf("cookie n = %q, %v", v, ok)
	}
	// A second client is a second browser.
	if got := jazztest.NewClient(t, testProject(t)).Get("/count/").Text(); got != "0" {
		t.Fatalf("fresh client body %q", got)
	}
}

func TestTemplatesAndContext(t *testing.T) {
	c := jazztest.NewClient(t, testProject(t))
	r := c.Get("/hello/?name=Ann").AssertStatus(200).AssertContains("<h1>Hello Ann</h1>")
	r.AssertTemplateUsed("hello.html").AssertTemplateUsed("base.html")
	if v, ok := r.Context("name"); !ok || v != "Ann" {
		t.Fatalf("context name = %v, %v", v, ok)
	}
	if _, ok := r.Context("missing"); ok {
		t.Fatal("found a key nobody set")
	}
	// Each response records only its own templates.
	if got := c.Get("/count/").Templates; len(got) != 0 {
		t.Fatalf("count rendered %v", got)
	}
}

func TestFormPostAndFollow(t *testing.T) {
	c := jazztest.NewClient(t, testProject(t))
	c.Post("/form/", url.Values{"name": {"Bo & Co"}}).AssertRedirects(302, "/hello/?name=Bo+%26+Co")
	c.FollowRedirects = true
	r := c.Post("/form/", url.Values{"name": {"Bo"}}).AssertStatus(200).AssertContains("Hello Bo")
	if len(r.RedirectChain) != 1 || r.RedirectChain[0].URL != "/hello/?name=Bo" || r.Request.Method != "GET" {
		t.Fatalf("chain %v, final method %s", r.RedirectChain, r.Request.Method)
	}
}

func TestJSON(t *testing.T) {
	c := jazztest.NewClient(t, testProject(t))
	var got map[string]any
	c.PostJSON("/echo/", map[string]any{"a": 1}).AssertStatus(201).JSON(&got)
	if got["a"] != float64(1) {
		t.Fatalf("echo = %v", got)
	}
	c.PutJSON("/echo/", []int{1}).AssertStatus(400)
	c.Delete("/echo/").AssertStatus(405)
}

func TestSecureAndHeaders(t *testing.T) {
	c := jazztest.NewClient(t, testProject(t))
	c.Get("/secure/").AssertContains("false")
	c.Secure = true
	c.Get("/secure/").AssertContains("true")
	c.Head("/secure/").AssertStatus(200)
}

// recorder is a testing.TB that records failures instead of stopping the
// test, to check that the assertions do fail when they should.
type recorder struct {
	testing.TB
	failed []string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
	panic(r)
}

func TestAssertionsFail(t *testing.T) {
	p := testProject(t)
	for name, check := range map[string]func(*jazztest.Response){
		"status":         func(r *jazztest.Response) { r.AssertStatus(404) },
		"contains":       func(r *jazztest.Response) { r.AssertContains("Goodbye") },
		"not contains":   func(r *jazztest.Response) { r.AssertNotContains("Hello") },
		"header":         func(r *jazztest.Response) { r.AssertHeader("X-Frame-Options", "SAMEORIGIN") },
		"template":       func(r *jazztest.Response) { r.AssertTemplateUsed("other.html") },
		"redirects":      func(r *jazztest.Response) { r.AssertRedirects(302, "/") },
		"json":           func(r *jazztest.Response) { var v any; r.JSON(&v) },
		"redirect loops": nil,
	} {
		t.Run(name, func(t *testing.T) {
			rec := &recorder{TB: t}
			func() {
				defer func() {
					if v := recover(); v != nil && v != rec {
						panic(v)
					}
				}()
				c := jazztest.NewClient(rec, p)
				if check == nil {
					c.FollowRedirects = true
					c.Get("/loop/")
					return
				}
				check(c.Get("/hello/?name=x"))
			}()
			if len(rec.failed) != 1 {
				t.Fatalf("assertion did not fail (failures: %q)", rec.failed)
			}
			if name == "redirect loops" && !strings.Contains(rec.failed[0], "redirects") {
				t.Fatalf("message %q", rec.failed[0])
			}
		})
	}
}
