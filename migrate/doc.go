// Package migrate keeps a database's schema in step with the models, as
// Django's migrations do: each app's history is a list of migrations,
// written as Go by makemigrations, compiled into the binary and applied by
// migrate, which records them in the jazz_migrations table.
//
//	x := &migrate.Executor{DB: d, Apps: installed, Out: os.Stdout}
//	err := x.Migrate(ctx, nil, migrate.RunOptions{}) // apply everything
//
// # Pieces
//
//   - A [Migration] is a list of [Operation] values (CreateModel,
//     AddField, RunGo...) with the [Key] values of the migrations it
//     depends on. An app contributes its migrations by implementing
//     [Provider].
//   - [State] is the project's models at one point of the history, built
//     by replaying operations, never by reading the database.
//     makemigrations compares the state after every migration
//     ([Loader.State]) with the live models.
//   - [Load] checks every app's migrations and orders them into one graph
//     (the [Loader]): dependencies first, ties broken by InstalledApps
//     order then name, the same on every run. It refuses duplicate names,
//     unknown dependencies, cycles and, with a [*ConflictError], apps with
//     two leaves.
//   - [Recorder] reads and writes the table of applied migrations.
//   - [Executor] plans ([Loader.Plan]) and runs migrations forwards or
//     backwards, each in its own transaction where the database has
//     transactional DDL, recording it in that transaction.
//   - A [Backend] per dialect (registered by migrate/schema) supplies the
//     [Editor] that turns operations into SQL, the lock that serialises
//     concurrent migrate runs, and the session set-up around each
//     migration. [CollectSQL] asks the editor for the statements without
//     running them (sqlmigrate).
//
// # Squashed migrations
//
// A migration with Replaces stands for a run of older ones. A database
// that applied none of them, or all, uses the squashed migration (and
// dependencies on a replaced migration are redirected to it); a database
// that applied only some goes on with the replaced ones. Applying or
// unapplying a squashed migration records or unrecords every migration it
// replaces too, and once all replaced ones are recorded the squashed one
// is recorded as well, so the replaced files can then be deleted.
//
// # Concurrency
//
// Several processes may run migrate against one database at the same
// time (every instance of a deployment at start-up, say): the backend's
// lock (an advisory lock on PostgreSQL, GET_LOCK on MySQL) lets one run at
// a time, and on SQLite each migration's transaction takes the write lock
// and checks again, inside it, that the migration is still unapplied.
// Each migration is applied once.
//
// # Without transactional DDL
//
// MySQL commits each DDL statement as it runs. A migration that fails
// midway there leaves what ran in place; the error (a
// [*HalfMigratedError]) lists those statements, to be fixed by hand before
// recording the migration with migrate --fake.
package migrate
