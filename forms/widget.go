package forms

import (
	"html"
	"html/template"
	"net/url"
	"slices"
	"strings"
)

// Widget says how a field is rendered and how its value is read back from
// the submitted data. It is plain data: copy one of the constructors' results
// and change Attrs to customise it. A Widget is read-only once in use.
type Widget struct {
	// Template names the template under "widgets/" that renders it:
	// input, textarea, checkbox, select, radio, checkboxes, splitdatetime.
	Template string
	// Type is the <input type>: text, email, number, password, date, ...
	Type string
	// Attrs are extra HTML attributes (class, placeholder, rows, ...).
	// Names must be plain attribute names; values are escaped.
	Attrs map[string]string
	// Multiple makes a select accept several values.
	Multiple bool
	// HideValue never renders the value back (passwords): a bound form
	// shows an empty input rather than echo the secret into the page.
	HideValue bool
	// Hidden marks inputs rendered without label or help text.
	Hidden bool
}

func input(typ string) *Widget { return &Widget{Template: "input", Type: typ} }

// TextInput is <input type=text>, the default for text fields.
func TextInput() *Widget { return input("text") }

// Textarea is a multi-line text box.
func Textarea() *Widget {
	return &Widget{Template: "textarea", Attrs: map[string]string{"rows": "10", "cols": "40"}}
}

// NumberInput is <input type=number>.
func NumberInput() *Widget { return input("number") }

// EmailInput is <input type=email>.
func EmailInput() *Widget { return input("email") }

// URLInput is <input type=url>.
func URLInput() *Widget { return input("url") }

// PasswordInput is <input type=password>; it never shows the value.
func PasswordInput() *Widget { w := input("password"); w.HideValue = true; return w }

// HiddenInput is <input type=hidden>.
func HiddenInput() *Widget { w := input("hidden"); w.Hidden = true; return w }

// DateInput is <input type=date>.
func DateInput() *Widget { return input("date") }

// TimeInput is <input type=time>.
func TimeInput() *Widget { return input("time") }

// DateTimeInput is <input type=datetime-local>.
func DateTimeInput() *Widget { return input("datetime-local") }

// FileInput is <input type=file>; the form needs enctype=multipart/form-data
// (Form.IsMultipart tells the template).
func FileInput() *Widget { return &Widget{Template: "input", Type: "file", HideValue: true} }

// CheckboxInput is a single checkbox.
func CheckboxInput() *Widget { return &Widget{Template: "checkbox", Type: "checkbox"} }

// Select is a drop-down list.
func Select() *Widget { return &Widget{Template: "select"} }

// SelectMultiple is a list box accepting several values.
func SelectMultiple() *Widget { return &Widget{Template: "select", Multiple: true} }

// RadioSelect is one radio button per option.
func RadioSelect() *Widget { return &Widget{Template: "radio", Type: "radio"} }

// CheckboxSelectMultiple is one checkbox per option.
func CheckboxSelectMultiple() *Widget {
	return &Widget{Template: "checkboxes", Type: "checkbox", Multiple: true}
}

// SplitDateTime is a date input and a time input submitted as name_0 and
// name_1 and read back as one "date time" value for a DateTime field.
func SplitDateTime() *Widget { return &Widget{Template: "splitdatetime"} }

// ValueFrom reads the field's raw value under the (prefixed) name.
func (w *Widget) ValueFrom(data url.Values, files Files, name string) Raw {
	switch w.Template {
	case "splitdatetime":
		d := strings.TrimSpace(first(data[name+"_0"]))
		t := strings.TrimSpace(first(data[name+"_1"]))
		if d == "" && t == "" {
			return Raw{}
		}
		return Raw{Values: []string{strings.TrimSpace(d + " " + t)}}
	}
	if w.Type == "file" {
		// The values carry the "clear" checkbox of a stored file.
		return Raw{Files: files[name], Values: data[name+"-clear"]}
	}
	return Raw{Values: data[name]}
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// Shared default widgets: defaultWidget hands these out for fields without
// their own, and nothing in the package modifies a Widget, so sharing saves
// an allocation per field per request.
var (
	defText, defHidden, defEmail, defURL = TextInput(), HiddenInput(), EmailInput(), URLInput()
	defNumber, defCheckbox, defSelect    = NumberInput(), CheckboxInput(), Select()
	defSelectMultiple, defDate, defTime  = SelectMultiple(), DateInput(), TimeInput()
	defDateTime, defFile, defTextarea    = DateTimeInput(), FileInput(), Textarea()
)

// defaultWidget picks the widget a field renders with: its own, else the
// default of its type. The result is shared and must not be modified.
func defaultWidget(f Field) *Widget {
	if w := f.Common().Widget; w != nil {
		return w
	}
	switch f.(type) {
	case *Hidden:
		return defHidden
	case *Email:
		return defEmail
	case *URL:
		return defURL
	case *Int, *Float, *Decimal:
		return defNumber
	case *Bool:
		return defCheckbox
	case *NullBool:
		return defSelect
	case *MultipleChoice:
		return defSelectMultiple
	case Chooser:
		return defSelect
	case *Date:
		return defDate
	case *Time:
		return defTime
	case *DateTime:
		return defDateTime
	case *File, *Image:
		return defFile
	case *JSON:
		return defTextarea
	}
	return defText
}

// attrs renders name="value" pairs in a stable order, dropping names that
// are not plain attribute names so a bad key cannot break out of the tag.
func attrs(m map[string]string) template.HTMLAttr {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if validAttrName(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k)
		b.WriteString(`="`)
		b.WriteString(html.EscapeString(m[k]))
		b.WriteByte('"')
	}
	return template.HTMLAttr(b.String())
}

func validAttrName(k string) bool {
	if k == "" || strings.HasPrefix(strings.ToLower(k), "on") {
		return false
	}
	for _, r := range k {
		if !(r == '-' || r == '_' || r == ':' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
