package formset_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/forms"
	"github.com/jazzgo/jazz/forms/formset"
)

func articleFields() []forms.Field {
	return []forms.Field{
		&forms.Char{Base: forms.Base{Name: "title", Required: true}, MaxLength: 20},
		&forms.Int{Base: forms.Base{Name: "pages"}},
	}
}

// post builds a submission: management values then "i-field" pairs.
func post(total, initial int, kv ...string) url.Values {
	v := url.Values{"form-TOTAL_FORMS": {itoa(total)}, "form-INITIAL_FORMS": {itoa(initial)}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add("form-"+kv[i], kv[i+1])
	}
	return v
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestUnboundCountsAndManagementForm(t *testing.T) {
	s := formset.New(articleFields, []map[string]any{{"title": "A"}}, formset.Options{Extra: 2, MaxNum: 2})
	if n := len(s.Forms()); n != 2 {
		t.Errorf("forms: %d, want 2 (max_num caps initial+extra)", n)
	}
	if p := s.Forms()[1].Prefix; p != "form-1" {
		t.Errorf("prefix %q", p)
	}
	if s.Forms()[0].InitialValue("title") != "A" {
		t.Errorf("initial lost")
	}
	html := string(s.ManagementForm().HTML())
	for _, want := range []string{`name="form-TOTAL_FORMS"`, `value="2"`, `name="form-INITIAL_FORMS"`, `name="form-MAX_NUM_FORMS"`, `type="hidden"`} {
		if !strings.Contains(html, want) {
			t.Errorf("management form lacks %s:\n%s", want, html)
		}
	}
	s = formset.New(articleFields, nil, formset.Options{MinNum: 3, Extra: 1})
	if n := len(s.Forms()); n != 3 {
		t.Errorf("min_num: %d forms", n)
	}
}

func TestAddEditDelete(t *testing.T) {
	s := formset.New(articleFields, []map[string]any{{"title": "Old"}, {"title": "Gone"}}, formset.Options{Extra: 1, CanDelete: true})
	s.Bind(post(4, 2,
		"0-title", "Edited", "0-pages", "3",
		"1-title", "Gone", "1-DELETE", "on",
		"2-title", "New",
		// form 3 is an untouched extra form: ignored.
	), nil)
	if !s.IsValid() {
		t.Fatalf("errors %v %v", s.Errors(), s.NonFormErrors())
	}
	got := s.Cleaned()
	if len(got) != 2 || got[0]["title"] != "Edited" || got[0]["pages"] != int64(3) || got[1]["title"] != "New" {
		t.Errorf("cleaned %v", got)
	}
	if d := s.Deleted(); len(d) != 1 || d[0].InitialValue("title") != "Gone" {
		t.Errorf("deleted %v", d)
	}
	// A deleted form is not validated: an invalid one may be deleted.
	s.Bind(post(2, 2, "0-title", "ok", "1-title", "", "1-DELETE", "on"), nil)
	if !s.IsValid() {
		t.Errorf("deleting an invalid form: %v", s.Errors())
	}
	// An error in a kept form makes the set invalid.
	s.Bind(post(2, 2, "0-title", strings.Repeat("x", 30), "1-title", "b"), nil)
	if s.IsValid() || !s.Errors()[0]["title"].Has("max_length") {
		t.Errorf("errors %v", s.Errors())
	}
}

func TestMinMaxAndManagement(t *testing.T) {
	opts := formset.Options{MinNum: 1, ValidateMin: true, MaxNum: 2, ValidateMax: true, Extra: 1}
	s := formset.New(articleFields, nil, opts)
	s.Bind(post(2, 0), nil)
	if s.IsValid() || !s.NonFormErrors().Has("too_few_forms") {
		t.Errorf("min: %v", s.NonFormErrors())
	}
	s.Bind(post(3, 0, "0-title", "a", "1-title", "b", "2-title", "c"), nil)
	if s.IsValid() || !s.NonFormErrors().Has("too_many_forms") {
		t.Errorf("max: %v", s.NonFormErrors())
	}
	s.Bind(post(2, 0, "0-title", "a", "1-title", "b"), nil)
	if !s.IsValid() {
		t.Errorf("two forms: %v %v", s.NonFormErrors(), s.Errors())
	}
	s.Bind(url.Values{"form-0-title": {"a"}}, nil)
	if s.IsValid() || !s.NonFormErrors().Has("missing_management_form") {
		t.Errorf("management: %v", s.NonFormErrors())
	}
	// A forged TOTAL_FORMS does not build a million forms.
	s.Bind(url.Values{"form-TOTAL_FORMS": {"1000000"}, "form-INITIAL_FORMS": {"0"}}, nil)
	if s.IsValid() || len(s.Forms()) > 2+formset.DefaultMaxNum {
		t.Errorf("forged total: %d forms", len(s.Forms()))
	}
}

func TestOrderAndClean(t *testing.T) {
	s := formset.New(articleFields, nil, formset.Options{CanOrder: true, Clean: func(s *formset.Set[*forms.Form]) error {
		seen := map[any]bool{}
		for _, c := range s.Cleaned() {
			if seen[c["title"]] {
				return errors.New("Titles must differ.")
			}
			seen[c["title"]] = true
		}
		return nil
	}})
	s.Bind(post(3, 0, "0-title", "b", "0-ORDER", "2", "1-title", "a", "1-ORDER", "1", "2-title", "c"), nil)
	if !s.IsValid() {
		t.Fatalf("%v %v", s.Errors(), s.NonFormErrors())
	}
	var order []string
	for _, f := range s.Ordered() {
		order = append(order, f.Value("title").(string))
	}
	if strings.Join(order, ",") != "a,b,c" {
		t.Errorf("order %v", order)
	}
	s.Bind(post(2, 0, "0-title", "x", "1-title", "x"), nil)
	if s.IsValid() || len(s.NonFormErrors()) != 1 {
		t.Errorf("clean hook: %v", s.NonFormErrors())
	}
}
