package migrate

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
)

// Type is the type of a field in a migration: the storage kind of its
// column, or the kind of relation. The names are short and stable because
// they are written into migration files.
type Type string

// Field types.
const (
	Auto       Type = "auto"     // auto-incrementing int64 primary key
	Bool       Type = "bool"     // bool
	SmallInt   Type = "int16"    // int16 (and int8, uint8)
	Int        Type = "int32"    // int32, int
	BigInt     Type = "int64"    // int64
	Float      Type = "float64"  // float32, float64
	Decimal    Type = "decimal"  // orm.Decimal: MaxDigits, DecimalPlaces
	Char       Type = "char"     // string with MaxLength
	Text       Type = "text"     // string without a limit
	Binary     Type = "binary"   // []byte
	Date       Type = "date"     // a date
	DateTime   Type = "datetime" // time.Time
	Time       Type = "time"     // a time of day
	Duration   Type = "duration" // time.Duration
	UUID       Type = "uuid"     // orm.UUID
	JSON       Type = "json"     // a JSON document
	ForeignKey Type = "fk"       // orm.ForeignKey: column <name>_id pointing at To
	OneToOne   Type = "o2o"      // orm.OneToOne: a unique foreign key
	ManyToMany Type = "m2m"      // orm.ManyToMany: no column; a through table
)

var typeKinds = map[Type]db.Kind{
	Auto: db.KindAuto, Bool: db.KindBool, SmallInt: db.KindInt16, Int: db.KindInt32,
	BigInt: db.KindInt64, Float: db.KindFloat64, Decimal: db.KindDecimal, Char: db.KindChar,
	Text: db.KindText, Binary: db.KindBinary, Date: db.KindDate, DateTime: db.KindDateTime,
	Time: db.KindTime, Duration: db.KindDuration, UUID: db.KindUUID, JSON: db.KindJSON,
	// A relation's column holds the target's key, which the ORM requires
	// to be an int64.
	ForeignKey: db.KindInt64, OneToOne: db.KindInt64,
}

var kindTypes = func() map[db.Kind]Type {
	m := map[db.Kind]Type{}
	for t, k := range typeKinds {
		if t != ForeignKey && t != OneToOne {
			m[k] = t
		}
	}
	return m
}()

// Kind returns the storage kind of the field's column (KindInvalid for a
// ManyToMany, which has none).
func (t Type) Kind() db.Kind { return typeKinds[t] }

// IsRelation reports whether t is a ForeignKey or OneToOne.
func (t Type) IsRelation() bool { return t == ForeignKey || t == OneToOne }

// Field is a field as a migration knows it: everything that shapes the
// database, and nothing about Go types, so a migration written today
// still describes the same schema after the struct has changed. Zero
// values are the common case, which keeps migration files short.
type Field struct {
	// Name is the field's query name ("title", "author").
	Name string
	Type Type
	// Column is the column name; "" means Name, or Name+"_id" for a
	// relation.
	Column string

	PrimaryKey bool
	Null       bool
	Unique     bool
	// Index asks for an index on the column (relations are always
	// indexed by the ORM, and say so here).
	Index bool
	// Positive adds a CHECK (column >= 0).
	Positive bool

	MaxLength     int // Char
	MaxDigits     int // Decimal
	DecimalPlaces int // Decimal

	// Default is the field's default: a string, bool, int, int64 or
	// float64 (decimals, durations, UUIDs and JSON are written as their
	// text). It fills existing rows when the field is added; nil means
	// none.
	Default any

	// To is the target of a relation, as a model label ("blog.Author").
	To string
	// Through is the label of a ManyToMany's through model; "" means the
	// automatic table "<model table>_<name>".
	Through string
}

// ColumnName returns the column the field is stored in ("" for a
// ManyToMany).
func (f *Field) ColumnName() string {
	switch {
	case f.Type == ManyToMany:
		return ""
	case f.Column != "":
		return f.Column
	case f.Type.IsRelation():
		return f.Name + "_id"
	}
	return f.Name
}

// HasDefault reports whether the field has a default.
func (f *Field) HasDefault() bool { return f.Default != nil }

// DefaultText returns the default as text, as it would appear in a tag,
// and whether there is one.
func (f *Field) DefaultText() (string, bool) {
	if f.Default == nil {
		return "", false
	}
	return fmt.Sprint(f.Default), true
}

// Equal reports whether f and g describe the same field, defaults
// compared as text.
func (f *Field) Equal(g *Field) bool {
	a, b := *f, *g
	a.Default, b.Default = nil, nil
	a.Column, b.Column = f.ColumnName(), g.ColumnName()
	da, oka := f.DefaultText()
	dbb, okb := g.DefaultText()
	return a == b && da == dbb && oka == okb
}

// Index and Constraint are the orm's Meta types, so a migration file and a
// model's Meta read the same.
type (
	Index      = orm.Index
	Constraint = orm.Constraint
)

// Options are the table-level parts of a model.
type Options struct {
	// Table is the table name. In a State it is always set; in a
	// CreateModel it may be left empty for "<app>_<lower-case name>".
	Table          string
	UniqueTogether [][]string
	Indexes        []Index
	Constraints    []Constraint
}

// RenameField makes the unique-together sets, indexes and constraints
// that name field old name new instead.
func (o *Options) RenameField(old, new string) {
	rename := func(names []string) {
		for i, n := range names {
			if n == old {
				names[i] = new
			}
		}
	}
	for _, u := range o.UniqueTogether {
		rename(u)
	}
	for i := range o.Indexes {
		rename(o.Indexes[i].Fields)
	}
	for i := range o.Constraints {
		rename(o.Constraints[i].Fields)
	}
}

// ModelState is a model at one point in the migration history.
type ModelState struct {
	App    string // app label
	Name   string // model name ("Post")
	Fields []Field
	Options
}

// Label returns "<app>.<Name>".
func (m *ModelState) Label() string { return m.App + "." + m.Name }

// Field returns the field with the given name, or nil.
func (m *ModelState) Field(name string) *Field {
	for i := range m.Fields {
		if m.Fields[i].Name == name {
			return &m.Fields[i]
		}
	}
	return nil
}

// PK returns the primary key field, or nil.
func (m *ModelState) PK() *Field {
	for i := range m.Fields {
		if m.Fields[i].PrimaryKey {
			return &m.Fields[i]
		}
	}
	return nil
}

// Clone returns a deep copy of m.
func (m *ModelState) Clone() *ModelState {
	c := *m
	c.Fields = slices.Clone(m.Fields)
	c.UniqueTogether = make([][]string, len(m.UniqueTogether))
	for i, u := range m.UniqueTogether {
		c.UniqueTogether[i] = slices.Clone(u)
	}
	if m.UniqueTogether == nil {
		c.UniqueTogether = nil
	}
	c.Indexes = slices.Clone(m.Indexes)
	for i := range c.Indexes {
		c.Indexes[i].Fields = slices.Clone(c.Indexes[i].Fields)
	}
	c.Constraints = slices.Clone(m.Constraints)
	for i := range c.Constraints {
		c.Constraints[i].Fields = slices.Clone(c.Constraints[i].Fields)
	}
	return &c
}

// DefaultTable returns the table name the ORM gives a model without
// Meta.Table.
func DefaultTable(app, name string) string { return app + "_" + strings.ToLower(name) }

// State is the whole project's models at one point in the migration
// history: what replaying the migrations up to there gives. The
// autodetector compares it with the live models, and operations read it to
// know what the database looks like.
type State struct {
	models map[string]*ModelState // lower-case label
}

// NewState returns an empty state.
func NewState() *State { return &State{models: map[string]*ModelState{}} }

func key(label string) string { return strings.ToLower(label) }

// Model returns the model with the given label (case-insensitive), or nil.
func (s *State) Model(label string) *ModelState { return s.models[key(label)] }

// Models returns the models sorted by label.
func (s *State) Models() []*ModelState {
	out := slices.Collect(maps.Values(s.models))
	slices.SortFunc(out, func(a, b *ModelState) int { return strings.Compare(a.Label(), b.Label()) })
	return out
}

// AppModels returns the models of one app sorted by name.
func (s *State) AppModels(app string) []*ModelState {
	var out []*ModelState
	for _, m := range s.Models() {
		if m.App == app {
			out = append(out, m)
		}
	}
	return out
}

// Add puts m into the state, replacing a model with the same label.
func (s *State) Add(m *ModelState) { s.models[key(m.Label())] = m }

// Remove takes the model with the given label out of the state.
func (s *State) Remove(label string) { delete(s.models, key(label)) }

// Clone returns a deep copy of s.
func (s *State) Clone() *State {
	c := NewState()
	for k, m := range s.models {
		c.models[k] = m.Clone()
	}
	return c
}

// Through returns the model that holds the rows of the ManyToMany field f
// of m: its explicit through model, or the automatic one the ORM makes
// (table "<m's table>_<f.Name>", an automatic key and two indexed foreign
// keys unique together). The automatic model is not part of the state;
// it is derived from m each time. It returns nil when the explicit through
// model is not in the state.
func (s *State) Through(m *ModelState, f *Field) *ModelState {
	if f.Through != "" {
		return s.Model(f.Through)
	}
	target := s.Model(f.To)
	targetName := f.To
	if target != nil {
		targetName = target.Name
	} else if _, n, ok := strings.Cut(f.To, "."); ok {
		targetName = n
	}
	src, dst := strings.ToLower(m.Name), strings.ToLower(targetName)
	if strings.EqualFold(f.To, m.Label()) {
		src, dst = "from_"+src, "to_"+dst
	}
	return &ModelState{
		App:  m.App,
		Name: m.Name + "_" + goName(f.Name),
		Fields: []Field{
			{Name: "id", Type: Auto, PrimaryKey: true},
			{Name: src, Type: ForeignKey, To: m.Label(), Index: true},
			{Name: dst, Type: ForeignKey, To: f.To, Index: true},
		},
		Options: Options{
			Table:          m.Table + "_" + f.Name,
			UniqueTogether: [][]string{{src, dst}},
		},
	}
}

// goName turns a query name back into the Go field name the ORM would
// have ("tags" -> "Tags", "related_posts" -> "RelatedPosts"); used only
// for the name of an automatic through model, which nothing stores.
func goName(q string) string {
	var b strings.Builder
	for _, part := range strings.Split(q, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// Table returns the DDL description of m as the state knows it, for
// dialect d (which quotes identifiers inside generated CHECKs; nil leaves
// them bare). It matches what orm.ModelInfo.TableFor gives for the same
// model, so a database built by migrations is the one the ORM expects.
// Every index and constraint is named: the name is computed from the
// table and columns with db.ShortName, so the editor that dropped or
// renamed them later finds them by the same rule.
func (s *State) Table(m *ModelState, d db.Dialect) db.Table {
	quote := func(x string) string { return x }
	max := 0
	if d != nil {
		quote = d.Quote
		max = d.Features().MaxNameLength
	}
	t := db.Table{Name: m.Table}
	for i := range m.Fields {
		f := &m.Fields[i]
		if f.Type == ManyToMany {
			continue
		}
		c := db.Column{
			Name:       f.ColumnName(),
			Kind:       f.Type.Kind(),
			MaxLength:  f.MaxLength,
			MaxDigits:  f.MaxDigits,
			Decimals:   f.DecimalPlaces,
			Null:       f.Null,
			PrimaryKey: f.PrimaryKey,
			Unique:     (f.Unique || f.Type == OneToOne) && !f.PrimaryKey,
		}
		if f.Positive {
			c.Check = quote(c.Name) + " >= 0"
		}
		if f.Type.IsRelation() {
			if target := s.Model(f.To); target != nil {
				pk := target.PK()
				col := "id"
				if pk != nil {
					col = pk.ColumnName()
				}
				c.References = &db.ForeignKeyRef{Table: target.Table, Column: col}
			}
		}
		t.Columns = append(t.Columns, c)
		if f.Index && !c.Unique && !f.PrimaryKey {
			t.Indexes = append(t.Indexes, db.Index{Name: db.ShortName(max, t.Name, c.Name, "idx"), Columns: []string{c.Name}})
		}
	}
	cols := func(names []string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			if f := m.Field(n); f != nil {
				out[i] = f.ColumnName()
			} else {
				out[i] = n
			}
		}
		return out
	}
	for _, u := range m.UniqueTogether {
		c := cols(u)
		t.Uniques = append(t.Uniques, db.Unique{Name: db.ShortName(max, append(append([]string{t.Name}, c...), "uniq")...), Columns: c})
	}
	for _, ix := range m.Indexes {
		c := cols(ix.Fields)
		name := ix.Name
		if name == "" {
			name = db.ShortName(max, append(append([]string{t.Name}, c...), "idx")...)
		}
		t.Indexes = append(t.Indexes, db.Index{Name: name, Columns: c})
	}
	for _, c := range m.Constraints {
		if c.Check != "" {
			t.Checks = append(t.Checks, db.Check{Name: c.Name, Expr: c.Check})
			continue
		}
		t.Uniques = append(t.Uniques, db.Unique{Name: c.Name, Columns: cols(c.Fields), Where: c.Condition})
	}
	return t
}

// FromModels builds the state of the given live models (their automatic
// through models are left out: the state derives them, see Through).
func FromModels(models []*orm.ModelInfo) *State {
	s := NewState()
	for _, mi := range models {
		if mi.AutoCreated {
			continue
		}
		s.Add(ModelFromInfo(mi))
	}
	return s
}

// FromRegistry builds the state of every registered model.
func FromRegistry() *State { return FromModels(orm.Models()) }

// ModelFromInfo describes a live model as a migration would.
func ModelFromInfo(mi *orm.ModelInfo) *ModelState {
	m := &ModelState{App: mi.App, Name: mi.Name}
	m.Table = mi.DBTable
	for _, fi := range mi.Fields {
		m.Fields = append(m.Fields, fieldFromInfo(fi))
	}
	for _, fi := range mi.ManyToMany {
		f := Field{Name: fi.QueryName, Type: ManyToMany, To: relatedLabel(fi)}
		if fi.ThroughName != "" && fi.Through != nil {
			f.Through = fi.Through.Label
		}
		m.Fields = append(m.Fields, f)
	}
	name := func(n string) string {
		if f, ok := mi.Field(n); ok {
			return f.QueryName
		}
		return n
	}
	names := func(ns []string) []string {
		out := make([]string, len(ns))
		for i, n := range ns {
			out[i] = name(n)
		}
		return out
	}
	for _, u := range mi.Meta.UniqueTogether {
		m.UniqueTogether = append(m.UniqueTogether, names(u))
	}
	for _, ix := range mi.Meta.Indexes {
		m.Indexes = append(m.Indexes, Index{Name: ix.Name, Fields: names(ix.Fields)})
	}
	for _, c := range mi.Meta.Constraints {
		c.Fields = names(c.Fields)
		if len(c.Fields) == 0 {
			c.Fields = nil
		}
		m.Constraints = append(m.Constraints, c)
	}
	return m
}

func relatedLabel(fi *orm.FieldInfo) string {
	if fi.RelatedModel != nil {
		return fi.RelatedModel.Label
	}
	return ""
}

func fieldFromInfo(fi *orm.FieldInfo) Field {
	f := Field{
		Name:          fi.QueryName,
		Type:          kindTypes[fi.Kind],
		PrimaryKey:    fi.PrimaryKey,
		Null:          fi.Null,
		Unique:        fi.Unique && !fi.PrimaryKey,
		Index:         fi.Index && !fi.Unique && !fi.PrimaryKey,
		Positive:      fi.Positive,
		MaxLength:     fi.MaxLength,
		MaxDigits:     fi.MaxDigits,
		DecimalPlaces: fi.DecimalPlaces,
	}
	if f.Type != Char {
		f.MaxLength = 0
	}
	if fi.IsRelation() {
		f.Type = ForeignKey
		if fi.OneToOne {
			f.Type = OneToOne
			f.Unique = false // implied
		}
		f.To = relatedLabel(fi)
	}
	if f.Column = fi.Column; f.Column == (&Field{Name: f.Name, Type: f.Type}).ColumnName() {
		f.Column = ""
	}
	if fi.HasDefault && !fi.DefaultUUID4 {
		f.Default = defaultValue(fi.Default)
	}
	return f
}

// defaultValue turns an orm default into the plain value a migration file
// writes: strings, bools, int64 and float64 stay; the rest become text.
func defaultValue(v any) any {
	switch x := v.(type) {
	case string, bool, int64, float64:
		return x
	case []byte:
		return string(x)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}
