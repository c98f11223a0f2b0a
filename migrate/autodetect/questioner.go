package autodetect

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jazzgo/jazz/migrate"
)

// Questioner decides for Detect what comparing two states cannot tell.
type Questioner interface {
	// RenameModel reports whether old, gone from its app, was renamed to
	// new, which appeared in the same app. similar is true when the two
	// have the same fields; a questioner normally says yes only to a
	// similar pair unless told otherwise.
	RenameModel(old, new *migrate.ModelState, similar bool) (bool, error)
	// RenameField reports whether the field old of model m (as the model
	// is before the change) was renamed to new. similar is true when the
	// two are the same field apart from the name and the column derived
	// from it.
	RenameField(m *migrate.ModelState, old, new *migrate.Field, similar bool) (bool, error)
	// OneOffDefault returns the value existing rows of model m get for f,
	// a NOT NULL field without a default that is added (alter false) or
	// that becomes NOT NULL (alter true). The value is stored in the
	// migration only, as AddField.Fill or AlterField.Fill.
	OneOffDefault(m *migrate.ModelState, f *migrate.Field, alter bool) (any, error)
}

// ErrAborted is returned (wrapped) when the user chooses to quit.
var ErrAborted = errors.New("autodetect: aborted by the user")

// Answers are decisions made in advance, from makemigrations' --rename
// and --default flags, so that scripts need no prompt. Keys are
// case-sensitive as written in the models, except the app label.
type Answers struct {
	// Models maps "app.Old" to the new model name.
	Models map[string]string
	// Fields maps "app.Model.old" to the new field name (Model is the
	// model's name after any model rename).
	Fields map[string]string
	// Defaults maps "app.Model.field" to the one-off value, as text.
	Defaults map[string]string
}

// AddRename records one --rename value: "blog.Post=Article" renames a
// model, "blog.Post.body=content" a field.
func (a *Answers) AddRename(s string) error {
	from, to, ok := strings.Cut(s, "=")
	parts := strings.Split(from, ".")
	if !ok || to == "" || strings.Contains(to, ".") || len(parts) < 2 || len(parts) > 3 || slicesContainsEmpty(parts) {
		return fmt.Errorf("autodetect: --rename %q: want app.Model=NewName or app.Model.field=new_name", s)
	}
	if len(parts) == 2 {
		if a.Models == nil {
			a.Models = map[string]string{}
		}
		a.Models[from] = to
		return nil
	}
	if a.Fields == nil {
		a.Fields = map[string]string{}
	}
	a.Fields[from] = to
	return nil
}

// AddDefault records one --default value: "blog.Post.slug=some-value".
func (a *Answers) AddDefault(s string) error {
	from, to, ok := strings.Cut(s, "=")
	parts := strings.Split(from, ".")
	if !ok || len(parts) != 3 || slicesContainsEmpty(parts) {
		return fmt.Errorf("autodetect: --default %q: want app.Model.field=value", s)
	}
	if a.Defaults == nil {
		a.Defaults = map[string]string{}
	}
	a.Defaults[from] = to
	return nil
}

func slicesContainsEmpty(ss []string) bool {
	for _, s := range ss {
		if s == "" {
			return true
		}
	}
	return false
}

// model looks up "app.Model" in the answers; found reports whether the
// flags said anything about renames of that model's app at all.
func (a *Answers) modelRename(old, new *migrate.ModelState) (answer, decided bool) {
	if a == nil {
		return false, false
	}
	for k, v := range a.Models {
		app, name, _ := strings.Cut(k, ".")
		if app == old.App && name == old.Name {
			return v == new.Name, true
		}
	}
	return false, false
}

func (a *Answers) fieldRename(m *migrate.ModelState, old, new *migrate.Field) (answer, decided bool) {
	if a == nil {
		return false, false
	}
	if v, ok := a.Fields[m.App+"."+m.Name+"."+old.Name]; ok {
		return v == new.Name, true
	}
	return false, false
}

func (a *Answers) oneOff(m *migrate.ModelState, f *migrate.Field) (any, bool, error) {
	if a == nil {
		return nil, false, nil
	}
	key := m.App + "." + m.Name + "." + f.Name
	s, ok := a.Defaults[key]
	if !ok {
		return nil, false, nil
	}
	v, err := ParseValue(f.Type, s)
	if err != nil {
		return nil, true, fmt.Errorf("--default %s=%s: %w", key, s, err)
	}
	return v, true, nil
}

// ParseValue converts text typed by a person to the Go value a field of
// type t is given in a migration: int64 for integer types and relations,
// float64 for floats, bool for booleans, and the text itself for the rest
// (decimals, dates, times, UUIDs and JSON are written as text).
func ParseValue(t migrate.Type, s string) (any, error) {
	switch t {
	case migrate.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("%q is not a boolean (true or false)", s)
		}
		return b, nil
	case migrate.SmallInt, migrate.Int, migrate.BigInt, migrate.Auto, migrate.ForeignKey, migrate.OneToOne, migrate.Duration:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", s)
		}
		return n, nil
	case migrate.Float:
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", s)
		}
		return x, nil
	}
	return s, nil
}

// Interactive returns a questioner that asks on out and reads answers
// from in, one line each, as makemigrations does on a terminal. Answers
// given in a (which may be nil) are used without asking.
func Interactive(in io.Reader, out io.Writer, a *Answers) Questioner {
	return &interactive{in: bufio.NewReader(in), out: out, a: a}
}

type interactive struct {
	in  *bufio.Reader
	out io.Writer
	a   *Answers
}

// line reads one line; io.EOF before any text ends the questions.
func (q *interactive) line() (string, error) {
	s, err := q.in.ReadString('\n')
	if err != nil && (err != io.EOF || s == "") {
		if err == io.EOF {
			return "", fmt.Errorf("no answer (end of input): %w", ErrAborted)
		}
		return "", err
	}
	return strings.TrimSpace(s), nil
}

func (q *interactive) yesNo(question string) (bool, error) {
	for {
		fmt.Fprintf(q.out, "%s [y/N] ", question)
		s, err := q.line()
		if err != nil {
			return false, err
		}
		switch strings.ToLower(s) {
		case "y", "yes":
			return true, nil
		case "", "n", "no":
			return false, nil
		}
		fmt.Fprintln(q.out, "Please answer y or n.")
	}
}

func (q *interactive) RenameModel(old, new *migrate.ModelState, similar bool) (bool, error) {
	if ans, ok := q.a.modelRename(old, new); ok {
		return ans, nil
	}
	if !similar {
		return false, nil
	}
	return q.yesNo(fmt.Sprintf("Was the model %s renamed to %s?", old.Label(), new.Label()))
}

func (q *interactive) RenameField(m *migrate.ModelState, old, new *migrate.Field, similar bool) (bool, error) {
	if ans, ok := q.a.fieldRename(m, old, new); ok {
		return ans, nil
	}
	if !similar {
		return false, nil
	}
	return q.yesNo(fmt.Sprintf("Was %s.%s renamed to %s.%s (%s)?", m.Name, old.Name, m.Name, new.Name, describeType(new.Type)))
}

func (q *interactive) OneOffDefault(m *migrate.ModelState, f *migrate.Field, alter bool) (any, error) {
	if v, ok, err := q.a.oneOff(m, f); ok || err != nil {
		return v, err
	}
	model := strings.ToLower(m.Name)
	if alter {
		fmt.Fprintf(q.out, "It is impossible to change a nullable field '%s' on %s to non-nullable without providing a default. "+
			"This is because the database needs something to populate existing rows with a null value.\n", f.Name, model)
	} else {
		fmt.Fprintf(q.out, "It is impossible to add a non-nullable field '%s' to %s without specifying a default. "+
			"This is because the database needs something to populate existing rows.\n", f.Name, model)
	}
	fmt.Fprintf(q.out, "Please select a fix:\n"+
		" 1) Provide a one-off default now (will be set on all existing rows)\n"+
		" 2) Quit and give the field a default or make it nullable in the model\n")
	for {
		fmt.Fprint(q.out, "Select an option: ")
		s, err := q.line()
		if err != nil {
			return nil, err
		}
		if s == "2" {
			return nil, fmt.Errorf("%s.%s needs a default: %w", m.Label(), f.Name, ErrAborted)
		}
		if s == "1" {
			break
		}
		fmt.Fprintln(q.out, "Please select a valid option.")
	}
	fmt.Fprintf(q.out, "Please enter the value for existing rows, as %s (e.g. %s)\n", describeType(f.Type), example(f.Type))
	for {
		fmt.Fprint(q.out, ">>> ")
		s, err := q.line()
		if err != nil {
			return nil, err
		}
		v, err := ParseValue(f.Type, s)
		if err == nil {
			return v, nil
		}
		fmt.Fprintf(q.out, "Invalid input: %v\n", err)
	}
}

// describeType names a field type for people: "a text field".
func describeType(t migrate.Type) string {
	switch t {
	case migrate.Char, migrate.Text:
		return "a text field"
	case migrate.Bool:
		return "a boolean field"
	case migrate.SmallInt, migrate.Int, migrate.BigInt, migrate.Auto:
		return "an integer field"
	case migrate.Float:
		return "a float field"
	case migrate.Decimal:
		return "a decimal field"
	case migrate.ForeignKey:
		return "a foreign key"
	case migrate.OneToOne:
		return "a one-to-one relation"
	case migrate.ManyToMany:
		return "a many-to-many relation"
	}
	return "a " + string(t) + " field"
}

func example(t migrate.Type) string {
	switch t {
	case migrate.Bool:
		return "true or false"
	case migrate.SmallInt, migrate.Int, migrate.BigInt, migrate.ForeignKey, migrate.OneToOne, migrate.Duration:
		return "0"
	case migrate.Float:
		return "0.5"
	case migrate.Decimal:
		return "9.99"
	case migrate.Date:
		return "2026-01-31"
	case migrate.DateTime:
		return "2026-01-31 12:00:00"
	case migrate.Time:
		return "12:00:00"
	}
	return "some text, without quotes"
}

// NonInteractive returns a questioner for --noinput: answers given in a
// (which may be nil) decide; otherwise renames are answered no, with a
// note on notes naming the flag to pass if it was one, and a one-off
// value is an error naming model, field and flag.
func NonInteractive(notes io.Writer, a *Answers) Questioner {
	return &nonInteractive{notes: notes, a: a}
}

type nonInteractive struct {
	notes io.Writer
	a     *Answers
}

func (q *nonInteractive) RenameModel(old, new *migrate.ModelState, similar bool) (bool, error) {
	if ans, ok := q.a.modelRename(old, new); ok {
		return ans, nil
	}
	if similar && q.notes != nil {
		fmt.Fprintf(q.notes, "Assuming %s was not renamed to %s (--noinput); if it was, pass --rename %s=%s\n",
			old.Label(), new.Label(), old.Label(), new.Name)
	}
	return false, nil
}

func (q *nonInteractive) RenameField(m *migrate.ModelState, old, new *migrate.Field, similar bool) (bool, error) {
	if ans, ok := q.a.fieldRename(m, old, new); ok {
		return ans, nil
	}
	if similar && q.notes != nil {
		fmt.Fprintf(q.notes, "Assuming %s.%s was not renamed to %s.%s (--noinput); if it was, pass --rename %s.%s=%s\n",
			m.Name, old.Name, m.Name, new.Name, m.Label(), old.Name, new.Name)
	}
	return false, nil
}

func (q *nonInteractive) OneOffDefault(m *migrate.ModelState, f *migrate.Field, alter bool) (any, error) {
	if v, ok, err := q.a.oneOff(m, f); ok || err != nil {
		return v, err
	}
	what := "add the non-nullable field " + f.Name + " to " + m.Label()
	if alter {
		what = "make the field " + f.Name + " of " + m.Label() + " non-nullable"
	}
	return nil, fmt.Errorf("cannot %s without a default in non-interactive mode: pass --default %s.%s.%s=VALUE "+
		"for existing rows, or give the field a default or make it nullable", what, m.App, m.Name, f.Name)
}
