package migrate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Operation is one change in a migration. It knows how to change the
// project state (State), how to change the database forwards and back
// (through an Editor), and whether it can be undone.
//
// In Forwards, from is the state before the operation and to the state
// after it; in Backwards, from is the state after it (what the database
// has now) and to the state before it (what the database gets).
type Operation interface {
	// Describe says what the operation does, for people ("Add field slug
	// to Post").
	Describe() string
	// State applies the operation to s, for the app that owns the
	// migration.
	State(app string, s *State) error
	Forwards(ctx context.Context, e Editor, app string, from, to *State) error
	Backwards(ctx context.Context, e Editor, app string, from, to *State) error
	// Reversible reports whether Backwards can undo the operation.
	Reversible() bool
}

// ErrIrreversible is returned when unapplying an operation that cannot be
// undone.
var ErrIrreversible = errors.New("migrate: operation is irreversible")

func label(app, model string) string {
	if strings.Contains(model, ".") {
		return model
	}
	return app + "." + model
}

func modelIn(s *State, app, name string) (*ModelState, error) {
	m := s.Model(label(app, name))
	if m == nil {
		return nil, fmt.Errorf("no model %s in the migration state", label(app, name))
	}
	return m, nil
}

// alter runs Editor.AlterModel for the model named name in from and
// newName in to.
func alter(ctx context.Context, e Editor, app, name, newName string, from, to *State, renamed map[string]string, fill map[string]any) error {
	old, err := modelIn(from, app, name)
	if err != nil {
		return err
	}
	nw, err := modelIn(to, app, newName)
	if err != nil {
		return err
	}
	return e.AlterModel(ctx, Change{From: from, To: to, Old: old, New: nw, Renamed: renamed, Fill: fill})
}

// CreateModel creates a model and its table.
type CreateModel struct {
	Name   string
	Fields []Field
	Options
}

// Describe implements Operation.
func (o CreateModel) Describe() string { return "Create model " + o.Name }

// State implements Operation.
func (o CreateModel) State(app string, s *State) error {
	if s.Model(label(app, o.Name)) != nil {
		return fmt.Errorf("model %s already exists", label(app, o.Name))
	}
	m := &ModelState{App: app, Name: o.Name, Fields: slices.Clone(o.Fields), Options: o.Options}
	m = m.Clone()
	if m.Table == "" {
		m.Table = DefaultTable(app, o.Name)
	}
	names := map[string]bool{}
	for _, f := range m.Fields {
		if names[f.Name] {
			return fmt.Errorf("model %s: field %s twice", m.Label(), f.Name)
		}
		names[f.Name] = true
	}
	s.Add(m)
	return nil
}

// Forwards implements Operation.
func (o CreateModel) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	m, err := modelIn(to, app, o.Name)
	if err != nil {
		return err
	}
	return e.CreateModel(ctx, to, m)
}

// Backwards implements Operation.
func (o CreateModel) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	m, err := modelIn(from, app, o.Name)
	if err != nil {
		return err
	}
	return e.DeleteModel(ctx, from, m)
}

// Reversible implements Operation.
func (CreateModel) Reversible() bool { return true }

// DeleteModel drops a model and its table.
type DeleteModel struct {
	Name string
}

// Describe implements Operation.
func (o DeleteModel) Describe() string { return "Delete model " + o.Name }

// State implements Operation.
func (o DeleteModel) State(app string, s *State) error {
	if _, err := modelIn(s, app, o.Name); err != nil {
		return err
	}
	s.Remove(label(app, o.Name))
	return nil
}

// Forwards implements Operation.
func (o DeleteModel) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	m, err := modelIn(from, app, o.Name)
	if err != nil {
		return err
	}
	return e.DeleteModel(ctx, from, m)
}

// Backwards implements Operation.
func (o DeleteModel) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	m, err := modelIn(to, app, o.Name)
	if err != nil {
		return err
	}
	return e.CreateModel(ctx, to, m)
}

// Reversible implements Operation.
func (DeleteModel) Reversible() bool { return true }

// RenameModel renames a model. A table named by default follows the new
// name, and so do the automatic through tables of its ManyToMany fields
// and the columns that other models' automatic through tables have for
// it; relations pointing at it are retargeted.
type RenameModel struct {
	Old, New string
}

// Describe implements Operation.
func (o RenameModel) Describe() string { return "Rename model " + o.Old + " to " + o.New }

// State implements Operation.
func (o RenameModel) State(app string, s *State) error {
	m, err := modelIn(s, app, o.Old)
	if err != nil {
		return err
	}
	if s.Model(label(app, o.New)) != nil && !strings.EqualFold(o.Old, o.New) {
		return fmt.Errorf("model %s already exists", label(app, o.New))
	}
	oldLabel := m.Label()
	s.Remove(oldLabel)
	m = m.Clone()
	if m.Table == DefaultTable(app, o.Old) {
		m.Table = DefaultTable(app, o.New)
	}
	m.Name = o.New
	s.Add(m)
	for _, other := range s.Models() {
		for i := range other.Fields {
			f := &other.Fields[i]
			if strings.EqualFold(f.To, oldLabel) {
				f.To = m.Label()
			}
			if strings.EqualFold(f.Through, oldLabel) {
				f.Through = m.Label()
			}
		}
	}
	return nil
}

// Forwards implements Operation.
func (o RenameModel) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return renameModel(ctx, e, app, o.Old, o.New, from, to)
}

// Backwards implements Operation.
func (o RenameModel) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return renameModel(ctx, e, app, o.New, o.Old, from, to)
}

func renameModel(ctx context.Context, e Editor, app, oldName, newName string, from, to *State) error {
	if err := alter(ctx, e, app, oldName, newName, from, to, nil, nil); err != nil {
		return err
	}
	// Automatic through tables elsewhere name a column after this model.
	newLabel := label(app, newName)
	for _, m := range to.Models() {
		if strings.EqualFold(m.Label(), newLabel) {
			continue
		}
		for _, f := range m.Fields {
			if f.Type == ManyToMany && f.Through == "" && strings.EqualFold(f.To, newLabel) {
				old := from.Model(m.Label())
				if old == nil {
					continue
				}
				if err := e.AlterModel(ctx, Change{From: from, To: to, Old: old, New: m}); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
}

// Reversible implements Operation.
func (RenameModel) Reversible() bool { return true }

// AlterModelTable changes a model's table name.
type AlterModelTable struct {
	Name  string
	Table string // "" for the default name
}

// Describe implements Operation.
func (o AlterModelTable) Describe() string {
	return fmt.Sprintf("Rename table for %s to %s", o.Name, o.table("<default>"))
}

func (o AlterModelTable) table(app string) string {
	if o.Table == "" {
		return DefaultTable(app, o.Name)
	}
	return o.Table
}

// State implements Operation.
func (o AlterModelTable) State(app string, s *State) error {
	m, err := modelIn(s, app, o.Name)
	if err != nil {
		return err
	}
	m = m.Clone()
	m.Table = o.table(app)
	s.Add(m)
	return nil
}

// Forwards implements Operation.
func (o AlterModelTable) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Name, o.Name, from, to, nil, nil)
}

// Backwards implements Operation.
func (o AlterModelTable) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Name, o.Name, from, to, nil, nil)
}

// Reversible implements Operation.
func (AlterModelTable) Reversible() bool { return true }

// AddField adds a field to a model. Existing rows get the field's
// Default, or Fill when the field has none (the one-off value
// makemigrations asks for; it is not kept as a default).
type AddField struct {
	Model string
	Field Field
	Fill  any
}

// Describe implements Operation.
func (o AddField) Describe() string { return "Add field " + o.Field.Name + " to " + o.Model }

// State implements Operation.
func (o AddField) State(app string, s *State) error {
	m, err := modelIn(s, app, o.Model)
	if err != nil {
		return err
	}
	if m.Field(o.Field.Name) != nil {
		return fmt.Errorf("model %s already has a field %s", m.Label(), o.Field.Name)
	}
	m = m.Clone()
	m.Fields = append(m.Fields, o.Field)
	s.Add(m)
	return nil
}

// Forwards implements Operation.
func (o AddField) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	var fill map[string]any
	if o.Fill != nil {
		fill = map[string]any{o.Field.Name: o.Fill}
	}
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, fill)
}

// Backwards implements Operation.
func (o AddField) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, nil)
}

// Reversible implements Operation.
func (AddField) Reversible() bool { return true }

// RemoveField removes a field and its column. Unapplying it adds the
// column back, filled with the field's default (or its type's zero value
// when NOT NULL without one): the data itself is gone.
type RemoveField struct {
	Model string
	Name  string
}

// Describe implements Operation.
func (o RemoveField) Describe() string { return "Remove field " + o.Name + " from " + o.Model }

// State implements Operation.
func (o RemoveField) State(app string, s *State) error {
	m, err := modelIn(s, app, o.Model)
	if err != nil {
		return err
	}
	if m.Field(o.Name) == nil {
		return fmt.Errorf("model %s has no field %s", m.Label(), o.Name)
	}
	m = m.Clone()
	m.Fields = slices.DeleteFunc(m.Fields, func(f Field) bool { return f.Name == o.Name })
	dropName := func(names []string) bool { return slices.Contains(names, o.Name) }
	m.UniqueTogether = slices.DeleteFunc(m.UniqueTogether, dropName)
	m.Indexes = slices.DeleteFunc(m.Indexes, func(ix Index) bool { return dropName(ix.Fields) })
	m.Constraints = slices.DeleteFunc(m.Constraints, func(c Constraint) bool { return dropName(c.Fields) })
	s.Add(m)
	return nil
}

// Forwards implements Operation.
func (o RemoveField) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, nil)
}

// Backwards implements Operation.
func (o RemoveField) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	m, err := modelIn(to, app, o.Model)
	if err != nil {
		return err
	}
	var fill map[string]any
	if f := m.Field(o.Name); f != nil && !f.Null && !f.HasDefault() && f.Type != ManyToMany {
		fill = map[string]any{o.Name: ZeroValue(f.Type)}
	}
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, fill)
}

// Reversible implements Operation.
func (RemoveField) Reversible() bool { return true }

// ZeroValue is the value that fills existing rows of a NOT NULL field of
// type t when nothing better is known.
func ZeroValue(t Type) any {
	switch t {
	case Bool:
		return false
	case SmallInt, Int, BigInt, Duration, ForeignKey, OneToOne:
		return 0
	case Float, Decimal:
		return 0.0
	case JSON:
		return "null"
	case Date:
		return "1970-01-01"
	case DateTime:
		return "1970-01-01 00:00:00"
	case Time:
		return "00:00:00"
	case UUID:
		return "00000000-0000-0000-0000-000000000000"
	}
	return ""
}

// AlterField changes a field's definition (type, null, default,
// max_length, unique, index, target). Fill is the value for rows whose
// value is NULL when the field becomes NOT NULL.
type AlterField struct {
	Model string
	Name  string
	Field Field
	Fill  any
}

// Describe implements Operation.
func (o AlterField) Describe() string { return "Alter field " + o.Name + " on " + o.Model }

// State implements Operation.
func (o AlterField) State(app string, s *State) error {
	m, err := modelIn(s, app, o.Model)
	if err != nil {
		return err
	}
	if m.Field(o.Name) == nil {
		return fmt.Errorf("model %s has no field %s", m.Label(), o.Name)
	}
	m = m.Clone()
	f := o.Field
	f.Name = o.Name
	*m.Field(o.Name) = f
	s.Add(m)
	return nil
}

// Forwards implements Operation.
func (o AlterField) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	var fill map[string]any
	if o.Fill != nil {
		fill = map[string]any{o.Name: o.Fill}
	}
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, fill)
}

// Backwards implements Operation.
func (o AlterField) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	m, err := modelIn(to, app, o.Model)
	if err != nil {
		return err
	}
	var fill map[string]any
	if f := m.Field(o.Name); f != nil && !f.Null && !f.HasDefault() {
		fill = map[string]any{o.Name: ZeroValue(f.Type)}
	}
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, fill)
}

// Reversible implements Operation.
func (AlterField) Reversible() bool { return true }

// RenameField renames a field and its column, keeping the data. Names in
// the model's unique-together sets, indexes and constraints follow.
type RenameField struct {
	Model    string
	Old, New string
}

// Describe implements Operation.
func (o RenameField) Describe() string {
	return "Rename field " + o.Old + " on " + o.Model + " to " + o.New
}

// State implements Operation.
func (o RenameField) State(app string, s *State) error {
	m, err := modelIn(s, app, o.Model)
	if err != nil {
		return err
	}
	if m.Field(o.Old) == nil {
		return fmt.Errorf("model %s has no field %s", m.Label(), o.Old)
	}
	if m.Field(o.New) != nil {
		return fmt.Errorf("model %s already has a field %s", m.Label(), o.New)
	}
	m = m.Clone()
	f := m.Field(o.Old)
	f.Name = o.New
	if f.Column != "" && f.Column == (&Field{Name: o.Old, Type: f.Type}).ColumnName() {
		f.Column = ""
	}
	m.RenameField(o.Old, o.New)
	s.Add(m)
	return nil
}

// Forwards implements Operation.
func (o RenameField) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, map[string]string{o.Old: o.New}, nil)
}

// Backwards implements Operation.
func (o RenameField) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, map[string]string{o.New: o.Old}, nil)
}

// Reversible implements Operation.
func (RenameField) Reversible() bool { return true }

// AddIndex adds an index from a model's Meta.Indexes.
type AddIndex struct {
	Model string
	Index Index
}

// Describe implements Operation.
func (o AddIndex) Describe() string {
	return "Create index " + indexName(o.Index) + " on " + o.Model
}

func indexName(ix Index) string {
	if ix.Name != "" {
		return ix.Name
	}
	return "on " + strings.Join(ix.Fields, ", ")
}

// State implements Operation.
func (o AddIndex) State(app string, s *State) error {
	m, err := modelIn(s, app, o.Model)
	if err != nil {
		return err
	}
	m = m.Clone()
	m.Indexes = append(m.Indexes, Index{Name: o.Index.Name, Fields: slices.Clone(o.Index.Fields)})
	s.Add(m)
	return nil
}

// Forwards implements Operation.
func (o AddIndex) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, nil)
}

// Backwards implements Operation.
func (o AddIndex) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, nil)
}

// Reversible implements Operation.
func (AddIndex) Reversible() bool { return true }

// RemoveIndex removes an index; it is matched by name, or by fields when
// it has none.
type RemoveIndex struct {
	Model string
	Index Index
}

// Describe implements Operation.
func (o RemoveIndex) Describe() string {
	return "Remove index " + indexName(o.Index) + " from " + o.Model
}

// State implements Operation.
func (o RemoveIndex) State(app string, s *State) error {
	m, err := modelIn(s, app, o.Model)
	if err != nil {
		return err
	}
	m = m.Clone()
	n := len(m.Indexes)
	m.Indexes = slices.DeleteFunc(m.Indexes, func(ix Index) bool { return sameIndex(ix, o.Index) })
	if len(m.Indexes) == n {
		return fmt.Errorf("model %s has no index %s", m.Label(), indexName(o.Index))
	}
	s.Add(m)
	return nil
}

func sameIndex(a, b Index) bool {
	if a.Name != "" || b.Name != "" {
		return a.Name == b.Name
	}
	return slices.Equal(a.Fields, b.Fields)
}

// Forwards implements Operation.
func (o RemoveIndex) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, nil)
}

// Backwards implements Operation.
func (o RemoveIndex) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, nil)
}

// Reversible implements Operation.
func (RemoveIndex) Reversible() bool { return true }

// AddConstraint adds a unique or check constraint from a model's
// Meta.Constraints.
type AddConstraint struct {
	Model      string
	Constraint Constraint
}

// Describe implements Operation.
func (o AddConstraint) Describe() string {
	return "Create constraint " + o.Constraint.Name + " on model " + o.Model
}

// State implements Operation.
func (o AddConstraint) State(app string, s *State) error {
	m, err := modelIn(s, app, o.Model)
	if err != nil {
		return err
	}
	m = m.Clone()
	c := o.Constraint
	c.Fields = slices.Clone(c.Fields)
	m.Constraints = append(m.Constraints, c)
	s.Add(m)
	return nil
}

// Forwards implements Operation.
func (o AddConstraint) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, nil)
}

// Backwards implements Operation.
func (o AddConstraint) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, nil)
}

// Reversible implements Operation.
func (AddConstraint) Reversible() bool { return true }

// RemoveConstraint removes a constraint, matched by name.
type RemoveConstraint struct {
	Model      string
	Constraint Constraint
}

// Describe implements Operation.
func (o RemoveConstraint) Describe() string {
	return "Remove constraint " + o.Constraint.Name + " from model " + o.Model
}

// State implements Operation.
func (o RemoveConstraint) State(app string, s *State) error {
	m, err := modelIn(s, app, o.Model)
	if err != nil {
		return err
	}
	m = m.Clone()
	n := len(m.Constraints)
	m.Constraints = slices.DeleteFunc(m.Constraints, func(c Constraint) bool {
		if c.Name != "" || o.Constraint.Name != "" {
			return c.Name == o.Constraint.Name
		}
		return slices.Equal(c.Fields, o.Constraint.Fields) && c.Check == o.Constraint.Check
	})
	if len(m.Constraints) == n {
		return fmt.Errorf("model %s has no constraint %s", m.Label(), o.Constraint.Name)
	}
	s.Add(m)
	return nil
}

// Forwards implements Operation.
func (o RemoveConstraint) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, nil)
}

// Backwards implements Operation.
func (o RemoveConstraint) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, nil)
}

// Reversible implements Operation.
func (RemoveConstraint) Reversible() bool { return true }

// AlterUniqueTogether sets a model's unique-together sets.
type AlterUniqueTogether struct {
	Model          string
	UniqueTogether [][]string
}

// Describe implements Operation.
func (o AlterUniqueTogether) Describe() string {
	return fmt.Sprintf("Alter unique_together for %s (%d constraint(s))", o.Model, len(o.UniqueTogether))
}

// State implements Operation.
func (o AlterUniqueTogether) State(app string, s *State) error {
	m, err := modelIn(s, app, o.Model)
	if err != nil {
		return err
	}
	m = m.Clone()
	m.UniqueTogether = nil
	for _, u := range o.UniqueTogether {
		m.UniqueTogether = append(m.UniqueTogether, slices.Clone(u))
	}
	s.Add(m)
	return nil
}

// Forwards implements Operation.
func (o AlterUniqueTogether) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, nil)
}

// Backwards implements Operation.
func (o AlterUniqueTogether) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return alter(ctx, e, app, o.Model, o.Model, from, to, nil, nil)
}

// Reversible implements Operation.
func (AlterUniqueTogether) Reversible() bool { return true }

// RunSQL runs SQL written by hand. Reverse undoes it; nil makes the
// operation irreversible, and an empty, non-nil slice makes unapplying it
// do nothing. Statements run one at a time, in order.
type RunSQL struct {
	SQL     []string
	Reverse []string
}

// Describe implements Operation.
func (o RunSQL) Describe() string { return "Raw SQL operation" }

// State implements Operation.
func (RunSQL) State(string, *State) error { return nil }

// Forwards implements Operation.
func (o RunSQL) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	return runSQL(ctx, e, o.SQL)
}

// Backwards implements Operation.
func (o RunSQL) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	if o.Reverse == nil {
		return ErrIrreversible
	}
	return runSQL(ctx, e, o.Reverse)
}

func runSQL(ctx context.Context, e Editor, stmts []string) error {
	for _, q := range stmts {
		if err := e.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// Reversible implements Operation.
func (o RunSQL) Reversible() bool { return o.Reverse != nil }

// RunGo runs Go code: a data migration. Forward and Backward receive the
// models as they are at this point of the history (see History), not as
// today's structs, so the migration keeps working after the models
// change. A nil Backward makes the operation irreversible; use Noop for
// one that needs nothing undone.
type RunGo struct {
	Forward  func(ctx context.Context, h *History) error
	Backward func(ctx context.Context, h *History) error
	// Description replaces the default "Run Go code" in plans.
	Description string
}

// Noop is a RunGo function that does nothing, for a Backward that needs
// no undoing.
func Noop(context.Context, *History) error { return nil }

// Describe implements Operation.
func (o RunGo) Describe() string {
	if o.Description != "" {
		return o.Description
	}
	return "Run Go code"
}

// State implements Operation.
func (RunGo) State(string, *State) error { return nil }

// Forwards implements Operation.
func (o RunGo) Forwards(ctx context.Context, e Editor, app string, from, to *State) error {
	if o.Forward == nil {
		return nil
	}
	return o.Forward(ctx, newHistory(e, to))
}

// Backwards implements Operation.
func (o RunGo) Backwards(ctx context.Context, e Editor, app string, from, to *State) error {
	if o.Backward == nil {
		return ErrIrreversible
	}
	return o.Backward(ctx, newHistory(e, to))
}

// Reversible implements Operation.
func (o RunGo) Reversible() bool { return o.Backward != nil }
