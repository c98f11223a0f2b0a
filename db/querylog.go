package db

import (
	"context"
	"sync"
	"time"
)

// Query is one statement recorded in a [QueryLog].
type Query struct {
	SQL      string
	Duration time.Duration
}

// QueryLog records the statements run with a context, for tests that count
// queries (proving an N+1 became 1) and for debug toolbars. Transaction
// control (BEGIN, COMMIT, SAVEPOINT...) is not recorded. It is safe for
// concurrent use.
type QueryLog struct {
	parent  *QueryLog
	mu      sync.Mutex
	queries []Query
}

type queryLogKey struct{}

// WithQueryLog returns a context that records every statement run with it
// (or a context derived from it) through a [DB] or [Tx]. When ctx already
// records into a log, statements are recorded in both, so a test can
// count the queries of one call inside a request that counts its own.
func WithQueryLog(ctx context.Context) (context.Context, *QueryLog) {
	l := &QueryLog{parent: queryLogFrom(ctx)}
	return context.WithValue(ctx, queryLogKey{}, l), l
}

func queryLogFrom(ctx context.Context) *QueryLog {
	l, _ := ctx.Value(queryLogKey{}).(*QueryLog)
	return l
}

// QueryLogFrom returns the innermost query log ctx carries, or nil: the
// request's log inside a Jazz project with QueryLogMiddleware, for a debug
// toolbar or a test.
func QueryLogFrom(ctx context.Context) *QueryLog { return queryLogFrom(ctx) }

func (l *QueryLog) add(sql string, d time.Duration) {
	for ; l != nil; l = l.parent {
		l.mu.Lock()
		l.queries = append(l.queries, Query{SQL: sql, Duration: d})
		l.mu.Unlock()
	}
}

// Count returns the number of statements recorded so far.
func (l *QueryLog) Count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.queries)
}

// Queries returns a copy of the statements recorded so far, oldest first.
func (l *QueryLog) Queries() []Query {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Query(nil), l.queries...)
}

// Reset forgets the statements recorded so far.
func (l *QueryLog) Reset() {
	l.mu.Lock()
	l.queries = nil
	l.mu.Unlock()
}
