package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
)

func TestURLs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	abs := filepath.Join(dir, "a b#c.db")
	d, err := db.Open(ctx, "sqlite:///"+abs, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var mode string
	var fk, busy int
	if err := d.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v", mode, err)
	}
	if err := d.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v", fk, err)
	}
	if err := d.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil || busy != busyTimeoutMS {
		t.Errorf("busy_timeout = %d, %v", busy, err)
	}
	if _, err := d.ExecContext(ctx, "CREATE TABLE t (x integer)"); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if _, err := filepath.Glob(abs); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"sqlite://", "sqlite:///", "sqlite://relative.db"} {
		if _, err := db.Open(ctx, bad, db.Options{}); err == nil || !strings.Contains(err.Error(), "db/sqlite") {
			t.Errorf("Open(%q) = %v, want a db/sqlite error", bad, err)
		}
	}
}

func TestMemorySurvivesPoolChurn(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite://:memory:", db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	other, err := db.Open(ctx, "sqlite://:memory:", db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := d.ExecContext(ctx, "CREATE TABLE t (x integer)"); err != nil {
		t.Fatal(err)
	}
	// Closing every pooled connection would destroy an unpinned memory
	// database.
	d.SQL().SetMaxIdleConns(0)
	d.SQL().SetMaxIdleConns(1)
	if _, err := d.ExecContext(ctx, "INSERT INTO t VALUES (1)"); err != nil {
		t.Fatalf("table lost after pool churn: %v", err)
	}
	if _, err := other.ExecContext(ctx, "SELECT * FROM t"); err == nil {
		t.Error("two :memory: databases share tables")
	}
}

func TestClassifyBusy(t *testing.T) {
	ctx := context.Background()
	path := "sqlite:///" + filepath.Join(t.TempDir(), "busy.db") + "?_pragma=busy_timeout(0)"
	a, err := db.Open(ctx, path, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := db.Open(ctx, path, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tx, err := a.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	_, err = b.BeginTx(ctx, nil)
	if !errors.Is(err, db.ErrRetryable) {
		t.Errorf("second writer: %v, want ErrRetryable", err)
	}
}

func TestSQL(t *testing.T) {
	d := Dialect{}
	if got := d.LimitOffset(-1, 3); got != "LIMIT -1 OFFSET 3" {
		t.Errorf("LimitOffset = %q", got)
	}
	if got, err := d.ForUpdate(db.LockOptions{NoWait: true}); got != "" || err != nil {
		t.Errorf("ForUpdate = %q, %v", got, err)
	}
	stmts := d.CreateTable(db.Table{Name: "t", Columns: []db.Column{
		{Name: "id", Kind: db.KindAuto, PrimaryKey: true},
		{Name: "price", Kind: db.KindDecimal, MaxDigits: 10, Decimals: 2},
	}})
	if !strings.Contains(stmts[0], `"id" integer NOT NULL PRIMARY KEY AUTOINCREMENT`) || !strings.Contains(stmts[0], `"price" text NOT NULL`) {
		t.Errorf("CREATE TABLE:\n%s", stmts[0])
	}
}
