package forms

import (
	"net/url"
	"testing"
	"unicode/utf8"
)

// FuzzBind feeds arbitrary query strings to a form with every field type.
// Binding and validating must never panic, every error must carry a code,
// and a valid form's cleaned values must re-bind to a valid form (what the
// page shows after a round trip is accepted again).
func FuzzBind(f *testing.F) {
	for _, seed := range []string{
		"",
		"name=Ann&email=a%40b.com&age=3&price=1.50&when=2024-01-01T10:00&dur=1h&id=6ba7b810-9dad-11d1-80b4-00c04fd430c8",
		"name=%00&email=@&age=99999999999999999999&price=.&tags=go&tags=zz&json={",
		"p-name=x&p-color=r&day=02/29/2024&dur=1+02:03:04&ok=unknown&flag=on",
		"json=%5B1%2C%7B%7D%5D&url=example.com&slug=a-b&dur=-1:00:00.5",
		"when_0=2024-01-01&when_1=25:61&price=-0&age=-0&float=1e308",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, query string) {
		data, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		form := fuzzForm().Bind(data, nil)
		valid := form.IsValid()
		for name, errs := range form.Errors() {
			if len(errs) == 0 {
				t.Fatalf("%s: empty error list", name)
			}
			for _, e := range errs {
				if e.Code == "" || e.Error() == "" {
					t.Fatalf("%s: error without code or message: %#v", name, e)
				}
			}
		}
		_ = form.HTML()
		_ = form.Changed()
		if !valid {
			return
		}
		again := url.Values{}
		for _, fd := range form.Fields() {
			name := fd.Common().Name
			v := fd.Format(form.Value(name))
			if _, isSplit := fd.(*DateTime); isSplit && fd.Common().Widget != nil {
				continue
			}
			again[name] = v
		}
		for k := range data {
			if len(k) > 5 && k[:5] == "when_" {
				again[k] = data[k]
			}
		}
		re := fuzzForm().Bind(again, nil)
		if !re.IsValid() {
			t.Fatalf("cleaned values do not re-bind: %v from %v (query %q)", re.Errors(), again, query)
		}
		for _, fd := range form.Fields() {
			name := fd.Common().Name
			if s, ok := form.Value(name).(string); ok && !utf8.ValidString(s) && utf8.ValidString(data.Get(name)) {
				t.Fatalf("%s: cleaning broke UTF-8", name)
			}
		}
	})
}

func fuzzForm() *Form {
	return New(
		&Char{Base: Base{Name: "name"}, MaxLength: 50},
		&Email{Base: Base{Name: "email"}},
		&URL{Base: Base{Name: "url"}},
		&Slug{Base: Base{Name: "slug"}},
		&Int{Base: Base{Name: "age"}, Min: Ptr[int64](-1000)},
		&Float{Base: Base{Name: "float"}},
		&Decimal{Base: Base{Name: "price"}, MaxDigits: 10, DecimalPlaces: 2},
		&Bool{Base: Base{Name: "flag"}},
		&NullBool{Base: Base{Name: "ok"}},
		&Choice{Base: Base{Name: "color"}, Options: Options("r", "g")},
		&MultipleChoice{Base: Base{Name: "tags"}, Options: Options("go", "sql")},
		&Date{Base: Base{Name: "day"}},
		&DateTime{Base: Base{Name: "when"}},
		&DateTime{Base: Base{Name: "split", Widget: SplitDateTime()}},
		&Duration{Base: Base{Name: "dur"}},
		&UUID{Base: Base{Name: "id"}},
		&JSON{Base: Base{Name: "json"}},
	)
}
