package forms

import (
	"net/url"
	"testing"
)

type benchSignup struct {
	Username string  `form:",required,max=30"`
	Email    string  `form:",required,email"`
	Website  string  `form:",url"`
	Age      int     `form:",min=13,max=130"`
	Height   float64 `form:",min=0"`
	Balance  string  `form:",decimal,digits=10,places=2"`
	Country  string  `choices:"no|fr|it|de"`
	Born     string  `pattern:"^\\d{4}-\\d{2}-\\d{2}$"`
	Terms    bool    `form:",required"`
	Bio      string  `form:",textarea,max=500"`
}

var benchForm = MustDeclare[benchSignup]()

// BenchmarkBindValidate10 binds and validates a 10-field form, then decodes
// it into its struct: the work of one POST.
func BenchmarkBindValidate10(b *testing.B) {
	data := url.Values{
		"username": {"ann"}, "email": {"ann@example.com"}, "website": {"https://example.com"}, "age": {"42"},
		"height": {"1.72"}, "balance": {"1234.50"}, "country": {"no"}, "born": {"1982-04-01"}, "terms": {"on"},
		"bio": {"Writes Go and plays the piano."},
	}
	b.ReportAllocs()
	for b.Loop() {
		f := benchForm.New().Bind(data, nil)
		if _, err := benchForm.Decode(f); err != nil {
			b.Fatal(err, f.Errors())
		}
	}
}

// BenchmarkRender renders the same form, bound with errors.
func BenchmarkRender(b *testing.B) {
	data := url.Values{"username": {"ann"}, "email": {"bad"}}
	b.ReportAllocs()
	for b.Loop() {
		f := benchForm.New().Bind(data, nil)
		_ = f.HTML()
	}
}
