package sqlite

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/internal/sqlconv"
)

// Dialect is the SQLite dialect. It is stateless and safe for concurrent
// use.
type Dialect struct{}

var _ db.Dialect = Dialect{}

func init() {
	db.Register("sqlite", db.Backend{Dialect: Dialect{}, Connect: connect})
	msqlite.MustRegisterDeterministicScalarFunction("regexp", 2, regexpFunc)
}

// busyTimeoutMS is how long a connection waits for the write lock before
// failing with SQLITE_BUSY (classified as db.ErrRetryable).
const busyTimeoutMS = 5000

// pragmas run on every new connection.
var pragmas = []string{
	"busy_timeout(" + strconv.Itoa(busyTimeoutMS) + ")",
	"journal_mode(WAL)",
	"foreign_keys(ON)",
	"synchronous(NORMAL)",
	// LIKE is case-sensitive, as on the other databases; the i-lookups
	// use UPPER on both sides.
	"case_sensitive_like(ON)",
}

var memSeq atomic.Uint64

func pragmaName(p string) string {
	if i := strings.IndexAny(p, "(="); i >= 0 {
		p = p[:i]
	}
	return strings.ToLower(strings.TrimSpace(p))
}

func setsPragma(list []string, name string) bool {
	for _, p := range list {
		if pragmaName(p) == name {
			return true
		}
	}
	return false
}

func connect(rawURL string) (db.Connection, error) {
	rest, ok := strings.CutPrefix(rawURL, "sqlite://")
	if !ok {
		scheme, _, _ := strings.Cut(rawURL, "://")
		return db.Connection{}, fmt.Errorf("db/sqlite: URL scheme %q is not sqlite", scheme)
	}
	path, query, _ := strings.Cut(rest, "?")
	params, err := url.ParseQuery(query)
	if err != nil {
		return db.Connection{}, fmt.Errorf("db/sqlite: bad query in database URL: %w", err)
	}
	q := url.Values{}
	for _, p := range pragmas {
		// A PRAGMA the URL sets itself (?_pragma=busy_timeout(100)) wins.
		if !setsPragma(params["_pragma"], pragmaName(p)) {
			q.Add("_pragma", p)
		}
	}
	// Every transaction takes the write lock at BEGIN: a deferred
	// transaction that reads and then writes can fail to upgrade its lock
	// with SQLITE_BUSY at once, which busy_timeout cannot help.
	q.Set("_txlock", "immediate")
	for k, vs := range params {
		for _, v := range vs {
			q.Add(k, v)
		}
	}
	var dsn string
	// Preparing is a large share of a simple query's cost in SQLite, so
	// the DB keeps its statements prepared.
	c := db.Connection{StmtCache: 256}
	switch {
	case path == ":memory:":
		// A named shared-cache memory database is shared by the
		// connections of one DB only; the pinned connection keeps it alive
		// while the pool churns. Shared-cache locks are table locks that
		// do not wait for busy_timeout, so one connection serves the pool.
		q.Set("mode", "memory")
		q.Set("cache", "shared")
		dsn = "file:jazz-memory-" + strconv.FormatUint(memSeq.Add(1), 10) + "?" + q.Encode()
		c.Pin = true
		c.Defaults = db.Options{MaxOpenConns: 1, MaxIdleConns: 1}
	case strings.HasPrefix(path, "/") && len(path) > 1:
		file := path[1:] // sqlite:///rel.db -> rel.db; sqlite:////abs.db -> /abs.db
		if file == "" || strings.HasSuffix(file, "/") {
			return db.Connection{}, fmt.Errorf("db/sqlite: database URL has no file name; write sqlite:///relative.db or sqlite:////absolute/path.db")
		}
		file = filepath.Clean(file)
		dsn = "file:" + (&url.URL{Path: file}).EscapedPath() + "?" + q.Encode()
		n := max(4, runtime.NumCPU())
		c.Defaults = db.Options{MaxOpenConns: n, MaxIdleConns: n}
	default:
		return db.Connection{}, fmt.Errorf("db/sqlite: database URL needs a path; write sqlite:///relative.db, sqlite:////absolute/path.db or sqlite://:memory:")
	}
	conn, err := msqlite.NewConnector(dsn)
	if err != nil {
		return db.Connection{}, fmt.Errorf("db/sqlite: %w", err)
	}
	c.Connector = conn
	return c, nil
}

// regexp cache: patterns repeat (one per query shape), compiling is slow.
var (
	reMu    sync.Mutex
	reCache = map[string]*regexp.Regexp{}
)

func regexpFunc(_ *msqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil || args[1] == nil {
		return nil, nil
	}
	pat, ok1 := text(args[0])
	s, ok2 := text(args[1])
	if !ok1 || !ok2 {
		return nil, errors.New("regexp: arguments must be text")
	}
	reMu.Lock()
	re, ok := reCache[pat]
	reMu.Unlock()
	if !ok {
		var err error
		if re, err = regexp.Compile(pat); err != nil {
			return nil, fmt.Errorf("regexp: %w", err)
		}
		reMu.Lock()
		if len(reCache) > 256 {
			clear(reCache)
		}
		reCache[pat] = re
		reMu.Unlock()
	}
	if re.MatchString(s) {
		return int64(1), nil
	}
	return int64(0), nil
}

func text(v driver.Value) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	}
	return "", false
}

var style = sqlconv.Style{Name: "db/sqlite", DateTimeText: true}

// Name returns "sqlite".
func (Dialect) Name() string { return "sqlite" }

// Features describes SQLite 3.4x as built into modernc.org/sqlite.
func (Dialect) Features() db.Features {
	return db.Features{
		CanReturnRows:                true,
		CanReturnRowsFromBulkInsert:  true,
		TransactionalDDL:             true,
		SupportsPartialIndexes:       true,
		SupportsCheckConstraints:     true,
		HasSelectForUpdate:           false,
		HasSelectForUpdateSkipLocked: false,
		HasSelectForUpdateNowait:     false,
		HasNativeUUID:                false,
		HasNativeJSON:                false,
		HasNativeDuration:            false,
		SupportsTimezones:            false,
		NullsOrderSyntax:             true,
		MaxPlaceholders:              32766,
		SavepointsWork:               true,
	}
}

// Quote quotes ident with double quotes.
func (Dialect) Quote(ident string) string { return sqlconv.QuoteWith(ident, '"') }

// Placeholder returns "?".
func (Dialect) Placeholder(int) string { return "?" }

// ColumnType maps kinds to SQLite types. The declared types matter for
// type affinity: decimals are "text" so that they stay exact (a NUMERIC
// column would turn them into 8-byte floats), which also means SQL
// comparisons on them compare text; dates, datetimes and times are ISO
// 8601 text in UTC; UUIDs are char(32) hex; JSON is text; durations are
// bigint microseconds. SQLite does not enforce varchar lengths.
func (Dialect) ColumnType(c db.Column) (string, error) {
	switch c.Kind {
	case db.KindAuto:
		return "integer", nil
	case db.KindBool:
		return "bool", nil
	case db.KindInt16:
		return "smallint", nil
	case db.KindInt32:
		return "integer", nil
	case db.KindInt64, db.KindDuration:
		return "bigint", nil
	case db.KindFloat64:
		return "real", nil
	case db.KindDecimal:
		return "text", nil
	case db.KindChar:
		if c.MaxLength > 0 {
			return "varchar(" + strconv.Itoa(c.MaxLength) + ")", nil
		}
		return "varchar", nil
	case db.KindText, db.KindJSON:
		return "text", nil
	case db.KindBinary:
		return "blob", nil
	case db.KindDate:
		return "date", nil
	case db.KindDateTime:
		return "datetime", nil
	case db.KindTime:
		return "time", nil
	case db.KindUUID:
		return "char(32)", nil
	}
	return "", fmt.Errorf("db/sqlite: column %q has unknown kind %d", c.Name, c.Kind)
}

// Operator: LIKE is made case-sensitive on every connection (PRAGMA
// case_sensitive_like), so the i-lookups compare UPPER of both sides.
// SQLite's UPPER folds ASCII letters only, so icontains and iexact are
// case-insensitive for ASCII only. regex and iregex use Go's regexp
// syntax (RE2) through a registered regexp function.
func (Dialect) Operator(op, lhs, rhs string) (string, bool) {
	switch op {
	case "exact":
		return lhs + " = " + rhs, true
	case "iexact":
		return "UPPER(" + lhs + ") = UPPER(" + rhs + ")", true
	case "contains", "startswith", "endswith":
		return lhs + " LIKE " + rhs + ` ESCAPE '\'`, true
	case "icontains", "istartswith", "iendswith":
		return "UPPER(" + lhs + ") LIKE UPPER(" + rhs + `) ESCAPE '\'`, true
	case "gt":
		return lhs + " > " + rhs, true
	case "gte":
		return lhs + " >= " + rhs, true
	case "lt":
		return lhs + " < " + rhs, true
	case "lte":
		return lhs + " <= " + rhs, true
	case "regex":
		return lhs + " REGEXP " + rhs, true
	case "iregex":
		return lhs + " REGEXP ('(?i)' || " + rhs + ")", true
	}
	return "", false
}

// EscapeLike escapes \, % and _ with a backslash.
func (Dialect) EscapeLike(s string) string { return sqlconv.EscapeLike(s) }

// DatePart uses strftime on the stored UTC text.
func (Dialect) DatePart(part, expr string) (string, error) {
	f := map[string]string{"year": "%Y", "month": "%m", "day": "%d", "hour": "%H", "minute": "%M", "second": "%S"}
	switch part {
	case "week_day":
		return "(CAST(strftime('%w', " + expr + ") AS INTEGER) + 1)", nil
	case "date":
		return "date(" + expr + ")", nil
	}
	if s, ok := f[part]; ok {
		return "CAST(strftime('" + s + "', " + expr + ") AS INTEGER)", nil
	}
	return "", fmt.Errorf("db/sqlite: unknown date part %q (use year, month, day, week_day, hour, minute, second or date)", part)
}

// LimitOffset writes LIMIT/OFFSET; SQLite needs LIMIT -1 for an offset
// alone.
func (Dialect) LimitOffset(limit, offset int64) string {
	switch {
	case limit < 0 && offset <= 0:
		return ""
	case limit < 0:
		return "LIMIT -1 OFFSET " + strconv.FormatInt(offset, 10)
	case offset <= 0:
		return "LIMIT " + strconv.FormatInt(limit, 10)
	}
	return "LIMIT " + strconv.FormatInt(limit, 10) + " OFFSET " + strconv.FormatInt(offset, 10)
}

// ForUpdate returns "": SQLite has no row locks, and every Jazz
// transaction on SQLite takes the database's write lock at BEGIN, so a
// second transaction waits (up to the busy timeout) until the first ends.
func (Dialect) ForUpdate(db.LockOptions) (string, error) { return "", nil }

// Returning writes RETURNING (SQLite 3.35+).
func (Dialect) Returning(cols []string) string {
	if len(cols) == 0 {
		return ""
	}
	return "RETURNING " + sqlconv.JoinQuoted(cols)
}

// Upsert writes ON CONFLICT (...) DO UPDATE SET, or DO NOTHING when
// update is empty.
func (Dialect) Upsert(conflict, update []string) string { return sqlconv.OnConflict(conflict, update) }

// InsertDefaults returns INSERT INTO "table" DEFAULT VALUES; table is
// unquoted.
func (d Dialect) InsertDefaults(table string) string {
	return "INSERT INTO " + d.Quote(table) + " DEFAULT VALUES"
}

// RandomOrder returns RANDOM().
func (Dialect) RandomOrder() string { return "RANDOM()" }

// NullsOrder uses NULLS FIRST/LAST (SQLite 3.30+).
func (Dialect) NullsOrder(expr string, desc, nullsFirst bool) string {
	return sqlconv.NullsOrderSyntax(expr, desc, nullsFirst)
}

// CreateTable writes CREATE TABLE with deferrable foreign keys and an
// AUTOINCREMENT primary key (ids are never reused), then its indexes.
func (d Dialect) CreateTable(t db.Table) []string {
	return sqlconv.DDL{
		Quote: d.Quote, ColumnType: d.ColumnType,
		AutoPK: "PRIMARY KEY AUTOINCREMENT", Deferrable: true, PartialIndexes: true,
	}.CreateTable(t)
}

// DropTable returns DROP TABLE "name".
func (d Dialect) DropTable(name string) string { return "DROP TABLE " + d.Quote(name) }

// ConvertValue reads SQLite's storage forms (integers for booleans, text
// for dates, decimals, UUIDs and JSON) into the ORM's Go forms.
func (Dialect) ConvertValue(kind db.Kind, v any) (any, error) { return style.Convert(kind, v) }

// BindValue writes datetimes as "YYYY-MM-DD HH:MM:SS.ffffff" UTC text,
// dates and times as text, UUIDs as 32 hex digits, JSON as text and
// durations as microseconds.
func (Dialect) BindValue(kind db.Kind, v any) (any, error) { return style.Bind(kind, v) }

// Classify reads SQLite's extended result codes.
func (Dialect) Classify(err error) error {
	var e *msqlite.Error
	if !errors.As(err, &e) {
		return nil
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return db.ErrUniqueViolation
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return db.ErrForeignKey
	case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return db.ErrNotNull
	case sqlite3.SQLITE_CONSTRAINT_CHECK:
		return db.ErrCheck
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return db.ErrRetryable
	}
	return nil
}
