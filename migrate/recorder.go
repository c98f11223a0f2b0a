package migrate

import (
	"context"
	"fmt"
	"time"

	"github.com/jazzgo/jazz/db"
)

// RecorderTable is the table that lists the applied migrations, one row
// each (Django's django_migrations).
const RecorderTable = "jazz_migrations"

// Recorder reads and writes the list of applied migrations in
// [RecorderTable]: columns id (automatic key), app and name (varchar 255)
// and applied (datetime, UTC). The zero value is ready to use; it holds
// nothing, so it is safe for concurrent use. Every method runs on the
// Querier it is given, so recording can share the migration's
// transaction.
type Recorder struct{}

func (Recorder) table() db.Table {
	return db.Table{
		Name: RecorderTable,
		Columns: []db.Column{
			{Name: "id", Kind: db.KindAuto, PrimaryKey: true},
			{Name: "app", Kind: db.KindChar, MaxLength: 255},
			{Name: "name", Kind: db.KindChar, MaxLength: 255},
			{Name: "applied", Kind: db.KindDateTime},
		},
	}
}

// Exists reports whether the table exists. It probes with a query that
// reads no rows, so it must not run inside a transaction on PostgreSQL,
// where the failure of a statement aborts the transaction.
func (Recorder) Exists(ctx context.Context, q db.Querier) bool {
	return tableExists(ctx, q, RecorderTable)
}

// tableExists probes table with a query that returns no rows; any error
// means it does not exist. This works alike on every dialect, where
// catalog queries differ, and a real connection problem still surfaces
// in the statement that follows.
func tableExists(ctx context.Context, q db.Querier, table string) bool {
	rows, err := q.QueryContext(ctx, "SELECT 1 FROM "+q.Dialect().Quote(table)+" WHERE 1 = 0")
	if err != nil {
		return false
	}
	rows.Close()
	return rows.Err() == nil
}

// Ensure creates the table when it does not exist. Like [Recorder.Exists]
// it must run outside a transaction. When another process creates the
// table at the same moment, the one whose CREATE fails finds it and
// carries on.
func (r Recorder) Ensure(ctx context.Context, q db.Querier) error {
	if r.Exists(ctx, q) {
		return nil
	}
	for _, stmt := range q.Dialect().CreateTable(r.table()) {
		if _, err := q.ExecContext(ctx, stmt); err != nil {
			if r.Exists(ctx, q) {
				return nil
			}
			return fmt.Errorf("migrate: creating the %s table: %w", RecorderTable, err)
		}
	}
	return nil
}

// Applied returns the recorded migrations. The table must exist (see
// [Recorder.Ensure]).
func (Recorder) Applied(ctx context.Context, q db.Querier) (map[Key]bool, error) {
	d := q.Dialect()
	rows, err := q.QueryContext(ctx, "SELECT "+d.Quote("app")+", "+d.Quote("name")+" FROM "+d.Quote(RecorderTable))
	if err != nil {
		return nil, fmt.Errorf("migrate: reading %s: %w", RecorderTable, err)
	}
	defer rows.Close()
	out := map[Key]bool{}
	for rows.Next() {
		var k Key
		if err := rows.Scan(&k.App, &k.Name); err != nil {
			return nil, fmt.Errorf("migrate: reading %s: %w", RecorderTable, err)
		}
		out[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("migrate: reading %s: %w", RecorderTable, err)
	}
	return out, nil
}

// Record notes k as applied now. Recording a migration twice adds a
// second row; the executor never does.
func (Recorder) Record(ctx context.Context, q db.Querier, k Key) error {
	d := q.Dialect()
	now, err := d.BindValue(db.KindDateTime, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("migrate: recording %s: %w", k, err)
	}
	query := "INSERT INTO " + d.Quote(RecorderTable) + " (" + d.Quote("app") + ", " + d.Quote("name") + ", " + d.Quote("applied") +
		") VALUES (" + d.Placeholder(1) + ", " + d.Placeholder(2) + ", " + d.Placeholder(3) + ")"
	if _, err := q.ExecContext(ctx, query, k.App, k.Name, now); err != nil {
		return fmt.Errorf("migrate: recording %s: %w", k, err)
	}
	return nil
}

// Unrecord notes k as not applied. Unrecording a migration that is not
// recorded does nothing.
func (Recorder) Unrecord(ctx context.Context, q db.Querier, k Key) error {
	d := q.Dialect()
	query := "DELETE FROM " + d.Quote(RecorderTable) + " WHERE " + d.Quote("app") + " = " + d.Placeholder(1) +
		" AND " + d.Quote("name") + " = " + d.Placeholder(2)
	if _, err := q.ExecContext(ctx, query, k.App, k.Name); err != nil {
		return fmt.Errorf("migrate: unrecording %s: %w", k, err)
	}
	return nil
}
