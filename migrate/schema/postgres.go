package schema

import (
	"context"
	"fmt"
	"slices"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/migrate"
)

// Postgres is the migration backend of the "postgres" dialect. DDL is
// transactional there, so a failed migration leaves nothing behind.
type Postgres struct{}

var _ migrate.Backend = Postgres{}

// lockKey is the advisory lock every Jazz process takes to migrate a
// PostgreSQL database ("jazzmig" in ASCII), held by the session.
const lockKey int64 = 0x6a617a7a6d6967

// Editor returns an editor that runs statements on q, or only records
// them when collect is true (reading the catalog through q when it is not
// nil).
func (Postgres) Editor(q db.Querier, d db.Dialect, collect bool) migrate.Editor {
	return newEditor(q, d, collect, inPlace{pgServer{}}, literals{
		boolean: func(b bool) string {
			if b {
				return "TRUE"
			}
			return "FALSE"
		},
		str:   quoteSQL,
		bytes: func(b []byte) string { return "'\\x" + fmt.Sprintf("%x", b) + "'::bytea" },
	})
}

// Lock waits for the session-level advisory lock of Jazz migrations on
// c; unlock releases it on the same session.
func (Postgres) Lock(ctx context.Context, c *db.Conn) (func(context.Context) error, error) {
	if _, err := c.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
		return nil, fmt.Errorf("migrate: taking the migration lock: %w", err)
	}
	return func(ctx context.Context) error {
		if _, err := c.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", lockKey); err != nil {
			return fmt.Errorf("migrate: releasing the migration lock: %w", err)
		}
		return nil
	}, nil
}

// Prepare does nothing: foreign keys are checked when the transaction
// commits (they are DEFERRABLE INITIALLY DEFERRED).
func (Postgres) Prepare(context.Context, *db.Conn) (func(context.Context) error, error) {
	return func(context.Context) error { return nil }, nil
}

// CheckForeignKeys returns nil: PostgreSQL enforces foreign keys itself.
func (Postgres) CheckForeignKeys(context.Context, db.Querier) error { return nil }

type pgServer struct{}

func (pgServer) features() serverFeatures { return serverFeatures{partialUniques: true} }

func (pgServer) alterColumn(e *editor, table string, c db.Column, ch columnChanges) []string {
	q := e.quote
	alter := "ALTER TABLE " + q(table) + " ALTER COLUMN " + q(c.Name)
	var out []string
	if ch.typ && c.Kind != db.KindAuto {
		typ, _ := e.d.ColumnType(c)
		if c.Kind == db.KindChar || c.Kind == db.KindText {
			// Text takes any value by assignment. Without an explicit cast a
			// value too long for a shorter varchar is an error, not silently
			// cut, as on MySQL.
			out = append(out, alter+" TYPE "+typ)
		} else {
			out = append(out, alter+" TYPE "+typ+" USING "+q(c.Name)+"::"+typ)
		}
	}
	if ch.null {
		if c.Null {
			out = append(out, alter+" DROP NOT NULL")
		} else {
			out = append(out, alter+" SET NOT NULL")
		}
	}
	return out
}

func (pgServer) dropIndex(e *editor, _, name string) string { return "DROP INDEX " + e.quote(name) }

func (pgServer) renameIndex(e *editor, _, old, new string) string {
	return "ALTER INDEX " + e.quote(old) + " RENAME TO " + e.quote(new)
}

func (s pgServer) dropUnique(e *editor, table string, u db.Unique) string {
	if u.Where != "" {
		return s.dropIndex(e, table, u.Name)
	}
	return "ALTER TABLE " + e.quote(table) + " DROP CONSTRAINT " + e.quote(u.Name)
}

func (s pgServer) renameUnique(e *editor, table, old, new string, partial bool) string {
	if partial {
		return s.renameIndex(e, table, old, new)
	}
	// Renaming the constraint renames its index too.
	return "ALTER TABLE " + e.quote(table) + " RENAME CONSTRAINT " + e.quote(old) + " TO " + e.quote(new)
}

func (pgServer) dropColumnUnique(e *editor, table, name string) string {
	return "ALTER TABLE " + e.quote(table) + " DROP CONSTRAINT " + e.quote(name)
}

func (pgServer) dropCheck(e *editor, table, name string) string {
	return "ALTER TABLE " + e.quote(table) + " DROP CONSTRAINT " + e.quote(name)
}

func (pgServer) dropForeignKey(e *editor, table, name string) string {
	return "ALTER TABLE " + e.quote(table) + " DROP CONSTRAINT " + e.quote(name)
}

func (pgServer) addForeignKey(e *editor, table, name, column string, ref *db.ForeignKeyRef) string {
	q := e.quote
	return "ALTER TABLE " + q(table) + " ADD CONSTRAINT " + q(name) + " FOREIGN KEY (" + q(column) +
		") REFERENCES " + q(ref.Table) + " (" + q(ref.Column) + ") DEFERRABLE INITIALLY DEFERRED"
}

func (pgServer) defaultExpr(_ db.Kind, lit string) string { return lit }

var pgContype = map[string]string{"fk": "f", "unique": "u", "check": "c"}

func (pgServer) lookup(ctx context.Context, q db.Querier, what, table, column string, exclude []string) (string, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.conname FROM pg_constraint c
JOIN pg_class r ON r.oid = c.conrelid
JOIN pg_namespace n ON n.oid = r.relnamespace
JOIN pg_attribute a ON a.attrelid = r.oid AND a.attname = $3
WHERE n.nspname = current_schema() AND r.relname = $1 AND c.contype = $2
AND c.conkey = ARRAY[a.attnum]::smallint[]
ORDER BY c.conname`, table, pgContype[what], column)
	if err != nil {
		return "", fmt.Errorf("migrate: looking up the %s constraint of %s.%s: %w", what, table, column, err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return "", fmt.Errorf("migrate: looking up the %s constraint of %s.%s: %w", what, table, column, err)
		}
		if !slices.Contains(exclude, name) {
			return name, nil
		}
	}
	return "", rows.Err()
}

// fallback returns the names PostgreSQL gives column constraints
// ("<table>_<column>_key", "_check") and the foreign key's computed name.
func (pgServer) fallback(e *editor, what, table, column string, ref *db.ForeignKeyRef) string {
	max := e.d.Features().MaxNameLength
	switch what {
	case "fk":
		return db.ShortName(max, table, column, "fk", ref.Table, ref.Column)
	case "unique":
		return table + "_" + column + "_key"
	}
	return table + "_" + column + "_check"
}

func init() { migrate.RegisterBackend("postgres", Postgres{}) }
