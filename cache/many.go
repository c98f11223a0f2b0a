package cache

import (
	"context"
	"time"
)

// keys maps caller keys to backend keys, in order, and back.
func (c *Cache) keys(keys []string) (final []string, back map[string]string, err error) {
	final = make([]string, len(keys))
	back = make(map[string]string, len(keys))
	for i, k := range keys {
		fk, err := c.key(k)
		if err != nil {
			return nil, nil, err
		}
		final[i] = fk
		back[fk] = k
	}
	return final, back, nil
}

// GetMany returns the stored bytes of the keys that hold a live value,
// keyed by the caller's keys; missing keys are absent from the map, which
// is never nil when err is nil. Backends that implement [ManyGetter] do it
// in one round trip. Any invalid key fails the whole call. Unless Strict,
// a failing backend yields an empty map.
func (c *Cache) GetMany(ctx context.Context, keys []string) (map[string][]byte, error) {
	final, back, err := c.keys(keys)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(keys))
	if mg, ok := c.s.b.(ManyGetter); ok {
		got, err := mg.GetMany(ctx, final)
		if err != nil {
			c.s.misses.Add(uint64(len(back)))
			return out, c.fail(ctx, "get_many", firstKey(keys), err)
		}
		for fk, v := range got {
			if k, ok := back[fk]; ok {
				out[k] = v
			}
		}
	} else {
		for i, fk := range final {
			if _, done := out[keys[i]]; done {
				continue
			}
			v, found, err := c.get(ctx, "get_many", keys[i], fk)
			if err != nil {
				c.s.misses.Add(uint64(len(back) - len(out)))
				return map[string][]byte{}, err
			}
			if found {
				out[keys[i]] = v
			}
		}
	}
	c.s.hits.Add(uint64(len(out)))
	c.s.misses.Add(uint64(len(back) - len(out)))
	return out, nil
}

// GetMany is the typed form of [Cache.GetMany]: it decodes each value
// found into a T as [Cache.Get] would. Unless Strict, a value that does
// not decode is left out (and counted as an error).
func GetMany[T any](ctx context.Context, c *Cache, keys []string) (map[string]T, error) {
	raw, err := c.GetMany(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[string]T, len(raw))
	for k, data := range raw {
		var v T
		if err := c.decode(data, &v); err != nil {
			if err := c.fail(ctx, "get_many", k, err); err != nil {
				return nil, err
			}
			continue
		}
		out[k] = v
	}
	return out, nil
}

// SetMany stores every item with the same ttl, as [Cache.Set] would.
// Backends that implement [ManySetter] do it in one round trip. A value
// that cannot be encoded or an invalid key fails the call before anything
// is written.
func (c *Cache) SetMany(ctx context.Context, items map[string]any, ttl time.Duration) error {
	enc := make(map[string][]byte, len(items))
	for k, v := range items {
		fk, err := c.key(k)
		if err != nil {
			return err
		}
		data, err := c.encode(v)
		if err != nil {
			return &Error{Op: "set_many", Key: k, Err: err}
		}
		enc[fk] = data
	}
	if len(enc) == 0 {
		return nil
	}
	bttl, store := c.ttl(ttl)
	if !store {
		fks := make([]string, 0, len(enc))
		for fk := range enc {
			fks = append(fks, fk)
		}
		return c.deleteMany(ctx, fks, firstKeyOf(items))
	}
	if ms, ok := c.s.b.(ManySetter); ok {
		if err := ms.SetMany(ctx, enc, bttl); err != nil {
			return c.fail(ctx, "set_many", firstKeyOf(items), err)
		}
		c.s.sets.Add(uint64(len(enc)))
		return nil
	}
	for k := range items {
		fk, _ := c.key(k)
		if err := c.s.b.Set(ctx, fk, enc[fk], bttl); err != nil {
			if err := c.fail(ctx, "set_many", k, err); err != nil {
				return err
			}
			continue
		}
		c.s.sets.Add(1)
	}
	return nil
}

// DeleteMany removes every key. Backends that implement [ManyDeleter] do
// it in one round trip. Unless Strict, failures are logged and dropped.
func (c *Cache) DeleteMany(ctx context.Context, keys []string) error {
	final, _, err := c.keys(keys)
	if err != nil {
		return err
	}
	return c.deleteMany(ctx, final, firstKey(keys))
}

func (c *Cache) deleteMany(ctx context.Context, final []string, someKey string) error {
	if len(final) == 0 {
		return nil
	}
	if md, ok := c.s.b.(ManyDeleter); ok {
		if err := md.DeleteMany(ctx, final); err != nil {
			return c.fail(ctx, "delete_many", someKey, err)
		}
		return nil
	}
	for _, fk := range final {
		if _, err := c.s.b.Delete(ctx, fk); err != nil {
			if err := c.fail(ctx, "delete_many", someKey, err); err != nil {
				return err
			}
		}
	}
	return nil
}

func firstKey(keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

func firstKeyOf(items map[string]any) string {
	for k := range items {
		return k
	}
	return ""
}
