// Package db connects Jazz to its SQL databases: SQLite, PostgreSQL and
// MySQL/MariaDB, each described by a [Dialect] in its own subpackage.
//
//	import (
//		"github.com/jazzgo/jazz/db"
//		_ "github.com/jazzgo/jazz/db/sqlite" // registers sqlite://
//	)
//
//	d, err := db.Open(ctx, "sqlite:///site.db", db.Options{})
//	...
//	err = d.Atomic(ctx, func(ctx context.Context) error {
//		_, err := db.FromContext(ctx).ExecContext(ctx, "UPDATE stock SET n = n - 1 WHERE id = ?", id)
//		return err
//	})
//
// # Opening
//
// [Open] takes a URL whose scheme picks the backend a dialect package
// registered ([Register]): sqlite:///relative.db, sqlite:////abs/path.db,
// sqlite://:memory:, postgres://user:pw@host:5432/name?sslmode=disable
// (or postgresql://) and mysql://user:pw@host:3306/name. An unknown
// scheme fails at start-up, naming the scheme. [OpenDatabases] opens a
// project's databases by alias, with read replicas and an optional
// [Router].
//
// # Statements
//
// [DB] and [Tx] run statements with a context first. Each one is logged
// at DEBUG on the "jazz.db" logger (SQL text, argument count, duration,
// rows affected; never argument values), at WARN when slower than
// Options.SlowQuery, and appended to the [QueryLog] of its context
// ([WithQueryLog]), which tests use to count queries. Errors that mean a
// constraint violation or a retryable conflict are wrapped in an [*Error]
// so that errors.Is(err, [ErrUniqueViolation]) or [ErrRetryable] works
// while the driver's error stays reachable with errors.As.
//
// # Transactions
//
// [DB.Atomic] (or [Atomic], which finds the database in the context) runs
// a function in a transaction; nested calls use savepoints, so an inner
// failure undoes only the inner work. The transaction travels in the
// context: code that takes a context and runs its SQL through
// [FromContext] joins the caller's transaction without knowing. [OnCommit]
// defers work (sending mail, clearing a cache) until the outermost commit
// and forgets it on rollback.
//
// The ORM builds SQL through [Dialect] only; package db/dbtest gives each
// test an empty database of each dialect and holds the conformance suite
// every dialect passes.
package db
