package schema

import (
	"context"
	"slices"

	"github.com/jazzgo/jazz/db"
)

// server is what PostgreSQL and MySQL write differently when a table is
// altered in place. The order of the steps is shared (inPlace).
type server interface {
	// alterColumn changes a column's type and/or NULL-ness.
	alterColumn(e *editor, table string, c db.Column, ch columnChanges) []string
	dropIndex(e *editor, table, name string) string
	renameIndex(e *editor, table, old, new string) string
	// dropUnique and renameUnique handle a unique constraint, or a
	// partial unique index when u.Where is set.
	dropUnique(e *editor, table string, u db.Unique) string
	renameUnique(e *editor, table, old, new string, partial bool) string
	// dropColumnUnique drops the unique constraint of one column, named
	// by the database.
	dropColumnUnique(e *editor, table, name string) string
	dropCheck(e *editor, table, name string) string
	dropForeignKey(e *editor, table, name string) string
	addForeignKey(e *editor, table, name, column string, ref *db.ForeignKeyRef) string
	// defaultExpr writes lit as a column DEFAULT for a column of kind.
	defaultExpr(kind db.Kind, lit string) string
	// lookup finds in the catalog the name of the foreign key ("fk"),
	// single-column unique ("unique") or column check ("check") on
	// column of table, skipping the names in exclude; "" when none.
	lookup(ctx context.Context, q db.Querier, what, table, column string, exclude []string) (string, error)
	// fallback is the name lookup assumes when there is no catalog to
	// read (collecting without a connection).
	fallback(e *editor, what, table, column string, ref *db.ForeignKeyRef) string
	// features of the server's DDL.
	features() serverFeatures
}

type serverFeatures struct {
	// partialUniques: a unique with a condition exists (as a partial
	// unique index); MySQL has none, so its CreateTable leaves them out.
	partialUniques bool
	// dropFKToAlter: a column in a foreign key cannot be modified until
	// the constraint is dropped (MySQL).
	dropFKToAlter bool
}

// inPlace alters a table with ALTER TABLE statements, in an order that
// never leaves a constraint depending on what is about to change: names
// are looked up first (while the catalog still has the old names), then
// the table is renamed, constraints and indexes that change are dropped,
// columns are renamed, dropped, added and altered, and the new foreign
// keys, indexes and constraints are made last.
type inPlace struct{ s server }

type colNames struct{ fk, unique, check string }

func (a inPlace) alterTable(ctx context.Context, e *editor, tc *tableChange) error {
	q := e.quote
	f := a.s.features()
	old, t := tc.old.Name, tc.new.Name
	max := e.d.Features().MaxNameLength

	skipU := func(u db.Unique) bool { return u.Where != "" && !f.partialUniques }
	ixd := tc.indexDiff(func(db.Index) bool { return false })
	ud := tc.uniqueDiff(skipU)
	cd := tc.checkDiff()

	var uniqueNames, checkNames []string
	for _, u := range tc.old.Uniques {
		uniqueNames = append(uniqueNames, u.Name)
	}
	for _, ix := range tc.old.Indexes {
		uniqueNames = append(uniqueNames, ix.Name)
	}
	for _, c := range tc.old.Checks {
		checkNames = append(checkNames, c.Name)
	}
	find := func(what, column string, ref *db.ForeignKeyRef, exclude []string) (string, error) {
		if e.canRead() {
			name, err := a.s.lookup(ctx, e.q, what, old, column, exclude)
			if err != nil || name != "" {
				return name, err
			}
		}
		return a.s.fallback(e, what, old, column, ref), nil
	}

	// 1. Names to drop, looked up under the old names.
	drops := map[string]colNames{}
	readd := map[string]bool{} // foreign keys dropped only to alter the column
	for _, p := range tc.cols {
		if p.old == nil {
			continue
		}
		cc := tc.columnChanges(p)
		var n colNames
		var err error
		if p.old.References != nil && (p.dropped() || cc.fk || (f.dropFKToAlter && (cc.typ || cc.null))) {
			if n.fk, err = find("fk", p.old.Name, p.old.References, nil); err != nil {
				return err
			}
			if p.matched() && !cc.fk {
				readd[p.new.Name] = true
			}
		}
		if p.matched() && p.old.Unique && !p.new.Unique {
			if n.unique, err = find("unique", p.old.Name, nil, uniqueNames); err != nil {
				return err
			}
		}
		if p.old.Check != "" && (p.dropped() || p.new.Check == "") {
			if n.check, err = find("check", p.old.Name, nil, checkNames); err != nil {
				return err
			}
		}
		drops[p.old.Name] = n
	}

	var stmts []string
	add := func(s ...string) { stmts = append(stmts, s...) }
	alter := "ALTER TABLE " + q(t) + " "

	// 2. The table's name.
	if tc.renamedTable() {
		add("ALTER TABLE " + q(old) + " RENAME TO " + q(t))
	}
	// 3. Drop what changes or goes.
	for _, p := range tc.cols {
		if p.old != nil && drops[p.old.Name].fk != "" {
			add(a.s.dropForeignKey(e, t, drops[p.old.Name].fk))
		}
	}
	for _, ix := range ixd.drop {
		add(a.s.dropIndex(e, t, ix.Name))
	}
	for _, u := range ud.drop {
		add(a.s.dropUnique(e, t, u))
	}
	for _, c := range cd.drop {
		add(a.s.dropCheck(e, t, c.Name))
	}
	for _, p := range tc.cols {
		if p.old == nil {
			continue
		}
		if n := drops[p.old.Name]; n.unique != "" {
			add(a.s.dropColumnUnique(e, t, n.unique))
		}
		if n := drops[p.old.Name]; n.check != "" {
			add(a.s.dropCheck(e, t, n.check))
		}
	}
	// 4. Columns: renamed, dropped, added, altered.
	for _, p := range tc.cols {
		if p.renamed() {
			add(alter + "RENAME COLUMN " + q(p.old.Name) + " TO " + q(p.new.Name))
		}
	}
	for _, p := range tc.cols {
		if p.dropped() {
			add(alter + "DROP COLUMN " + q(p.old.Name))
		}
	}
	for _, p := range tc.cols {
		if !p.added() {
			continue
		}
		c := *p.new
		typ, err := e.d.ColumnType(c)
		if err != nil {
			return err
		}
		def := q(c.Name) + " " + typ
		lit, fill := tc.fill[c.Name]
		switch {
		case fill:
			def += " DEFAULT " + a.s.defaultExpr(c.Kind, lit) + " NOT NULL"
		case !c.Null:
			def += " NOT NULL"
		default:
			def += " NULL"
		}
		if c.Unique {
			def += " UNIQUE"
		}
		if c.Check != "" {
			def += " CHECK (" + c.Check + ")"
		}
		add(alter + "ADD COLUMN " + def)
		if fill {
			// The ORM applies defaults in Go; the database keeps none.
			add(alter + "ALTER COLUMN " + q(c.Name) + " DROP DEFAULT")
		}
	}
	for _, p := range tc.cols {
		if !p.matched() {
			continue
		}
		cc := tc.columnChanges(p)
		c := *p.new
		if lit, ok := tc.fill[c.Name]; ok && cc.null {
			add("UPDATE " + q(t) + " SET " + q(c.Name) + " = " + lit + " WHERE " + q(c.Name) + " IS NULL")
		}
		if cc.typ || cc.null {
			add(a.s.alterColumn(e, t, c, cc)...)
		}
		if cc.unique && c.Unique {
			add(alter + "ADD UNIQUE (" + q(c.Name) + ")")
		}
		if cc.check && c.Check != "" {
			add(alter + "ADD CHECK (" + c.Check + ")")
		}
	}
	// 5. Foreign keys, indexes and constraints that are new.
	for _, p := range tc.cols {
		if p.new == nil || p.new.References == nil {
			continue
		}
		if p.added() || readd[p.new.Name] || tc.columnChanges(p).fk {
			ref := p.new.References
			name := db.ShortName(max, t, p.new.Name, "fk", ref.Table, ref.Column)
			add(a.s.addForeignKey(e, t, name, p.new.Name, ref))
		}
	}
	for _, r := range ixd.renames {
		add(a.s.renameIndex(e, t, r[0], r[1]))
	}
	for _, r := range ud.renames {
		partial := false
		for _, u := range tc.new.Uniques {
			partial = partial || (u.Name == r[1] && u.Where != "")
		}
		add(a.s.renameUnique(e, t, r[0], r[1], partial))
	}
	var partial []db.Unique
	for _, u := range ud.create {
		if u.Where != "" {
			partial = append(partial, u)
			continue
		}
		add(alter + "ADD CONSTRAINT " + q(u.Name) + " UNIQUE (" + joinQuoted(e, u.Columns) + ")")
	}
	for _, c := range cd.create {
		add(alter + "ADD CONSTRAINT " + q(c.Name) + " CHECK (" + c.Expr + ")")
	}
	add(indexStatements(e.d, tc.new, ixd.create, partial)...)
	return e.execAll(ctx, slices.DeleteFunc(stmts, func(s string) bool { return s == "" }))
}

func joinQuoted(e *editor, cols []string) string {
	out := ""
	for i, c := range cols {
		if i > 0 {
			out += ", "
		}
		out += e.quote(c)
	}
	return out
}
