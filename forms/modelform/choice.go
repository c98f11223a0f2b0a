package modelform

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/forms"
	"github.com/jazzgo/jazz/orm"
)

// Source lists the objects a relation field may point at, as options whose
// Value is the object's primary key in decimal. It runs once per form, in
// New, on the database of the context given to New.
type Source func(ctx context.Context) ([]forms.Option, error)

// QuerySource offers the objects of qs, labelled by label (nil means the
// object's fmt.Stringer, else "<model> object (<id>)"). Use it in
// Options.Sources to restrict or order a relation's choices (Django's
// limit_choices_to and a ModelChoiceField's queryset).
func QuerySource[T any](qs orm.QuerySet[T], label func(*T) string) Source {
	return func(ctx context.Context) ([]forms.Option, error) {
		info := orm.Info[T]()
		if info == nil {
			return nil, fmt.Errorf("modelform: %s: %w", reflect.TypeFor[T](), orm.ErrNotRegistered)
		}
		objs, err := qs.All(ctx)
		if err != nil {
			return nil, fmt.Errorf("modelform: choices of %s: %w", info.Label, err)
		}
		out := make([]forms.Option, len(objs))
		for i, o := range objs {
			id := reflect.ValueOf(o).Elem().FieldByName(info.PK.Name).Int()
			var l string
			switch {
			case label != nil:
				l = label(o)
			default:
				if s, ok := any(o).(fmt.Stringer); ok {
					l = s.String()
				} else {
					l = fmt.Sprintf("%s object (%d)", info.Meta.VerboseName, id)
				}
			}
			out[i] = forms.Option{Value: strconv.FormatInt(id, 10), Label: l}
		}
		return out, nil
	}
}

// tableSource is the default Source of a relation: every row of the
// target's table ordered by key, labelled by its first text column (a
// name or title, typically), else "<model> object (<id>)". It reads the
// table directly because the target's Go type is only known at run time.
func tableSource(target *orm.ModelInfo) Source {
	return func(ctx context.Context) ([]forms.Option, error) {
		q := db.FromContext(ctx)
		if q == nil {
			return nil, fmt.Errorf("modelform: choices of %s: no database in the context (db.WithDB)", target.Label)
		}
		d := q.Dialect()
		var labelCol string
		for _, f := range target.Fields {
			if !f.PrimaryKey && (f.Kind == db.KindChar || f.Kind == db.KindText) && f.Format == "" {
				labelCol = f.Column
				break
			}
		}
		cols := d.Quote(target.PK.Column)
		if labelCol != "" {
			cols += ", " + d.Quote(labelCol)
		}
		rows, err := q.QueryContext(ctx, "SELECT "+cols+" FROM "+d.Quote(target.DBTable)+" ORDER BY "+d.Quote(target.PK.Column))
		if err != nil {
			return nil, fmt.Errorf("modelform: choices of %s: %w", target.Label, err)
		}
		defer rows.Close()
		var out []forms.Option
		for rows.Next() {
			var id int64
			var label sql.NullString
			dest := []any{&id}
			if labelCol != "" {
				dest = append(dest, &label)
			}
			if err := rows.Scan(dest...); err != nil {
				return nil, fmt.Errorf("modelform: choices of %s: %w", target.Label, err)
			}
			l := label.String
			if l == "" {
				l = fmt.Sprintf("%s object (%d)", target.Meta.VerboseName, id)
			}
			out = append(out, forms.Option{Value: strconv.FormatInt(id, 10), Label: l})
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("modelform: choices of %s: %w", target.Label, err)
		}
		return out, nil
	}
}

// fail builds the error for code, honouring an override in ErrorMessages,
// as the fields of package forms do.
func fail(b *forms.Base, code, message string, kv ...any) error {
	e := forms.Errorf(code, message, kv...)
	if m, ok := b.ErrorMessages[code]; ok {
		e.Message = m
	}
	return e
}

const invalidChoice = "Select a valid choice. That choice is not one of the available choices."

// ModelChoice picks one object of a relation (Django's ModelChoiceField).
// Its cleaned value is the chosen key as an int64, or nil when empty. A key
// that is not among Options is an "invalid_choice" error, so a crafted POST
// cannot point at an object the form does not offer.
type ModelChoice struct {
	forms.Base
	// Options are the objects offered, loaded by New from the field's Source.
	Options []forms.Option
	// EmptyLabel is the label of the empty option, offered when the field
	// is optional or has no initial value; "" means "---------".
	EmptyLabel string
}

// Choices implements forms.Chooser, with the empty option first.
func (f *ModelChoice) Choices() []forms.Option {
	if f.Required && f.Initial != nil {
		return f.Options
	}
	label := f.EmptyLabel
	if label == "" {
		label = "---------"
	}
	return append([]forms.Option{{Value: "", Label: label}}, f.Options...)
}

// Clean implements forms.Field.
func (f *ModelChoice) Clean(raw forms.Raw) (any, error) {
	s := strings.TrimSpace(raw.First())
	if s == "" {
		if f.Required {
			return nil, fail(&f.Base, "required", "This field is required.")
		}
		return nil, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || !hasValue(f.Options, s) {
		return nil, fail(&f.Base, "invalid_choice", invalidChoice)
	}
	return id, nil
}

// Format implements forms.Field.
func (f *ModelChoice) Format(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case int64:
		if x == 0 {
			return nil
		}
		return []string{strconv.FormatInt(x, 10)}
	}
	return []string{fmt.Sprint(v)}
}

// ModelMultipleChoice picks any number of objects of a many-to-many
// relation (Django's ModelMultipleChoiceField). Its cleaned value is
// []int64 in submission order without duplicates; an unknown key is an
// "invalid_choice" error naming it.
type ModelMultipleChoice struct {
	forms.Base
	// Options are the objects offered, loaded by New from the field's Source.
	Options []forms.Option
}

// Choices implements forms.Chooser.
func (f *ModelMultipleChoice) Choices() []forms.Option { return f.Options }

// Clean implements forms.Field.
func (f *ModelMultipleChoice) Clean(raw forms.Raw) (any, error) {
	out := make([]int64, 0, len(raw.Values))
	for _, s := range raw.Values {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !hasValue(f.Options, s) {
			return nil, fail(&f.Base, "invalid_choice", "Select a valid choice. {value} is not one of the available choices.", "value", s)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if len(out) == 0 && f.Required {
		return nil, fail(&f.Base, "required", "This field is required.")
	}
	return out, nil
}

// Format implements forms.Field.
func (f *ModelMultipleChoice) Format(v any) []string {
	switch x := v.(type) {
	case []int64:
		out := make([]string, len(x))
		for i, id := range x {
			out[i] = strconv.FormatInt(id, 10)
		}
		return out
	case []string:
		return x
	}
	return nil
}

func hasValue(opts []forms.Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

var (
	_ forms.Chooser = (*ModelChoice)(nil)
	_ forms.Chooser = (*ModelMultipleChoice)(nil)
)
