// Package sqlite is Jazz's SQLite dialect, on the pure-Go driver
// modernc.org/sqlite (no cgo: static binaries that cross-compile).
// Importing it registers the sqlite:// scheme with [db.Open]:
//
//	import _ "github.com/jazzgo/jazz/db/sqlite"
//
//	db.Open(ctx, "sqlite:///site.db", db.Options{})          // relative to the working directory
//	db.Open(ctx, "sqlite:////var/lib/site/site.db", db.Options{}) // absolute path
//	db.Open(ctx, "sqlite://:memory:", db.Options{})           // in memory
//
// Query parameters of the URL are passed to the driver (for example
// ?_pragma=cache_size(-20000)); a PRAGMA set there replaces Jazz's own.
//
// Every connection runs with journal_mode=WAL (readers never block the
// writer), busy_timeout=5000 (a writer waits up to 5 s for the lock, then
// fails with an error classified [db.ErrRetryable]), foreign_keys=ON,
// synchronous=NORMAL (durable at checkpoints, safe with WAL) and
// case_sensitive_like=ON (LIKE matches case as on the other databases).
//
// Writes serialise: SQLite has one writer at a time. Every transaction
// starts with BEGIN IMMEDIATE, taking the write lock at once, so two
// transactions that read then write wait for each other instead of
// failing to upgrade their locks; reads outside transactions run in
// parallel. The pool defaults to max(4, NumCPU) connections. SELECT ...
// FOR UPDATE has no row locks to take ([Dialect.ForUpdate] returns ""):
// the transaction's write lock already excludes other writers.
//
// sqlite://:memory: is one private in-memory database per [db.DB] (two
// Opens give two databases). It lives in a shared cache held open by a
// connection pinned outside the pool, so it survives the pool closing
// idle connections, and disappears on Close. Its pool has one connection
// (shared-cache table locks do not wait), so do not run a query while the
// rows of another are open outside a transaction.
//
// Storage: booleans are integers, datetimes are "YYYY-MM-DD
// HH:MM:SS.ffffff" text in UTC, decimals are text (exact, but compared as
// text in SQL), UUIDs 32 hex digits, JSON text and durations bigint
// microseconds. regex and iregex call a registered regexp(pattern, text)
// function using Go's RE2 syntax; the i-lookups fold ASCII letters only.
package sqlite
