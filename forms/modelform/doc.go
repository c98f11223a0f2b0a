// Package modelform builds forms from ORM models (Django's ModelForm) and
// formsets of them (model and inline formsets).
//
//	f, err := modelform.New[Post](r.Context(), post, modelform.Options{
//		Fields: []string{"title", "body", "author", "tags"},
//	})
//	if r.Method == http.MethodPost {
//		f.Bind(r.PostForm, nil)
//		if f.IsValid() {
//			post, err = f.Save(r.Context())
//		}
//	}
//
// # Fields
//
// Each editable model field becomes a form field: a char field a Char with
// its max_length, a text field a Char on a textarea, integers an Int
// (non-negative when positive), bool a checkbox (a nullable bool a yes/no/
// unknown select), decimal a Decimal with its digits, date, time, datetime
// and duration their fields, the email/url/slug formats Email, URL and Slug,
// orm.File and orm.Image a File or Image upload, a field with choices a
// Choice, a ForeignKey a ModelChoice and a ManyToMany a ModelMultipleChoice
// over the target's rows (Options.Sources restricts them). Fields with
// editable=false, auto_now(_add) and the automatic key are left out; blank
// makes a field optional; defaults are initial values; verbose_name and
// help_text are the label and help text.
//
// # Validation and saving
//
// IsValid cleans the form, fills the instance and runs the model's
// validation (orm's FullClean), whose errors, uniqueness included, join the
// form's. Save inserts or updates the row and then the many-to-many links,
// in one transaction. SaveNoCommit and SaveM2M split that for code that
// sets more fields first (Django's commit=False). The form satisfies the
// views package's Create and Update (IsValid and Save).
//
// The context given to New must carry the database: New reads the choices
// of relation fields, IsValid checks uniqueness on it.
//
// # Formsets
//
// NewSet edits the objects of a QuerySet plus extra new ones; Inline the
// children of one parent through a foreign key. Both are package formset's
// Set of ModelForms, with Django's management form and a hidden key per
// form that ties each submitted form to the row it was rendered for.
package modelform
