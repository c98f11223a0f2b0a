package mysql

import (
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db"
)

func TestConfigTranslatesURL(t *testing.T) {
	cfg, err := config("mysql://jazz:p%40ss@db.example:3307/shop?timeout=5s")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.User != "jazz" || cfg.Passwd != "p@ss" || cfg.Net != "tcp" || cfg.Addr != "db.example:3307" || cfg.DBName != "shop" {
		t.Errorf("connection fields: %+v", cfg)
	}
	if !cfg.ParseTime || cfg.Loc != time.UTC || cfg.Collation != "utf8mb4_unicode_ci" || cfg.MultiStatements || cfg.InterpolateParams {
		t.Errorf("Jazz settings not applied: parseTime=%v loc=%v collation=%s multi=%v", cfg.ParseTime, cfg.Loc, cfg.Collation, cfg.MultiStatements)
	}
	if cfg.Params["time_zone"] != "'+00:00'" || !strings.Contains(cfg.Params["sql_mode"], "STRICT_TRANS_TABLES") ||
		strings.Contains(cfg.Params["sql_mode"], "ANSI_QUOTES") {
		t.Errorf("session variables: %v", cfg.Params)
	}
	if cfg.Timeout != 5*time.Second {
		t.Errorf("URL parameter timeout not passed on: %v", cfg.Timeout)
	}
	cfg, err = config("mysql://root@/test?socket=/run/mysqld/mysqld.sock")
	if err != nil || cfg.Net != "unix" || cfg.Addr != "/run/mysqld/mysqld.sock" {
		t.Errorf("socket: %+v, %v", cfg, err)
	}
	cfg, err = config("mysql://root@localhost/test")
	if err != nil || cfg.Addr != "localhost:3306" {
		t.Errorf("default port: %v, %v", cfg.Addr, err)
	}
	if _, err := config("mysql://root@localhost/"); err == nil || !strings.Contains(err.Error(), "database name") {
		t.Errorf("missing database name: %v", err)
	}
	if _, err := config("mysql://u:secret@h/x?parseTime=maybe"); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("bad parameter: %v", err)
	}
}

func TestSQL(t *testing.T) {
	d := Dialect{}
	if got := d.Quote("a`b"); got != "`a``b`" {
		t.Errorf("Quote = %s", got)
	}
	if got, _ := d.Operator("exact", "`s`", "?"); got != "`s` = BINARY ?" {
		t.Errorf("exact = %s", got)
	}
	if got := d.Upsert([]string{"`k`"}, []string{"`v`", "`w`"}); got != "ON DUPLICATE KEY UPDATE `v` = VALUES(`v`), `w` = VALUES(`w`)" {
		t.Errorf("Upsert = %s", got)
	}
	if got := d.NullsOrder("`n`", true, true); got != "(`n` IS NULL) DESC, `n` DESC" {
		t.Errorf("NullsOrder = %s", got)
	}
	if _, err := d.ForUpdate(db.LockOptions{Of: []string{"`t`"}}); err == nil {
		t.Error("ForUpdate OF accepted")
	}
	if got, _ := d.ForUpdate(db.LockOptions{SkipLocked: true}); got != "FOR UPDATE SKIP LOCKED" {
		t.Errorf("ForUpdate = %s", got)
	}
	if _, err := d.ColumnType(db.Column{Name: "c", Kind: db.KindChar}); err == nil {
		t.Error("varchar without length accepted")
	}
	stmts := d.CreateTable(db.Table{
		Name: "post",
		Columns: []db.Column{
			{Name: "id", Kind: db.KindAuto, PrimaryKey: true},
			{Name: "body", Kind: db.KindText},
			{Name: "author_id", Kind: db.KindInt64, References: &db.ForeignKeyRef{Table: "author", Column: "id"}},
		},
		Indexes: []db.Index{{Name: "post_body", Columns: []string{"body"}}},
		Uniques: []db.Unique{{Name: "one_live", Columns: []string{"author_id"}, Where: "live"}},
	})
	if len(stmts) != 2 {
		t.Fatalf("statements: %q", stmts)
	}
	for _, want := range []string{"`id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY", "ENGINE=InnoDB", "utf8mb4",
		"FOREIGN KEY (`author_id`) REFERENCES `author` (`id`)"} {
		if !strings.Contains(stmts[0], want) {
			t.Errorf("CREATE TABLE lacks %q:\n%s", want, stmts[0])
		}
	}
	if strings.Contains(stmts[0], "DEFERRABLE") || strings.Contains(stmts[0], "one_live") {
		t.Errorf("CREATE TABLE has what MySQL cannot do:\n%s", stmts[0])
	}
	if stmts[1] != "CREATE INDEX `post_body` ON `post` (`body`(255))" {
		t.Errorf("index = %s", stmts[1])
	}
}
