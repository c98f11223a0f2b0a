package forms_test

import (
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/jazzgo/jazz/forms"
)

type Contact struct {
	Name    string `form:",required,max=50" label:"Your name"`
	Email   string `form:",required,email"`
	Topic   string `form:",required" choices:"help=Help|sales=Sales"`
	Message string `form:",required,textarea,min=10"`
	CC      bool   `label:"Send me a copy"`
}

// Declared once, at start-up: the tags are read here, not per request.
var contactForm = forms.MustDeclare[Contact]()

func Example() {
	f := contactForm.New()
	f.Clean = func(f *forms.Form) error {
		if f.Value("topic") == "sales" && f.Value("cc") == true {
			return forms.Errorf("no_cc", "Sales enquiries cannot be copied.")
		}
		return nil
	}
	f.Bind(url.Values{"name": {"Ann"}, "email": {"ann@example"}, "topic": {"help"}, "message": {"Hi"}}, nil)
	fmt.Println(f.IsValid())
	for _, b := range f.BoundFields() {
		for _, e := range b.ErrorList() {
			fmt.Printf("%s: %s (%s)\n", b.Name(), e, e.Code)
		}
	}

	f.Bind(url.Values{"name": {"Ann"}, "email": {"ann@example.com"}, "topic": {"help"}, "message": {"Hello, my order..."}}, nil)
	c, err := contactForm.Decode(f)
	fmt.Printf("%v %+v\n", err, c)
	// Output:
	// false
	// email: Enter a valid email address. (invalid)
	// message: Ensure this value has at least 10 characters (it has 2). (min_length)
	// <nil> {Name:Ann Email:ann@example.com Topic:help Message:Hello, my order... CC:false}
}

func ExampleNew() {
	f := forms.New(
		&forms.Int{Base: forms.Base{Name: "qty", Required: true}, Min: forms.Ptr[int64](1)},
		&forms.Decimal{Base: forms.Base{Name: "price"}, MaxDigits: 6, DecimalPlaces: 2},
	)
	f.Prefix = "line1"
	f.Bind(url.Values{"line1-qty": {"3"}, "line1-price": {"19.90"}}, nil)
	qty, _ := forms.Get[int64](f, "qty")
	price, _ := forms.Get[string](f, "price")
	fmt.Println(f.IsValid(), qty, price)
	fmt.Println(f.BoundField("qty").Widget())
	// Output:
	// true 3 19.90
	// <input type="number" name="line1-qty" id="id_line1-qty" value="3" class="form-control" required>
}

func ExampleBoundField() {
	f := forms.New(&forms.Email{Base: forms.Base{Name: "email", Required: true, HelpText: "We never share it."}})
	f.Bind(url.Values{"email": {"nope"}}, nil)
	b := f.BoundField("email")
	fmt.Println(b.Label())
	fmt.Println(b.Widget())
	fmt.Println(b.Errors())
	fmt.Println(b.Help())
	// Output:
	// <label for="id_email" class="form-label">Email<span class="text-danger" aria-hidden="true">*</span></label>
	// <input type="email" name="email" id="id_email" value="nope" class="form-control is-invalid" required aria-invalid="true" aria-describedby="id_email_help id_email_error">
	// <div id="id_email_error" class="invalid-feedback d-block">Enter a valid email address.</div>
	// <div id="id_email_help" class="form-text">We never share it.</div>
}

func ExampleForm_Errors() {
	f := forms.New(&forms.Int{Base: forms.Base{Name: "qty"}, Max: forms.Ptr[int64](9)})
	f.Bind(url.Values{"qty": {"12"}}, nil)
	out, _ := json.Marshal(f.Errors())
	fmt.Println(string(out))
	// Output:
	// {"qty":[{"code":"max_value","message":"Ensure this value is less than or equal to 9."}]}
}
