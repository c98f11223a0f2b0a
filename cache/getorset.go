package cache

import (
	"bytes"
	"context"
	"fmt"
	"time"
)

// flight is one computation of GetOrSet that concurrent callers for the
// same backend key wait on.
type flight struct {
	done chan struct{}
	data []byte // the encoded value, for every waiter to decode
	err  error
	// retry is set when the leader gave up because its own context ended:
	// that says nothing about the other callers, who try again.
	retry bool
}

// GetOrSet decodes key's value into dst as [Cache.Get] does; on a miss it
// calls compute, stores the result for ttl and decodes it into dst, so dst
// looks the same on a miss as on a later hit.
//
// Concurrent misses for one key in this process call compute once: the
// first caller computes while the others wait for its result (or for
// their own ctx to end). If compute returns an error, nothing is stored
// and every waiting caller gets that error; if it failed because the
// computing caller's ctx ended, the waiters try again instead. A panic in
// compute reaches the computing caller; the waiters get an error. Across
// processes each may compute once.
//
// compute's value is encoded like Set's. Unless Strict, a failing backend
// means compute runs and its value is returned without being stored.
func (c *Cache) GetOrSet(ctx context.Context, key string, dst any, ttl time.Duration, compute func(context.Context) (any, error)) error {
	fk, err := c.key(key)
	if err != nil {
		return err
	}
	if dst == nil {
		return &Error{Op: "get_or_set", Key: key, Err: errNilDst}
	}
	found, err := c.lookup(ctx, "get_or_set", key, fk, dst)
	if err != nil || found {
		return err
	}
	for {
		c.s.flightMu.Lock()
		f, waiting := c.s.flights[fk]
		if !waiting {
			f = &flight{done: make(chan struct{})}
			c.s.flights[fk] = f
		}
		c.s.flightMu.Unlock()
		if !waiting {
			return c.lead(ctx, f, key, fk, dst, ttl, compute)
		}
		if c.s.testHookWait != nil {
			c.s.testHookWait()
		}
		select {
		case <-f.done:
		case <-ctx.Done():
			return &Error{Op: "get_or_set", Key: key, Err: ctx.Err()}
		}
		if f.retry {
			continue
		}
		if f.err != nil {
			return f.err
		}
		if err := c.decodeShared(f.data, dst); err != nil {
			return &Error{Op: "get_or_set", Key: key, Err: err}
		}
		return nil
	}
}

// decodeShared decodes bytes that other callers also hold, so a *[]byte
// destination gets its own copy.
func (c *Cache) decodeShared(data []byte, dst any) error {
	if d, ok := dst.(*[]byte); ok {
		*d = bytes.Clone(data)
		return nil
	}
	return c.decode(data, dst)
}

// lead runs the computation of f and publishes its outcome.
func (c *Cache) lead(ctx context.Context, f *flight, key, fk string, dst any, ttl time.Duration, compute func(context.Context) (any, error)) (err error) {
	published := false
	publish := func() {
		published = true
		c.s.flightMu.Lock()
		delete(c.s.flights, fk)
		c.s.flightMu.Unlock()
		close(f.done)
	}
	defer func() {
		if published {
			return
		}
		// compute panicked: release the waiters, then let the panic go on.
		if r := recover(); r != nil {
			f.err = &Error{Op: "get_or_set", Key: key, Err: fmt.Errorf("compute panicked in another goroutine: %v", r)}
			publish()
			panic(r)
		}
	}()

	// Look again now that this caller is the only one computing: a caller
	// that finished between our first miss and taking the lead has stored
	// the value, and computing it again is what single-flight prevents.
	data, found, err := c.get(ctx, "get_or_set", key, fk)
	if err == nil && found && c.decodeShared(data, dst) == nil {
		f.data = data
		publish()
		return nil
	}

	v, err := compute(ctx)
	if err != nil {
		f.err = err
		f.retry = ctx.Err() != nil
		publish()
		return err
	}
	data, err = c.encode(v)
	if err != nil {
		f.err = &Error{Op: "get_or_set", Key: key, Err: err}
		publish()
		return f.err
	}
	if err := c.setRaw(ctx, "get_or_set", key, fk, data, ttl); err != nil {
		f.err = err
		publish()
		return err
	}
	f.data = data
	publish()
	if err := c.decodeShared(data, dst); err != nil {
		return &Error{Op: "get_or_set", Key: key, Err: err}
	}
	return nil
}
