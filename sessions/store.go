package sessions

import (
	"context"
	"errors"
	"time"
)

// Data is a session's values: what the JSON serializer stores, so values
// read back are JSON types (string, float64, bool, nil, []any,
// map[string]any), as with Django's JSONSerializer.
type Data map[string]any

// Store keeps sessions on the server side: a database table, a cache,
// files. Implementations are safe for concurrent use; the conformance
// suite in sessions/sessiontest runs against each.
//
// A Store never invents a key: Save with create only succeeds for a key
// nobody uses, and Load of an unknown, expired or undecodable key is
// ErrNotFound, so a key a client made up is never adopted (no session
// fixation).
type Store interface {
	// Load returns the data stored under key. An unknown or expired key,
	// or data that fails to decode (tampered, another secret key), is
	// ErrNotFound.
	Load(ctx context.Context, key string) (Data, error)
	// Save stores data under key until expiry. With create, the key must
	// be new: a key in use gives ErrExists (the caller picks another).
	Save(ctx context.Context, key string, data Data, expiry time.Time, create bool) error
	// Delete removes the session; an unknown key is not an error.
	Delete(ctx context.Context, key string) error
}

// Cleaner is implemented by stores whose expired sessions stay until
// removed (database, files); the clearsessions command calls it. Caches
// expire entries themselves.
type Cleaner interface {
	ClearExpired(ctx context.Context) (removed int64, err error)
}

var (
	// ErrNotFound is returned by Store.Load for a key with no live
	// session.
	ErrNotFound = errors.New("sessions: no such session")
	// ErrExists is returned by Store.Save with create for a key in use.
	ErrExists = errors.New("sessions: session key in use")
)
