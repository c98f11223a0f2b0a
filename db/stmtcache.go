package db

import (
	"container/list"
	"context"
	"database/sql"
	"strings"
	"sync"
)

// stmtCache keeps prepared statements by SQL text, least recently used
// first out. SQLite spends about a third of a simple SELECT parsing and
// planning it; preparing each distinct statement once per connection and
// reusing it removes that cost for the ORM's repeated query shapes and for
// any code that runs the same SQL again. database/sql re-prepares a Stmt
// on each connection that needs it, and SQLite re-prepares after a schema
// change by itself.
type stmtCache struct {
	db  *sql.DB
	max int

	mu sync.Mutex
	ll *list.List // of *cachedStmt, most recent first
	m  map[string]*list.Element
}

type cachedStmt struct {
	query string
	stmt  *sql.Stmt
}

func newStmtCache(d *sql.DB, max int) *stmtCache {
	return &stmtCache{db: d, max: max, ll: list.New(), m: make(map[string]*list.Element)}
}

// cacheable leaves out text with several statements: a prepared statement
// holds only the first, so running it would silently skip the rest.
func cacheable(query string) bool {
	i := strings.IndexByte(query, ';')
	return i < 0 || strings.TrimSpace(query[i+1:]) == ""
}

// get returns the prepared statement for query, preparing it on first use.
// A statement that fails to prepare is not cached: the caller runs the
// query unprepared and reports that error.
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	if c == nil || !cacheable(query) {
		return nil
	}
	c.mu.Lock()
	if e, ok := c.m[query]; ok {
		c.ll.MoveToFront(e)
		st := e.Value.(*cachedStmt).stmt
		c.mu.Unlock()
		return st
	}
	c.mu.Unlock()
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[query]; ok { // another goroutine won the race
		st.Close()
		c.ll.MoveToFront(e)
		return e.Value.(*cachedStmt).stmt
	}
	c.m[query] = c.ll.PushFront(&cachedStmt{query, st})
	for c.ll.Len() > c.max {
		old := c.ll.Remove(c.ll.Back()).(*cachedStmt)
		delete(c.m, old.query)
		// database/sql defers the real close while the statement is in
		// use on another goroutine, so its running queries finish.
		old.stmt.Close()
	}
	return st
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.m {
		e.Value.(*cachedStmt).stmt.Close()
	}
	c.m = map[string]*list.Element{}
	c.ll.Init()
}
