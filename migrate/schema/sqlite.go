package schema

import (
	"context"
	"fmt"
	"strings"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/migrate"
)

// SQLite is the migration backend of the "sqlite" dialect. ALTER TABLE
// there can rename and add or drop plain columns only, so AlterModel
// rebuilds the table for anything else (see doc.go).
type SQLite struct{}

var _ migrate.Backend = SQLite{}

// Editor returns an editor that runs statements on q, or only records
// them when collect is true.
func (SQLite) Editor(q db.Querier, d db.Dialect, collect bool) migrate.Editor {
	return newEditor(q, d, collect, sqliteAlterer{}, literals{
		boolean: func(b bool) string {
			if b {
				return "1"
			}
			return "0"
		},
		str:   quoteSQL,
		bytes: hexBytes,
	})
}

// Lock returns at once with a no-op unlock: each migration's transaction
// takes the database's write lock at BEGIN (the dialect begins every
// transaction IMMEDIATE), and the executor checks what is applied inside
// it.
func (SQLite) Lock(context.Context, *db.Conn) (func(context.Context) error, error) {
	return func(context.Context) error { return nil }, nil
}

// Prepare turns foreign key enforcement off on the session, which SQLite
// allows only outside a transaction: a rebuilt table is dropped and
// renamed while rows of other tables point at it. CheckForeignKeys
// verifies the result before commit; restore turns enforcement back on.
func (SQLite) Prepare(ctx context.Context, c *db.Conn) (func(context.Context) error, error) {
	if _, err := c.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return nil, fmt.Errorf("migrate: turning foreign keys off: %w", err)
	}
	return func(ctx context.Context) error {
		if _, err := c.ExecContext(ctx, "PRAGMA foreign_keys = ON"); err != nil {
			return fmt.Errorf("migrate: turning foreign keys back on: %w", err)
		}
		return nil
	}, nil
}

// CheckForeignKeys runs PRAGMA foreign_key_check and returns an error
// listing the rows whose foreign keys point nowhere (at most 20 of them).
func (SQLite) CheckForeignKeys(ctx context.Context, q db.Querier) error {
	rows, err := q.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("migrate: checking foreign keys: %w", err)
	}
	defer rows.Close()
	var bad []string
	n := 0
	for rows.Next() {
		var table, parent string
		var rowid, fkid any
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("migrate: checking foreign keys: %w", err)
		}
		n++
		if len(bad) < 20 {
			bad = append(bad, fmt.Sprintf("%s row %v -> %s", table, rowid, parent))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("migrate: checking foreign keys: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("migrate: %d row(s) have foreign keys that point nowhere: %s", n, strings.Join(bad, "; "))
	}
	return nil
}

type sqliteAlterer struct{}

func (sqliteAlterer) alterTable(ctx context.Context, e *editor, tc *tableChange) error {
	q := e.quote
	if tc.renamedTable() {
		// RENAME TO also rewrites the foreign keys of other tables that
		// point at this one (SQLite 3.26+).
		if err := e.Exec(ctx, "ALTER TABLE "+q(tc.old.Name)+" RENAME TO "+q(tc.new.Name)); err != nil {
			return err
		}
	}
	if needsRebuild(tc) {
		return rebuild(ctx, e, tc)
	}
	if err := addColumns(ctx, e, tc); err != nil {
		return err
	}
	// Otherwise only indexes (and partial uniques, which are indexes here)
	// change.
	ixd := tc.indexDiff(func(db.Index) bool { return false })
	ud := tc.uniqueDiff(func(u db.Unique) bool { return u.Where == "" })
	for _, ix := range ixd.drop {
		if err := e.Exec(ctx, "DROP INDEX "+q(ix.Name)); err != nil {
			return err
		}
	}
	for _, u := range ud.drop {
		if err := e.Exec(ctx, "DROP INDEX "+q(u.Name)); err != nil {
			return err
		}
	}
	// SQLite cannot rename an index: drop it and make it again under the
	// name the state computes.
	var again []db.Index
	var againU []db.Unique
	for _, r := range ixd.renames {
		if err := e.Exec(ctx, "DROP INDEX "+q(r[0])); err != nil {
			return err
		}
		for _, ix := range tc.new.Indexes {
			if ix.Name == r[1] {
				again = append(again, ix)
			}
		}
	}
	for _, r := range ud.renames {
		if err := e.Exec(ctx, "DROP INDEX "+q(r[0])); err != nil {
			return err
		}
		for _, u := range tc.new.Uniques {
			if u.Name == r[1] {
				againU = append(againU, u)
			}
		}
	}
	return e.execAll(ctx, indexStatements(e.d, tc.new, append(again, ixd.create...), append(againU, ud.create...)))
}

// needsRebuild reports whether anything but the table's name and its
// indexes changes.
func needsRebuild(tc *tableChange) bool {
	for _, p := range tc.cols {
		if plainAdd(p) {
			continue
		}
		if !p.matched() || p.renamed() || tc.columnChanges(p).any() {
			return true
		}
	}
	ud := tc.uniqueDiff(func(u db.Unique) bool { return u.Where != "" })
	if len(ud.drop) > 0 || len(ud.create) > 0 {
		return true
	}
	cd := tc.checkDiff()
	return len(cd.drop) > 0 || len(cd.create) > 0
}

// plainAdd reports whether p is a new column ALTER TABLE ADD COLUMN can
// make as it is: nullable, with no key, UNIQUE or CHECK. Its foreign key
// is fine, since every existing row holds NULL. Adding a column to a big
// table then costs no copy.
func plainAdd(p colPair) bool {
	return p.added() && p.new.Null && !p.new.PrimaryKey && !p.new.Unique && p.new.Check == ""
}

// addColumns adds the plain new columns (see plainAdd).
func addColumns(ctx context.Context, e *editor, tc *tableChange) error {
	for _, p := range tc.cols {
		if !plainAdd(p) {
			continue
		}
		typ, err := e.d.ColumnType(*p.new)
		if err != nil {
			return err
		}
		def := e.quote(p.new.Name) + " " + typ + " NULL"
		if r := p.new.References; r != nil {
			def += " REFERENCES " + e.quote(r.Table) + " (" + e.quote(r.Column) + ") DEFERRABLE INITIALLY DEFERRED"
		}
		if err := e.Exec(ctx, "ALTER TABLE "+e.quote(tc.new.Name)+" ADD COLUMN "+def); err != nil {
			return err
		}
	}
	return nil
}

// rebuild makes the new table beside the old one, copies the rows, drops
// the old table and gives the new one its name. Rows keep their ids.
// Foreign keys of other tables name the table, not the object, so they
// point at the new table once it has the name.
func rebuild(ctx context.Context, e *editor, tc *tableChange) error {
	q := e.quote
	name := tc.new.Name // after a rename, the old table has this name too
	tmp := tc.new
	tmp.Name = "new__" + name
	tmp.Indexes = nil
	var partial []db.Unique
	tmp.Uniques = nil
	for _, u := range tc.new.Uniques {
		if u.Where != "" {
			partial = append(partial, u)
		} else {
			tmp.Uniques = append(tmp.Uniques, u)
		}
	}
	if err := e.checkTypes(tmp, tc.label); err != nil {
		return err
	}
	create := e.d.CreateTable(tmp)
	var cols, exprs []string
	for _, p := range tc.cols {
		if p.new == nil {
			continue
		}
		lit, hasFill := tc.fill[p.new.Name]
		switch {
		case p.old == nil && !hasFill:
			continue // a nullable column starts NULL
		case p.old == nil:
			exprs = append(exprs, lit)
		case hasFill:
			exprs = append(exprs, "COALESCE("+q(p.old.Name)+", "+lit+")")
		default:
			exprs = append(exprs, q(p.old.Name))
		}
		cols = append(cols, q(p.new.Name))
	}
	stmts := []string{create[0]}
	if len(cols) > 0 {
		stmts = append(stmts, "INSERT INTO "+q(tmp.Name)+" ("+strings.Join(cols, ", ")+") SELECT "+
			strings.Join(exprs, ", ")+" FROM "+q(name))
	}
	stmts = append(stmts, keepSequence(tc, tmp.Name, name)...)
	stmts = append(stmts,
		"DROP TABLE "+q(name),
		"ALTER TABLE "+q(tmp.Name)+" RENAME TO "+q(name))
	stmts = append(stmts, indexStatements(e.d, tc.new, tc.new.Indexes, partial)...)
	return e.execAll(ctx, stmts)
}

// keepSequence carries the AUTOINCREMENT counter over to the rebuilt
// table, so ids of rows deleted before the rebuild are not handed out
// again: the copy only raised the new table's counter to the largest id
// copied. RENAME TO later moves the entry to the final name.
func keepSequence(tc *tableChange, tmp, name string) []string {
	auto := false
	for _, c := range tc.new.Columns {
		auto = auto || (c.Kind == db.KindAuto && c.PrimaryKey)
	}
	if !auto {
		return nil
	}
	t, n := quoteSQL(tmp), quoteSQL(name)
	return []string{
		"UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN (" + t + ", " + n + ")) WHERE name = " + t,
		"INSERT INTO sqlite_sequence (name, seq) SELECT " + t + ", seq FROM sqlite_sequence WHERE name = " + n +
			" AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = " + t + ")",
	}
}

func init() { migrate.RegisterBackend("sqlite", SQLite{}) }
