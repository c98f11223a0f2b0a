package schema

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/migrate"
)

// MySQL is the migration backend of the "mysql" dialect (MySQL 8 and
// MariaDB 10.5+, which have RENAME COLUMN and RENAME INDEX). MySQL has no
// transactional DDL: each statement commits, so a migration that fails
// halfway leaves the statements before it applied.
type MySQL struct{}

var _ migrate.Backend = MySQL{}

// lockName is the named lock every Jazz process takes to migrate a
// MySQL database.
const lockName = "jazz_migrations"

// lockWait is how long one GET_LOCK call waits; Lock calls it again
// until it gets the lock or ctx ends.
const lockWait = 5 * time.Second

// Editor returns an editor that runs statements on q, or only records
// them when collect is true (reading the catalog through q when it is not
// nil).
func (MySQL) Editor(q db.Querier, d db.Dialect, collect bool) migrate.Editor {
	return newEditor(q, d, collect, inPlace{mysqlServer{}}, literals{
		boolean: func(b bool) string {
			if b {
				return "1"
			}
			return "0"
		},
		str:   quoteMySQL,
		bytes: hexBytes,
	})
}

// Lock waits for the named lock of Jazz migrations on the session c,
// asking again every few seconds until ctx ends; unlock releases it.
func (MySQL) Lock(ctx context.Context, c *db.Conn) (func(context.Context) error, error) {
	for {
		var got sql.NullInt64
		if err := c.QueryRowContext(ctx, "SELECT GET_LOCK(?, ?)", lockName, int(lockWait/time.Second)).Scan(&got); err != nil {
			return nil, fmt.Errorf("migrate: taking the migration lock: %w", err)
		}
		if !got.Valid {
			return nil, fmt.Errorf("migrate: taking the migration lock: GET_LOCK returned NULL (killed or out of memory)")
		}
		if got.Int64 == 1 {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("migrate: waiting for the migration lock: %w", err)
		}
	}
	return func(ctx context.Context) error {
		if _, err := c.ExecContext(ctx, "SELECT RELEASE_LOCK(?)", lockName); err != nil {
			return fmt.Errorf("migrate: releasing the migration lock: %w", err)
		}
		return nil
	}, nil
}

// Prepare does nothing: InnoDB checks foreign keys on every statement.
func (MySQL) Prepare(context.Context, *db.Conn) (func(context.Context) error, error) {
	return func(context.Context) error { return nil }, nil
}

// CheckForeignKeys returns nil: MySQL enforces foreign keys itself.
func (MySQL) CheckForeignKeys(context.Context, db.Querier) error { return nil }

type mysqlServer struct{}

func (mysqlServer) features() serverFeatures { return serverFeatures{dropFKToAlter: true} }

// alterColumn restates the whole column, as MODIFY COLUMN requires.
func (mysqlServer) alterColumn(e *editor, table string, c db.Column, _ columnChanges) []string {
	typ, _ := e.d.ColumnType(c)
	null := " NULL"
	if !c.Null || c.PrimaryKey {
		null = " NOT NULL"
	}
	return []string{"ALTER TABLE " + e.quote(table) + " MODIFY COLUMN " + e.quote(c.Name) + " " + typ + null}
}

func (mysqlServer) dropIndex(e *editor, table, name string) string {
	return "ALTER TABLE " + e.quote(table) + " DROP INDEX " + e.quote(name)
}

func (mysqlServer) renameIndex(e *editor, table, old, new string) string {
	return "ALTER TABLE " + e.quote(table) + " RENAME INDEX " + e.quote(old) + " TO " + e.quote(new)
}

func (s mysqlServer) dropUnique(e *editor, table string, u db.Unique) string {
	return s.dropIndex(e, table, u.Name)
}

func (s mysqlServer) renameUnique(e *editor, table, old, new string, _ bool) string {
	return s.renameIndex(e, table, old, new)
}

func (s mysqlServer) dropColumnUnique(e *editor, table, name string) string {
	return s.dropIndex(e, table, name)
}

func (mysqlServer) dropCheck(e *editor, table, name string) string {
	return "ALTER TABLE " + e.quote(table) + " DROP CONSTRAINT " + e.quote(name)
}

func (mysqlServer) dropForeignKey(e *editor, table, name string) string {
	return "ALTER TABLE " + e.quote(table) + " DROP FOREIGN KEY " + e.quote(name)
}

func (mysqlServer) addForeignKey(e *editor, table, name, column string, ref *db.ForeignKeyRef) string {
	q := e.quote
	return "ALTER TABLE " + q(table) + " ADD CONSTRAINT " + q(name) + " FOREIGN KEY (" + q(column) +
		") REFERENCES " + q(ref.Table) + " (" + q(ref.Column) + ")"
}

// defaultExpr puts the default of a text, blob or JSON column in
// parentheses: MySQL takes only expression defaults for them.
func (mysqlServer) defaultExpr(kind db.Kind, lit string) string {
	switch kind {
	case db.KindText, db.KindBinary, db.KindJSON:
		return "(" + lit + ")"
	}
	return lit
}

func (mysqlServer) lookup(ctx context.Context, q db.Querier, what, table, column string, exclude []string) (string, error) {
	var names []string
	var err error
	switch what {
	case "fk":
		names, err = queryNames(ctx, q, `SELECT CONSTRAINT_NAME FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ? AND REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY CONSTRAINT_NAME`, table, column)
	case "unique":
		names, err = queryNames(ctx, q, `SELECT INDEX_NAME FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0 AND INDEX_NAME <> 'PRIMARY'
GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = ? ORDER BY INDEX_NAME`, table, column)
	case "check":
		names, err = checkNames(ctx, q, table, column)
	}
	if err != nil {
		return "", fmt.Errorf("migrate: looking up the %s constraint of %s.%s: %w", what, table, column, err)
	}
	for _, n := range names {
		if !slices.Contains(exclude, n) {
			return n, nil
		}
	}
	return "", nil
}

// checkNames returns the checks of table whose condition names column,
// leaving out MariaDB's json_valid checks of JSON columns. MariaDB names
// checks per table (CHECK_CONSTRAINTS has TABLE_NAME); MySQL per schema.
func checkNames(ctx context.Context, q db.Querier, table, column string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME`, table)
	if err != nil {
		rows, err = q.QueryContext(ctx, `SELECT tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS tc
JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.TABLE_NAME = ? AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY tc.CONSTRAINT_NAME`, table)
		if err != nil {
			return nil, err
		}
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, clause string
		if err := rows.Scan(&name, &clause); err != nil {
			return nil, err
		}
		if strings.Contains(clause, "`"+column+"`") && !strings.Contains(strings.ToLower(clause), "json_valid") {
			out = append(out, name)
		}
	}
	return out, rows.Err()
}

func queryNames(ctx context.Context, q db.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// fallback returns the names MySQL gives a column's unique index and
// MariaDB its column check (the column's name), and the foreign key's
// computed name.
func (mysqlServer) fallback(e *editor, what, table, column string, ref *db.ForeignKeyRef) string {
	if what == "fk" {
		return db.ShortName(e.d.Features().MaxNameLength, table, column, "fk", ref.Table, ref.Column)
	}
	return column
}

func init() { migrate.RegisterBackend("mysql", MySQL{}) }
