package orm

import (
	"context"
	"fmt"
	"reflect"

	"github.com/jazzgo/jazz/db"
)

// Table describes the model's table for DDL: every column with its kind,
// length, precision, nullability, key, uniqueness and foreign key; an
// index per indexed field and foreign key; UniqueTogether and unique
// Constraints as unique constraints; check Constraints. The CHECK of a
// positive field names its column without quotes; TableFor quotes it for
// a dialect. Indexes and unique-together constraints are named
// "<table>_<columns>_idx" / "_uniq" (shortened by db.ShortName), the names
// migrations give them. The result is a fresh value the caller may modify.
func (m *ModelInfo) Table() db.Table { return m.table(nil) }

// TableFor is Table with identifiers inside generated CHECK expressions
// quoted for d (what CreateTables and migrations use).
func (m *ModelInfo) TableFor(d db.Dialect) db.Table { return m.table(d) }

func (m *ModelInfo) table(d db.Dialect) db.Table {
	quote := func(s string) string { return s }
	max := 0
	if d != nil {
		quote = d.Quote
		max = d.Features().MaxNameLength
	}
	t := db.Table{Name: m.DBTable}
	for _, f := range m.Fields {
		c := db.Column{
			Name:       f.Column,
			Kind:       f.Kind,
			MaxLength:  f.MaxLength,
			MaxDigits:  f.MaxDigits,
			Decimals:   f.DecimalPlaces,
			Null:       f.Null,
			PrimaryKey: f.PrimaryKey,
			Unique:     f.Unique && !f.PrimaryKey,
		}
		if f.Positive {
			c.Check = quote(f.Column) + " >= 0"
		}
		if f.isFK && f.RelatedModel != nil {
			c.References = &db.ForeignKeyRef{Table: f.RelatedModel.DBTable, Column: f.RelatedModel.PK.Column}
		}
		t.Columns = append(t.Columns, c)
		if f.Index && !f.Unique && !f.PrimaryKey {
			t.Indexes = append(t.Indexes, db.Index{Name: db.ShortName(max, t.Name, f.Column, "idx"), Columns: []string{f.Column}})
		}
	}
	cols := func(names []string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			if f, ok := m.Field(n); ok {
				out[i] = f.Column
			} else {
				out[i] = n // checked at registration; kept for the error at the database
			}
		}
		return out
	}
	// Indexes and unique constraints are named by one rule, the one
	// migrations use, so that a later migration finds them by name
	// whichever created the table.
	for _, u := range m.Meta.UniqueTogether {
		c := cols(u)
		t.Uniques = append(t.Uniques, db.Unique{Name: db.ShortName(max, append(append([]string{t.Name}, c...), "uniq")...), Columns: c})
	}
	for _, ix := range m.Meta.Indexes {
		c := cols(ix.Fields)
		name := ix.Name
		if name == "" {
			name = db.ShortName(max, append(append([]string{t.Name}, c...), "idx")...)
		}
		t.Indexes = append(t.Indexes, db.Index{Name: name, Columns: c})
	}
	for _, c := range m.Meta.Constraints {
		if c.Check != "" {
			t.Checks = append(t.Checks, db.Check{Name: c.Name, Expr: c.Check})
			continue
		}
		t.Uniques = append(t.Uniques, db.Unique{Name: c.Name, Columns: cols(c.Fields), Where: c.Condition})
	}
	return t
}

// CreateTables creates the tables of the given registered models (each a
// typed nil pointer such as (*Post)(nil), or a *ModelInfo) on the
// database of ctx, foreign-key targets first, then the automatic through
// tables of their ManyToMany fields. It is the stand-in for
// migrations in tests, examples and quick prototypes: it does not check
// what exists, so creating a table twice fails.
func CreateTables(ctx context.Context, models ...any) error {
	conn, err := querier(ctx)
	if err != nil {
		return err
	}
	var infos []*ModelInfo
	for _, mv := range models {
		info, ok := mv.(*ModelInfo)
		if !ok {
			t := reflect.TypeOf(mv)
			if t != nil && t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if info = infoOf(t); info == nil {
				return fmt.Errorf("%w: %T (register it before CreateTables)", ErrNotRegistered, mv)
			}
		}
		infos = append(infos, info)
	}
	// The automatic through tables of ManyToMany fields come last: they
	// point at both sides.
	var through []*ModelInfo
	for _, info := range infos {
		for _, f := range info.ManyToMany {
			if f.Through != nil && f.Through.AutoCreated {
				through = append(through, f.Through)
			}
		}
	}
	d := conn.Dialect()
	for _, info := range append(dependencyOrder(infos), through...) {
		for _, stmt := range d.CreateTable(info.TableFor(d)) {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("orm: creating table %s for %s: %w", info.DBTable, info.Label, err)
			}
		}
	}
	return nil
}

// dependencyOrder sorts models so that each comes after the models its
// foreign keys point at (among those given); cycles keep the given order.
func dependencyOrder(in []*ModelInfo) []*ModelInfo {
	inSet := map[*ModelInfo]bool{}
	for _, m := range in {
		inSet[m] = true
	}
	var out []*ModelInfo
	state := map[*ModelInfo]int{} // 1 visiting, 2 done
	var visit func(m *ModelInfo)
	visit = func(m *ModelInfo) {
		if state[m] != 0 {
			return
		}
		state[m] = 1
		for _, f := range m.Fields {
			if t := f.RelatedModel; t != nil && t != m && inSet[t] {
				visit(t)
			}
		}
		state[m] = 2
		out = append(out, m)
	}
	for _, m := range in {
		visit(m)
	}
	return out
}
