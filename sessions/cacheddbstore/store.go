package cacheddbstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/sessions"
)

// KeyPrefix starts the cache key of every session, Django's, followed
// directly by the session key ("django.contrib.sessions.cached_db" +
// key); the cache adds its own prefix and version around it.
const KeyPrefix = "django.contrib.sessions.cached_db"

// Durable is the store that holds the truth: usually a *dbstore.Store.
// Sessions there outlive the cache, so it must also clear expired ones.
type Durable interface {
	sessions.Store
	sessions.Cleaner
}

// ExpiryLoader is an optional interface of a Durable store: Load that also
// returns the session's expiry. With it, a Load that misses the cache
// fills the cache until that expiry; without it, only Save fills the
// cache. *dbstore.Store implements it.
type ExpiryLoader interface {
	LoadExpiry(ctx context.Context, key string) (sessions.Data, time.Time, error)
}

// Options configure a Store.
type Options struct {
	// Now is the clock that decides whether a cached session has expired;
	// nil means time.Now. Give it the same clock as the durable store.
	Now func() time.Time
	// Logger receives a line when the cache cannot be written or cleared
	// (only errors the cache returns, that is under cache.Options.Strict;
	// a lenient cache logs its own failures). Nil means slog.Default().
	Logger *slog.Logger
}

// Store is the cached_db engine: a cache in front of a durable store,
// written through. It implements sessions.Store and sessions.Cleaner and
// is safe for concurrent use.
//
// Save writes the durable store first and then the cache, so a cache that
// fails loses nothing; Load reads the cache and falls back to the durable
// store, filling the cache; Delete removes both. The cache holds the
// values as JSON with their expiry, which Load checks with Options.Now, so
// a cached session never outlives its row even where the cache's own
// expiry is coarse (memcached counts whole seconds).
type Store struct {
	durable Durable
	cache   *cache.Cache
	now     func() time.Time
	log     *slog.Logger
}

var (
	_ sessions.Store   = (*Store)(nil)
	_ sessions.Cleaner = (*Store)(nil)
)

// New returns a Store with c in front of durable. Both must be non-nil.
// The cache may be shared with other uses: session keys live under
// KeyPrefix.
func New(durable Durable, c *cache.Cache, opts Options) (*Store, error) {
	if durable == nil {
		return nil, errors.New("cacheddbstore: New needs a durable store (got nil)")
	}
	if c == nil {
		return nil, errors.New("cacheddbstore: New needs a cache (got nil)")
	}
	s := &Store{durable: durable, cache: c, now: opts.Now, log: opts.Logger}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s, nil
}

// entry is a session as the cache holds it.
type entry struct {
	Expiry time.Time       `json:"expiry"`
	Data   json.RawMessage `json:"data"`
}

func cacheKey(key string) string { return KeyPrefix + key }

// Load returns the session's values from the cache, or from the durable
// store when the cache has no live copy (a miss, a cache failure, a value
// it cannot read). Unknown and expired keys are sessions.ErrNotFound.
func (s *Store) Load(ctx context.Context, key string) (sessions.Data, error) {
	raw, found, err := s.cache.GetBytes(ctx, cacheKey(key))
	if err == nil && found {
		var e entry
		if json.Unmarshal(raw, &e) == nil {
			if !s.now().Before(e.Expiry) {
				// The cache's own expiry is coarser than the row's; the
				// durable store agrees the session is over.
				return s.durable.Load(ctx, key)
			}
			if data, err := sessions.UnmarshalData(e.Data); err == nil {
				return data, nil
			}
		}
		// An entry this store cannot read (written by something else)
		// would block the fill below, which only adds.
		s.cache.Delete(ctx, cacheKey(key))
	}
	el, ok := s.durable.(ExpiryLoader)
	if !ok {
		return s.durable.Load(ctx, key)
	}
	data, expiry, err := el.LoadExpiry(ctx, key)
	if err != nil {
		return nil, err
	}
	// Add, not Set: a Save that ran while this Load read the database has
	// already put newer values in the cache, which must win.
	s.fill(ctx, key, data, expiry, false)
	return data, nil
}

// Save writes the session to the durable store, then to the cache. An
// error of the durable store (sessions.ErrExists included) is returned and
// the cache is left alone; a cache failure is only logged, since the
// durable store has the data, after trying to drop the cached copy so no
// stale value stays behind.
func (s *Store) Save(ctx context.Context, key string, data sessions.Data, expiry time.Time, create bool) error {
	if err := s.durable.Save(ctx, key, data, expiry, create); err != nil {
		return err
	}
	s.fill(ctx, key, data, expiry, true)
	return nil
}

// fill puts a session in the cache until expiry: overwrite replaces what
// is there (Save), otherwise only an absent entry is added (Load).
func (s *Store) fill(ctx context.Context, key string, data sessions.Data, expiry time.Time, overwrite bool) {
	ttl := expiry.Sub(s.now())
	if ttl <= 0 {
		// Already expired: Set with a non-positive ttl removes any copy.
		ttl = 0
	}
	js, err := sessions.MarshalData(data)
	if err == nil {
		var raw []byte
		raw, err = json.Marshal(entry{Expiry: expiry, Data: js})
		if err == nil {
			if overwrite || ttl == 0 {
				err = s.cache.Set(ctx, cacheKey(key), raw, ttl)
			} else {
				_, err = s.cache.Add(ctx, cacheKey(key), raw, ttl)
			}
		}
	}
	if err == nil {
		return
	}
	s.log.WarnContext(ctx, "cacheddbstore: the session cache could not be written; the database has the session", "error", err)
	if overwrite {
		if _, err := s.cache.Delete(ctx, cacheKey(key)); err != nil {
			s.log.WarnContext(ctx, "cacheddbstore: a cached session may be stale until it expires", "error", err)
		}
	}
}

// Delete removes the session from the durable store and from the cache.
// A cache that fails to delete is an error, even though the row is gone:
// the cache could still serve the session (after a logout, say).
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := s.durable.Delete(ctx, key); err != nil {
		return err
	}
	// A key the cache refuses (too long, spaces) was never cached.
	if _, err := s.cache.Delete(ctx, cacheKey(key)); err != nil && !errors.Is(err, cache.ErrInvalidKey) {
		return fmt.Errorf("cacheddbstore: delete %q from the cache: %w", key, err)
	}
	return nil
}

// ClearExpired clears the durable store; the cache expires its copies
// itself.
func (s *Store) ClearExpired(ctx context.Context) (int64, error) {
	return s.durable.ClearExpired(ctx)
}
