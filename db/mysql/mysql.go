package mysql

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	driver "github.com/go-sql-driver/mysql"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/internal/sqlconv"
)

// Dialect is the MySQL and MariaDB dialect. It is stateless and safe for
// concurrent use.
type Dialect struct{}

var _ db.Dialect = Dialect{}

func init() {
	db.Register("mysql", db.Backend{Dialect: Dialect{}, Connect: connect})
}

// sqlMode is set on every connection: strict (bad values are errors, not
// warnings), no zero dates, backticks for identifiers (ANSI_QUOTES off),
// and standard string literals (NO_BACKSLASH_ESCAPES), so that LIKE ...
// ESCAPE '\' reads the same as on the other databases.
const sqlMode = "STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,NO_BACKSLASH_ESCAPES"

// connect turns mysql://user:pw@host:port/name?params into the driver's
// configuration. Jazz's settings come first and query parameters of the
// URL (the driver's DSN parameters, such as tls=true or timeout=5s) may
// override them; socket=/path connects through a Unix socket.
func connect(rawURL string) (db.Connection, error) {
	cfg, err := config(rawURL)
	if err != nil {
		return db.Connection{}, err
	}
	conn, err := driver.NewConnector(cfg)
	if err != nil {
		return db.Connection{}, fmt.Errorf("db/mysql: %w", err)
	}
	return db.Connection{
		Connector: conn,
		// Below the server's wait_timeout (8 hours by default) and the
		// idle timeouts of proxies, so the pool never hands out a
		// connection the server has already closed.
		// A bounded pool: an unbounded one lets a burst of requests
		// exhaust the server's max_connections (100 by default on
		// PostgreSQL, 151 on MySQL) and fail every other client.
		Defaults: db.Options{MaxOpenConns: 20, MaxIdleConns: 10, ConnMaxLifetime: 30 * time.Minute, ConnMaxIdleTime: 5 * time.Minute},
	}, nil
}

// config translates the URL into the driver's configuration.
func config(rawURL string) (*driver.Config, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("db/mysql: bad database URL: %w", errors.Unwrap(err))
	}
	cfg := driver.NewConfig()
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	q := u.Query()
	if sock := q.Get("socket"); sock != "" {
		cfg.Net, cfg.Addr = "unix", sock
		q.Del("socket")
	} else {
		cfg.Net = "tcp"
		host, port := u.Hostname(), u.Port()
		if host == "" {
			host = "127.0.0.1"
		}
		if port == "" {
			port = "3306"
		}
		cfg.Addr = net.JoinHostPort(host, port)
	}
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	if cfg.DBName == "" || strings.Contains(cfg.DBName, "/") {
		return nil, errors.New("db/mysql: database URL needs a database name: mysql://user:password@host:3306/name")
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.Collation = "utf8mb4_unicode_ci"
	cfg.MultiStatements = false
	cfg.InterpolateParams = false
	cfg.Params = map[string]string{
		"time_zone": "'+00:00'",
		"sql_mode":  "'" + sqlMode + "'",
	}
	dsn := cfg.FormatDSN()
	if len(q) > 0 {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		dsn += sep + q.Encode()
	}
	cfg, err = driver.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("db/mysql: bad parameter in database URL: %w", err)
	}
	return cfg, nil
}

var style = sqlconv.Style{Name: "db/mysql"}

// Name returns "mysql".
func (Dialect) Name() string { return "mysql" }

// Features describes MySQL 8.0.16+ and MariaDB 10.6+, keeping to what
// both do (MySQL has no RETURNING, MariaDB no FOR UPDATE OF).
func (Dialect) Features() db.Features {
	return db.Features{
		CanReturnRows:                false,
		CanReturnRowsFromBulkInsert:  false,
		TransactionalDDL:             false,
		SupportsPartialIndexes:       false,
		SupportsCheckConstraints:     true,
		HasSelectForUpdate:           true,
		HasSelectForUpdateSkipLocked: true,
		HasSelectForUpdateNowait:     true,
		HasNativeUUID:                false,
		HasNativeJSON:                true,
		HasNativeDuration:            false,
		SupportsTimezones:            false,
		NullsOrderSyntax:             false,
		MaxPlaceholders:              65535,
		MaxNameLength:                64,
		SavepointsWork:               true,
	}
}

// Quote quotes ident with backticks.
func (Dialect) Quote(ident string) string { return sqlconv.QuoteWith(ident, '`') }

// Placeholder returns "?".
func (Dialect) Placeholder(int) string { return "?" }

// ColumnType maps kinds to MySQL types: decimal(p,s), datetime(6) and
// time(6) holding UTC, char(32) hex UUIDs (Django's format), json,
// longtext, longblob, and bigint microseconds for durations. KindChar
// needs a MaxLength. Indexes on varchar columns are limited to 3072
// bytes, so a UNIQUE or indexed varchar can be at most varchar(768) in
// utf8mb4; text columns are indexed on their first 255 characters.
func (Dialect) ColumnType(c db.Column) (string, error) {
	switch c.Kind {
	case db.KindAuto:
		return "bigint AUTO_INCREMENT", nil
	case db.KindBool:
		return "bool", nil
	case db.KindInt16:
		return "smallint", nil
	case db.KindInt32:
		return "integer", nil
	case db.KindInt64, db.KindDuration:
		return "bigint", nil
	case db.KindFloat64:
		return "double precision", nil
	case db.KindDecimal:
		if c.MaxDigits <= 0 {
			return "", fmt.Errorf("db/mysql: decimal column %q needs MaxDigits (and Decimals)", c.Name)
		}
		return "decimal(" + strconv.Itoa(c.MaxDigits) + ", " + strconv.Itoa(c.Decimals) + ")", nil
	case db.KindChar:
		if c.MaxLength <= 0 {
			return "", fmt.Errorf("db/mysql: char column %q needs a MaxLength (or use a text column)", c.Name)
		}
		return "varchar(" + strconv.Itoa(c.MaxLength) + ")", nil
	case db.KindText:
		return "longtext", nil
	case db.KindBinary:
		return "longblob", nil
	case db.KindDate:
		return "date", nil
	case db.KindDateTime:
		return "datetime(6)", nil
	case db.KindTime:
		return "time(6)", nil
	case db.KindUUID:
		return "char(32)", nil
	case db.KindJSON:
		return "json", nil
	}
	return "", fmt.Errorf("db/mysql: column %q has unknown kind %d", c.Name, c.Kind)
}

// Operator: columns use utf8mb4_unicode_ci, which compares without case,
// so the i-lookups are plain comparisons and the case-sensitive ones
// compare binary strings (= BINARY, LIKE BINARY, REGEXP BINARY). A
// comparison with BINARY cannot use an index on a text column. regex uses
// the server's library (PCRE on MariaDB, ICU on MySQL 8).
func (Dialect) Operator(op, lhs, rhs string) (string, bool) {
	switch op {
	case "exact":
		return lhs + " = BINARY " + rhs, true
	case "iexact":
		return lhs + " = " + rhs, true
	case "contains", "startswith", "endswith":
		return lhs + " LIKE BINARY " + rhs + ` ESCAPE '\'`, true
	case "icontains", "istartswith", "iendswith":
		return lhs + " LIKE " + rhs + ` ESCAPE '\'`, true
	case "gt":
		return lhs + " > " + rhs, true
	case "gte":
		return lhs + " >= " + rhs, true
	case "lt":
		return lhs + " < " + rhs, true
	case "lte":
		return lhs + " <= " + rhs, true
	case "regex":
		return lhs + " REGEXP BINARY " + rhs, true
	case "iregex":
		return lhs + " REGEXP " + rhs, true
	}
	return "", false
}

// EscapeLike escapes \, % and _ with a backslash.
func (Dialect) EscapeLike(s string) string { return sqlconv.EscapeLike(s) }

// DatePart uses MySQL's date functions on UTC values (DAYOFWEEK already
// counts 1 = Sunday).
func (Dialect) DatePart(part, expr string) (string, error) {
	f := map[string]string{"year": "YEAR", "month": "MONTH", "day": "DAYOFMONTH", "week_day": "DAYOFWEEK",
		"hour": "HOUR", "minute": "MINUTE", "second": "SECOND", "date": "DATE"}
	if fn, ok := f[part]; ok {
		return fn + "(" + expr + ")", nil
	}
	return "", fmt.Errorf("db/mysql: unknown date part %q (use year, month, day, week_day, hour, minute, second or date)", part)
}

// LimitOffset writes LIMIT and OFFSET; an offset alone needs the largest
// LIMIT, as MySQL has no OFFSET without LIMIT.
func (Dialect) LimitOffset(limit, offset int64) string {
	switch {
	case limit < 0 && offset <= 0:
		return ""
	case limit < 0:
		return "LIMIT 18446744073709551615 OFFSET " + strconv.FormatInt(offset, 10)
	case offset <= 0:
		return "LIMIT " + strconv.FormatInt(limit, 10)
	}
	return "LIMIT " + strconv.FormatInt(limit, 10) + " OFFSET " + strconv.FormatInt(offset, 10)
}

// ForUpdate writes FOR UPDATE [NOWAIT | SKIP LOCKED]. OF is refused:
// MariaDB does not have it.
func (Dialect) ForUpdate(opts db.LockOptions) (string, error) {
	if opts.NoWait && opts.SkipLocked {
		return "", errors.New("db/mysql: FOR UPDATE cannot be both NOWAIT and SKIP LOCKED; choose one")
	}
	if len(opts.Of) > 0 {
		return "", errors.New("db/mysql: FOR UPDATE OF is not supported by MariaDB; lock without Of")
	}
	switch {
	case opts.NoWait:
		return "FOR UPDATE NOWAIT", nil
	case opts.SkipLocked:
		return "FOR UPDATE SKIP LOCKED", nil
	}
	return "FOR UPDATE", nil
}

// Returning returns "": MySQL has no RETURNING (use LastInsertId).
func (Dialect) Returning([]string) string { return "" }

// Upsert writes ON DUPLICATE KEY UPDATE col = VALUES(col). MySQL finds the
// conflict through any unique key, so conflict only serves when update is
// empty: the row is then left as it is.
func (Dialect) Upsert(conflict, update []string) string {
	if len(update) == 0 {
		if len(conflict) == 0 {
			return ""
		}
		return "ON DUPLICATE KEY UPDATE " + conflict[0] + " = " + conflict[0]
	}
	sets := make([]string, len(update))
	for i, c := range update {
		sets[i] = c + " = VALUES(" + c + ")"
	}
	return "ON DUPLICATE KEY UPDATE " + strings.Join(sets, ", ")
}

// InsertDefaults returns INSERT INTO `table` () VALUES (); table is
// unquoted.
func (d Dialect) InsertDefaults(table string) string {
	return "INSERT INTO " + d.Quote(table) + " () VALUES ()"
}

// RandomOrder returns RAND().
func (Dialect) RandomOrder() string { return "RAND()" }

// NullsOrder emulates NULLS FIRST/LAST by sorting on "expr IS NULL" first.
func (Dialect) NullsOrder(expr string, desc, nullsFirst bool) string {
	return sqlconv.NullsOrderEmulated(expr, desc, nullsFirst)
}

// CreateTable writes an InnoDB utf8mb4 CREATE TABLE, then its indexes.
// Foreign keys are checked at once (InnoDB cannot defer them); partial
// unique constraints are left out and partial indexes cover the whole
// table, as MySQL has no partial indexes. Generated names fit in 64 bytes.
func (d Dialect) CreateTable(t db.Table) []string {
	return sqlconv.DDL{
		Quote: d.Quote, ColumnType: d.ColumnType,
		TableSuffix: " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
		MaxName:     64,
		IndexColumn: func(t db.Table, col string) string {
			for _, c := range t.Columns {
				if c.Name == col && (c.Kind == db.KindText || c.Kind == db.KindBinary) {
					return d.Quote(col) + "(255)"
				}
			}
			return d.Quote(col)
		},
	}.CreateTable(t)
}

// DropTable returns DROP TABLE `name`.
func (d Dialect) DropTable(name string) string { return "DROP TABLE " + d.Quote(name) }

// ConvertValue reads the driver's values (bytes for text, decimals and
// times of day; time.Time in UTC for dates and datetimes) into the ORM's
// Go forms.
func (Dialect) ConvertValue(kind db.Kind, v any) (any, error) { return style.Convert(kind, v) }

// BindValue writes datetimes as UTC time.Time truncated to the
// microsecond, UUIDs as 32 hex digits, decimals and JSON as text and
// durations as microseconds.
func (Dialect) BindValue(kind db.Kind, v any) (any, error) { return style.Bind(kind, v) }

// Classify reads the error number of a *mysql.MySQLError.
func (Dialect) Classify(err error) error {
	var e *driver.MySQLError
	if !errors.As(err, &e) {
		return nil
	}
	switch e.Number {
	case 1062, 1586:
		return db.ErrUniqueViolation
	case 1451, 1452, 1216, 1217:
		return db.ErrForeignKey
	case 1048, 1364:
		return db.ErrNotNull
	case 3819, 4025:
		return db.ErrCheck
	case 1213, 1205:
		return db.ErrRetryable
	}
	return nil
}
