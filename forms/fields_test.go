package forms

import (
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// fieldCase is one row of the per-field tables: the submitted values (nil
// means the key is absent), and either the cleaned value or an error code.
type fieldCase struct {
	name  string
	field Field
	in    []string
	want  any
	code  string
}

// run binds a one-field form and checks the outcome.
func run(t *testing.T, cases []fieldCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.field.Common().Name = "x"
			data := url.Values{}
			if tc.in != nil {
				data["x"] = tc.in
			}
			f := New(tc.field).Bind(data, nil)
			valid := f.IsValid()
			if tc.code != "" {
				if valid {
					t.Fatalf("valid with %#v, want error %q", f.Value("x"), tc.code)
				}
				if errs := f.FieldErrors("x"); !errs.Has(tc.code) {
					t.Fatalf("errors %v (%v), want code %q", errs.Codes(), errs, tc.code)
				}
				return
			}
			if !valid {
				t.Fatalf("invalid: %v", f.Errors())
			}
			if got := f.Value("x"); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("cleaned %#v (%T), want %#v (%T)", got, got, tc.want, tc.want)
			}
		})
	}
}

func vals(s ...string) []string { return s }

func TestChar(t *testing.T) {
	run(t, []fieldCase{
		{"valid", &Char{}, vals("hello"), "hello", ""},
		{"strips", &Char{}, vals("  hi \n"), "hi", ""},
		{"nostrip", &Char{NoStrip: true}, vals(" hi "), " hi ", ""},
		{"empty optional", &Char{}, vals(""), "", ""},
		{"absent optional", &Char{}, nil, "", ""},
		{"empty required", &Char{Base: Base{Required: true}}, vals("   "), nil, "required"},
		{"absent required", &Char{Base: Base{Required: true}}, nil, nil, "required"},
		{"max edge", &Char{MaxLength: 3}, vals("äöü"), "äöü", ""},
		{"too long", &Char{MaxLength: 3}, vals("abcd"), nil, "max_length"},
		{"too short", &Char{MinLength: 2}, vals("a"), nil, "min_length"},
		{"NUL", &Char{}, vals("a\x00b"), nil, "null_characters_not_allowed"},
		{"validator", &Char{Base: Base{Validators: []Validator{RegexValidator(regexp.MustCompile(`^\d+$`), "digits", "Digits only.")}}}, vals("12a"), nil, "digits"},
		{"hidden", &Hidden{}, vals("tok"), "tok", ""},
	})
}

func TestEmailURLSlugRegex(t *testing.T) {
	run(t, []fieldCase{
		{"email", &Email{}, vals(" Ann@Example.com "), "Ann@Example.com", ""},
		{"email plus", &Email{}, vals("a.b+c@mail.example.co.uk"), "a.b+c@mail.example.co.uk", ""},
		{"email idn", &Email{}, vals("a@exämple.de"), "a@exämple.de", ""},
		{"email no at", &Email{}, vals("example.com"), nil, "invalid"},
		{"email no tld", &Email{}, vals("a@b"), nil, "invalid"},
		{"email two ats", &Email{}, vals("a@b@c.com"), nil, "invalid"},
		{"email dot dot", &Email{}, vals("a..b@c.com"), nil, "invalid"},
		{"email name form", &Email{}, vals("Ann <a@b.com>"), nil, "invalid"},
		{"email required", &Email{Base: Base{Required: true}}, vals(""), nil, "required"},
		{"email empty", &Email{}, vals(""), "", ""},
		{"url", &URL{}, vals("https://example.com/a?b=c#d"), "https://example.com/a?b=c#d", ""},
		{"url assumes https", &URL{}, vals("example.com/x"), "https://example.com/x", ""},
		{"url ip port", &URL{}, vals("http://127.0.0.1:8000/"), "http://127.0.0.1:8000/", ""},
		{"url ipv6", &URL{}, vals("http://[::1]:80/"), "http://[::1]:80/", ""},
		{"url localhost", &URL{}, vals("http://localhost/"), "http://localhost/", ""},
		{"url javascript", &URL{}, vals("javascript:alert(1)"), nil, "invalid"},
		{"url ftp not allowed", &URL{}, vals("ftp://example.com"), nil, "invalid"},
		{"url ftp allowed", &URL{Schemes: []string{"ftp"}}, vals("ftp://example.com"), "ftp://example.com", ""},
		{"url no host", &URL{}, vals("http://"), nil, "invalid"},
		{"url space", &URL{}, vals("http://exa mple.com"), nil, "invalid"},
		{"url too long", &URL{MaxLength: 20}, vals("https://example.com/abcdef"), nil, "max_length"},
		{"slug", &Slug{}, vals("my-post_2"), "my-post_2", ""},
		{"slug space", &Slug{}, vals("my post"), nil, "invalid"},
		{"slug unicode rejected", &Slug{}, vals("café"), nil, "invalid"},
		{"slug unicode allowed", &Slug{AllowUnicode: true}, vals("café"), "café", ""},
		{"regex", &Regex{Pattern: regexp.MustCompile(`^[A-Z]{3}$`)}, vals("ABC"), "ABC", ""},
		{"regex miss", &Regex{Pattern: regexp.MustCompile(`^[A-Z]{3}$`)}, vals("ABCD"), nil, "invalid"},
	})
}

func TestNumbers(t *testing.T) {
	run(t, []fieldCase{
		{"int", &Int{}, vals("42"), int64(42), ""},
		{"int plus space", &Int{}, vals(" +7 "), int64(7), ""},
		{"int negative", &Int{}, vals("-9223372036854775808"), int64(-9223372036854775808), ""},
		{"int overflow", &Int{}, vals("9223372036854775808"), nil, "invalid"},
		{"int float", &Int{}, vals("1.5"), nil, "invalid"},
		{"int empty", &Int{}, vals(""), nil, ""},
		{"int required", &Int{Base: Base{Required: true}}, vals(""), nil, "required"},
		{"int min edge", &Int{Min: Ptr[int64](1)}, vals("1"), int64(1), ""},
		{"int below min", &Int{Min: Ptr[int64](1)}, vals("0"), nil, "min_value"},
		{"int above max", &Int{Max: Ptr[int64](10)}, vals("11"), nil, "max_value"},
		{"int validator", &Int{Base: Base{Validators: []Validator{MaxValue(5)}}}, vals("6"), nil, "max_value"},
		{"float", &Float{}, vals("1.5e3"), 1500.0, ""},
		{"float NaN", &Float{}, vals("NaN"), nil, "invalid"},
		{"float Inf", &Float{}, vals("inf"), nil, "invalid"},
		{"float hex", &Float{}, vals("0x1p3"), nil, "invalid"},
		{"float max", &Float{Max: Ptr(1.0)}, vals("1.0001"), nil, "max_value"},
		{"float empty", &Float{}, nil, nil, ""},
		{"decimal", &Decimal{MaxDigits: 5, DecimalPlaces: 2}, vals("123.45"), "123.45", ""},
		{"decimal canonical", &Decimal{}, vals("+007.50"), "7.50", ""},
		{"decimal leading point", &Decimal{}, vals(".5"), "0.5", ""},
		{"decimal minus zero", &Decimal{}, vals("-0.00"), "0.00", ""},
		{"decimal negative", &Decimal{}, vals("-3"), "-3", ""},
		{"decimal places", &Decimal{MaxDigits: 5, DecimalPlaces: 2}, vals("1.234"), nil, "max_decimal_places"},
		{"decimal digits", &Decimal{MaxDigits: 4, DecimalPlaces: -1}, vals("12.345"), nil, "max_digits"},
		{"decimal whole", &Decimal{MaxDigits: 5, DecimalPlaces: 2}, vals("1234.5"), nil, "max_whole_digits"},
		{"decimal junk", &Decimal{}, vals("1e5"), nil, "invalid"},
		{"decimal lone point", &Decimal{}, vals("."), nil, "invalid"},
		{"decimal min exact", &Decimal{Base: Base{Validators: []Validator{MinValue("0.10")}}}, vals("0.09"), nil, "min_value"},
		{"decimal required", &Decimal{Base: Base{Required: true}}, vals(" "), nil, "required"},
		{"uuid", &UUID{}, vals("{6BA7B810-9DAD-11D1-80B4-00C04FD430C8}"), "6ba7b810-9dad-11d1-80b4-00c04fd430c8", ""},
		{"uuid bare", &UUID{}, vals("6ba7b8109dad11d180b400c04fd430c8"), "6ba7b810-9dad-11d1-80b4-00c04fd430c8", ""},
		{"uuid bad", &UUID{}, vals("6ba7b810-9dad-11d1-80b4-00c04fd430cz"), nil, "invalid"},
		{"uuid misplaced hyphen", &UUID{}, vals("6ba7b8109-dad-11d1-80b4-00c04fd430c8"), nil, "invalid"},
	})
}

func TestBoolsAndChoices(t *testing.T) {
	opts := []Option{{"a", "Alpha"}, {"b", "Beta"}, {"1", "One"}}
	run(t, []fieldCase{
		{"bool checked", &Bool{}, vals("on"), true, ""},
		{"bool absent", &Bool{}, nil, false, ""},
		{"bool false string", &Bool{}, vals("false"), false, ""},
		{"bool required unchecked", &Bool{Base: Base{Required: true}}, nil, nil, "required"},
		{"nullbool true", &NullBool{}, vals("true"), true, ""},
		{"nullbool 0", &NullBool{}, vals("0"), false, ""},
		{"nullbool unknown", &NullBool{}, vals("unknown"), nil, ""},
		{"nullbool required", &NullBool{Base: Base{Required: true}}, vals("unknown"), nil, "required"},
		{"choice", &Choice{Options: opts}, vals("b"), "b", ""},
		{"choice bad", &Choice{Options: opts}, vals("z"), nil, "invalid_choice"},
		{"choice label is not value", &Choice{Options: opts}, vals("Alpha"), nil, "invalid_choice"},
		{"choice empty", &Choice{Options: opts}, vals(""), "", ""},
		{"choice required", &Choice{Base: Base{Required: true}, Options: opts}, vals(""), nil, "required"},
		{"typed", &TypedChoice{Options: opts, Coerce: func(s string) (any, error) { return strconv.Atoi(s) }}, vals("1"), 1, ""},
		{"typed coerce fails", &TypedChoice{Options: opts, Coerce: func(s string) (any, error) { return strconv.Atoi(s) }}, vals("a"), nil, "invalid_choice"},
		{"typed empty value", &TypedChoice{Options: opts, EmptyValue: -1}, nil, -1, ""},
		{"multiple", &MultipleChoice{Options: opts}, vals("b", "a", "b"), []string{"b", "a"}, ""},
		{"multiple bad", &MultipleChoice{Options: opts}, vals("a", "zz"), nil, "invalid_choice"},
		{"multiple none", &MultipleChoice{Options: opts}, nil, []string{}, ""},
		{"multiple required", &MultipleChoice{Base: Base{Required: true}, Options: opts}, nil, nil, "required"},
		{"multiple max", &MultipleChoice{Base: Base{Validators: []Validator{MaxLength(1)}}, Options: opts}, vals("a", "b"), nil, "max_length"},
	})
}

func TestTimes(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	day := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	run(t, []fieldCase{
		{"date iso", &Date{}, vals("2024-02-29"), day, ""},
		{"date us", &Date{}, vals("02/29/2024"), day, ""},
		{"date written", &Date{}, vals("29 Feb 2024"), day, ""},
		{"date not leap", &Date{}, vals("2023-02-29"), nil, "invalid"},
		{"date custom only", &Date{InputFormats: []string{"02.01.2006"}}, vals("2024-02-29"), nil, "invalid"},
		{"date custom", &Date{InputFormats: []string{"02.01.2006"}}, vals("29.02.2024"), day, ""},
		{"date min", &Date{Base: Base{Validators: []Validator{MinValue(day.AddDate(0, 0, 1))}}}, vals("2024-02-29"), nil, "min_value"},
		{"date empty", &Date{}, vals(""), nil, ""},
		{"date required", &Date{Base: Base{Required: true}}, nil, nil, "required"},
		{"time", &Time{}, vals("13:45"), time.Date(0, 1, 1, 13, 45, 0, 0, time.UTC), ""},
		{"time seconds", &Time{}, vals("13:45:10.5"), time.Date(0, 1, 1, 13, 45, 10, 5e8, time.UTC), ""},
		{"time pm", &Time{}, vals("1:45 PM"), time.Date(0, 1, 1, 13, 45, 0, 0, time.UTC), ""},
		{"time bad", &Time{}, vals("25:00"), nil, "invalid"},
		{"datetime local input", &DateTime{}, vals("2024-02-29T13:45"), time.Date(2024, 2, 29, 13, 45, 0, 0, time.UTC), ""},
		{"datetime zone", &DateTime{Location: paris}, vals("2024-07-01 12:00"), time.Date(2024, 7, 1, 12, 0, 0, 0, paris), ""},
		{"datetime offset wins", &DateTime{Location: paris}, vals("2024-07-01T10:00:00Z"), time.Date(2024, 7, 1, 12, 0, 0, 0, paris), ""},
		{"datetime date only", &DateTime{}, vals("2024-02-29"), day, ""},
		{"datetime bad", &DateTime{}, vals("2024-02-29 xx"), nil, "invalid"},
		{"datetime split", &DateTime{Base: Base{Widget: SplitDateTime()}}, nil, nil, ""},
		{"duration go", &Duration{}, vals("1h30m"), 90 * time.Minute, ""},
		{"duration clock", &Duration{}, vals("1 02:03:04"), 26*time.Hour + 3*time.Minute + 4*time.Second, ""},
		{"duration mm:ss", &Duration{}, vals("90:00.5"), 90*time.Minute + 500*time.Millisecond, ""},
		{"duration seconds", &Duration{}, vals("30"), 30 * time.Second, ""},
		{"duration negative", &Duration{}, vals("-1:00"), -time.Minute, ""},
		{"duration bad", &Duration{}, vals("1:2:3:4"), nil, "invalid"},
		{"duration junk", &Duration{}, vals("soon"), nil, "invalid"},
		{"duration max", &Duration{Base: Base{Validators: []Validator{MaxValue(time.Hour)}}}, vals("61m"), nil, "max_value"},
	})
}

func TestJSON(t *testing.T) {
	run(t, []fieldCase{
		{"object", &JSON{}, vals(`{"a":[1,true]}`), map[string]any{"a": []any{1.0, true}}, ""},
		{"string", &JSON{}, vals(`"x"`), "x", ""},
		{"bad", &JSON{}, vals(`{a:1}`), nil, "invalid"},
		{"null optional", &JSON{}, vals(`null`), nil, ""},
		{"null required", &JSON{Base: Base{Required: true}}, vals(`null`), nil, "required"},
		{"empty", &JSON{}, vals(""), nil, ""},
	})
}

func TestSplitDateTimeWidget(t *testing.T) {
	f := New(&DateTime{Base: Base{Name: "at", Required: true, Widget: SplitDateTime()}})
	f.Bind(url.Values{"at_0": {"2024-02-29"}, "at_1": {"13:45"}}, nil)
	if !f.IsValid() {
		t.Fatal(f.Errors())
	}
	if got, want := f.Value("at"), time.Date(2024, 2, 29, 13, 45, 0, 0, time.UTC); got != want {
		t.Fatalf("got %v want %v", got, want)
	}
	f.Bind(url.Values{"at_0": {""}, "at_1": {""}}, nil)
	if f.IsValid() || !f.FieldErrors("at").Has("required") {
		t.Fatal("empty split value should be required:", f.Errors())
	}
}

func TestErrorMessageOverride(t *testing.T) {
	f := New(
		&Char{Base: Base{Name: "a", Required: true, ErrorMessages: map[string]string{"required": "Tell us your name."}}},
		&Char{Base: Base{Name: "b", ErrorMessages: map[string]string{"max_length": "At most {limit}, you typed {length}."}}, MaxLength: 2},
		&Int{Base: Base{Name: "c", Validators: []Validator{MinValue(10)}, ErrorMessages: map[string]string{"min_value": "Ten or more."}}},
	).Bind(url.Values{"b": {"abcd"}, "c": {"3"}}, nil)
	if f.IsValid() {
		t.Fatal("valid")
	}
	for name, want := range map[string]string{"a": "Tell us your name.", "b": "At most 2, you typed 4.", "c": "Ten or more."} {
		if got := f.FieldErrors(name).Error(); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	tr := map[string]string{"Tell us your name.": "Dites-nous votre nom."}
	if got := f.FieldErrors("a").Messages(func(s string) string { return tr[s] }); got[0] != "Dites-nous votre nom." {
		t.Errorf("translated %q", got)
	}
}
