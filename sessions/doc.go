// Package sessions gives each browser a server-side memory between
// requests, as Django's sessions do: a session on the request, loaded
// lazily and saved only when changed, kept by a Store (database, cache,
// write-through cache and database, files) or in a signed cookie.
package sessions
