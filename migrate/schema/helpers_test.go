package schema_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/migrate"
	_ "github.com/jazzgo/jazz/migrate/schema"
)

const app = "blog"

// migration runs fn on an editor inside a transaction, as the executor
// does: a session of its own, prepared, foreign keys checked before
// commit.
func migration(t *testing.T, d *db.DB, fn func(ctx context.Context, e migrate.Editor) error) error {
	t.Helper()
	ctx := context.Background()
	b, err := migrate.BackendFor(d.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	c, err := d.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	restore, err := b.Prepare(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := restore(ctx); err != nil {
			t.Error(err)
		}
	}()
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := fn(ctx, b.Editor(tx, d.Dialect(), false)); err != nil {
		tx.Rollback()
		return err
	}
	if err := b.CheckForeignKeys(ctx, tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// step applies ops to a clone of s (forwards) and returns the new state.
func step(t *testing.T, d *db.DB, s *migrate.State, ops ...migrate.Operation) *migrate.State {
	t.Helper()
	for _, op := range ops {
		to := s.Clone()
		if err := op.State(app, to); err != nil {
			t.Fatalf("%s: state: %v", op.Describe(), err)
		}
		if err := migration(t, d, func(ctx context.Context, e migrate.Editor) error {
			return op.Forwards(ctx, e, app, s, to)
		}); err != nil {
			t.Fatalf("%s: forwards: %v", op.Describe(), err)
		}
		s = to
	}
	return s
}

// back unapplies op, which took before to after.
func back(t *testing.T, d *db.DB, before, after *migrate.State, op migrate.Operation) {
	t.Helper()
	if err := migration(t, d, func(ctx context.Context, e migrate.Editor) error {
		return op.Backwards(ctx, e, app, after, before)
	}); err != nil {
		t.Fatalf("%s: backwards: %v", op.Describe(), err)
	}
}

// forwardsErr applies op and returns its error.
func forwardsErr(t *testing.T, d *db.DB, s *migrate.State, op migrate.Operation) error {
	t.Helper()
	to := s.Clone()
	if err := op.State(app, to); err != nil {
		t.Fatalf("%s: state: %v", op.Describe(), err)
	}
	return migration(t, d, func(ctx context.Context, e migrate.Editor) error {
		return op.Forwards(ctx, e, app, s, to)
	})
}

func exec(t *testing.T, d *db.DB, query string, args ...any) {
	t.Helper()
	if _, err := d.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// execErr runs query in a transaction of its own and returns the error of
// the statement or of the commit (deferred foreign keys).
func execErr(t *testing.T, d *db.DB, query string, args ...any) error {
	t.Helper()
	return d.Atomic(context.Background(), func(ctx context.Context) error {
		_, err := db.FromContext(ctx).ExecContext(ctx, query, args...)
		return err
	})
}

// q quotes identifiers written as "x" for d.
func q(d *db.DB, s string) string {
	if d.Dialect().Name() == "mysql" {
		return strings.ReplaceAll(s, `"`, "`")
	}
	return s
}

func strings1(t *testing.T, d *db.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v sql.NullString
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		if !v.Valid {
			out = append(out, "<nil>")
		} else {
			out = append(out, v.String)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// column is a column as the catalog describes it.
type column struct {
	Name, Type string
	Null       bool
}

func (c column) String() string { return fmt.Sprintf("%s %s null=%v", c.Name, c.Type, c.Null) }

// columns reads the columns of table from the catalog, in order.
func columns(t *testing.T, d *db.DB, table string) []column {
	t.Helper()
	ctx := context.Background()
	var query string
	switch d.Dialect().Name() {
	case "sqlite":
		query = `SELECT name, lower(type), "notnull" = 0 FROM pragma_table_info(?) ORDER BY cid`
	case "postgres":
		query = `SELECT column_name, data_type || COALESCE('(' || character_maximum_length || ')', ''), is_nullable = 'YES'
FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`
	default:
		query = `SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES'
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`
	}
	rows, err := d.QueryContext(ctx, query, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []column
	for rows.Next() {
		var c column
		var null any
		if err := rows.Scan(&c.Name, &c.Type, &null); err != nil {
			t.Fatal(err)
		}
		switch x := null.(type) {
		case bool:
			c.Null = x
		case int64:
			c.Null = x != 0
		case []byte:
			c.Null = string(x) == "1"
		}
		out = append(out, c)
	}
	return out
}

func columnNames(t *testing.T, d *db.DB, table string) []string {
	t.Helper()
	var out []string
	for _, c := range columns(t, d, table) {
		out = append(out, c.Name)
	}
	return out
}

func tableExists(t *testing.T, d *db.DB, table string) bool {
	t.Helper()
	var query string
	switch d.Dialect().Name() {
	case "sqlite":
		query = `SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`
	case "postgres":
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`
	default:
		query = `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`
	}
	return len(strings1(t, d, query, table)) > 0
}

// indexes returns the names of the indexes of table (unique ones
// included, primary keys not).
func indexes(t *testing.T, d *db.DB, table string) []string {
	t.Helper()
	var query string
	switch d.Dialect().Name() {
	case "sqlite":
		query = `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`
	case "postgres":
		query = `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 AND indexname NOT LIKE '%_pkey'`
	default:
		query = `SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY'`
	}
	out := strings1(t, d, query, table)
	slices.Sort(out)
	return out
}

func wantIndex(t *testing.T, d *db.DB, table, name string, want bool) {
	t.Helper()
	if got := slices.Contains(indexes(t, d, table), name); got != want {
		t.Errorf("index %s on %s: exists=%v, want %v (indexes: %v)", name, table, got, want, indexes(t, d, table))
	}
}

func wantErr(t *testing.T, err error, target error, what string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got %v, want %v", what, err, target)
	}
}
