package forms

import (
	"fmt"
	"html/template"
	"strings"
)

// BoundField is a field seen through a form: its input name, id, value to
// show and errors. Templates render a form by hand through it:
//
//	{{with .Form.BoundField "email"}}{{.Label}}{{.Widget}}{{.Errors}}{{.Help}}{{end}}
type BoundField struct {
	Form  *Form
	Field Field

	wd *WidgetData // computed once: the templates ask for it several times
}

// BoundField returns the named field bound to f; it panics on an unknown
// name, which is a template bug better seen at once.
func (f *Form) BoundField(name string) *BoundField {
	fd := f.Field(name)
	if fd == nil {
		panic(fmt.Sprintf("forms: no field %q in form", name))
	}
	return &BoundField{Form: f, Field: fd}
}

// BoundFields returns every field bound to f, in order.
func (f *Form) BoundFields() []*BoundField {
	out := make([]*BoundField, len(f.fields))
	for i, fd := range f.fields {
		out[i] = &BoundField{Form: f, Field: fd}
	}
	return out
}

// Name is the input name, with the form's prefix.
func (b *BoundField) Name() string { return b.Form.HTMLName(b.Field.Common().Name) }

// ID is the element id ("" when the form renders no ids).
func (b *BoundField) ID() string {
	switch b.Form.AutoID {
	case "-":
		return ""
	case "":
		return "id_" + b.Name()
	}
	return fmt.Sprintf(b.Form.AutoID, b.Name())
}

// LabelText is the translated label.
func (b *BoundField) LabelText() string { return b.Form.tr(b.Field.Common().label()) }

// HelpText is the translated help text.
func (b *BoundField) HelpText() string { return b.Form.tr(b.Field.Common().HelpText) }

// IsHidden reports whether the widget is a hidden input.
func (b *BoundField) IsHidden() bool { return b.widget().Hidden }

// Required reports whether the field is required.
func (b *BoundField) Required() bool { return b.Field.Common().Required }

// ErrorList returns the field's errors (nil for an unbound or valid field).
func (b *BoundField) ErrorList() ErrorList { return b.Form.FieldErrors(b.Field.Common().Name) }

// ErrorMessages returns the field's error messages, translated.
func (b *BoundField) ErrorMessages() []string { return b.ErrorList().Messages(b.Form.Translate) }

// Value returns the strings the widget shows: the submitted ones on a bound
// form, else the formatted initial value.
func (b *BoundField) Value() []string {
	fd := b.Field
	if b.Form.bound && !fd.Common().Disabled {
		raw := b.widget().ValueFrom(b.Form.data, b.Form.files, b.Name())
		return raw.Values
	}
	return fd.Format(b.Form.InitialValue(fd.Common().Name))
}

func (b *BoundField) widget() *Widget { return defaultWidget(b.Field) }

func (f *Form) tr(s string) string {
	if f.Translate == nil || s == "" {
		return s
	}
	return f.Translate(s)
}

// HTML renders the whole field (label, widget, help text and errors)
// through the "field.html" template.
func (b *BoundField) HTML() template.HTML { return b.Form.renderer().render("field.html", b) }

// Label renders the <label> through "label.html".
func (b *BoundField) Label() template.HTML { return b.Form.renderer().render("label.html", b) }

// Widget renders the input through "widgets/<Template>.html".
func (b *BoundField) Widget() template.HTML {
	return b.Form.renderer().render("widgets/"+b.widget().Template+".html", b.WidgetData())
}

// Errors renders the field's errors through "errors.html" (nothing when none).
func (b *BoundField) Errors() template.HTML {
	return b.Form.renderer().render("errors.html", errorsData{ID: b.ID(), Messages: b.ErrorMessages(), Field: true})
}

// Help renders the help text through "help.html" (nothing when none).
func (b *BoundField) Help() template.HTML { return b.Form.renderer().render("help.html", b) }

// errorsData feeds errors.html.
type errorsData struct {
	ID       string
	Messages []string
	// Field is false for the non-field errors at the top of a form.
	Field bool
}

// OptionData is one option of a select, radio or checkbox list as its
// template sees it.
type OptionData struct {
	Value, Label, ID string
	Selected         bool
}

// WidgetData is what a widget template receives.
type WidgetData struct {
	Name, ID, Type string
	// Template is the widget's template name (input, select, ...).
	Template string
	// Value is the first value to show (empty for HideValue widgets).
	Value string
	// Values are every value to show.
	Values []string
	// Class is the Bootstrap class plus any class given in Attrs.
	Class string
	// Attrs are the other attributes from Widget.Attrs, escaped.
	Attrs                                          template.HTMLAttr
	Required, Disabled, Invalid, Multiple, Checked bool
	Options                                        []OptionData
	// DescribedBy lists the ids of the help text and errors, for aria-describedby.
	DescribedBy string
	// DateValue and TimeValue are the parts of a split date-time.
	DateValue, TimeValue string
	// Current is the stored file a file input replaces, shown beside it;
	// Clearable says whether the "clear" checkbox (Name-clear) is offered.
	Current   string
	Clearable bool
	// LabelFor is the id a <label for> points at: "" for option lists,
	// which are labelled per option.
	LabelFor string
}

// WidgetData computes the widget template's data. It is computed once per
// BoundField; bind the form before asking for it.
func (b *BoundField) WidgetData() WidgetData {
	if b.wd == nil {
		d := b.widgetData()
		b.wd = &d
	}
	return *b.wd
}

func (b *BoundField) widgetData() WidgetData {
	w := b.widget()
	fd := b.Field
	base := fd.Common()
	d := WidgetData{
		Name: b.Name(), ID: b.ID(), Type: w.Type, Template: w.Template,
		Required: base.Required, Disabled: base.Disabled, Multiple: w.Multiple,
		Invalid: len(b.ErrorList()) > 0,
	}
	var desc []string
	if base.HelpText != "" && d.ID != "" {
		desc = append(desc, d.ID+"_help")
	}
	if d.Invalid && d.ID != "" {
		desc = append(desc, d.ID+"_error")
	}
	d.DescribedBy = strings.Join(desc, " ")
	switch {
	case d.ID == "" || w.Template == "radio" || w.Template == "checkboxes":
	case w.Template == "splitdatetime":
		d.LabelFor = d.ID + "_0"
	default:
		d.LabelFor = d.ID
	}
	other := make(map[string]string, len(w.Attrs))
	for k, v := range w.Attrs {
		if k != "class" {
			other[k] = v
		}
	}
	d.Attrs = attrs(other)
	switch w.Template {
	case "select":
		d.Class = "form-select"
	case "checkbox", "radio", "checkboxes":
		d.Class = "form-check-input"
	default:
		if w.Type != "hidden" {
			d.Class = "form-control"
		}
	}
	if c := w.Attrs["class"]; c != "" {
		d.Class = strings.TrimSpace(d.Class + " " + c)
	}
	if w.Template == "splitdatetime" {
		if b.Form.bound && !base.Disabled {
			d.DateValue = first(b.Form.data[d.Name+"_0"])
			d.TimeValue = first(b.Form.data[d.Name+"_1"])
		} else if v := first(fd.Format(b.Form.InitialValue(base.Name))); v != "" {
			d.DateValue, d.TimeValue, _ = strings.Cut(strings.Replace(v, " ", "T", 1), "T")
		}
		return d
	}
	if w.Type == "file" {
		if cur := first(fd.Format(b.Form.InitialValue(base.Name))); cur != "" {
			d.Current, d.Clearable = cur, !base.Required && !base.Disabled
			// The browser never re-fills a file input: "required" would
			// force a new upload on every edit.
			d.Required = false
		}
	}
	if !w.HideValue {
		d.Values = b.Value()
		d.Value = first(d.Values)
	}
	if w.Template == "checkbox" {
		if b.Form.bound && !base.Disabled {
			v, _ := (&Bool{}).Clean(Raw{Values: b.Value()})
			d.Checked = v == true
		} else {
			d.Checked = first(fd.Format(b.Form.InitialValue(base.Name))) == "true"
		}
		d.Value = ""
	}
	var opts []Option
	if c, ok := fd.(Chooser); ok {
		opts = c.Choices()
	} else if _, ok := fd.(*NullBool); ok {
		opts = []Option{{"unknown", "Unknown"}, {"true", "Yes"}, {"false", "No"}}
	}
	if len(opts) > 0 {
		if w.Template == "select" && !w.Multiple && !base.Required && !hasOption(opts, "") {
			if _, nb := fd.(*NullBool); !nb {
				opts = append([]Option{{"", "---------"}}, opts...)
			}
		}
		d.Options = make([]OptionData, len(opts))
		for i, o := range opts {
			id := ""
			if d.ID != "" {
				id = fmt.Sprintf("%s_%d", d.ID, i)
			}
			d.Options[i] = OptionData{Value: o.Value, Label: b.Form.tr(o.Label), ID: id, Selected: contains(d.Values, o.Value)}
		}
	}
	return d
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
