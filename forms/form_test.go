package forms

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func signupForm() *Form {
	f := New(
		&Char{Base: Base{Name: "username", Required: true}, MaxLength: 20},
		&Char{Base: Base{Name: "password", Required: true, Widget: PasswordInput()}, MinLength: 8},
		&Char{Base: Base{Name: "confirm", Required: true, Widget: PasswordInput()}},
		&Date{Base: Base{Name: "start"}},
		&Date{Base: Base{Name: "end"}},
	)
	f.Hooks = map[string]FieldHook{
		"username": func(f *Form, v any) (any, error) {
			s := v.(string)
			if s == "admin" {
				return nil, Errorf("reserved", "The name {name} is reserved.", "name", s)
			}
			return strings.ToLower(s), nil
		},
	}
	f.Clean = func(f *Form) error {
		if p, ok := Get[string](f, "password"); ok && p != f.Value("confirm") {
			f.AddError("confirm", Errorf("mismatch", "The passwords differ."))
		}
		s, ok1 := Get[time.Time](f, "start")
		e, ok2 := Get[time.Time](f, "end")
		if ok1 && ok2 && e.Before(s) {
			return Errorf("range", "The end comes before the start.")
		}
		return nil
	}
	return f
}

func TestFormClean(t *testing.T) {
	good := url.Values{"username": {"Ann"}, "password": {"secret-pw"}, "confirm": {"secret-pw"}, "start": {"2024-01-01"}, "end": {"2024-01-02"}}
	f := signupForm().Bind(good, nil)
	if !f.IsValid() {
		t.Fatal(f.Errors())
	}
	if f.Value("username") != "ann" {
		t.Errorf("hook result not kept: %v", f.Value("username"))
	}
	if f.NonFieldErrors() != nil || f.Errors() != nil {
		t.Errorf("errors on a valid form: %v", f.Errors())
	}

	bad := url.Values{"username": {"admin"}, "password": {"secret-pw"}, "confirm": {"other-pw"}, "start": {"2024-01-02"}, "end": {"2024-01-01"}}
	f = signupForm().Bind(bad, nil)
	if f.IsValid() {
		t.Fatal("valid")
	}
	want := map[string][]string{"username": {"reserved"}, "confirm": {"mismatch"}, "": {"range"}}
	got := map[string][]string{}
	for k, l := range f.Errors() {
		got[k] = l.Codes()
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("errors %v, want %v", got, want)
	}
	if _, ok := f.Cleaned()["confirm"]; ok {
		t.Error("a field with an error stays in the cleaned data")
	}
	if f.FieldErrors("username").Error() != "The name admin is reserved." {
		t.Errorf("message %q", f.FieldErrors("username").Error())
	}

	// Errors keep every validator failure, in order, and plain errors become "invalid".
	g := New(&Char{Base: Base{Name: "a", Validators: []Validator{
		MinLength(5), func(any) error { return errors.New("custom trouble") }, MaxLength(1),
	}}}).Bind(url.Values{"a": {"abc"}}, nil)
	if g.IsValid() || !reflect.DeepEqual(g.FieldErrors("a").Codes(), []string{"min_length", "invalid", "max_length"}) {
		t.Fatalf("codes %v", g.FieldErrors("a").Codes())
	}
}

func TestUnboundAndRebind(t *testing.T) {
	f := signupForm()
	if f.IsBound() || f.IsValid() || f.Errors() != nil || f.Cleaned() != nil {
		t.Fatal("an unbound form has no state")
	}
	f.Bind(nil, nil)
	if f.IsValid() {
		t.Fatal("empty submission valid")
	}
	f.Bind(url.Values{"username": {"b"}, "password": {"12345678"}, "confirm": {"12345678"}}, nil)
	if !f.IsValid() {
		t.Fatal("rebinding keeps old errors:", f.Errors())
	}
}

func TestPrefixes(t *testing.T) {
	data := url.Values{"ship-city": {"Oslo"}, "bill-city": {"Rome"}, "city": {"Paris"}}
	ship := New(&Char{Base: Base{Name: "city", Required: true}})
	ship.Prefix = "ship"
	bill := New(&Char{Base: Base{Name: "city", Required: true}})
	bill.Prefix = "bill"
	ship.Bind(data, nil)
	bill.Bind(data, nil)
	if !ship.IsValid() || !bill.IsValid() || ship.Value("city") != "Oslo" || bill.Value("city") != "Rome" {
		t.Fatalf("ship %v bill %v", ship.Cleaned(), bill.Cleaned())
	}
	if got := ship.BoundField("city").Name(); got != "ship-city" {
		t.Errorf("html name %q", got)
	}
	if got := ship.BoundField("city").ID(); got != "id_ship-city" {
		t.Errorf("id %q", got)
	}
}

func TestDisabledIgnoresData(t *testing.T) {
	f := New(&Char{Base: Base{Name: "owner", Disabled: true, Required: true}}, &Int{Base: Base{Name: "n"}})
	f.Initial = map[string]any{"owner": "ann"}
	f.Bind(url.Values{"owner": {"mallory"}, "n": {"3"}}, nil)
	if !f.IsValid() || f.Value("owner") != "ann" {
		t.Fatalf("disabled field took submitted data: %v %v", f.Cleaned(), f.Errors())
	}
	if got := f.Changed(); !reflect.DeepEqual(got, []string{"n"}) {
		t.Fatal("a disabled field never changes")
	}
}

func TestChanged(t *testing.T) {
	mk := func() *Form {
		f := New(
			&Char{Base: Base{Name: "title"}},
			&Float{Base: Base{Name: "price"}},
			&Bool{Base: Base{Name: "public"}},
			&Date{Base: Base{Name: "day", Initial: func() any { return time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC) }}},
			&MultipleChoice{Base: Base{Name: "tags"}, Options: Options("a", "b")},
			&File{Base: Base{Name: "doc"}},
		)
		f.Initial = map[string]any{"title": "Hi", "price": 1.0, "public": false, "tags": []string{"a"}, "doc": "docs/x.pdf"}
		return f
	}
	same := url.Values{"title": {"Hi "}, "price": {"1.00"}, "day": {"05/01/2024"}, "tags": {"a"}}
	if f := mk().Bind(same, nil); f.HasChanged() {
		t.Fatalf("changed %v for equal values", f.Changed())
	}
	diff := url.Values{"title": {"Hello"}, "price": {"abc"}, "public": {"on"}, "day": {"2024-05-01"}, "tags": {"a", "b"}}
	f := mk().Bind(diff, Files{"doc": {&Bytes{FileName: "y.pdf", Data: []byte("x")}}})
	if got, want := f.Changed(), []string{"title", "price", "public", "tags", "doc"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("changed %v, want %v", got, want)
	}
	if mk().HasChanged() {
		t.Fatal("an unbound form has no changes")
	}
}

func TestNewPanics(t *testing.T) {
	for name, fields := range map[string][]Field{
		"duplicate": {&Char{Base: Base{Name: "a"}}, &Int{Base: Base{Name: "a"}}},
		"unnamed":   {&Char{}},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			New(fields...)
		})
	}
}

// A field type defined outside the package: embedding Base is enough.
type upper struct{ Base }

func (u *upper) Clean(raw Raw) (any, error) {
	if raw.First() == "" {
		return "", u.Common().required()
	}
	return strings.ToUpper(raw.First()), nil
}
func (u *upper) Format(v any) []string { return formatString(v) }

func TestCustomField(t *testing.T) {
	f := New(&upper{Base{Name: "code", Validators: []Validator{MaxLength(3)}}})
	if !f.Bind(url.Values{"code": {"abc"}}, nil).IsValid() || f.Value("code") != "ABC" {
		t.Fatal(f.Errors())
	}
	if f.Bind(url.Values{"code": {"abcd"}}, nil).IsValid() {
		t.Fatal("validators skipped for a custom field")
	}
}
