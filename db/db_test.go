package db_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db"
	_ "github.com/jazzgo/jazz/db/sqlite"
)

func openFile(t *testing.T, opts db.Options) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), "sqlite:///"+filepath.Join(t.TempDir(), "t.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	_, err := db.Open(ctx, "oracle://scott:tiger@host/x", db.Options{})
	if err == nil || !strings.Contains(err.Error(), `unknown database scheme "oracle" in DATABASE_URL (is its dialect package imported?`) {
		t.Errorf("unknown scheme: %v", err)
	}
	if err != nil && strings.Contains(err.Error(), "tiger") {
		t.Errorf("error shows the password: %v", err)
	}
	if _, err := db.Open(ctx, "just-a-path.db", db.Options{}); err == nil || !strings.Contains(err.Error(), "no scheme") {
		t.Errorf("no scheme: %v", err)
	}
	_, err = db.Open(ctx, "sqlite:///"+filepath.Join(t.TempDir(), "missing", "dir", "x.db"), db.Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "db: connecting to sqlite:") {
		t.Errorf("unopenable file: %v", err)
	}
}

func TestRegisterPanics(t *testing.T) {
	for name, fn := range map[string]func(){
		"empty":     func() { db.Register("", db.Backend{}) },
		"no parts":  func() { db.Register("x-test", db.Backend{}) },
		"duplicate": func() { db.Register("sqlite", db.Backend{Dialect: nil}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Register did not panic", name)
				}
			}()
			fn()
		}()
	}
	if got := db.Schemes(); !strings.Contains(strings.Join(got, ","), "sqlite") {
		t.Errorf("Schemes() = %v", got)
	}
}

// recorder is a slog.Handler that keeps records.
type recorder struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	r.recs = append(r.recs, rec.Clone())
	r.mu.Unlock()
	return nil
}
func (r *recorder) WithAttrs(as []slog.Attr) slog.Handler { return &withAttrs{r, as} }
func (r *recorder) WithGroup(string) slog.Handler         { return r }

type withAttrs struct {
	*recorder
	as []slog.Attr
}

func (w *withAttrs) Handle(ctx context.Context, rec slog.Record) error {
	rec.AddAttrs(w.as...)
	return w.recorder.Handle(ctx, rec)
}

func attrs(rec slog.Record) map[string]string {
	m := map[string]string{}
	rec.Attrs(func(a slog.Attr) bool { m[a.Key] = a.Value.String(); return true })
	return m
}

func TestLogging(t *testing.T) {
	rec := &recorder{}
	d := openFile(t, db.Options{Logger: slog.New(rec)})
	ctx := context.Background()
	if _, err := d.ExecContext(ctx, "CREATE TABLE t (secret text)"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExecContext(ctx, "INSERT INTO t VALUES (?)", "hunter2"); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var found bool
	for _, r := range rec.recs {
		a := attrs(r)
		for _, v := range a {
			if strings.Contains(v, "hunter2") {
				t.Errorf("an argument value was logged: %v", a)
			}
		}
		if a["sql"] == "INSERT INTO t VALUES (?)" {
			found = true
			if r.Level != slog.LevelDebug || a["args"] != "1" || a["rows"] != "1" || a["logger"] != "jazz.db" || a["db"] != "default" || a["duration"] == "" {
				t.Errorf("INSERT record: level %v attrs %v", r.Level, a)
			}
		}
	}
	if !found {
		t.Errorf("no record for the INSERT among %d", len(rec.recs))
	}
}

func TestSlowQueryWarns(t *testing.T) {
	var buf bytes.Buffer
	// Info level: DEBUG records are off, so only slow statements show.
	d := openFile(t, db.Options{Logger: slog.New(slog.NewTextHandler(&buf, nil)), SlowQuery: 1})
	if _, err := d.ExecContext(context.Background(), "CREATE TABLE t (x integer)"); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "level=WARN") || !strings.Contains(out, `msg="slow query"`) {
		t.Errorf("no slow-query warning: %q", out)
	}
}

func TestClassifiedErrorWrapsDriverError(t *testing.T) {
	d := openFile(t, db.Options{})
	ctx := context.Background()
	if _, err := d.ExecContext(ctx, "CREATE TABLE t (x integer PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	d.ExecContext(ctx, "INSERT INTO t VALUES (1)")
	_, err := d.ExecContext(ctx, "INSERT INTO t VALUES (1)")
	if !errors.Is(err, db.ErrUniqueViolation) {
		t.Fatalf("got %v", err)
	}
	if !strings.HasPrefix(err.Error(), "db: unique constraint violated: ") {
		t.Errorf("message %q", err.Error())
	}
	if again := db.ClassifyError(d.Dialect(), err); again != err {
		t.Errorf("ClassifyError wrapped twice: %v", again)
	}
	var row struct{ x int }
	rowErr := d.QueryRowContext(ctx, "INSERT INTO t VALUES (1) RETURNING x").Scan(&row.x)
	if !errors.Is(db.ClassifyError(d.Dialect(), rowErr), db.ErrUniqueViolation) {
		t.Errorf("Row error not classifiable: %v", rowErr)
	}
}

func TestTxCommitRunsHooks(t *testing.T) {
	d := openFile(t, db.Options{})
	ctx := context.Background()
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	tctx := db.WithTx(ctx, tx)
	if db.FromContext(tctx) != db.Querier(tx) || tx.DB() != d {
		t.Error("FromContext does not return the Tx")
	}
	db.OnCommit(tctx, func() { ran++ })
	if ran != 0 {
		t.Fatal("hook ran before commit")
	}
	if err := tx.Commit(); err != nil || ran != 1 {
		t.Fatalf("Commit = %v, hooks run %d", err, ran)
	}
	db.OnCommit(tctx, func() { ran++ }) // the transaction is over: runs now
	if ran != 2 {
		t.Error("hook on a finished transaction did not run")
	}
	tx2, _ := d.BeginTx(ctx, nil)
	db.OnCommit(db.WithTx(ctx, tx2), func() { ran++ })
	tx2.Rollback()
	if ran != 2 {
		t.Error("hook ran after rollback")
	}
	if db.FromContext(ctx) != nil {
		t.Error("FromContext of a bare context is not nil")
	}
}

func TestAtomicRollsBackOnGoexit(t *testing.T) {
	// One connection: a transaction left open would starve the pool.
	d := openFile(t, db.Options{MaxOpenConns: 1})
	ctx := context.Background()
	d.ExecContext(ctx, "CREATE TABLE t (x integer)")
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.Atomic(ctx, func(ctx context.Context) error {
			db.FromContext(ctx).ExecContext(ctx, "INSERT INTO t VALUES (1)")
			runtime.Goexit() // what t.FailNow does inside fn
			return nil
		})
	}()
	<-done
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := d.ExecContext(tctx, "INSERT INTO t VALUES (2)"); err != nil {
		t.Fatalf("connection not released after Goexit: %v", err)
	}
	var n int
	if err := d.QueryRowContext(ctx, "SELECT sum(x) FROM t").Scan(&n); err != nil || n != 2 {
		t.Errorf("sum after Goexit: %d, %v (want only the later row)", n, err)
	}
}

type router struct{}

func (router) DBForRead(model string) string {
	if model == "stats.Hit" {
		return "stats"
	}
	return ""
}
func (router) DBForWrite(model string) string { return router{}.DBForRead(model) }

func TestDatabases(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	url := func(name string) string { return "sqlite:///" + filepath.Join(dir, name) }
	if _, err := db.OpenDatabases(ctx, map[string]db.Config{"other": {URL: url("o.db")}}, nil); err == nil || !strings.Contains(err.Error(), `"default"`) {
		t.Errorf("missing default: %v", err)
	}
	if _, err := db.OpenDatabases(ctx, map[string]db.Config{"default": {URL: "nope://"}}, nil); err == nil || !strings.Contains(err.Error(), `database "default"`) {
		t.Errorf("bad URL: %v", err)
	}
	ds, err := db.OpenDatabases(ctx, map[string]db.Config{
		"default": {URL: url("main.db"), Replicas: []string{url("r1.db"), url("r2.db")}},
		"stats":   {URL: url("stats.db")},
	}, router{})
	if err != nil {
		t.Fatal(err)
	}
	defer ds.Close()
	primary, _ := ds.Get("")
	w, _ := ds.ForWrite("default")
	if primary != w || primary.Alias() != "default" {
		t.Error("ForWrite is not the primary")
	}
	r1, _ := ds.ForRead("default")
	r2, _ := ds.ForRead("default")
	r3, _ := ds.ForRead("default")
	if r1 == primary || r2 == primary || r1 == r2 || r3 != r1 {
		t.Error("reads do not go round the replicas")
	}
	stats, _ := ds.Get("stats")
	if got, _ := ds.ForModelRead("stats.Hit"); got != stats {
		t.Error("router ignored for reads")
	}
	if got, _ := ds.ForModelWrite("blog.Post"); got != primary {
		t.Error("default model not written to the default primary")
	}
	if got, _ := ds.ForRead("stats"); got != stats {
		t.Error("ForRead without replicas is not the primary")
	}
	if _, err := ds.Get("nope"); err == nil || !strings.Contains(err.Error(), "[default stats]") {
		t.Errorf("unknown alias: %v", err)
	}
	if got := ds.Aliases(); strings.Join(got, ",") != "default,stats" {
		t.Errorf("Aliases = %v", got)
	}
}
