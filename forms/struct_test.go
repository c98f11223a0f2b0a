package forms

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

type profile struct {
	FirstName string        `form:",required,max=30" label:"Given name" help:"As on your passport."`
	Email     string        `form:"mail,required,email"`
	Website   string        `form:",url"`
	Handle    string        `pattern:"^@[a-z]+$"`
	Age       uint8         `form:",min=18"`
	Score     *float64      `form:",max=10"`
	Price     string        `form:",decimal,digits=6,places=2"`
	Subscribe bool          ``
	Verified  *bool         ``
	Color     string        `choices:"r=Red|g=Green"`
	Level     int           `form:",radio" choices:"1=Low|2=High"`
	Tags      []string      `form:",checkboxes" choices:"go|sql"`
	Born      time.Time     `form:",date"`
	Meeting   time.Time     `form:",split"`
	Timeout   time.Duration ``
	Bio       string        `form:",textarea,nostrip"`
	Secret    string        `form:",password"`
	Token     string        `form:",hidden"`
	Avatar    *ImageFile    ``
	CV        Upload        `form:",maxsize=100,ext=pdf"`
	Extra     map[string]any
	Ignored   chan int `form:"-"`
	private   int
}

var profileForm = MustDeclare[profile]()

func TestStructDeclare(t *testing.T) {
	var names []string
	kinds := map[string]string{}
	for _, fd := range profileForm.Fields() {
		names = append(names, fd.Common().Name)
		kinds[fd.Common().Name] = strings.TrimPrefix(reflect.TypeOf(fd).String(), "*forms.")
	}
	want := []string{"first_name", "mail", "website", "handle", "age", "score", "price", "subscribe", "verified", "color", "level", "tags", "born", "meeting", "timeout", "bio", "secret", "token", "avatar", "cv", "extra"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("names %v", names)
	}
	wantKinds := map[string]string{"first_name": "Char", "mail": "Email", "website": "URL", "handle": "Regex", "age": "Int", "score": "Float",
		"price": "Decimal", "subscribe": "Bool", "verified": "NullBool", "color": "Choice", "level": "TypedChoice", "tags": "MultipleChoice",
		"born": "Date", "meeting": "DateTime", "timeout": "Duration", "bio": "Char", "secret": "Char", "token": "Hidden", "avatar": "Image", "cv": "File", "extra": "JSON"}
	if !reflect.DeepEqual(kinds, wantKinds) {
		t.Fatalf("kinds %v", kinds)
	}
	age := profileForm.Fields()[4].(*Int)
	if *age.Min != 18 || *age.Max != 255 {
		t.Errorf("uint8 bounds %d..%d", *age.Min, *age.Max)
	}
	if lbl := profileForm.Fields()[0].Common(); lbl.Label != "Given name" || lbl.HelpText == "" || !lbl.Required {
		t.Errorf("tags lost: %+v", lbl)
	}
}

func TestStructDecode(t *testing.T) {
	data := url.Values{
		"first_name": {" Ann "}, "mail": {"ann@example.com"}, "website": {"example.org"}, "handle": {"@ann"},
		"age": {"30"}, "score": {"9.5"}, "price": {"12.50"}, "subscribe": {"on"}, "verified": {"false"},
		"color": {"g"}, "level": {"2"}, "tags": {"sql", "go"}, "born": {"1990-03-04"},
		"meeting_0": {"2024-06-01"}, "meeting_1": {"09:30"}, "timeout": {"2m"}, "bio": {" hi "},
		"secret": {"pw"}, "token": {"t"}, "extra": {`{"k":1}`},
	}
	cv := &Bytes{FileName: "cv.pdf", Data: []byte("%PDF")}
	f := profileForm.New().Bind(data, Files{"cv": {cv}})
	p, err := profileForm.Decode(f)
	if err != nil {
		t.Fatal(err, f.Errors())
	}
	want := profile{
		FirstName: "Ann", Email: "ann@example.com", Website: "https://example.org", Handle: "@ann", Age: 30, Score: Ptr(9.5),
		Price: "12.50", Subscribe: true, Verified: Ptr(false), Color: "g", Level: 2, Tags: []string{"sql", "go"},
		Born: time.Date(1990, 3, 4, 0, 0, 0, 0, time.UTC), Meeting: time.Date(2024, 6, 1, 9, 30, 0, 0, time.UTC),
		Timeout: 2 * time.Minute, Bio: " hi ", Secret: "pw", Token: "t", CV: cv, Extra: map[string]any{"k": 1.0},
	}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", p, want)
	}

	bad := url.Values{"first_name": {"Ann"}, "mail": {"x"}, "age": {"17"}, "score": {"11"}, "price": {"1.234"}, "level": {"3"}, "handle": {"ann"}}
	f = profileForm.New().Bind(bad, Files{"cv": {&Bytes{FileName: "cv.doc", Data: []byte("x")}}})
	if _, err := profileForm.Decode(f); !errors.Is(err, ErrInvalid) {
		t.Fatalf("err %v", err)
	}
	got := map[string]string{}
	for k, l := range f.Errors() {
		got[k] = strings.Join(l.Codes(), ",")
	}
	wantErr := map[string]string{"mail": "invalid", "age": "min_value", "score": "max_value", "price": "max_decimal_places", "level": "invalid_choice", "handle": "invalid", "cv": "invalid_extension"}
	if !reflect.DeepEqual(got, wantErr) {
		t.Fatalf("errors %v", got)
	}
}

func TestStructEditInitial(t *testing.T) {
	p := profile{FirstName: "Ann", Age: 40, Level: 2, Born: time.Date(1990, 3, 4, 0, 0, 0, 0, time.UTC), Verified: Ptr(true), Timeout: time.Minute}
	f := profileForm.Edit(&p)
	checks := map[string][]string{"first_name": {"Ann"}, "age": {"40"}, "level": {"2"}, "born": {"1990-03-04"}, "verified": {"true"}, "timeout": {"1m0s"}}
	for name, want := range checks {
		if got := f.BoundField(name).Value(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	if _, ok := f.Initial["score"]; ok {
		t.Error("nil pointer became an initial value")
	}
	// Submitting the same values is no change.
	data := url.Values{"first_name": {"Ann"}, "age": {"40"}, "level": {"2"}, "born": {"1990-03-04"}, "verified": {"true"}, "timeout": {"60s"}, "price": {""}}
	f.Bind(data, nil)
	if f.HasChanged() {
		t.Errorf("changed: %v", f.Changed())
	}
}

func TestDeclareErrors(t *testing.T) {
	type badType struct{ C chan int }
	type badTag struct {
		N int `form:",min=x"`
	}
	type badPattern struct {
		S string `pattern:"("`
	}
	type noChoices struct{ T []string }
	for name, err := range map[string]error{
		"type":    func() error { _, err := Declare[badType](); return err }(),
		"tag":     func() error { _, err := Declare[badTag](); return err }(),
		"pattern": func() error { _, err := Declare[badPattern](); return err }(),
		"choices": func() error { _, err := Declare[noChoices](); return err }(),
		"kind":    func() error { _, err := Declare[int](); return err }(),
	} {
		if err == nil || !strings.HasPrefix(err.Error(), "forms: Declare[") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{"FirstName": "first_name", "HTTPPort": "http_port", "ID": "id", "UserID": "user_id", "A": "a"} {
		if got := snake(in); got != want {
			t.Errorf("snake(%q) = %q, want %q", in, got, want)
		}
	}
}

// One declaration and the default renderer serve many requests at once.
func TestStructConcurrent(t *testing.T) {
	data := url.Values{"first_name": {"Ann"}, "mail": {"bad"}}
	done := make(chan bool)
	for i := 0; i < 8; i++ {
		go func() {
			f := profileForm.New().Bind(data, nil)
			ok := !f.IsValid() && f.FieldErrors("mail").Has("invalid") && strings.Contains(string(f.HTML()), "is-invalid")
			done <- ok
		}()
	}
	for i := 0; i < 8; i++ {
		if !<-done {
			t.Error("concurrent use gave a wrong answer")
		}
	}
}

type address struct {
	City string `form:",required"`
	Zip  string
}

type order struct {
	address
	Qty  int `form:",min=1"`
	Note string
}

func TestStructEmbedded(t *testing.T) {
	s := MustDeclare[order]()
	var names []string
	for _, fd := range s.Fields() {
		names = append(names, fd.Common().Name)
	}
	if !reflect.DeepEqual(names, []string{"city", "zip", "qty", "note"}) {
		t.Fatalf("names %v", names)
	}
	o, err := s.Decode(s.New().Bind(url.Values{"city": {"Oslo"}, "qty": {"2"}}, nil))
	if err != nil || o.City != "Oslo" || o.Qty != 2 {
		t.Fatalf("%+v %v", o, err)
	}
	if got := s.Initial(&o); got["city"] != "Oslo" || got["qty"] != int64(2) {
		t.Fatalf("initial %v", got)
	}
}
