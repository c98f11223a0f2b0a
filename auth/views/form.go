package views

import (
	"net/url"
	"strings"
)

// Form is what the auth templates receive as .form: the submitted values
// and the errors found in them, per field. It stands in for a forms package
// until Jazz has one, and offers the few methods a template needs.
//
// A Form is built and filled by one request; it is not safe for concurrent
// use.
type Form struct {
	values url.Values
	errors map[string][]string
}

// nonField is the key of errors about the form as a whole, Django's
// NON_FIELD_ERRORS.
const nonField = "__all__"

// newForm returns a form over the submitted values; nil means an unbound
// (empty) form, as on a GET.
func newForm(values url.Values) *Form {
	if values == nil {
		values = url.Values{}
	}
	return &Form{values: values}
}

// Value returns the submitted value of field with surrounding white space
// removed, or "" when it was not submitted. Templates use it to refill
// fields after an error; passwords are never refilled.
func (f *Form) Value(field string) string {
	return strings.TrimSpace(f.values.Get(field))
}

// raw returns the value exactly as submitted: passwords keep their spaces,
// as Django's PasswordInput fields do (strip=False).
func (f *Form) raw(field string) string { return f.values.Get(field) }

// FieldErrors returns the messages for field, in the order they were found,
// or nil when it has none. The slice belongs to the form.
func (f *Form) FieldErrors(field string) []string { return f.errors[field] }

// NonFieldErrors returns the messages about the form as a whole (wrong
// credentials, a lockout), or nil.
func (f *Form) NonFieldErrors() []string { return f.errors[nonField] }

// Errors returns every message keyed by field ("__all__" for the form as
// a whole). The map belongs to the form; nil when the form is valid.
func (f *Form) Errors() map[string][]string { return f.errors }

// Valid reports whether no error was added.
func (f *Form) Valid() bool { return len(f.errors) == 0 }

// addError records msg against field ("" or "__all__" for the whole form).
func (f *Form) addError(field, msg string) {
	if field == "" {
		field = nonField
	}
	if f.errors == nil {
		f.errors = map[string][]string{}
	}
	f.errors[field] = append(f.errors[field], msg)
}

// hasError reports whether field already has an error, so later checks
// (a mismatch, the validators) are skipped for a field already refused,
// as Django's clean_<field> methods only run on cleaned values.
func (f *Form) hasError(field string) bool { return len(f.errors[field]) > 0 }

// required adds Django's "This field is required." to each listed field
// that is empty or only white space.
func (f *Form) required(fields ...string) {
	for _, name := range fields {
		if strings.TrimSpace(f.values.Get(name)) == "" {
			f.addError(name, msgRequired)
		}
	}
}
