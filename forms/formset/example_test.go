package formset_test

import (
	"fmt"
	"net/url"

	"github.com/jazzgo/jazz/forms"
	"github.com/jazzgo/jazz/forms/formset"
)

func Example() {
	fields := func() []forms.Field {
		return []forms.Field{&forms.Char{Base: forms.Base{Name: "title", Required: true}}}
	}
	set := formset.New(fields, []map[string]any{{"title": "Dune"}}, formset.Options{Extra: 1, CanDelete: true})
	set.Bind(url.Values{
		"form-TOTAL_FORMS": {"2"}, "form-INITIAL_FORMS": {"1"},
		"form-0-title": {"Dune"}, "form-0-DELETE": {"on"},
		"form-1-title": {"Emma"},
	}, nil)
	fmt.Println(set.IsValid(), len(set.Deleted()))
	for _, row := range set.Cleaned() {
		fmt.Println(row["title"])
	}
	// Output:
	// true 1
	// Emma
}
