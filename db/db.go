package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/jazzgo/jazz/logging"
)

// Options tune a database handle. The zero value is ready to use: every
// zero field takes the default of the database's backend (see each
// dialect package), then database/sql's.
type Options struct {
	// MaxOpenConns caps open connections. Zero means the backend's
	// default; negative means no limit.
	MaxOpenConns int
	// MaxIdleConns caps idle connections kept in the pool. Zero means the
	// backend's default; negative means none are kept.
	MaxIdleConns int
	// ConnMaxLifetime closes connections older than this. Zero means the
	// backend's default; negative means connections are kept for ever.
	ConnMaxLifetime time.Duration
	// ConnMaxIdleTime closes connections idle for longer than this. Zero
	// means the backend's default; negative means no limit.
	ConnMaxIdleTime time.Duration
	// Logger receives one DEBUG record per statement and a WARN record per
	// slow statement, under the name "jazz.db". Nil means slog.Default().
	Logger *slog.Logger
	// SlowQuery is the duration above which a statement is logged at WARN.
	// Zero or negative turns slow-query warnings off.
	SlowQuery time.Duration
}

// DB is a pool of connections to one database, with the [Dialect] that
// speaks its SQL, an alias ("default", "replica") and a logger. Every
// statement run through it is logged and recorded in the [QueryLog] of
// its context, and its errors are classified (see [ErrUniqueViolation]).
// A DB is safe for concurrent use; open it once at start-up with [Open].
type DB struct {
	sql     *sql.DB
	dialect Dialect
	alias   string
	log     *slog.Logger
	slow    time.Duration
	pinned  driver.Conn
	stmts   *stmtCache // nil unless the backend asks for one
}

// Querier runs statements: a [*DB], or a [*Tx] inside a transaction. The
// ORM takes one, usually from [FromContext], so the same code runs inside
// and outside transactions.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

var (
	_ Querier = (*DB)(nil)
	_ Querier = (*Tx)(nil)
)

// Open connects to the database at rawURL and pings it, so a wrong URL or
// an unreachable server fails at start-up. The URL's scheme chooses the
// backend, which its dialect package registers when imported:
//
//	sqlite:///relative/path.db     (db/sqlite; path relative to the working directory)
//	sqlite:////abs/path.db         (db/sqlite; absolute path)
//	sqlite://:memory:              (db/sqlite; one shared in-memory database per DB)
//	postgres://user:pw@host:5432/name?sslmode=disable   (db/postgres; also postgresql://)
//	mysql://user:pw@host:3306/name                      (db/mysql; MySQL and MariaDB)
//
// An unregistered scheme is an error naming the scheme. Errors never
// contain the URL's password. The returned DB has the alias "default";
// [OpenDatabases] names them after their configuration keys.
func Open(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	return open(ctx, "default", rawURL, opts)
}

func open(ctx context.Context, alias, rawURL string, opts Options) (*DB, error) {
	scheme, _, ok := strings.Cut(rawURL, "://")
	if !ok || scheme == "" {
		return nil, fmt.Errorf("db: database URL %q has no scheme; write it as sqlite:///path.db, postgres://... or mysql://...", redact(rawURL))
	}
	b, ok := lookupBackend(scheme)
	if !ok {
		return nil, fmt.Errorf("db: unknown database scheme %q in DATABASE_URL (is its dialect package imported? registered: %s)",
			scheme, strings.Join(Schemes(), ", "))
	}
	c, err := b.Connect(rawURL)
	if err != nil {
		return nil, err
	}
	opts = opts.merge(c.Defaults)
	d := &DB{
		sql:     sql.OpenDB(c.Connector),
		dialect: b.Dialect,
		alias:   alias,
		log:     logging.Named(opts.Logger, "jazz.db"),
		slow:    opts.SlowQuery,
	}
	if c.StmtCache > 0 {
		d.stmts = newStmtCache(d.sql, c.StmtCache)
	}
	d.sql.SetMaxOpenConns(positive(opts.MaxOpenConns))
	if opts.MaxIdleConns != 0 {
		d.sql.SetMaxIdleConns(opts.MaxIdleConns)
	}
	d.sql.SetConnMaxLifetime(positive(opts.ConnMaxLifetime))
	d.sql.SetConnMaxIdleTime(positive(opts.ConnMaxIdleTime))
	if c.Pin {
		d.pinned, err = c.Connector.Connect(ctx)
		if err != nil {
			d.sql.Close()
			return nil, fmt.Errorf("db: connecting to %s: %w", redact(rawURL), err)
		}
	}
	if err := d.sql.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("db: connecting to %s: %w (check DATABASE_URL and that the server is running)", redact(rawURL), err)
	}
	return d, nil
}

// redact returns rawURL with any password replaced by "xxxxx".
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		scheme, _, _ := strings.Cut(rawURL, "://")
		return scheme + "://…"
	}
	return u.Redacted()
}

// Close closes the pool (and the pinned connection of an in-memory
// database, which then disappears). Statements running on other goroutines
// finish first, as with [sql.DB.Close]. Calling Close twice returns the
// error of database/sql.
func (d *DB) Close() error {
	d.stmts.close()
	err := d.sql.Close()
	if d.pinned != nil {
		err = errors.Join(err, d.pinned.Close())
		d.pinned = nil
	}
	return err
}

// Dialect returns the dialect of the database.
func (d *DB) Dialect() Dialect { return d.dialect }

// Alias returns the name the DB was opened under ("default" for [Open]).
func (d *DB) Alias() string { return d.alias }

// SQL returns the underlying pool, for code that needs database/sql
// directly. Statements run through it are neither logged, recorded nor
// classified.
func (d *DB) SQL() *sql.DB { return d.sql }

// PingContext checks that the database answers.
func (d *DB) PingContext(ctx context.Context) error { return d.sql.PingContext(ctx) }

// ExecContext runs a statement that returns no rows. Its error, if any, is
// classified (errors.Is(err, ErrUniqueViolation) and the like work).
func (d *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	start, on := d.begin(ctx)
	var res sql.Result
	var err error
	if st := d.stmts.get(ctx, query); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = d.sql.ExecContext(ctx, query, args...)
	}
	if on {
		d.end(ctx, start, query, len(args), res, err)
	}
	return res, d.classify(err)
}

// QueryContext runs a statement that returns rows. The caller must close
// the rows. The logged duration is the time to the first row.
func (d *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	start, on := d.begin(ctx)
	var rows *sql.Rows
	var err error
	if st := d.stmts.get(ctx, query); st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = d.sql.QueryContext(ctx, query, args...)
	}
	if on {
		d.end(ctx, start, query, len(args), nil, err)
	}
	return rows, d.classify(err)
}

// QueryRowContext runs a statement expected to return at most one row.
// Errors are deferred to the Row's Scan, and are not classified there:
// pass them to [ClassifyError] when it matters.
func (d *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	start, on := d.begin(ctx)
	var row *sql.Row
	if st := d.stmts.get(ctx, query); st != nil {
		row = st.QueryRowContext(ctx, args...)
	} else {
		row = d.sql.QueryRowContext(ctx, query, args...)
	}
	if on {
		d.end(ctx, start, query, len(args), nil, row.Err())
	}
	return row
}

// begin reports whether the statement must be timed: only when something
// will read the time, so the common production case (no DEBUG, no query
// log, no slow-query threshold) costs one Enabled call and one context
// lookup.
func (d *DB) begin(ctx context.Context) (time.Time, bool) {
	if d.slow > 0 || queryLogFrom(ctx) != nil || d.log.Enabled(ctx, slog.LevelDebug) {
		return time.Now(), true
	}
	return time.Time{}, false
}

// end records and logs one statement. Argument values are never logged:
// they may hold passwords and personal data.
func (d *DB) end(ctx context.Context, start time.Time, query string, nargs int, res sql.Result, err error) {
	dur := time.Since(start)
	if l := queryLogFrom(ctx); l != nil {
		l.add(query, dur)
	}
	level := slog.LevelDebug
	msg := "query"
	if d.slow > 0 && dur > d.slow {
		level, msg = slog.LevelWarn, "slow query"
	}
	if !d.log.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 6)
	attrs = append(attrs,
		slog.String("db", d.alias),
		slog.String("sql", query),
		slog.Int("args", nargs),
		slog.Duration("duration", dur),
	)
	if res != nil && err == nil {
		if n, rerr := res.RowsAffected(); rerr == nil {
			attrs = append(attrs, slog.Int64("rows", n))
		}
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	d.log.LogAttrs(ctx, level, msg, attrs...)
}

func (d *DB) classify(err error) error {
	if err == nil {
		return nil
	}
	return ClassifyError(d.dialect, err)
}

// logControl logs a transaction-control statement (BEGIN, COMMIT,
// SAVEPOINT...). These are not recorded in the QueryLog, so counting
// queries measures the work, not the transaction framing.
func (d *DB) logControl(ctx context.Context, stmt string, err error) {
	if !d.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	if err != nil {
		d.log.LogAttrs(ctx, slog.LevelDebug, "transaction", slog.String("db", d.alias), slog.String("sql", stmt), slog.String("error", err.Error()))
		return
	}
	d.log.LogAttrs(ctx, slog.LevelDebug, "transaction", slog.String("db", d.alias), slog.String("sql", stmt))
}
