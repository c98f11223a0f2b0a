// Package schema holds the schema editors that migrations run on: the
// [migrate.Backend] of SQLite, PostgreSQL and MySQL/MariaDB, registered
// for the dialects "sqlite", "postgres" and "mysql" when the package is
// imported. Operations describe a change as two states of a model; an
// editor compares the tables [migrate.State.Table] gives for them and
// writes the statements of its dialect.
//
//	import _ "github.com/jazzgo/jazz/migrate/schema"
//
//	b, _ := migrate.BackendFor(d.Dialect())
//	e := b.Editor(tx, d.Dialect(), false) // or (nil, dialect, true) to collect SQL only
//	err := e.AlterModel(ctx, migrate.Change{From: from, To: to, Old: old, New: nw})
//
// # Names
//
// Every index, unique-together set and named constraint Jazz creates has
// the name State.Table computes (db.ShortName of table, columns and
// "idx" or "uniq"). When a table or column is renamed the editors rename
// the indexes and constraints whose computed name changes, so the names
// in the database stay the computed ones and later migrations (and
// sqlmigrate, which may have no connection) can name them. What the
// database names itself (the UNIQUE and CHECK of one column) and foreign
// keys (whose names keep the table names they were made with) are looked
// up in the catalog when there is a connection; without one the editors
// assume the names the database would have given.
//
// # SQLite
//
// SQLite's ALTER TABLE can only rename a table or column and add or drop
// plain columns, so any change but a table rename or a change of indexes
// rebuilds the table: CREATE TABLE "new__<table>" from the new
// description, INSERT ... SELECT the rows across (a default or fill value
// for new NOT NULL columns, COALESCE for columns that become NOT NULL),
// DROP the old table, RENAME the new one, CREATE its indexes. Ids and the
// AUTOINCREMENT counter are kept. Foreign keys of other tables name the
// table, so they hold again once the name is back; [SQLite.Prepare] turns
// enforcement off for the session (it cannot change inside a
// transaction) and [SQLite.CheckForeignKeys] runs PRAGMA
// foreign_key_check before commit.
//
// # PostgreSQL and MySQL
//
// The servers get one ALTER TABLE statement per change, in an order that
// never has a constraint depend on what is about to change: the table is
// renamed, indexes and constraints that change are dropped, columns are
// renamed, dropped, added and altered, and new foreign keys, indexes and
// constraints come last. A NOT NULL column added to a table with rows is
// added with a DEFAULT of the field's default (or the operation's fill
// value) that is dropped at once: the ORM applies defaults in Go, so the
// database keeps none. MySQL cannot roll DDL back, and needs a column's
// foreign key dropped while the column is modified; the editor drops and
// restores it.
//
// # Locks
//
// PostgreSQL takes a session advisory lock and MySQL a named lock
// (GET_LOCK) so that one process at a time migrates a database; SQLite
// needs none, since each migration's transaction holds the write lock.
package schema
