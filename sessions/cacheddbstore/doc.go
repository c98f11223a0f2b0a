// Package cacheddbstore is the cached_db session engine: a cache in front
// of the database store, written through, as Django's
// django.contrib.sessions.backends.cached_db.
//
//	rows, err := dbstore.New(database, dbstore.Options{Key: settings.SecretKey})
//	store, err := cacheddbstore.New(rows, c, cacheddbstore.Options{})
//
// Reads cost a cache round trip while the session is cached; writes cost
// the database and the cache. The database is the truth: a cache that
// fails, restarts or evicts makes Load read the database again, and Save
// never reports a cache failure. Unlike Django's, the cache holds JSON
// with the row's expiry, not a pickled dict; the database rows are
// Django's, so a Django site sharing the table and the secret key reads
// the sessions (through its own cache or without one).
//
// The store composes values rather than extending dbstore: any Durable
// store works behind the cache, and one that implements ExpiryLoader also
// gets the cache filled on a miss.
package cacheddbstore
