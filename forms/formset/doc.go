// Package formset edits a list of forms of one kind together (Django's
// formsets): a management form counts them, extra empty forms add rows,
// DELETE and ORDER fields remove and sort them, and MinNum/MaxNum bound
// them.
//
//	set := formset.New(bookFields, initial, formset.Options{Extra: 2, CanDelete: true})
//	set.Bind(r.PostForm, nil)
//	if set.IsValid() {
//		for _, row := range set.Cleaned() { ... }
//	}
//
// Inputs are named as in Django: "form-TOTAL_FORMS", "form-INITIAL_FORMS",
// "form-MIN_NUM_FORMS", "form-MAX_NUM_FORMS", then "form-<i>-<field>", so
// the usual "add another" JavaScript works. Extra forms left untouched are
// neither validated nor returned; forms ticked for deletion are not
// validated. A submission cannot make the server build more than MaxNum
// plus DefaultMaxNum forms.
//
// Of makes a set of any form type that embeds a *forms.Form, such as the
// ModelForms of package modelform, which builds its model and inline
// formsets on it. A Set serves one request and is not safe for concurrent
// use.
package formset
