package forms

import (
	"flag"
	"html/template"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got template.HTML) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.html")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n%s", name, got)
	}
}

func widgetsForm() *Form {
	f := New(
		&Char{Base: Base{Name: "name", Required: true, HelpText: "Your full name.", Widget: &Widget{Template: "input", Type: "text", Attrs: map[string]string{"placeholder": "Ann", "class": "big", "onclick": "evil()"}}}, MaxLength: 5},
		&Email{Base: Base{Name: "email", Required: true}},
		&Char{Base: Base{Name: "password", Required: true, Widget: PasswordInput()}},
		&Char{Base: Base{Name: "bio", Widget: Textarea()}},
		&Int{Base: Base{Name: "age"}},
		&Bool{Base: Base{Name: "agree", Required: true, Label: "I agree"}},
		&NullBool{Base: Base{Name: "ok"}},
		&Choice{Base: Base{Name: "color"}, Options: []Option{{"r", "Red"}, {"g", "Green"}}},
		&Choice{Base: Base{Name: "size", Required: true, Widget: RadioSelect()}, Options: Options("S", "M")},
		&MultipleChoice{Base: Base{Name: "tags", Widget: CheckboxSelectMultiple()}, Options: Options("go", "sql")},
		&Date{Base: Base{Name: "day"}},
		&Time{Base: Base{Name: "at"}},
		&DateTime{Base: Base{Name: "when", Widget: SplitDateTime()}},
		&File{Base: Base{Name: "doc"}},
		&Hidden{Char{Base: Base{Name: "token", Required: true}}},
	)
	f.Initial = map[string]any{"name": "Bo", "color": "g", "when": time.Date(2024, 6, 1, 9, 30, 0, 0, time.UTC), "tags": []string{"sql"}}
	return f
}

func TestRenderGolden(t *testing.T) {
	golden(t, "unbound", widgetsForm().HTML())
	data := url.Values{
		"name": {`<script>x</script>`}, "email": {"bad"}, "password": {"hunter2"}, "bio": {"a\nb"}, "age": {"x"},
		"ok": {"true"}, "color": {"r"}, "size": {"M"}, "tags": {"go", "sql"}, "when_0": {"2024-01-02"}, "when_1": {"03:04"},
	}
	f := widgetsForm().Bind(data, nil)
	f.Clean = func(*Form) error { return Errorf("x", "Something is off.") }
	golden(t, "bound", f.HTML())
}

func TestRenderContract(t *testing.T) {
	data := url.Values{"name": {`"><script>alert(1)</script>`}, "password": {"hunter2"}, "email": {"bad"}}
	f := widgetsForm().Bind(data, nil)
	f.IsValid()
	out := string(f.HTML())
	for _, bad := range []string{"hunter2", "<script>", "onclick", "evil()"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	email := f.BoundField("email")
	for _, want := range []string{`class="form-control is-invalid"`, `aria-invalid="true"`, `aria-describedby="id_email_error"`} {
		if !strings.Contains(string(email.Widget()), want) {
			t.Errorf("email widget lacks %s: %s", want, email.Widget())
		}
	}
	if got := string(email.Errors()); !strings.Contains(got, `class="invalid-feedback d-block"`) || !strings.Contains(got, "Enter a valid email address.") {
		t.Errorf("errors: %s", got)
	}
	if got := string(email.Label()); got != `<label for="id_email" class="form-label">Email<span class="text-danger" aria-hidden="true">*</span></label>` {
		t.Errorf("label: %s", got)
	}
	if got := string(f.BoundField("name").Help()); got != `<div id="id_name_help" class="form-text">Your full name.</div>` {
		t.Errorf("help: %s", got)
	}
	if got := string(f.NonFieldErrorsHTML()); !strings.Contains(got, "Token: This field is required.") {
		t.Errorf("hidden field errors not shown at the top: %s", got)
	}
	if !widgetsForm().IsMultipart() || New(&Char{Base: Base{Name: "a"}}).IsMultipart() {
		t.Error("IsMultipart")
	}
}

func TestRenderInPageTemplate(t *testing.T) {
	page := template.Must(template.New("p").Parse(
		`<form method="post">{{with .BoundField "email"}}<p>{{.Label}}{{.Widget}}{{.Errors}}</p>{{end}}{{(.BoundField "age").HTML}}</form>`))
	f := widgetsForm()
	f.AutoID = "f_%s"
	var b strings.Builder
	if err := page.Execute(&b, f); err != nil {
		t.Fatal(err)
	}
	want := `<form method="post"><p><label for="f_email" class="form-label">Email<span class="text-danger" aria-hidden="true">*</span></label><input type="email" name="email" id="f_email" class="form-control" required></p><div class="mb-3"><label for="f_age" class="form-label">Age</label><input type="number" name="age" id="f_age" class="form-control"></div></form>`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestRendererOverride(t *testing.T) {
	r, err := NewRenderer(fstest.MapFS{
		"widgets/input.html": {Data: []byte(`<input name="{{.Name}}" data-custom>`)},
		"label.html":         {Data: []byte(`<b>{{.LabelText}}</b>`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	f := New(&Char{Base: Base{Name: "city"}})
	f.Renderer = r
	f.Translate = func(s string) string {
		if s == "City" {
			return "Ville"
		}
		return s
	}
	if got := string(f.HTML()); got != `<div class="mb-3"><b>Ville</b><input name="city" data-custom></div>` {
		t.Errorf("got %s", got)
	}
	if _, err := NewRenderer(fstest.MapFS{"field.html": {Data: []byte(`{{.Nope`)}}); err == nil {
		t.Error("a broken override parsed")
	}
	f.Renderer, _ = NewRenderer(fstest.MapFS{"field.html": {Data: []byte(`{{.Nope}}`)}})
	if got := string(f.HTML()); !strings.HasPrefix(got, "<!-- forms: render field.html") {
		t.Errorf("execution error not surfaced: %s", got)
	}
}
