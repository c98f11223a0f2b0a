package dbcache

import (
	"context"
	"fmt"

	"github.com/jazzgo/jazz/db"
)

// Column names of a cache table: Django's layout (cache_key, value,
// expires), with the value stored as bytes rather than base64 text.
const (
	colKey     = "cache_key"
	colValue   = "value"
	colExpires = "expires"
)

// Table describes the cache table name: cache_key varchar(255) primary
// key, value bytes (blob/bytea/longblob), expires datetime (NULL for
// values that never expire) with an index for expiry and culling.
// A migration may create it from this description.
func Table(name string) db.Table {
	return db.Table{
		Name: name,
		Columns: []db.Column{
			{Name: colKey, Kind: db.KindChar, MaxLength: 255, PrimaryKey: true},
			{Name: colValue, Kind: db.KindBinary},
			{Name: colExpires, Kind: db.KindDateTime, Null: true},
		},
		Indexes: []db.Index{{Columns: []string{colExpires}}},
	}
}

// TableSQL returns the statements that create the cache table name in
// dialect d: [db.Dialect.CreateTable] of [Table], and on MySQL/MariaDB an
// ALTER that gives cache_key a binary collation, because the default
// utf8mb4_unicode_ci would make "Key" and "key" one row.
func TableSQL(d db.Dialect, name string) []string {
	stmts := d.CreateTable(Table(name))
	if d.Name() == "mysql" {
		stmts = append(stmts[:1:1], append([]string{
			"ALTER TABLE " + d.Quote(name) + " MODIFY " + d.Quote(colKey) +
				" varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL",
		}, stmts[1:]...)...)
	}
	return stmts
}

// TableExists reports whether table name exists in d. It asks with a
// query that reads no row, which fails exactly when the table is missing;
// any failure is taken as "missing".
func TableExists(ctx context.Context, d *db.DB, name string) bool {
	rows, err := d.QueryContext(ctx, "SELECT 1 FROM "+d.Dialect().Quote(name)+" WHERE 1 = 0")
	if err != nil {
		return false
	}
	rows.Close()
	return true
}

// CreateTable creates the cache table name in d unless it exists, and
// reports whether it did. On databases with transactional DDL the
// statements run in one transaction, so a failure leaves nothing behind.
func CreateTable(ctx context.Context, d *db.DB, name string) (created bool, err error) {
	if TableExists(ctx, d, name) {
		return false, nil
	}
	run := func(ctx context.Context) error {
		var q db.Querier = d
		if tx, ok := db.FromContext(ctx).(*db.Tx); ok && tx.DB() == d {
			q = tx
		}
		for _, s := range TableSQL(d.Dialect(), name) {
			if _, err := q.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		return nil
	}
	if d.Dialect().Features().TransactionalDDL {
		err = d.Atomic(ctx, run)
	} else {
		err = run(ctx)
	}
	if err != nil {
		return false, fmt.Errorf("dbcache: creating cache table %q: %w", name, err)
	}
	return true, nil
}
