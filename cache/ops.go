package cache

import (
	"context"
	"time"
)

// get reads a backend key and applies the failure policy; it counts
// nothing. err is non-nil only under Strict.
func (c *Cache) get(ctx context.Context, op, key, fk string) ([]byte, bool, error) {
	data, found, err := c.s.b.Get(ctx, fk)
	if err != nil {
		return nil, false, c.fail(ctx, op, key, err)
	}
	return data, found, nil
}

// lookup is get plus the hit/miss count and decoding into dst. A value
// that does not decode is a miss (it may be stale data of an older type)
// unless Strict.
func (c *Cache) lookup(ctx context.Context, op, key, fk string, dst any) (bool, error) {
	data, found, err := c.get(ctx, op, key, fk)
	if err != nil || !found {
		c.s.misses.Add(1)
		return false, err
	}
	if err := c.decode(data, dst); err != nil {
		c.s.misses.Add(1)
		if err == errNilDst {
			return false, &Error{Op: op, Key: key, Err: err}
		}
		return false, c.fail(ctx, op, key, err)
	}
	c.s.hits.Add(1)
	return true, nil
}

// Get looks key up and decodes the value into dst, a non-nil pointer,
// according to dst's type: *string and *[]byte receive the stored bytes
// as they are; *int, *int64, *uint8 and the other integer pointers parse
// decimal text (what Set writes for integers and what Incr updates);
// anything else goes through the Serializer. A missing or expired key is
// found=false, err=nil, and dst is left alone.
//
// Unless Strict, a backend failure or a value that does not decode (data
// written as another type) is a miss: counted, logged, never returned.
// An invalid key or a nil dst is always an error.
func (c *Cache) Get(ctx context.Context, key string, dst any) (found bool, err error) {
	fk, err := c.key(key)
	if err != nil {
		return false, err
	}
	if dst == nil {
		return false, &Error{Op: "get", Key: key, Err: errNilDst}
	}
	return c.lookup(ctx, "get", key, fk, dst)
}

// Get is the generic form of [Cache.Get]: it returns the value as a T.
//
//	n, ok, err := cache.Get[int](ctx, c, "visits")
func Get[T any](ctx context.Context, c *Cache, key string) (T, bool, error) {
	var v T
	found, err := c.Get(ctx, key, &v)
	return v, found, err
}

// GetBytes returns the stored bytes of key without decoding (nil, false
// when missing). The slice is the caller's.
func (c *Cache) GetBytes(ctx context.Context, key string) ([]byte, bool, error) {
	fk, err := c.key(key)
	if err != nil {
		return nil, false, err
	}
	data, found, err := c.get(ctx, "get", key, fk)
	if err != nil || !found {
		c.s.misses.Add(1)
		return nil, false, err
	}
	c.s.hits.Add(1)
	return data, true, nil
}

// Has reports whether key holds a live value. It does not change the
// hit and miss counters.
func (c *Cache) Has(ctx context.Context, key string) (bool, error) {
	fk, err := c.key(key)
	if err != nil {
		return false, err
	}
	_, found, err := c.get(ctx, "has", key, fk)
	return found, err
}

// Set stores v under key for ttl ([Default], [Forever], a positive
// duration, or zero/negative to remove the key instead). Strings and byte
// slices are stored as they are, integers as decimal text, anything else
// through the Serializer. v is copied: the caller may change it
// afterwards.
//
// A value the Serializer cannot encode and an invalid key are errors
// whatever Strict says; a backend failure is dropped unless Strict.
func (c *Cache) Set(ctx context.Context, key string, v any, ttl time.Duration) error {
	fk, err := c.key(key)
	if err != nil {
		return err
	}
	data, err := c.encode(v)
	if err != nil {
		return &Error{Op: "set", Key: key, Err: err}
	}
	return c.setRaw(ctx, "set", key, fk, data, ttl)
}

// setRaw stores encoded bytes, or deletes the key for an expire-now ttl.
func (c *Cache) setRaw(ctx context.Context, op, key, fk string, data []byte, ttl time.Duration) error {
	bttl, store := c.ttl(ttl)
	if !store {
		if _, err := c.s.b.Delete(ctx, fk); err != nil {
			return c.fail(ctx, op, key, err)
		}
		return nil
	}
	if err := c.s.b.Set(ctx, fk, data, bttl); err != nil {
		return c.fail(ctx, op, key, err)
	}
	c.s.sets.Add(1)
	return nil
}

// Add stores v under key only if key holds no live value, and reports
// whether it did. It is atomic where the backend's Add is (locmem, Redis,
// memcached). With an expire-now ttl nothing is stored and Add reports
// whether key was free. Unless Strict, a failing backend makes Add report
// false with a nil error.
func (c *Cache) Add(ctx context.Context, key string, v any, ttl time.Duration) (bool, error) {
	fk, err := c.key(key)
	if err != nil {
		return false, err
	}
	data, err := c.encode(v)
	if err != nil {
		return false, &Error{Op: "add", Key: key, Err: err}
	}
	bttl, store := c.ttl(ttl)
	if !store {
		_, found, err := c.s.b.Get(ctx, fk)
		if err != nil {
			return false, c.fail(ctx, "add", key, err)
		}
		return !found, nil
	}
	added, err := c.s.b.Add(ctx, fk, data, bttl)
	if err != nil {
		return false, c.fail(ctx, "add", key, err)
	}
	if added {
		c.s.sets.Add(1)
	}
	return added, nil
}

// Delete removes key and reports whether it held a live value. Unless
// Strict, a failing backend reports false with a nil error.
func (c *Cache) Delete(ctx context.Context, key string) (bool, error) {
	fk, err := c.key(key)
	if err != nil {
		return false, err
	}
	deleted, err := c.s.b.Delete(ctx, fk)
	if err != nil {
		return false, c.fail(ctx, "delete", key, err)
	}
	return deleted, nil
}

// Touch gives key a new expiry without changing its value and reports
// whether the key existed; an expire-now ttl deletes it. Backends that
// implement [Toucher] do it in place; otherwise the front reads and
// rewrites the value, so a Set racing with the Touch may be lost.
func (c *Cache) Touch(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	fk, err := c.key(key)
	if err != nil {
		return false, err
	}
	bttl, store := c.ttl(ttl)
	if !store {
		return c.Delete(ctx, key)
	}
	if t, ok := c.s.b.(Toucher); ok {
		touched, err := t.Touch(ctx, fk, bttl)
		if err != nil {
			return false, c.fail(ctx, "touch", key, err)
		}
		return touched, nil
	}
	mu := c.s.stripe(fk)
	mu.Lock()
	defer mu.Unlock()
	data, found, err := c.get(ctx, "touch", key, fk)
	if err != nil || !found {
		return false, err
	}
	if err := c.s.b.Set(ctx, fk, data, bttl); err != nil {
		return false, c.fail(ctx, "touch", key, err)
	}
	return true, nil
}

// Clear removes every key of this cache from the backend. When
// Options.KeyPrefix is set, backends that can (locmem, file, Redis, db)
// remove only keys that begin with KeyPrefix + ":"; without a prefix, or
// on a backend that cannot scope (memcached), everything goes. Unless
// Strict, a failure is logged and dropped.
func (c *Cache) Clear(ctx context.Context) error {
	if err := c.s.b.Clear(ctx, c.ClearPrefix()); err != nil {
		return c.fail(ctx, "clear", "", err)
	}
	return nil
}

// ClearPrefix is the prefix Clear passes to [Backend.Clear]: "" when
// Options.KeyPrefix is empty (clear everything), KeyPrefix + ":"
// otherwise.
func (c *Cache) ClearPrefix() string {
	if c.s.prefix == "" {
		return ""
	}
	return c.s.prefix + ":"
}
