package db

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strconv"
	"sync"
)

// Tx is a transaction on a [DB]. It runs statements like the DB does
// (logged, recorded, classified). [DB.Atomic] manages one for you; a Tx
// from [DB.BeginTx] must end with Commit or Rollback. Like [sql.Tx], a Tx
// is used by one goroutine at a time; [OnCommit] may be called from any.
type Tx struct {
	tx *sql.Tx
	db *DB

	mu    sync.Mutex
	hooks []func()
	seq   int
	done  bool
}

type (
	txKey struct{}
	dbKey struct{}
)

// WithDB returns a context carrying d, for [FromContext] and the
// package-level [Atomic]. A nil d is allowed and hides any DB of ctx.
func WithDB(ctx context.Context, d *DB) context.Context {
	return context.WithValue(ctx, dbKey{}, d)
}

// WithTx returns a context carrying tx, so that [FromContext], [Atomic]
// and [OnCommit] use it. [DB.Atomic] does this itself; it is needed only
// with a Tx from [DB.BeginTx].
func WithTx(ctx context.Context, tx *Tx) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// FromContext returns the innermost transaction of ctx, else its DB (see
// [WithDB]), else nil.
func FromContext(ctx context.Context) Querier {
	if tx := txFrom(ctx); tx != nil {
		return tx
	}
	if d := dbFrom(ctx); d != nil {
		return d
	}
	return nil
}

func txFrom(ctx context.Context) *Tx {
	tx, _ := ctx.Value(txKey{}).(*Tx)
	return tx
}

func dbFrom(ctx context.Context) *DB {
	d, _ := ctx.Value(dbKey{}).(*DB)
	return d
}

// Atomic runs fn in a transaction on the database of ctx: a savepoint in
// the transaction ctx already carries, else a new transaction on the DB
// attached with [WithDB]. It returns [ErrNoDatabase] when ctx has neither.
// See [DB.Atomic].
func Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if tx := txFrom(ctx); tx != nil {
		return tx.db.Atomic(ctx, fn)
	}
	if d := dbFrom(ctx); d != nil {
		return d.Atomic(ctx, fn)
	}
	return ErrNoDatabase
}

// OnCommit arranges for f to run after the outermost transaction of ctx
// commits, in the order the hooks were added. Hooks added inside a
// savepoint that rolls back, or in a transaction that rolls back, never
// run. When ctx carries no transaction, f runs at once (there is nothing
// to wait for). A panic in f propagates to the caller of the commit, after
// the commit. Safe for concurrent use.
func OnCommit(ctx context.Context, f func()) {
	tx := txFrom(ctx)
	if tx == nil {
		f()
		return
	}
	tx.mu.Lock()
	if tx.done {
		// The transaction is over (a hook of it adding another): nothing
		// is left to wait for.
		tx.mu.Unlock()
		f()
		return
	}
	tx.hooks = append(tx.hooks, f)
	tx.mu.Unlock()
}

// BeginTx starts a transaction. Prefer [DB.Atomic], which commits, rolls
// back and nests for you. On SQLite every transaction takes the write lock
// at BEGIN (see db/sqlite), so a read-only opts still serialises.
func (d *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := d.sql.BeginTx(ctx, opts)
	d.logControl(ctx, "BEGIN", err)
	if err != nil {
		return nil, d.classify(err)
	}
	return &Tx{tx: tx, db: d}, nil
}

// Atomic runs fn inside a transaction and commits when fn returns nil.
// When ctx already carries a transaction of d, fn runs inside a SAVEPOINT
// of it instead, so Atomic nests: an inner failure rolls back only the
// inner work and the outer fn may carry on. fn receives a context that
// carries the transaction; run every statement with it (through
// [FromContext]).
//
// When fn returns an error, or panics, or calls runtime.Goexit (as
// t.FailNow does), the transaction (or savepoint) rolls back and the error
// is returned unchanged, or the panic continues. Hooks added with
// [OnCommit] run after the outermost commit; those of rolled-back work are
// dropped. A failed COMMIT is returned classified, so retry on
// errors.Is(err, [ErrRetryable]).
func (d *DB) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if tx := txFrom(ctx); tx != nil && tx.db == d {
		return tx.savepoint(ctx, fn)
	}
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	ctx = WithTx(ctx, tx)
	finished := false
	defer func() {
		if !finished {
			// fn panicked or called Goexit: undo, and let it continue.
			tx.rollbackQuietly(ctx)
		}
	}()
	err = fn(ctx)
	finished = true
	if err != nil {
		tx.rollbackQuietly(ctx)
		return err
	}
	return tx.commit(ctx)
}

func (tx *Tx) savepoint(ctx context.Context, fn func(ctx context.Context) error) error {
	tx.mu.Lock()
	tx.seq++
	name := tx.db.dialect.Quote("jazz_sp_" + strconv.Itoa(tx.seq))
	mark := len(tx.hooks)
	tx.mu.Unlock()

	if err := tx.control(ctx, "SAVEPOINT "+name); err != nil {
		return err
	}
	finished := false
	defer func() {
		if !finished {
			tx.rollbackTo(ctx, name, mark)
		}
	}()
	err := fn(ctx)
	finished = true
	if err != nil {
		tx.rollbackTo(ctx, name, mark)
		return err
	}
	return tx.control(ctx, "RELEASE SAVEPOINT "+name)
}

func (tx *Tx) rollbackTo(ctx context.Context, name string, mark int) {
	tx.mu.Lock()
	tx.hooks = tx.hooks[:mark:mark]
	tx.mu.Unlock()
	if err := tx.control(ctx, "ROLLBACK TO SAVEPOINT "+name); err != nil {
		tx.db.log.LogAttrs(ctx, slog.LevelWarn, "rollback to savepoint failed", slog.String("db", tx.db.alias), slog.String("error", err.Error()))
		return
	}
	// PostgreSQL keeps a savepoint after rolling back to it; release it so
	// that names do not pile up in a long transaction.
	_ = tx.control(ctx, "RELEASE SAVEPOINT "+name)
}

func (tx *Tx) control(ctx context.Context, stmt string) error {
	_, err := tx.tx.ExecContext(ctx, stmt)
	tx.db.logControl(ctx, stmt, err)
	return tx.db.classify(err)
}

// Commit commits the transaction, then runs the [OnCommit] hooks in
// order. A failed commit drops the hooks and returns a classified error.
func (tx *Tx) Commit() error { return tx.commit(context.Background()) }

func (tx *Tx) commit(ctx context.Context) error {
	err := tx.tx.Commit()
	tx.db.logControl(ctx, "COMMIT", err)
	tx.mu.Lock()
	hooks := tx.hooks
	tx.hooks = nil
	tx.done = true
	tx.mu.Unlock()
	if err != nil {
		return tx.db.classify(err)
	}
	for _, h := range hooks {
		h()
	}
	return nil
}

// Rollback rolls the transaction back and drops its [OnCommit] hooks.
// After a commit or rollback it returns [sql.ErrTxDone].
func (tx *Tx) Rollback() error {
	err := tx.tx.Rollback()
	tx.db.logControl(context.Background(), "ROLLBACK", err)
	tx.mu.Lock()
	tx.hooks = nil
	tx.done = true
	tx.mu.Unlock()
	return err
}

func (tx *Tx) rollbackQuietly(ctx context.Context) {
	err := tx.tx.Rollback()
	tx.db.logControl(ctx, "ROLLBACK", err)
	tx.mu.Lock()
	tx.hooks = nil
	tx.done = true
	tx.mu.Unlock()
	if err != nil && !errors.Is(err, sql.ErrTxDone) {
		tx.db.log.LogAttrs(ctx, slog.LevelWarn, "rollback failed", slog.String("db", tx.db.alias), slog.String("error", err.Error()))
	}
}

// Dialect returns the dialect of the transaction's database.
func (tx *Tx) Dialect() Dialect { return tx.db.dialect }

// DB returns the database the transaction runs on.
func (tx *Tx) DB() *DB { return tx.db }

// SQL returns the underlying transaction. Statements run through it are
// neither logged, recorded nor classified.
func (tx *Tx) SQL() *sql.Tx { return tx.tx }

// ExecContext is [DB.ExecContext] inside the transaction.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	start, on := tx.db.begin(ctx)
	res, err := tx.tx.ExecContext(ctx, query, args...)
	if on {
		tx.db.end(ctx, start, query, len(args), res, err)
	}
	return res, tx.db.classify(err)
}

// QueryContext is [DB.QueryContext] inside the transaction.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	start, on := tx.db.begin(ctx)
	rows, err := tx.tx.QueryContext(ctx, query, args...)
	if on {
		tx.db.end(ctx, start, query, len(args), nil, err)
	}
	return rows, tx.db.classify(err)
}

// QueryRowContext is [DB.QueryRowContext] inside the transaction.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	start, on := tx.db.begin(ctx)
	row := tx.tx.QueryRowContext(ctx, query, args...)
	if on {
		tx.db.end(ctx, start, query, len(args), nil, row.Err())
	}
	return row
}
