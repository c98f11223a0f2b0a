// Package forms validates user input and renders it back as HTML.
//
//	type Contact struct {
//		Name    string `form:",required,max=100" label:"Your name"`
//		Email   string `form:",required,email"`
//		Message string `form:",required,textarea,min=10"`
//	}
//
//	var contactForm = forms.MustDeclare[Contact]()
//
//	func contact(w http.ResponseWriter, r *http.Request) error {
//		f := contactForm.New()
//		if r.Method == http.MethodPost {
//			r.ParseForm()
//			if f.Bind(r.PostForm, nil).IsValid() {
//				c, _ := contactForm.Decode(f)
//				// send c ...
//			}
//		}
//		// render f.HTML() inside <form method="post"> ... </form>
//		return nil
//	}
//
// # Fields, forms, widgets
//
// A Field turns a submitted value into a typed Go value or errors: Char,
// Email, URL, Slug, Regex, Hidden, UUID, JSON, Int, Float, Decimal (exact,
// as a string), Bool, NullBool, Choice, TypedChoice, MultipleChoice, Date,
// Time, DateTime, Duration, File and Image. All of them embed Base (name,
// label, help text, required, disabled, initial, widget, validators, error
// message overrides), and so can fields defined elsewhere.
//
// A Form is an ordered list of fields, built with New from fields made
// anywhere (code, a struct declaration, a ModelForm), plus the submitted
// data once bound. IsValid cleans every field, runs its Validators and the
// form's per-field Hooks, then the whole-form Clean hook; Errors and
// Cleaned give the outcome. HasChanged and Changed compare the submission
// with the initial values; Prefix lets several forms share a page.
//
// Struct declares a form from a Go struct's tags (read once, at
// declaration) and decodes a valid form back into the struct.
//
// # Errors
//
// Every error is an *Error with a stable Code ("required", "invalid",
// "max_length", ...), an English message template with {placeholders}, and
// Params. Base.ErrorMessages overrides a message by code; Form.Translate
// translates templates when the form renders.
//
// # Rendering
//
// Widgets (text, textarea, number, email, password, checkbox, select,
// radio, checkbox list, date, time, datetime-local, file, hidden, split
// date-time) render through html/template templates named after files
// (form.html, field.html, label.html, help.html, errors.html,
// widgets/*.html). The default Renderer produces Bootstrap 5 markup with
// labels, help text, required markers and is-invalid/invalid-feedback;
// NewRenderer overrides any template from an fs.FS. In a page template,
// {{.Form.HTML}} renders the whole form, {{(.Form.BoundField "email").HTML}}
// one field, and .Label, .Widget, .Errors and .Help its parts.
//
// # Uploads
//
// File and Image read Upload values (name, size, content type, Open) from
// the Files passed to Bind. A *web.UploadedFile keeps its name, type and
// size as fields, so the package that sees both wraps each one:
//
//	forms.NewUpload(u.Name, u.ContentType, u.Size, u.Open, u)
//
// Image decodes only the image header, so a renamed text file is rejected
// at little cost.
//
// # Concurrency
//
// Fields, Widgets, Struct declarations and Renderers are immutable once in
// use and may be shared. A Form belongs to one request.
package forms
