// Package cachestore keeps sessions in a cache (locmem, Redis, memcached:
// any [cache.Cache]), Django's "cache" session engine.
//
//	c := cache.New(backend, cache.Options{Name: "sessions"})
//	mw := sessions.Middleware(sessions.Options{Store: cachestore.New(c)})
//
// Entries live under "django.contrib.sessions.cache" + key, as Django's,
// and expire with the session, so no clearsessions run is needed (the
// Store is not a [sessions.Cleaner]). The value is the session data as
// JSON text: Django pickles it, which Go cannot read or write, so a Jazz
// site and a Django site cannot share cached sessions (they can share the
// db engine's table).
//
// A cache forgets: an evicted or restarted cache logs everybody out. Use
// it where that is acceptable, or use the cached_db engine
// (sessions/cacheddbstore), which writes through to the database.
package cachestore

import (
	"context"
	"fmt"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/sessions"
)

// KeyPrefix is put before each session key in the cache, Django's
// KEY_PREFIX of the cache engine.
const KeyPrefix = "django.contrib.sessions.cache"

// Store is a [sessions.Store] over a cache. It is safe for concurrent use
// as its cache is.
type Store struct {
	c *cache.Cache
}

var _ sessions.Store = (*Store)(nil)

// New returns a Store keeping sessions in c, which must not be nil. A
// cache that is not Strict reports a failing backend as a miss: sessions
// then read as missing and creating one fails after a few attempts;
// Strict surfaces the backend's errors instead.
func New(c *cache.Cache) *Store {
	if c == nil {
		panic("cachestore: New with a nil cache; pass the cache named by SessionCacheAlias")
	}
	return &Store{c: c}
}

func cacheKey(key string) string { return KeyPrefix + key }

// Load returns the session under key. A key that is not a valid session
// key, missing, expired or unreadable is [sessions.ErrNotFound].
func (s *Store) Load(ctx context.Context, key string) (sessions.Data, error) {
	if !sessions.ValidKey(key) {
		return nil, sessions.ErrNotFound
	}
	b, found, err := s.c.GetBytes(ctx, cacheKey(key))
	if err != nil {
		return nil, fmt.Errorf("cachestore: load: %w", err)
	}
	if !found {
		return nil, sessions.ErrNotFound
	}
	return sessions.UnmarshalData(b)
}

// Save stores data until expiry (a past expiry removes the entry). With
// create, it uses the cache's atomic Add and returns
// [sessions.ErrExists] when the key holds a session.
func (s *Store) Save(ctx context.Context, key string, data sessions.Data, expiry time.Time, create bool) error {
	if !sessions.ValidKey(key) {
		return fmt.Errorf("cachestore: save: invalid session key %q", key)
	}
	b, err := sessions.MarshalData(data)
	if err != nil {
		return err
	}
	ttl := time.Until(expiry)
	if ttl <= 0 {
		// The cache removes the key for a non-positive ttl; Add with one
		// stores nothing. Either way the session is gone, as it should be.
		ttl = -1
	}
	if create {
		added, err := s.c.Add(ctx, cacheKey(key), b, ttl)
		if err != nil {
			return fmt.Errorf("cachestore: create: %w", err)
		}
		if !added && ttl > 0 {
			return sessions.ErrExists
		}
		return nil
	}
	if err := s.c.Set(ctx, cacheKey(key), b, ttl); err != nil {
		return fmt.Errorf("cachestore: save: %w", err)
	}
	return nil
}

// Delete removes the session under key; an unknown key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if !sessions.ValidKey(key) {
		return nil
	}
	if _, err := s.c.Delete(ctx, cacheKey(key)); err != nil {
		return fmt.Errorf("cachestore: delete: %w", err)
	}
	return nil
}
