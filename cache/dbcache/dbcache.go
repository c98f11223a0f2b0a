package dbcache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/db"
)

// Defaults used when the matching [Options] field is zero.
const (
	// DefaultMaxEntries is how many rows the table holds before culling
	// (Django's MAX_ENTRIES).
	DefaultMaxEntries = 300
	// DefaultCullFrequency: when full, 1/3 of the rows are culled
	// (Django's CULL_FREQUENCY).
	DefaultCullFrequency = 3
	// DefaultTimeout bounds every call that has no shorter deadline.
	DefaultTimeout = 2 * time.Second
)

// Options tune a [Backend]. The zero value gives Django's defaults.
type Options struct {
	// MaxEntries is the number of rows above which a write culls the
	// table first: expired rows go, then, if still too many, the
	// 1/CullFrequency of rows that expire soonest (rows that never expire
	// last). Zero means [DefaultMaxEntries]; negative turns culling (and
	// the COUNT(*) each write then runs) off.
	MaxEntries int
	// CullFrequency: 1/CullFrequency of the rows are culled when the table
	// is full; 1 empties it. Zero means [DefaultCullFrequency].
	CullFrequency int
	// Timeout bounds every call, including culling, when the caller's
	// context has no shorter deadline. Zero means [DefaultTimeout].
	Timeout time.Duration
	// Now is the clock deciding what has expired. Nil means time.Now;
	// tests set it to move time forward.
	Now func() time.Time
}

// Backend is a [cache.Backend] on a table of a SQL database (SQLite,
// PostgreSQL, MySQL/MariaDB), created by [CreateTable] or the
// createcachetable command ([NewCreateCacheTable]). It implements
// [cache.Incrementer] (read and update in one transaction, the row locked
// with SELECT ... FOR UPDATE where the database has row locks),
// [cache.ManyGetter], [cache.ManyDeleter] and [cache.Toucher].
//
// Expired rows are ignored by every read and removed by culling. When the
// caller's context carries a transaction of the same database (from
// [db.DB.Atomic]) the backend's statements join it, each write in its own
// savepoint: a rollback then undoes cache writes made in it, as Django's
// database cache does, and SQLite's single writer is not blocked by
// itself. Otherwise each statement runs on its own.
//
// Keys must be valid UTF-8 without NUL bytes (the column is text); others
// are [cache.ErrInvalidKey]. A Backend is safe for concurrent use.
type Backend struct {
	d       *db.DB
	table   string
	max     int
	cull    int
	timeout time.Duration
	now     func() time.Time
	maxArgs int
	sql     statements
}

// statements are the SQL texts the backend runs, built once in New.
type statements struct {
	get, set, insertNew, deleteExpiredKey, delete, touch, exists        string
	incrSelect, incrUpdate, count, deleteExpired, clearPrefix, clearAll string
	cullSelect                                                          string
	keyCol, table, valueCol                                             string
}

var (
	_ cache.Backend     = (*Backend)(nil)
	_ cache.Incrementer = (*Backend)(nil)
	_ cache.ManyGetter  = (*Backend)(nil)
	_ cache.ManyDeleter = (*Backend)(nil)
	_ cache.Toucher     = (*Backend)(nil)
)

// New returns a backend on table of d. It does not check that the table
// exists (a missing table makes every call fail, which a non-strict cache
// front treats as misses); create it with [CreateTable] or the
// createcachetable command. It fails for a nil d, an empty table name or
// negative CullFrequency or Timeout.
func New(d *db.DB, table string, opts Options) (*Backend, error) {
	if d == nil {
		return nil, errors.New("dbcache: New with a nil *db.DB; open the database first (db.Open)")
	}
	if table == "" {
		return nil, errors.New("dbcache: empty table name; use the name given to createcachetable")
	}
	if opts.CullFrequency < 0 || opts.Timeout < 0 {
		return nil, fmt.Errorf("dbcache: CullFrequency %d and Timeout %v must not be negative", opts.CullFrequency, opts.Timeout)
	}
	b := &Backend{d: d, table: table, max: opts.MaxEntries, cull: opts.CullFrequency, timeout: opts.Timeout, now: opts.Now}
	if b.max == 0 {
		b.max = DefaultMaxEntries
	}
	if b.cull == 0 {
		b.cull = DefaultCullFrequency
	}
	if b.timeout == 0 {
		b.timeout = DefaultTimeout
	}
	if b.now == nil {
		b.now = time.Now
	}
	b.maxArgs = d.Dialect().Features().MaxPlaceholders
	if b.maxArgs <= 0 || b.maxArgs > 500 {
		b.maxArgs = 500
	}
	b.sql = buildStatements(d.Dialect(), table)
	return b, nil
}

func buildStatements(dl db.Dialect, table string) statements {
	t, k, v, e := dl.Quote(table), dl.Quote(colKey), dl.Quote(colValue), dl.Quote(colExpires)
	p := dl.Placeholder
	// Placeholders are numbered in the order they appear, because "?"
	// dialects bind arguments by position.
	live := func(n int) string { return "(" + e + " IS NULL OR " + e + " > " + p(n) + ")" }
	forUpdate, _ := dl.ForUpdate(db.LockOptions{})
	if forUpdate != "" {
		forUpdate = " " + forUpdate
	}
	like, _ := dl.Operator("startswith", k, p(1))
	insert := "INSERT INTO " + t + " (" + k + ", " + v + ", " + e + ") VALUES (" + p(1) + ", " + p(2) + ", " + p(3) + ") "
	return statements{
		get:              "SELECT " + v + " FROM " + t + " WHERE " + k + " = " + p(1) + " AND " + live(2),
		set:              insert + dl.Upsert([]string{k}, []string{v, e}),
		insertNew:        insert + dl.Upsert([]string{k}, nil),
		deleteExpiredKey: "DELETE FROM " + t + " WHERE " + k + " = " + p(1) + " AND " + e + " IS NOT NULL AND " + e + " <= " + p(2),
		delete:           "DELETE FROM " + t + " WHERE " + k + " = " + p(1) + " AND " + live(2),
		touch:            "UPDATE " + t + " SET " + e + " = " + p(1) + " WHERE " + k + " = " + p(2) + " AND " + live(3),
		exists:           "SELECT 1 FROM " + t + " WHERE " + k + " = " + p(1) + " AND " + live(2),
		incrSelect:       "SELECT " + v + " FROM " + t + " WHERE " + k + " = " + p(1) + " AND " + live(2) + forUpdate,
		incrUpdate:       "UPDATE " + t + " SET " + v + " = " + p(1) + " WHERE " + k + " = " + p(2),
		count:            "SELECT COUNT(*) FROM " + t,
		deleteExpired:    "DELETE FROM " + t + " WHERE " + e + " IS NOT NULL AND " + e + " <= " + p(1),
		cullSelect:       "SELECT " + k + " FROM " + t + " ORDER BY " + dl.NullsOrder(e, false, false) + ", " + k + " ",
		clearPrefix:      "DELETE FROM " + t + " WHERE " + like,
		clearAll:         "DELETE FROM " + t,
		keyCol:           k,
		table:            t,
		valueCol:         v,
	}
}

// bound gives ctx the backend's timeout unless it already ends sooner.
func (b *Backend) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= b.timeout {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, b.timeout)
}

// inTx reports whether ctx carries a transaction of this backend's DB.
func (b *Backend) inTx(ctx context.Context) (*db.Tx, bool) {
	tx, ok := db.FromContext(ctx).(*db.Tx)
	return tx, ok && tx.DB() == b.d
}

// reader returns the querier reads use: the caller's transaction on this
// database, else the pool.
func (b *Backend) reader(ctx context.Context) db.Querier {
	if tx, ok := b.inTx(ctx); ok {
		return tx
	}
	return b.d
}

// write runs fn on the pool, or inside a savepoint of the caller's
// transaction so that a failing cache statement cannot abort it.
func (b *Backend) write(ctx context.Context, fn func(ctx context.Context, q db.Querier) error) error {
	if _, ok := b.inTx(ctx); !ok {
		return fn(ctx, b.d)
	}
	return b.d.Atomic(ctx, func(ctx context.Context) error { return fn(ctx, db.FromContext(ctx)) })
}

func (b *Backend) expires(ttl time.Duration) (any, error) {
	if ttl == 0 {
		return nil, nil
	}
	return b.d.Dialect().BindValue(db.KindDateTime, b.now().Add(ttl).UTC())
}

func (b *Backend) nowArg() (any, error) {
	return b.d.Dialect().BindValue(db.KindDateTime, b.now().UTC())
}

func checkKey(key string) error {
	if !utf8.ValidString(key) || strings.IndexByte(key, 0) >= 0 {
		return fmt.Errorf("dbcache: key %q: %w (the database cache needs UTF-8 keys; hash binary keys with cache.HashKey)", key, cache.ErrInvalidKey)
	}
	return nil
}

func wrap(op, key string, err error) error {
	if key == "" {
		return fmt.Errorf("dbcache: %s: %w", op, err)
	}
	return fmt.Errorf("dbcache: %s %q: %w", op, key, err)
}

// Get returns the value of key; a missing or expired row is found=false
// with a nil error.
func (b *Backend) Get(ctx context.Context, key string) ([]byte, bool, error) {
	if err := checkKey(key); err != nil {
		return nil, false, err
	}
	now, err := b.nowArg()
	if err != nil {
		return nil, false, wrap("get", key, err)
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	var v []byte
	err = b.reader(ctx).QueryRowContext(ctx, b.sql.get, key, now).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, wrap("get", key, err)
	}
	if v == nil {
		v = []byte{}
	}
	return v, true, nil
}

// Set stores value under key (an upsert), culling the table first when
// it is over MaxEntries. A negative ttl deletes the key.
func (b *Backend) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if ttl < 0 {
		_, err := b.Delete(ctx, key)
		return err
	}
	exp, err := b.expires(ttl)
	if err != nil {
		return wrap("set", key, err)
	}
	if value == nil {
		value = []byte{}
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	err = b.write(ctx, func(ctx context.Context, q db.Querier) error {
		if err := b.maybeCull(ctx, q); err != nil {
			return err
		}
		_, err := q.ExecContext(ctx, b.sql.set, key, value, exp)
		return err
	})
	if err != nil {
		return wrap("set", key, err)
	}
	return nil
}

// Add inserts value only when key has no live row: an expired row is
// removed first, then the insert does nothing on a conflict, so of two
// concurrent Adds exactly one reports true. A negative ttl stores nothing
// and reports false.
func (b *Backend) Add(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := checkKey(key); err != nil {
		return false, err
	}
	if ttl < 0 {
		return false, nil
	}
	exp, err := b.expires(ttl)
	if err != nil {
		return false, wrap("add", key, err)
	}
	now, err := b.nowArg()
	if err != nil {
		return false, wrap("add", key, err)
	}
	if value == nil {
		value = []byte{}
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	var added bool
	err = b.write(ctx, func(ctx context.Context, q db.Querier) error {
		if err := b.maybeCull(ctx, q); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, b.sql.deleteExpiredKey, key, now); err != nil {
			return err
		}
		res, err := q.ExecContext(ctx, b.sql.insertNew, key, value, exp)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		added = n == 1
		return err
	})
	if err != nil {
		return false, wrap("add", key, err)
	}
	return added, nil
}

// Delete removes key and reports whether it held a live value. An expired
// row is left for culling.
func (b *Backend) Delete(ctx context.Context, key string) (bool, error) {
	if err := checkKey(key); err != nil {
		return false, err
	}
	now, err := b.nowArg()
	if err != nil {
		return false, wrap("delete", key, err)
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	var n int64
	err = b.write(ctx, func(ctx context.Context, q db.Querier) error {
		res, err := q.ExecContext(ctx, b.sql.delete, key, now)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, wrap("delete", key, err)
	}
	return n > 0, nil
}

// Touch sets key's expiry to ttl from now (0: never) and reports whether
// it held a live value. A negative ttl deletes the key.
func (b *Backend) Touch(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if err := checkKey(key); err != nil {
		return false, err
	}
	if ttl < 0 {
		return b.Delete(ctx, key)
	}
	exp, err := b.expires(ttl)
	if err != nil {
		return false, wrap("touch", key, err)
	}
	now, err := b.nowArg()
	if err != nil {
		return false, wrap("touch", key, err)
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	var ok bool
	err = b.write(ctx, func(ctx context.Context, q db.Querier) error {
		res, err := q.ExecContext(ctx, b.sql.touch, exp, key, now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n > 0 {
			ok = n > 0
			return err
		}
		// MySQL counts only rows it changed, so touching a row to the
		// expiry it already has reports 0: look for the row instead.
		var one int
		err = q.QueryRowContext(ctx, b.sql.exists, key, now).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		ok = err == nil
		return err
	})
	if err != nil {
		return false, wrap("touch", key, err)
	}
	return ok, nil
}

// Incr adds delta to the integer stored as decimal text under key, in one
// transaction that locks the row, keeping its expiry. A missing or
// expired key is [cache.ErrNotFound]; a value that is not a decimal int64,
// or a result that would overflow, is [cache.ErrNotInteger].
func (b *Backend) Incr(ctx context.Context, key string, delta int64) (int64, error) {
	if err := checkKey(key); err != nil {
		return 0, err
	}
	now, err := b.nowArg()
	if err != nil {
		return 0, wrap("incr", key, err)
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	var n int64
	err = b.d.Atomic(ctx, func(ctx context.Context) error {
		q := db.FromContext(ctx)
		var v []byte
		err := q.QueryRowContext(ctx, b.sql.incrSelect, key, now).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return cache.ErrNotFound
		}
		if err != nil {
			return err
		}
		old, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return fmt.Errorf("%w: %q", cache.ErrNotInteger, truncate(v))
		}
		n = old + delta
		if (delta > 0 && n < old) || (delta < 0 && n > old) {
			return fmt.Errorf("%w: %d%+d overflows int64", cache.ErrNotInteger, old, delta)
		}
		_, err = q.ExecContext(ctx, b.sql.incrUpdate, []byte(strconv.FormatInt(n, 10)), key)
		return err
	})
	if err != nil {
		return 0, wrap("incr", key, err)
	}
	return n, nil
}

func truncate(v []byte) string {
	if len(v) > 20 {
		return string(v[:20]) + "..."
	}
	return string(v)
}

// GetMany returns the live values of the keys found, in one query per
// batch of keys that fits the database's placeholder limit. The map is
// new and owned by the caller.
func (b *Backend) GetMany(ctx context.Context, keys []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(keys))
	for _, k := range keys {
		if err := checkKey(k); err != nil {
			return nil, err
		}
	}
	now, err := b.nowArg()
	if err != nil {
		return nil, wrap("get many", "", err)
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	q := b.reader(ctx)
	dl := b.d.Dialect()
	e := dl.Quote(colExpires)
	for len(keys) > 0 {
		batch := keys[:min(len(keys), b.maxArgs-1)]
		keys = keys[len(batch):]
		args := make([]any, 0, len(batch)+1)
		args = append(args, now)
		var sb strings.Builder
		sb.WriteString("SELECT " + b.sql.keyCol + ", " + b.sql.valueCol + " FROM " + b.sql.table +
			" WHERE (" + e + " IS NULL OR " + e + " > " + dl.Placeholder(1) + ") AND " + b.sql.keyCol + " IN (")
		for i, k := range batch {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(dl.Placeholder(i + 2))
			args = append(args, k)
		}
		sb.WriteString(")")
		if err := b.scanPairs(ctx, q, sb.String(), args, out); err != nil {
			return nil, wrap("get many", "", err)
		}
	}
	return out, nil
}

func (b *Backend) scanPairs(ctx context.Context, q db.Querier, query string, args []any, out map[string][]byte) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		if v == nil {
			v = []byte{}
		}
		out[k] = v
	}
	return rows.Err()
}

// DeleteMany removes the keys, in one statement per batch of keys that
// fits the database's placeholder limit.
func (b *Backend) DeleteMany(ctx context.Context, keys []string) error {
	for _, k := range keys {
		if err := checkKey(k); err != nil {
			return err
		}
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	err := b.write(ctx, func(ctx context.Context, q db.Querier) error {
		return b.deleteKeys(ctx, q, keys)
	})
	if err != nil {
		return wrap("delete many", "", err)
	}
	return nil
}

func (b *Backend) deleteKeys(ctx context.Context, q db.Querier, keys []string) error {
	dl := b.d.Dialect()
	for len(keys) > 0 {
		batch := keys[:min(len(keys), b.maxArgs)]
		keys = keys[len(batch):]
		args := make([]any, len(batch))
		var sb strings.Builder
		sb.WriteString("DELETE FROM " + b.sql.table + " WHERE " + b.sql.keyCol + " IN (")
		for i, k := range batch {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(dl.Placeholder(i + 1))
			args[i] = k
		}
		sb.WriteString(")")
		if _, err := q.ExecContext(ctx, sb.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// maybeCull makes room before a write when the table holds more than
// MaxEntries rows: it deletes the expired rows and then, if still over,
// the 1/CullFrequency of rows that expire soonest.
func (b *Backend) maybeCull(ctx context.Context, q db.Querier) error {
	if b.max < 0 {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, b.sql.count).Scan(&n); err != nil {
		return err
	}
	if n <= b.max {
		return nil
	}
	now, err := b.nowArg()
	if err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, b.sql.deleteExpired, now)
	if err != nil {
		return err
	}
	gone, err := res.RowsAffected()
	if err != nil {
		return err
	}
	n -= int(gone)
	if n <= b.max {
		return nil
	}
	if b.cull == 1 {
		_, err := q.ExecContext(ctx, b.sql.clearAll)
		return err
	}
	return b.cullOldest(ctx, q, n/b.cull)
}

// cullOldest deletes the limit rows that expire soonest (those that never
// expire last, ties by key). The keys are read first because MySQL cannot
// take LIMIT inside an IN subquery.
func (b *Backend) cullOldest(ctx context.Context, q db.Querier, limit int) error {
	if limit <= 0 {
		return nil
	}
	dl := b.d.Dialect()
	query := b.sql.cullSelect + dl.LimitOffset(int64(limit), 0)
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	keys := make([]string, 0, limit)
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return err
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return b.deleteKeys(ctx, q, keys)
}

// Clear deletes the rows whose key starts with prefix (LIKE with the
// prefix's wildcards escaped), or every row for an empty prefix.
func (b *Backend) Clear(ctx context.Context, prefix string) error {
	ctx, cancel := b.bound(ctx)
	defer cancel()
	err := b.write(ctx, func(ctx context.Context, q db.Querier) error {
		if prefix == "" {
			_, err := q.ExecContext(ctx, b.sql.clearAll)
			return err
		}
		_, err := q.ExecContext(ctx, b.sql.clearPrefix, b.d.Dialect().EscapeLike(prefix)+"%")
		return err
	})
	if err != nil {
		return wrap("clear", prefix, err)
	}
	return nil
}

// Close does nothing: the *db.DB belongs to the caller.
func (b *Backend) Close() error { return nil }
