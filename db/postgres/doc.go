// Package postgres is Jazz's PostgreSQL dialect, on pgx
// (github.com/jackc/pgx/v5, through its database/sql driver). Importing
// it registers the postgres:// and postgresql:// schemes with [db.Open]:
//
//	import _ "github.com/jazzgo/jazz/db/postgres"
//
//	db.Open(ctx, "postgres://app:secret@db:5432/site?sslmode=require", db.Options{})
//
// The URL is read by pgx (libpq's parameters: sslmode, connect_timeout,
// ...); any other query parameter is set on every connection, so
// ?search_path=tenant1 works. Connections use timezone=UTC unless the URL
// sets one, so date parts and ::date casts are computed in UTC.
//
// Storage: datetimes are timestamptz, UUIDs native uuid, JSON jsonb,
// decimals numeric(p,s); durations are bigint microseconds (not interval)
// so that every dialect stores them alike. Foreign keys are DEFERRABLE
// INITIALLY DEFERRED: inside a transaction they are checked at COMMIT.
// regex/iregex use POSIX regular expressions (~ and ~*).
package postgres
