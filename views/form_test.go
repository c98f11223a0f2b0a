package views_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/views"
)

// testForm is a minimal form: valid when its "email" value is set.
type testForm struct {
	Email string
	Bound bool
	Error string
}

func (f *testForm) IsValid() bool {
	if f.Bound && f.Email == "" {
		f.Error = "email required"
	}
	return f.Bound && f.Error == ""
}

func newTestForm(r *http.Request) (*testForm, error) {
	f := &testForm{}
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		f.Bound, f.Email = true, r.PostForm.Get("email")
	}
	return f, nil
}

func TestForm(t *testing.T) {
	var sent []string
	c, _ := newSite(t, "sqlite", 0,
		urls.Path("contact/", views.Form(views.FormOptions[*testForm]{
			Template: "about.html",
			New:      newTestForm,
			Valid: func(r *http.Request, f *testForm) error {
				if f.Email == "spam@example.com" {
					f.Error = "no spam"
					return views.ErrInvalid
				}
				sent = append(sent, f.Email)
				return nil
			},
			SuccessRoute: "thanks",
		}), "contact"),
		urls.Path("thanks/", views.Template(views.TemplateOptions{Name: "about.html"}), "thanks"),
		urls.Path("nowhere/", views.Form(views.FormOptions[*testForm]{Template: "about.html", New: newTestForm}), "nowhere"),
	)
	r := c.Get("/contact/").AssertStatus(200).AssertTemplateUsed("about.html")
	if f, _ := r.Context("form"); f.(*testForm).Bound {
		t.Error("the GET form is bound")
	}
	r = c.Post("/contact/", url.Values{}).AssertStatus(200)
	if f, _ := r.Context("form"); f.(*testForm).Error != "email required" {
		t.Errorf("invalid form context: %+v", f)
	}
	r = c.Post("/contact/", url.Values{"email": {"spam@example.com"}}).AssertStatus(200)
	if f, _ := r.Context("form"); f.(*testForm).Error != "no spam" {
		t.Errorf("form after ErrInvalid: %+v", f)
	}
	c.Post("/contact/", url.Values{"email": {"kim@example.com"}}).AssertRedirects(302, "/thanks/")
	if len(sent) != 1 || sent[0] != "kim@example.com" {
		t.Errorf("Valid saw %v", sent)
	}
	c.Post("/nowhere/", url.Values{"email": {"kim@example.com"}}).AssertStatus(500)
	c.Delete("/contact/").AssertStatus(405)
}
