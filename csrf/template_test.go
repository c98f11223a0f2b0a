package csrf

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jazzgo/jazz/templates"
	"github.com/jazzgo/jazz/web"
)

// renderThrough serves one GET through the middleware to a view rendering
// page with a templates engine wired as a project would.
func renderThrough(t *testing.T, page string) (body string, cookie *http.Cookie) {
	t.Helper()
	eng, err := templates.New(templates.Options{
		Dirs:              []fs.FS{fstest.MapFS{"page.html": {Data: []byte(page)}}},
		Funcs:             Funcs(""),
		ContextProcessors: []templates.ContextProcessor{ContextProcessor},
	})
	if err != nil {
		t.Fatal(err)
	}
	site := &web.Site{Renderer: eng, Logger: quiet}
	view := web.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return web.Render(w, r, "page.html", nil)
	})
	h := Middleware(Options{})(view)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, web.WithSite(req{method: "GET"}.build(), site))
	if rec.Code != 200 {
		t.Fatalf("render: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.String(), setCookie(rec.Result(), DefaultCookieName)
}

var inputRE = regexp.MustCompile(`^<input type="hidden" name="csrfmiddlewaretoken" value="([a-zA-Z0-9]{64})">$`)

func TestTemplateInput(t *testing.T) {
	for _, page := range []string{`{{csrf_input .request}}`, `{{csrf_input .}}`} {
		body, c := renderThrough(t, page)
		m := inputRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s rendered %q", page, body)
		}
		if c == nil || secretOf(m[1]) != c.Value {
			t.Fatalf("%s: token %q does not match cookie %v", page, m[1], c)
		}
	}
}

func TestContextProcessorIsLazy(t *testing.T) {
	if _, c := renderThrough(t, `no form here`); c != nil {
		t.Fatalf("a page that never printed the token set cookie %v", c)
	}
	body, c := renderThrough(t, `<meta name="csrf" content="{{.csrf_token}}"><script>const t = {{.csrf_token}};</script>`)
	m := regexp.MustCompile(`content="([a-zA-Z0-9]{64})"><script>const t = "([a-zA-Z0-9]{64})";</script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("rendered %q", body)
	}
	if m[1] != m[2] || c == nil || secretOf(m[1]) != c.Value {
		t.Fatalf("tokens %q, %q, cookie %v", m[1], m[2], c)
	}
}

func TestTemplateFuncErrors(t *testing.T) {
	tpl := template.Must(template.New("x").Funcs(Funcs("")).Parse(`{{csrf_input .}}`))
	var buf bytes.Buffer
	err := tpl.Execute(&buf, map[string]any{"request": httptest.NewRequest("GET", "/", nil)})
	if err == nil || !strings.Contains(err.Error(), "no CSRF middleware") {
		t.Fatalf("outside the middleware: %v", err)
	}
	err = tpl.Execute(&buf, 42)
	if err == nil || !strings.Contains(err.Error(), "want the request") {
		t.Fatalf("with a non-request: %v", err)
	}
	if ContextProcessor(httptest.NewRequest("GET", "/", nil)) != nil {
		t.Fatal("ContextProcessor outside the middleware")
	}
}

func TestInputEscapes(t *testing.T) {
	if got := Input(`a"b`, "tok"); got != `<input type="hidden" name="a&#34;b" value="tok">` {
		t.Fatalf("Input = %q", got)
	}
}
