package cache

import (
	"context"
	"errors"
	"time"
)

// Backend stores byte values under keys, with an expiry. It is the one
// small interface every cache backend implements; everything else (key
// prefixes and versions, default timeouts, serialising values, GetOrSet,
// many-key operations, error policy) is built once on [Cache], the front.
//
// Keys reach a backend fully formed by the front (prefix and version
// applied, validated: at most 250 bytes, no spaces or control characters),
// so a backend may use them as they are. A backend must be safe for
// concurrent use. Every method takes ctx first and must honour its
// deadline for network I/O.
//
// A backend may implement the optional interfaces below to do a derived
// operation natively (atomically, or in one round trip); the front uses
// them when present and falls back to the primitives otherwise.
type Backend interface {
	// Get returns the value stored under key. A missing or expired key is
	// found=false with a nil error, never an error. The returned slice
	// belongs to the caller: the backend must not keep or modify it.
	Get(ctx context.Context, key string) (value []byte, found bool, err error)
	// Set stores value under key, replacing any value. ttl > 0 expires it
	// after that long; ttl == 0 means it never expires. The backend may
	// keep value: the caller does not modify it afterwards.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Add stores value only if key holds no live value, and reports
	// whether it did. It is atomic on backends that can make it so.
	Add(ctx context.Context, key string, value []byte, ttl time.Duration) (added bool, err error)
	// Delete removes key and reports whether it held a live value.
	Delete(ctx context.Context, key string) (deleted bool, err error)
	// Clear removes every key of this cache. Backends that share a server
	// with other users (Redis, memcached) document what they remove:
	// only keys under the cache's prefix where the server allows it.
	// prefix is "" (remove every key) or the string all of the cache's
	// keys begin with (Options.KeyPrefix + ":", see [Cache.ClearPrefix]);
	// a backend that can should remove only keys beginning with it.
	Clear(ctx context.Context, prefix string) error
	// Close releases connections and background work.
	Close() error
}

// Incrementer is implemented by backends that can add to an integer value
// atomically (Redis INCRBY, memcached incr). The value is stored as
// decimal text. A missing key is [ErrNotFound]; a value that is not an
// integer is [ErrNotInteger].
type Incrementer interface {
	Incr(ctx context.Context, key string, delta int64) (int64, error)
}

// ManyGetter is implemented by backends that fetch several keys in one
// round trip. The result holds only the keys found.
type ManyGetter interface {
	GetMany(ctx context.Context, keys []string) (map[string][]byte, error)
}

// ManySetter is implemented by backends that store several keys in one
// round trip, all with the same ttl.
type ManySetter interface {
	SetMany(ctx context.Context, items map[string][]byte, ttl time.Duration) error
}

// ManyDeleter is implemented by backends that delete several keys in one
// round trip.
type ManyDeleter interface {
	DeleteMany(ctx context.Context, keys []string) error
}

// Toucher is implemented by backends that can change a key's expiry
// without rewriting its value. It reports whether the key existed.
type Toucher interface {
	Touch(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// Errors a backend or the front returns for conditions callers branch on.
var (
	// ErrNotFound: Incr or Decr on a missing key (as Django's ValueError).
	ErrNotFound = errors.New("cache: key not found")
	// ErrNotInteger: Incr or Decr on a value that is not an integer.
	ErrNotInteger = errors.New("cache: value is not an integer")
	// ErrInvalidKey: a key that is too long or has spaces or control
	// characters, which memcached and others reject.
	ErrInvalidKey = errors.New("cache: invalid key")
)
