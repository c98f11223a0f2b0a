package db

import (
	"context"
	"database/sql"
	"fmt"
)

// Conn is one connection of a [DB], held for work that needs the same
// database session from start to end: a session-level advisory lock, a
// session setting such as SQLite's PRAGMA foreign_keys (which cannot
// change inside a transaction), then transactions begun on that session.
// Statements are logged, recorded and classified as on the DB. Close
// returns the connection to the pool; a Conn is used by one goroutine at a
// time.
type Conn struct {
	c  *sql.Conn
	db *DB
}

var _ Querier = (*Conn)(nil)

// Conn takes a connection out of the pool until Close.
func (d *DB) Conn(ctx context.Context) (*Conn, error) {
	c, err := d.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("db: taking a connection from %s: %w", d.alias, d.classify(err))
	}
	return &Conn{c: c, db: d}, nil
}

// Dialect returns the dialect of the connection's database.
func (c *Conn) Dialect() Dialect { return c.db.dialect }

// DB returns the pool the connection belongs to.
func (c *Conn) DB() *DB { return c.db }

// Close returns the connection to the pool.
func (c *Conn) Close() error { return c.c.Close() }

// ExecContext runs a statement that returns no rows on this connection.
func (c *Conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	start, on := c.db.begin(ctx)
	res, err := c.c.ExecContext(ctx, query, args...)
	if on {
		c.db.end(ctx, start, query, len(args), res, err)
	}
	return res, c.db.classify(err)
}

// QueryContext runs a statement that returns rows on this connection.
func (c *Conn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	start, on := c.db.begin(ctx)
	rows, err := c.c.QueryContext(ctx, query, args...)
	if on {
		c.db.end(ctx, start, query, len(args), nil, err)
	}
	return rows, c.db.classify(err)
}

// QueryRowContext runs a statement expected to return at most one row.
func (c *Conn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	start, on := c.db.begin(ctx)
	row := c.c.QueryRowContext(ctx, query, args...)
	if on {
		c.db.end(ctx, start, query, len(args), nil, row.Err())
	}
	return row
}

// BeginTx starts a transaction on this connection. The Tx behaves as one
// from [DB.BeginTx]; the connection must not be used for anything else
// until it ends.
func (c *Conn) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := c.c.BeginTx(ctx, opts)
	c.db.logControl(ctx, "BEGIN", err)
	if err != nil {
		return nil, c.db.classify(err)
	}
	return &Tx{tx: tx, db: c.db}, nil
}
