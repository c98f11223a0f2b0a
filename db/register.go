package db

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Backend is what a dialect package registers for its URL schemes with
// [Register]: the dialect, and how to turn a database URL into a driver
// connector.
type Backend struct {
	// Dialect is the dialect of every database opened through the backend.
	Dialect Dialect
	// Connect turns a database URL (the whole string, scheme included)
	// into a connector. It must not talk to the server: [Open] pings
	// afterwards. Errors should say which part of the URL is wrong and
	// never repeat a password.
	Connect func(rawURL string) (Connection, error)
}

// Connection is what [Backend.Connect] returns.
type Connection struct {
	// Connector opens driver connections for the pool.
	Connector driver.Connector
	// Defaults are the pool settings this backend recommends for the URL;
	// a field the caller set in [Options] wins over the matching default.
	Defaults Options
	// Pin, when true, makes Open hold one extra driver connection open
	// until [DB.Close], outside the pool, so that a database that lives
	// only as long as a connection to it (in-memory SQLite) survives the
	// pool closing and reopening its connections.
	Pin bool
	// StmtCache, when positive, keeps that many prepared statements per
	// DB, by SQL text (see stmtCache): worth it where preparing costs much
	// against running (SQLite). Zero prepares nothing ahead.
	StmtCache int
}

var backends = struct {
	sync.RWMutex
	m map[string]Backend
}{m: map[string]Backend{}}

// Register makes a backend available to [Open] under a URL scheme
// ("sqlite", "postgres"). Dialect packages call it from init. Schemes are
// case-insensitive. Register panics when scheme is empty, the backend has
// no Dialect or Connect, or the scheme is already registered: all are
// programming errors found at start-up. It is safe for concurrent use.
func Register(scheme string, b Backend) {
	scheme = strings.ToLower(scheme)
	if scheme == "" {
		panic("db: Register with an empty scheme")
	}
	if b.Dialect == nil || b.Connect == nil {
		panic(fmt.Sprintf("db: Register(%q): backend needs both a Dialect and a Connect function", scheme))
	}
	backends.Lock()
	defer backends.Unlock()
	if _, dup := backends.m[scheme]; dup {
		panic(fmt.Sprintf("db: Register called twice for scheme %q", scheme))
	}
	backends.m[scheme] = b
}

// Schemes returns the registered URL schemes, sorted. The slice is the
// caller's.
func Schemes() []string {
	backends.RLock()
	defer backends.RUnlock()
	out := make([]string, 0, len(backends.m))
	for s := range backends.m {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func lookupBackend(scheme string) (Backend, bool) {
	backends.RLock()
	defer backends.RUnlock()
	b, ok := backends.m[strings.ToLower(scheme)]
	return b, ok
}

// merge fills the zero fields of o from def.
func (o Options) merge(def Options) Options {
	if o.MaxOpenConns == 0 {
		o.MaxOpenConns = def.MaxOpenConns
	}
	if o.MaxIdleConns == 0 {
		o.MaxIdleConns = def.MaxIdleConns
	}
	if o.ConnMaxLifetime == 0 {
		o.ConnMaxLifetime = def.ConnMaxLifetime
	}
	if o.ConnMaxIdleTime == 0 {
		o.ConnMaxIdleTime = def.ConnMaxIdleTime
	}
	if o.Logger == nil {
		o.Logger = def.Logger
	}
	if o.SlowQuery == 0 {
		o.SlowQuery = def.SlowQuery
	}
	return o
}

// positive turns the "negative means none" convention of Options into the
// zero that database/sql uses for "no limit".
func positive[T int | time.Duration](v T) T {
	if v < 0 {
		return 0
	}
	return v
}
