// Package mysql is Jazz's MySQL and MariaDB dialect, on
// github.com/go-sql-driver/mysql. Importing it registers the mysql://
// scheme with [db.Open]:
//
//	import _ "github.com/jazzgo/jazz/db/mysql"
//
//	db.Open(ctx, "mysql://app:secret@db:3306/site", db.Options{})
//	db.Open(ctx, "mysql://app@/site?socket=/run/mysqld/mysqld.sock", db.Options{})
//
// The URL becomes the driver's configuration with parseTime=true,
// loc=UTC, collation utf8mb4_unicode_ci, multiStatements=false, and on
// every connection time_zone='+00:00' and a strict sql_mode
// (STRICT_TRANS_TABLES, no zero dates, no ANSI_QUOTES so identifiers are
// quoted with backticks, NO_BACKSLASH_ESCAPES so string literals are
// standard SQL). Other query parameters are the driver's DSN parameters
// (tls, timeout, ...) and override these.
//
// utf8mb4_unicode_ci compares text without case, so exact, contains,
// startswith, endswith and regex compare BINARY strings to stay
// case-sensitive as on the other databases; such comparisons cannot use an
// index on the text column. Tables are InnoDB, utf8mb4. An index key is at
// most 3072 bytes: a unique or indexed varchar can be varchar(768) at
// most, and text columns are indexed on their first 255 characters.
// MySQL has no partial indexes (partial unique constraints are left out),
// no deferrable foreign keys, no transactional DDL, and no RETURNING.
//
// Storage: datetime(6) and time(6) in UTC, decimal(p,s), char(32) hex
// UUIDs (Django's format), json, longtext, longblob, and bigint
// microseconds for durations.
package mysql
