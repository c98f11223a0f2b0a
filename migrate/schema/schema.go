package schema

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/migrate"
)

// alterer is what differs between the dialects in AlterModel: how one
// table is made into another. SQLite rebuilds; the servers issue ALTER
// TABLE statements.
type alterer interface {
	alterTable(ctx context.Context, e *editor, c *tableChange) error
}

// editor is the migrate.Editor of every dialect: the shared logic (create,
// drop, diff, collect mode) around a dialect's alterer and literals.
type editor struct {
	q       db.Querier
	d       db.Dialect
	collect bool
	stmts   []string
	alt     alterer
	lit     literals
}

var _ migrate.Editor = (*editor)(nil)

func newEditor(q db.Querier, d db.Dialect, collect bool, alt alterer, lit literals) *editor {
	return &editor{q: q, d: d, collect: collect, alt: alt, lit: lit}
}

// Dialect returns the dialect the statements are written for.
func (e *editor) Dialect() db.Dialect { return e.d }

// Querier returns what runs the statements; nil when collecting without a
// connection.
func (e *editor) Querier() db.Querier { return e.q }

// Statements returns a copy of every statement run or collected so far.
func (e *editor) Statements() []string { return slices.Clone(e.stmts) }

// Exec runs query, or only records it in collect mode.
func (e *editor) Exec(ctx context.Context, query string) error {
	e.stmts = append(e.stmts, query)
	if e.collect {
		return nil
	}
	if e.q == nil {
		return fmt.Errorf("migrate: running %q: the editor has no connection", query)
	}
	if _, err := e.q.ExecContext(ctx, query); err != nil {
		return fmt.Errorf("migrate: %s: %w", query, err)
	}
	return nil
}

func (e *editor) execAll(ctx context.Context, stmts []string) error {
	for _, s := range stmts {
		if err := e.Exec(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// canRead reports whether the catalog can be read: there is a
// connection, even in collect mode.
func (e *editor) canRead() bool { return e.q != nil }

func (e *editor) quote(s string) string { return e.d.Quote(s) }

// CreateModel creates m's table with its indexes and constraints, then the
// automatic through tables of its ManyToMany fields.
func (e *editor) CreateModel(ctx context.Context, s *migrate.State, m *migrate.ModelState) error {
	if err := e.createTable(ctx, s.Table(m, e.d), m.Label()); err != nil {
		return err
	}
	for _, th := range autoThrough(s, m) {
		if err := e.createTable(ctx, s.Table(th.model, e.d), m.Label()); err != nil {
			return err
		}
	}
	return nil
}

func (e *editor) createTable(ctx context.Context, t db.Table, label string) error {
	if err := e.checkTypes(t, label); err != nil {
		return err
	}
	return e.execAll(ctx, e.d.CreateTable(t))
}

// checkTypes reports a column the dialect has no type for (a char
// without max_length on MySQL) with the model's name, before CreateTable
// writes the error into the statement.
func (e *editor) checkTypes(t db.Table, label string) error {
	for _, c := range t.Columns {
		if _, err := e.d.ColumnType(c); err != nil {
			return fmt.Errorf("migrate: %s: %w", label, err)
		}
	}
	return nil
}

// DeleteModel drops m's automatic through tables, then its table.
func (e *editor) DeleteModel(ctx context.Context, s *migrate.State, m *migrate.ModelState) error {
	for _, th := range autoThrough(s, m) {
		if err := e.Exec(ctx, e.d.DropTable(th.model.Table)); err != nil {
			return err
		}
	}
	return e.Exec(ctx, e.d.DropTable(m.Table))
}

// through is the automatic through model of one ManyToMany field.
type through struct {
	field string
	model *migrate.ModelState
}

func autoThrough(s *migrate.State, m *migrate.ModelState) []through {
	var out []through
	for i := range m.Fields {
		f := &m.Fields[i]
		if f.Type == migrate.ManyToMany && f.Through == "" {
			if th := s.Through(m, f); th != nil {
				out = append(out, through{field: f.Name, model: th})
			}
		}
	}
	return out
}

// AlterModel makes the tables of c.Old (in c.From) into those of c.New
// (in c.To): the model's own table, then its automatic through tables.
func (e *editor) AlterModel(ctx context.Context, c migrate.Change) error {
	if c.Old == nil || c.New == nil || c.From == nil || c.To == nil {
		return fmt.Errorf("migrate: AlterModel needs both states and both models")
	}
	label := c.New.Label()
	oldTh, newTh := autoThrough(c.From, c.Old), autoThrough(c.To, c.New)
	newName := func(old string) string {
		if n, ok := c.Renamed[old]; ok {
			return n
		}
		return old
	}
	type pair struct{ old, new *migrate.ModelState }
	var pairs []pair
	var added []*migrate.ModelState
	matched := map[string]bool{}
	for _, n := range newTh {
		found := false
		for _, o := range oldTh {
			if newName(o.field) == n.field {
				pairs = append(pairs, pair{o.model, n.model})
				matched[o.field] = true
				found = true
				break
			}
		}
		if !found {
			added = append(added, n.model)
		}
	}
	// Removed through tables go first: they point at the table that is
	// about to change.
	for _, o := range oldTh {
		if !matched[o.field] {
			if err := e.Exec(ctx, e.d.DropTable(o.model.Table)); err != nil {
				return err
			}
		}
	}
	main, err := e.change(c.From, c.To, c.Old, c.New, c.Renamed, c.Fill)
	if err != nil {
		return err
	}
	if err := e.alt.alterTable(ctx, e, main); err != nil {
		return err
	}
	for _, p := range pairs {
		// The columns of a through table are named after the models at
		// either end; they are matched by position.
		ren := map[string]string{}
		for i := range p.old.Fields {
			if i < len(p.new.Fields) {
				ren[p.old.Fields[i].Name] = p.new.Fields[i].Name
			}
		}
		tc, err := e.change(c.From, c.To, p.old, p.new, ren, nil)
		if err != nil {
			return err
		}
		tc.label = label
		if err := e.alt.alterTable(ctx, e, tc); err != nil {
			return err
		}
	}
	for _, m := range added {
		if err := e.createTable(ctx, c.To.Table(m, e.d), label); err != nil {
			return err
		}
	}
	return nil
}

// colPair is one column before and after; old is nil for an added column,
// new for a dropped one.
type colPair struct {
	old, new *db.Column
}

func (p colPair) added() bool   { return p.old == nil }
func (p colPair) dropped() bool { return p.new == nil }
func (p colPair) matched() bool { return p.old != nil && p.new != nil }
func (p colPair) renamed() bool { return p.matched() && p.old.Name != p.new.Name }

// tableChange is one table before and after, with its columns paired.
type tableChange struct {
	label    string
	old, new db.Table
	cols     []colPair
	// fill is the SQL literal for existing rows, by new column name, of a
	// column that is added NOT NULL or becomes NOT NULL.
	fill map[string]string
	// sameTarget reports whether two foreign key targets are one table,
	// counting a table renamed between the states as the same.
	sameTarget func(a, b *db.ForeignKeyRef) bool
	d          db.Dialect
}

// change pairs the columns of old (in from) with those of nw (in to).
func (e *editor) change(from, to *migrate.State, old, nw *migrate.ModelState, renamed map[string]string, fill map[string]any) (*tableChange, error) {
	tc := &tableChange{
		label: nw.Label(),
		old:   from.Table(old, e.d),
		new:   to.Table(nw, e.d),
		fill:  map[string]string{},
		d:     e.d,
	}
	tables := func(s *migrate.State) map[string]bool {
		out := map[string]bool{}
		for _, m := range s.Models() {
			out[m.Table] = true
		}
		return out
	}
	fromTables, toTables := tables(from), tables(to)
	tc.sameTarget = func(a, b *db.ForeignKeyRef) bool {
		if a == nil || b == nil {
			return a == nil && b == nil
		}
		if a.Column != b.Column {
			return false
		}
		return a.Table == b.Table || (!toTables[a.Table] && !fromTables[b.Table])
	}
	// old column name -> new column name
	colMap := map[string]string{}
	for i := range old.Fields {
		of := &old.Fields[i]
		if of.Type == migrate.ManyToMany {
			continue
		}
		name := of.Name
		if n, ok := renamed[name]; ok {
			name = n
		}
		if nf := nw.Field(name); nf != nil && nf.Type != migrate.ManyToMany {
			colMap[of.ColumnName()] = nf.ColumnName()
		}
	}
	oldCols := map[string]*db.Column{}
	for i := range tc.old.Columns {
		oldCols[tc.old.Columns[i].Name] = &tc.old.Columns[i]
	}
	newToOld := map[string]string{}
	for o, n := range colMap {
		newToOld[n] = o
	}
	used := map[string]bool{}
	for i := range tc.new.Columns {
		nc := &tc.new.Columns[i]
		p := colPair{new: nc}
		if o, ok := newToOld[nc.Name]; ok && oldCols[o] != nil {
			p.old = oldCols[o]
			used[o] = true
		}
		tc.cols = append(tc.cols, p)
	}
	for i := range tc.old.Columns {
		oc := &tc.old.Columns[i]
		if !used[oc.Name] {
			tc.cols = append(tc.cols, colPair{old: oc})
		}
	}
	// Values for existing rows.
	for _, p := range tc.cols {
		if p.new == nil || p.new.Null || p.new.PrimaryKey {
			continue
		}
		if p.old != nil && !p.old.Null {
			continue
		}
		f := fieldByColumn(nw, p.new.Name)
		if f == nil {
			continue
		}
		v, ok := f.Default, f.HasDefault()
		if !ok {
			v, ok = fill[f.Name]
		}
		if !ok || v == nil {
			if p.added() {
				return nil, fmt.Errorf("migrate: %s: the new field %s is NOT NULL and has no default: give it a default, make it nullable, or give the operation a Fill value for existing rows", nw.Label(), f.Name)
			}
			continue // NULL -> NOT NULL: the database says whether NULLs remain
		}
		lit, err := e.lit.render(e.d, p.new.Kind, v)
		if err != nil {
			return nil, fmt.Errorf("migrate: %s.%s: value for existing rows: %w", nw.Label(), f.Name, err)
		}
		tc.fill[p.new.Name] = lit
	}
	return tc, nil
}

func fieldByColumn(m *migrate.ModelState, col string) *migrate.Field {
	for i := range m.Fields {
		if m.Fields[i].Type != migrate.ManyToMany && m.Fields[i].ColumnName() == col {
			return &m.Fields[i]
		}
	}
	return nil
}

// newCol maps an old column name to its new name ("" when dropped).
func (tc *tableChange) newCol(old string) string {
	for _, p := range tc.cols {
		if p.old != nil && p.old.Name == old {
			if p.new == nil {
				return ""
			}
			return p.new.Name
		}
	}
	return ""
}

func (tc *tableChange) mapCols(cols []string) ([]string, bool) {
	out := make([]string, len(cols))
	for i, c := range cols {
		if out[i] = tc.newCol(c); out[i] == "" {
			return nil, false
		}
	}
	return out, true
}

func (tc *tableChange) renamedTable() bool { return tc.old.Name != tc.new.Name }

// columnChanges says how one matched column changes.
type columnChanges struct {
	typ, null, unique, check, fk bool
}

func (c columnChanges) any() bool { return c.typ || c.null || c.unique || c.check || c.fk }

func (tc *tableChange) columnChanges(p colPair) columnChanges {
	var c columnChanges
	if !p.matched() {
		return c
	}
	ot, _ := tc.d.ColumnType(*p.old)
	nt, _ := tc.d.ColumnType(*p.new)
	c.typ = ot != nt
	c.null = p.old.Null != p.new.Null && !p.new.PrimaryKey
	c.unique = p.old.Unique != p.new.Unique
	c.check = (p.old.Check == "") != (p.new.Check == "")
	c.fk = !tc.sameTarget(p.old.References, p.new.References)
	return c
}

// indexKey identifies an index by what it does, not its name.
func indexKey(cols []string, unique bool, where string) string {
	return fmt.Sprintf("%v|%s|%s", unique, strings.Join(cols, ","), where)
}

// objDiff is what happens to one kind of named object (indexes, uniques,
// checks): kept under another name, dropped, or created.
type objDiff[T any] struct {
	drop    []T
	create  []T
	renames [][2]string // old name, new name
}

// diffObjects matches old and new objects by key (old keys are computed
// with the new column names); an object whose key has no partner is
// dropped or created.
func diffObjects[T any](old, nw []T, oldKey, newKey func(T) (string, bool), name func(T) string) objDiff[T] {
	var d objDiff[T]
	taken := make([]bool, len(nw))
	for _, o := range old {
		k, ok := oldKey(o)
		match := -1
		if ok {
			// Prefer the same name, then any free partner.
			for j, n := range nw {
				if nk, _ := newKey(n); !taken[j] && nk == k && name(n) == name(o) {
					match = j
					break
				}
			}
			if match < 0 {
				for j, n := range nw {
					if nk, _ := newKey(n); !taken[j] && nk == k {
						match = j
						break
					}
				}
			}
		}
		if match < 0 {
			d.drop = append(d.drop, o)
			continue
		}
		taken[match] = true
		if name(o) != name(nw[match]) {
			d.renames = append(d.renames, [2]string{name(o), name(nw[match])})
		}
	}
	for j, n := range nw {
		if !taken[j] {
			d.create = append(d.create, n)
		}
	}
	return d
}

func (tc *tableChange) indexDiff(skip func(db.Index) bool) objDiff[db.Index] {
	filter := func(ixs []db.Index) []db.Index {
		return slices.DeleteFunc(slices.Clone(ixs), skip)
	}
	return diffObjects(filter(tc.old.Indexes), filter(tc.new.Indexes),
		func(ix db.Index) (string, bool) {
			cols, ok := tc.mapCols(ix.Columns)
			return indexKey(cols, ix.Unique, ix.Where), ok
		},
		func(ix db.Index) (string, bool) { return indexKey(ix.Columns, ix.Unique, ix.Where), true },
		func(ix db.Index) string { return ix.Name })
}

func (tc *tableChange) uniqueDiff(skip func(db.Unique) bool) objDiff[db.Unique] {
	filter := func(us []db.Unique) []db.Unique {
		return slices.DeleteFunc(slices.Clone(us), skip)
	}
	return diffObjects(filter(tc.old.Uniques), filter(tc.new.Uniques),
		func(u db.Unique) (string, bool) {
			cols, ok := tc.mapCols(u.Columns)
			return indexKey(cols, true, u.Where), ok
		},
		func(u db.Unique) (string, bool) { return indexKey(u.Columns, true, u.Where), true },
		func(u db.Unique) string { return u.Name })
}

func (tc *tableChange) checkDiff() objDiff[db.Check] {
	key := func(c db.Check) (string, bool) { return c.Name + "|" + c.Expr, true }
	return diffObjects(tc.old.Checks, tc.new.Checks, key, key, func(c db.Check) string { return c.Name })
}

// indexStatements returns the CREATE INDEX statements the dialect writes
// for the given indexes and partial uniques of t.
func indexStatements(d db.Dialect, t db.Table, ixs []db.Index, us []db.Unique) []string {
	tt := db.Table{Name: t.Name, Columns: t.Columns, Indexes: ixs, Uniques: us}
	return d.CreateTable(tt)[1:]
}
