package cache

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Incr adds delta to the integer stored under key and returns the new
// value. A missing key is an error wrapping [ErrNotFound] (Django raises
// ValueError; create the counter with Add or Set first), a value that is
// not decimal text is [ErrNotInteger], and so is a result that overflows
// int64.
//
// Backends that implement [Incrementer] (locmem, file, Redis, memcached)
// do it atomically and keep the key's expiry. Otherwise the front reads,
// adds and writes under a per-key lock: atomic between goroutines of this
// process but not across processes, and the rewritten value gets the
// default timeout, as Django's fallback does.
//
// Unless Strict, a failing backend makes the key look missing: the error
// wraps ErrNotFound, and the failure is logged and counted.
func (c *Cache) Incr(ctx context.Context, key string, delta int64) (int64, error) {
	fk, err := c.key(key)
	if err != nil {
		return 0, err
	}
	if c.s.incr != nil {
		n, err := c.s.incr.Incr(ctx, fk, delta)
		if err == nil {
			return n, nil
		}
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrNotInteger) {
			return 0, &Error{Op: "incr", Key: key, Err: err}
		}
		if ferr := c.fail(ctx, "incr", key, err); ferr != nil {
			return 0, ferr
		}
		return 0, &Error{Op: "incr", Key: key, Err: ErrNotFound}
	}
	mu := c.s.stripe(fk)
	mu.Lock()
	defer mu.Unlock()
	data, found, err := c.get(ctx, "incr", key, fk)
	if err != nil {
		return 0, err
	}
	if !found {
		return 0, &Error{Op: "incr", Key: key, Err: ErrNotFound}
	}
	n, err := ParseInt(data)
	if err != nil {
		return 0, &Error{Op: "incr", Key: key, Err: err}
	}
	if n, err = AddInt(n, delta); err != nil {
		return 0, &Error{Op: "incr", Key: key, Err: err}
	}
	bttl, store := c.ttl(Default)
	if !store {
		// A negative DefaultTimeout keeps nothing; the counter is gone.
		_, err := c.s.b.Delete(ctx, fk)
		if err != nil {
			return n, c.fail(ctx, "incr", key, err)
		}
		return n, nil
	}
	if err := c.s.b.Set(ctx, fk, strconv.AppendInt(nil, n, 10), bttl); err != nil {
		if ferr := c.fail(ctx, "incr", key, err); ferr != nil {
			return 0, ferr
		}
		return 0, &Error{Op: "incr", Key: key, Err: ErrNotFound}
	}
	return n, nil
}

// Decr subtracts delta from the integer under key; see [Cache.Incr].
func (c *Cache) Decr(ctx context.Context, key string, delta int64) (int64, error) {
	if delta == math.MinInt64 {
		return 0, &Error{Op: "decr", Key: key, Err: fmt.Errorf("delta %d cannot be negated", delta)}
	}
	n, err := c.Incr(ctx, key, -delta)
	var e *Error
	if errors.As(err, &e) && e.Op == "incr" {
		e.Op = "decr"
	}
	return n, err
}

// IncrVersion moves key's value from c's version to the next one and
// returns the new version; readers at the old version then miss.
// A missing key is an error wrapping [ErrNotFound]. The moved value gets
// the default timeout, because backends cannot report the time a key has
// left (as in Django).
func (c *Cache) IncrVersion(ctx context.Context, key string) (int, error) {
	return c.moveVersion(ctx, "incr_version", key, 1)
}

// DecrVersion moves key's value to the previous version; see
// [Cache.IncrVersion].
func (c *Cache) DecrVersion(ctx context.Context, key string) (int, error) {
	return c.moveVersion(ctx, "decr_version", key, -1)
}

func (c *Cache) moveVersion(ctx context.Context, op, key string, delta int) (int, error) {
	from := c.version
	to := from + delta
	oldKey, err := c.key(key)
	if err != nil {
		return 0, err
	}
	newKey, err := c.WithVersion(to).key(key)
	if err != nil {
		return 0, err
	}
	mu := c.s.stripe(oldKey)
	mu.Lock()
	defer mu.Unlock()
	data, found, err := c.get(ctx, op, key, oldKey)
	if err != nil {
		return 0, err
	}
	if !found {
		return 0, &Error{Op: op, Key: key, Err: ErrNotFound}
	}
	if err := c.setRaw(ctx, op, key, newKey, data, Default); err != nil {
		return 0, err
	}
	if _, err := c.s.b.Delete(ctx, oldKey); err != nil {
		if err := c.fail(ctx, op, key, err); err != nil {
			return 0, err
		}
	}
	return to, nil
}
