package db_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/jazzgo/jazz/db"
	_ "github.com/jazzgo/jazz/db/sqlite"
)

// TestStatementCache runs more distinct statements than the cache holds,
// repeats them, runs a multi-statement Exec and a broken query: every
// result is right whichever way the statement was run.
func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite:///"+filepath.Join(t.TempDir(), "s.db"), db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	// Several statements in one Exec must all run (a prepared statement
	// would hold only the first).
	if _, err := d.ExecContext(ctx, "CREATE TABLE a (n integer); CREATE TABLE b (n integer);"); err != nil {
		t.Fatal(err)
	}
	for i := range 300 { // more than the 256 kept
		if _, err := d.ExecContext(ctx, "INSERT INTO b (n) VALUES ("+itoa(i)+")"); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		var n int
		if err := d.QueryRowContext(ctx, "SELECT count(*) FROM b WHERE n >= ?", 100).Scan(&n); err != nil || n != 200 {
			t.Fatalf("count = %d, %v", n, err)
		}
	}
	// The schema changes under a prepared statement: SQLite re-prepares.
	if _, err := d.ExecContext(ctx, "ALTER TABLE b ADD COLUMN m integer DEFAULT 7"); err != nil {
		t.Fatal(err)
	}
	rows, err := d.QueryContext(ctx, "SELECT * FROM b WHERE n = ?", 5)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	rows.Close()
	if len(cols) != 2 {
		t.Fatalf("columns after ALTER = %v", cols)
	}
	if _, err := d.QueryContext(ctx, "SELECT nope FROM b"); err == nil {
		t.Fatal("a broken query succeeded")
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
