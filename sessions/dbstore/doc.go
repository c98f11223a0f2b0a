// Package dbstore keeps sessions in a database table, Django's
// django_session, so that a Jazz site and a Django site sharing a database
// and a secret key read each other's sessions.
//
//	installed := []apps.App{dbstore.App, ...} // its migration creates the table
//	store, err := dbstore.New(database, dbstore.Options{Key: settings.SecretKey})
//	data, err := store.Load(ctx, key) // sessions.ErrNotFound when unknown or expired
//
// # The table
//
// App is the "sessions" app. Its one migration creates django_session with
// Django's columns: session_key varchar(40) primary key, session_data text,
// expire_date datetime with an index. The app registers the Session model
// for the ORM and makemigrations; the store itself speaks SQL, through the
// database's Dialect, on SQLite, PostgreSQL and MySQL/MariaDB.
//
// # The row
//
// session_data is Django's encoding: the values as JSON, zlib-compressed when
// that is shorter, URL-safe base64, signed by a TimestampSigner with the salt
// "django.contrib.sessions.SessionStore" (sessions.StoreSalt; see
// sessions.Codec). The timestamp is not a
// lifetime: expiry is the expire_date column, compared with the store's
// clock on every Load. A row that does not verify (another key, an edit by
// hand) loads as sessions.ErrNotFound, so the session front starts a new
// session instead of failing; Django shows an empty session there.
//
// # Writes
//
// Save with create is an INSERT, and a key already in the table is
// sessions.ErrExists; the front then draws another key. Save without create
// is one upsert statement (INSERT ... ON CONFLICT DO UPDATE, or ON DUPLICATE
// KEY UPDATE), so two requests saving one session at once leave one of
// their writes, whole. ClearExpired deletes expired rows, for the
// clearsessions command: nothing else removes them.
package dbstore
