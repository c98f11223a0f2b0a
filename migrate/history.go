package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jazzgo/jazz/db"
)

// History gives a RunGo data migration the models as they were at its
// point in the migration history. Today's structs may have gained, lost
// or renamed fields since the migration was written, so a data migration
// reads and writes rows as maps keyed by the field names of that time,
// through the migration's own transaction.
//
//	func fillSlug(ctx context.Context, h *migrate.History) error {
//		posts := h.Model("blog.Post")
//		return posts.Each(ctx, func(row migrate.Row) error {
//			return posts.Update(ctx, row["id"], migrate.Row{"slug": slugify(row["title"].(string))})
//		})
//	}
type History struct {
	e     Editor
	state *State
}

func newHistory(e Editor, s *State) *History { return &History{e: e, state: s} }

// Row is one row of a historical model: field name to value. Values read
// are the driver's, converted to the field's Go form (int64, float64,
// bool, string, []byte, time.Time); a relation is its target's key,
// under the field's name.
type Row map[string]any

// State returns the project state at this point of the history.
func (h *History) State() *State { return h.state }

// DB returns what runs the migration's statements, for SQL by hand; it is
// nil when sqlmigrate only collects statements.
func (h *History) DB() db.Querier { return h.e.Querier() }

// Model returns the historical model with the given label ("blog.Post").
// It panics when the label is unknown at this point of the history: that
// is a bug in the migration, like a typo in a struct name.
func (h *History) Model(label string) *HistoricalModel {
	m := h.state.Model(label)
	if m == nil {
		panic(fmt.Sprintf("migrate: History.Model: no model %s at this point of the migration history", label))
	}
	return &HistoricalModel{h: h, m: m}
}

// HistoricalModel reads and writes one model's rows as they were at a
// point of the migration history. See History.
type HistoricalModel struct {
	h *History
	m *ModelState
}

// State returns the model's state.
func (hm *HistoricalModel) State() *ModelState { return hm.m }

func (hm *HistoricalModel) q() (db.Querier, error) {
	q := hm.h.e.Querier()
	if q == nil {
		return nil, fmt.Errorf("migrate: %s: a data migration cannot run while only collecting SQL", hm.m.Label())
	}
	return q, nil
}

// byKey returns what a statement on one row needs: the querier and the
// primary key field.
func (hm *HistoricalModel) byKey() (db.Querier, *Field, error) {
	q, err := hm.q()
	if err != nil {
		return nil, nil, err
	}
	pkf := hm.m.PK()
	if pkf == nil {
		return nil, nil, fmt.Errorf("migrate: %s has no primary key", hm.m.Label())
	}
	return q, pkf, nil
}

func (hm *HistoricalModel) columns() []*Field {
	var out []*Field
	for i := range hm.m.Fields {
		if hm.m.Fields[i].Type != ManyToMany {
			out = append(out, &hm.m.Fields[i])
		}
	}
	return out
}

// Each calls fn for every row of the model, in primary key order. The
// rows are read before fn first runs, so fn may update them.
func (hm *HistoricalModel) Each(ctx context.Context, fn func(Row) error) error {
	rows, err := hm.All(ctx)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// All returns every row of the model in primary key order.
func (hm *HistoricalModel) All(ctx context.Context) ([]Row, error) {
	q, err := hm.q()
	if err != nil {
		return nil, err
	}
	d := q.Dialect()
	fields := hm.columns()
	cols := make([]string, len(fields))
	for i, f := range fields {
		cols[i] = d.Quote(f.ColumnName())
	}
	query := "SELECT " + strings.Join(cols, ", ") + " FROM " + d.Quote(hm.m.Table)
	if pk := hm.m.PK(); pk != nil {
		query += " ORDER BY " + d.Quote(pk.ColumnName())
	}
	rs, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("migrate: reading %s: %w", hm.m.Label(), err)
	}
	defer rs.Close()
	var out []Row
	for rs.Next() {
		vals := make([]any, len(fields))
		ptrs := make([]any, len(fields))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("migrate: reading %s: %w", hm.m.Label(), err)
		}
		row := make(Row, len(fields))
		for i, f := range fields {
			v, err := d.ConvertValue(f.Type.Kind(), vals[i])
			if err != nil {
				return nil, fmt.Errorf("migrate: reading %s.%s: %w", hm.m.Label(), f.Name, err)
			}
			row[f.Name] = v
		}
		out = append(out, row)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("migrate: reading %s: %w", hm.m.Label(), err)
	}
	return out, nil
}

// Update sets the given fields of the row whose primary key is pk.
func (hm *HistoricalModel) Update(ctx context.Context, pk any, values Row) error {
	q, pkf, err := hm.byKey()
	if err != nil {
		return err
	}
	d := q.Dialect()
	var sets []string
	var args []any
	for _, f := range hm.columns() {
		v, ok := values[f.Name]
		if !ok {
			continue
		}
		bv, err := d.BindValue(f.Type.Kind(), v)
		if err != nil {
			return fmt.Errorf("migrate: %s.%s: %w", hm.m.Label(), f.Name, err)
		}
		args = append(args, bv)
		sets = append(sets, d.Quote(f.ColumnName())+" = "+d.Placeholder(len(args)))
	}
	if len(sets) != len(values) {
		return fmt.Errorf("migrate: %s: Update names a field the model does not have at this point of the history", hm.m.Label())
	}
	if len(sets) == 0 {
		return nil
	}
	args = append(args, pk)
	query := "UPDATE " + d.Quote(hm.m.Table) + " SET " + strings.Join(sets, ", ") +
		" WHERE " + d.Quote(pkf.ColumnName()) + " = " + d.Placeholder(len(args))
	if _, err := q.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("migrate: updating %s: %w", hm.m.Label(), err)
	}
	return nil
}

// Insert adds a row with the given fields (the others take their
// database defaults, NULL or the automatic key).
func (hm *HistoricalModel) Insert(ctx context.Context, values Row) error {
	q, err := hm.q()
	if err != nil {
		return err
	}
	query, args, err := hm.insertSQL(q.Dialect(), values)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("migrate: inserting into %s: %w", hm.m.Label(), err)
	}
	return nil
}

func (hm *HistoricalModel) insertSQL(d db.Dialect, values Row) (string, []any, error) {
	var cols, marks []string
	var args []any
	for _, f := range hm.columns() {
		v, ok := values[f.Name]
		if !ok {
			continue
		}
		bv, err := d.BindValue(f.Type.Kind(), v)
		if err != nil {
			return "", nil, fmt.Errorf("migrate: %s.%s: %w", hm.m.Label(), f.Name, err)
		}
		args = append(args, bv)
		cols = append(cols, d.Quote(f.ColumnName()))
		marks = append(marks, d.Placeholder(len(args)))
	}
	if len(cols) != len(values) {
		return "", nil, fmt.Errorf("migrate: %s: Insert names a field the model does not have at this point of the history", hm.m.Label())
	}
	if len(cols) == 0 {
		return d.InsertDefaults(hm.m.Table), nil, nil
	}
	return "INSERT INTO " + d.Quote(hm.m.Table) + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")", args, nil
}

// Delete removes the row whose primary key is pk. Nothing cascades: a
// data migration deletes what points at the row itself.
func (hm *HistoricalModel) Delete(ctx context.Context, pk any) error {
	q, pkf, err := hm.byKey()
	if err != nil {
		return err
	}
	d := q.Dialect()
	query := "DELETE FROM " + d.Quote(hm.m.Table) + " WHERE " + d.Quote(pkf.ColumnName()) + " = " + d.Placeholder(1)
	if _, err := q.ExecContext(ctx, query, pk); err != nil {
		return fmt.Errorf("migrate: deleting from %s: %w", hm.m.Label(), err)
	}
	return nil
}

// Count returns the number of rows.
func (hm *HistoricalModel) Count(ctx context.Context) (int64, error) {
	q, err := hm.q()
	if err != nil {
		return 0, err
	}
	var n sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+q.Dialect().Quote(hm.m.Table)).Scan(&n); err != nil {
		return 0, fmt.Errorf("migrate: counting %s: %w", hm.m.Label(), err)
	}
	return n.Int64, nil
}

// InsertReturningID is Insert for a model with an automatic key: it
// returns the key the database gave the new row.
func (hm *HistoricalModel) InsertReturningID(ctx context.Context, values Row) (int64, error) {
	q, err := hm.q()
	if err != nil {
		return 0, err
	}
	d := q.Dialect()
	pk := hm.m.PK()
	if pk == nil || pk.Type != Auto {
		return 0, fmt.Errorf("migrate: %s: InsertReturningID needs an automatic primary key", hm.m.Label())
	}
	query, args, err := hm.insertSQL(d, values)
	if err != nil {
		return 0, err
	}
	if d.Features().CanReturnRows {
		var id int64
		if err := q.QueryRowContext(ctx, query+" "+d.Returning([]string{d.Quote(pk.ColumnName())}), args...).Scan(&id); err != nil {
			return 0, fmt.Errorf("migrate: inserting into %s: %w", hm.m.Label(), err)
		}
		return id, nil
	}
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("migrate: inserting into %s: %w", hm.m.Label(), err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("migrate: inserting into %s: %w", hm.m.Label(), err)
	}
	return id, nil
}

// DeleteAll removes every row of the model.
func (hm *HistoricalModel) DeleteAll(ctx context.Context) error {
	q, err := hm.q()
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, "DELETE FROM "+q.Dialect().Quote(hm.m.Table)); err != nil {
		return fmt.Errorf("migrate: deleting from %s: %w", hm.m.Label(), err)
	}
	return nil
}
