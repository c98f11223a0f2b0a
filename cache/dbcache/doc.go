// Package dbcache is the database backend of package cache: values in a
// table of the project's SQL database (SQLite, PostgreSQL or
// MySQL/MariaDB), like Django's DatabaseCache.
//
//	if _, err := dbcache.CreateTable(ctx, d, "jazz_cache"); err != nil {
//		return err
//	}
//	b, err := dbcache.New(d, "jazz_cache", dbcache.Options{MaxEntries: 10000})
//	if err != nil {
//		return err
//	}
//	c := cache.New(b, cache.Options{})
//
// # The table
//
// [Table] describes it in Django's layout: cache_key varchar(255) primary
// key, value (bytes), expires (a UTC datetime; NULL never expires), with
// an index on expires. [CreateTable] makes it through the dialect's
// CREATE TABLE; the createcachetable command ([NewCreateCacheTable])
// does the same for every configured table that is missing, and prints
// the SQL with --dry-run. On MySQL/MariaDB the key column gets the binary
// collation utf8mb4_bin so that keys stay case-sensitive.
//
// # Behaviour
//
// Set is an upsert; Add deletes an expired row and inserts with "on
// conflict do nothing", so it is atomic; Incr reads and updates the row in
// one transaction with a row lock (SQLite locks the database). Reads skip
// expired rows. When a write finds more than MaxEntries rows it culls:
// first the expired rows, then the 1/CullFrequency of rows that expire
// soonest. Clear deletes the rows under the cache's key prefix (LIKE with
// the wildcards of the prefix escaped). A context carrying a transaction
// of the same database ([db.DB.Atomic]) makes the backend's statements
// part of it.
//
// # URLs
//
// db://table needs the project's database, which an init-time registry
// cannot know: the project registers [Opener] once at start-up with its
// databases (cache.Register("db", dbcache.Opener(databases.Get))).
package dbcache
