package rediscache

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jazzgo/jazz/cache"
)

// DefaultTimeout bounds every call to Redis when [Options.Timeout] is zero.
const DefaultTimeout = time.Second

// DefaultScanCount is the COUNT hint [Backend.Clear] gives SCAN when
// [Options.ScanCount] is zero: how many keys one round trip looks at.
const DefaultScanCount = 1000

// Options configure a [Backend]. Exactly one of Client and URL is set.
type Options struct {
	// Client is a ready go-redis client: *redis.Client, *redis.ClusterClient,
	// a failover (Sentinel) client or a *redis.Ring. The caller keeps
	// ownership: [Backend.Close] does not close it. Its own timeouts stay
	// as the caller set them; set ContextTimeoutEnabled on it so that a
	// call's deadline also cuts a slow socket read short.
	Client redis.UniversalClient
	// URL describes the server when Client is nil; see [ParseURL] for the
	// forms. The backend owns the client it makes and closes it in Close.
	URL string
	// Timeout bounds every call (each round trip of Clear) even when the
	// caller's context has no deadline; a shorter deadline of the context
	// wins. Zero means [DefaultTimeout]; negative is an error.
	Timeout time.Duration
	// ScanCount is the SCAN COUNT hint for Clear. Zero means
	// [DefaultScanCount].
	ScanCount int
}

// Backend is a [cache.Backend] on Redis. It implements every optional
// interface of package cache: [cache.Incrementer] (INCRBY in a Lua script,
// so a missing key is [cache.ErrNotFound] and never created),
// [cache.ManyGetter] (MGET), [cache.ManySetter] (a pipeline of SET),
// [cache.ManyDeleter] (UNLINK) and [cache.Toucher] (PEXPIRE/PERSIST).
//
// Values are stored as they are, as Redis strings, with Redis's own
// expiry (millisecond precision). With a cluster or ring client, commands
// that take several keys are sent as pipelines of one-key commands,
// because the keys of one call usually live on different shards.
//
// A Backend is safe for concurrent use; go-redis pools the connections.
type Backend struct {
	c         redis.UniversalClient
	owns      bool
	sharded   bool
	timeout   time.Duration
	scanCount int64
}

var (
	_ cache.Backend     = (*Backend)(nil)
	_ cache.Incrementer = (*Backend)(nil)
	_ cache.ManyGetter  = (*Backend)(nil)
	_ cache.ManySetter  = (*Backend)(nil)
	_ cache.ManyDeleter = (*Backend)(nil)
	_ cache.Toucher     = (*Backend)(nil)
)

// New returns a backend on opts.Client, or on a client it makes from
// opts.URL. It does not talk to the server, so a site starts while Redis
// is down (the cache front then counts misses and errors); call
// [Backend.Ping] to check the server at start-up. It fails when neither or
// both of Client and URL are set, or the URL is malformed.
func New(opts Options) (*Backend, error) {
	if opts.Timeout < 0 {
		return nil, fmt.Errorf("rediscache: negative Timeout %v; use 0 for the default of %v", opts.Timeout, DefaultTimeout)
	}
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.ScanCount <= 0 {
		opts.ScanCount = DefaultScanCount
	}
	b := &Backend{timeout: opts.Timeout, scanCount: int64(opts.ScanCount)}
	switch {
	case opts.Client != nil && opts.URL != "":
		return nil, errors.New("rediscache: both Options.Client and Options.URL are set; set only one")
	case opts.Client != nil:
		b.c = opts.Client
	case opts.URL != "":
		c, err := newClient(opts.URL, opts.Timeout)
		if err != nil {
			return nil, err
		}
		b.c, b.owns = c, true
	default:
		return nil, errors.New("rediscache: set Options.Client or Options.URL (redis://host:6379/0)")
	}
	switch b.c.(type) {
	case *redis.ClusterClient, *redis.Ring:
		b.sharded = true
	}
	return b, nil
}

// Client returns the go-redis client the backend uses, for commands the
// cache does not offer. The backend still owns a client it made from a URL.
func (b *Backend) Client() redis.UniversalClient { return b.c }

// bound gives ctx the backend's timeout unless it already ends sooner.
func (b *Backend) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= b.timeout {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, b.timeout)
}

// expiry turns a cache ttl into go-redis's expiration argument: 0 (no
// expiry) stays 0, and a positive ttl is rounded up to whole milliseconds,
// Redis's finest unit, so a key never lives shorter than asked.
func expiry(ttl time.Duration) time.Duration {
	if ttl <= 0 {
		return 0
	}
	return (ttl + time.Millisecond - 1) / time.Millisecond * time.Millisecond
}

func wrap(op, key string, err error) error {
	if key == "" {
		return fmt.Errorf("rediscache: %s: %w", op, err)
	}
	return fmt.Errorf("rediscache: %s %q: %w", op, key, err)
}

// Ping checks that the server answers, within the backend's timeout.
func (b *Backend) Ping(ctx context.Context) error {
	ctx, cancel := b.bound(ctx)
	defer cancel()
	if err := b.c.Ping(ctx).Err(); err != nil {
		return wrap("ping", "", fmt.Errorf("%w (is Redis running and is the URL right?)", err))
	}
	return nil
}

// Get returns the value of key; a missing or expired key is found=false
// with a nil error.
func (b *Backend) Get(ctx context.Context, key string) ([]byte, bool, error) {
	ctx, cancel := b.bound(ctx)
	defer cancel()
	v, err := b.c.Get(ctx, key).Bytes()
	if err == redis.Nil {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, wrap("get", key, err)
	}
	return v, true, nil
}

// Set stores value under key with SET (PX when ttl > 0). A negative ttl
// means the value is already expired: the key is deleted.
func (b *Backend) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	ctx, cancel := b.bound(ctx)
	defer cancel()
	var err error
	if ttl < 0 {
		err = b.c.Unlink(ctx, key).Err()
	} else {
		err = b.c.Set(ctx, key, value, expiry(ttl)).Err()
	}
	if err != nil {
		return wrap("set", key, err)
	}
	return nil
}

// Add stores value only when key is absent, atomically (SET NX). A
// negative ttl stores nothing and reports false.
func (b *Backend) Add(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	if ttl < 0 {
		return false, nil
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	ok, err := b.c.SetNX(ctx, key, value, expiry(ttl)).Result()
	if err != nil {
		return false, wrap("add", key, err)
	}
	return ok, nil
}

// Delete removes key with UNLINK (freed in the background by Redis) and
// reports whether it existed.
func (b *Backend) Delete(ctx context.Context, key string) (bool, error) {
	ctx, cancel := b.bound(ctx)
	defer cancel()
	n, err := b.c.Unlink(ctx, key).Result()
	if err != nil {
		return false, wrap("delete", key, err)
	}
	return n > 0, nil
}

// incrScript adds to an existing integer only: INCRBY alone would create
// a missing key at 0, and a check from the client before INCRBY would race
// with a concurrent delete. Returning false gives the client a nil reply.
// The result is read back with GET because Lua holds numbers as doubles,
// which would round counters beyond 2^53.
var incrScript = redis.NewScript(`if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('INCRBY', KEYS[1], ARGV[1])
return redis.call('GET', KEYS[1])`)

// Incr adds delta (which may be negative) to the integer stored as
// decimal text under key, atomically, keeping its expiry, and returns the
// new value. A missing key is [cache.ErrNotFound]; a value that is not a
// 64-bit integer is [cache.ErrNotInteger], and so is a result that would
// overflow int64.
func (b *Backend) Incr(ctx context.Context, key string, delta int64) (int64, error) {
	ctx, cancel := b.bound(ctx)
	defer cancel()
	n, err := incrScript.Run(ctx, b.c, []string{key}, strconv.FormatInt(delta, 10)).Int64()
	switch {
	case err == redis.Nil:
		return 0, wrap("incr", key, cache.ErrNotFound)
	case err != nil && isIntegerError(err):
		return 0, fmt.Errorf("rediscache: incr %q: %w (%v)", key, cache.ErrNotInteger, err)
	case err != nil:
		return 0, wrap("incr", key, err)
	}
	return n, nil
}

// isIntegerError reports whether err is Redis's answer to INCRBY on a
// value that is not an integer, or one that would overflow.
func isIntegerError(err error) bool {
	var re redis.Error
	if !errors.As(err, &re) {
		return false
	}
	msg := re.Error()
	return strings.Contains(msg, "not an integer") || strings.Contains(msg, "overflow")
}

// GetMany returns the values of the keys found, in one MGET (a pipeline of
// GETs on a cluster). The map is new and owned by the caller; it is empty,
// not nil, when nothing is found.
func (b *Backend) GetMany(ctx context.Context, keys []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	if b.sharded {
		cmds := make([]*redis.StringCmd, len(keys))
		_, err := b.c.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, k := range keys {
				cmds[i] = p.Get(ctx, k)
			}
			return nil
		})
		if err != nil && err != redis.Nil {
			return nil, wrap("get many", "", err)
		}
		for i, cmd := range cmds {
			if v, err := cmd.Bytes(); err == nil {
				out[keys[i]] = v
			}
		}
		return out, nil
	}
	vals, err := b.c.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, wrap("get many", "", err)
	}
	for i, v := range vals {
		if s, ok := v.(string); ok {
			out[keys[i]] = []byte(s)
		}
	}
	return out, nil
}

// SetMany stores every item with the same ttl in one pipelined round trip
// (not atomically: a failure part-way may leave some items stored). A
// negative ttl deletes the keys.
func (b *Backend) SetMany(ctx context.Context, items map[string][]byte, ttl time.Duration) error {
	if len(items) == 0 {
		return nil
	}
	if ttl < 0 {
		keys := make([]string, 0, len(items))
		for k := range items {
			keys = append(keys, k)
		}
		return b.DeleteMany(ctx, keys)
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	exp := expiry(ttl)
	_, err := b.c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for k, v := range items {
			p.Set(ctx, k, v, exp)
		}
		return nil
	})
	if err != nil {
		return wrap("set many", "", err)
	}
	return nil
}

// DeleteMany removes the keys with UNLINK in one round trip.
func (b *Backend) DeleteMany(ctx context.Context, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	if err := b.unlink(ctx, b.c, keys); err != nil {
		return wrap("delete many", "", err)
	}
	return nil
}

// unlink removes keys through c: one UNLINK, or on a cluster a pipeline
// of one-key UNLINKs (a multi-key command must stay in one hash slot).
func (b *Backend) unlink(ctx context.Context, c redis.Cmdable, keys []string) error {
	if !b.sharded {
		return c.Unlink(ctx, keys...).Err()
	}
	_, err := c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			p.Unlink(ctx, k)
		}
		return nil
	})
	return err
}

// persistScript makes a key permanent and reports whether it exists:
// PERSIST alone answers 0 both for a missing key and for one that had no
// expiry, which Touch must tell apart.
var persistScript = redis.NewScript(`if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('PERSIST', KEYS[1])
return 1`)

// Touch sets key's expiry to ttl from now (PEXPIRE), or removes it when
// ttl is 0 (PERSIST), and reports whether the key exists. A negative ttl
// deletes the key.
func (b *Backend) Touch(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if ttl < 0 {
		return b.Delete(ctx, key)
	}
	ctx, cancel := b.bound(ctx)
	defer cancel()
	var (
		ok  bool
		err error
	)
	if ttl == 0 {
		var n int64
		n, err = persistScript.Run(ctx, b.c, []string{key}).Int64()
		ok = n == 1
	} else {
		ok, err = b.c.PExpire(ctx, key, expiry(ttl)).Result()
	}
	if err != nil {
		return false, wrap("touch", key, err)
	}
	return ok, nil
}

// Clear removes the keys that start with prefix: SCAN MATCH prefix* and
// UNLINK of each batch found, on every master of a cluster. Each round
// trip is bounded by the backend's timeout; the whole scan only by ctx.
// Keys written while Clear runs may survive it.
//
// An empty prefix means the cache owns its whole Redis database: Clear
// then runs FLUSHDB (on every master of a cluster), which also removes
// keys other programs stored in that database. Give every cache that
// shares a database a key prefix.
func (b *Backend) Clear(ctx context.Context, prefix string) error {
	if prefix == "" {
		err := b.eachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
			cctx, cancel := b.bound(ctx)
			defer cancel()
			return c.FlushDB(cctx).Err()
		})
		if err != nil {
			return wrap("clear", "", err)
		}
		return nil
	}
	pattern := escapeGlob(prefix) + "*"
	err := b.eachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		var cursor uint64
		for {
			cctx, cancel := b.bound(ctx)
			keys, next, err := c.Scan(cctx, cursor, pattern, b.scanCount).Result()
			if err == nil && len(keys) > 0 {
				err = b.unlink(cctx, c, keys)
			}
			cancel()
			if err != nil {
				return err
			}
			if cursor = next; cursor == 0 {
				return nil
			}
		}
	})
	if err != nil {
		return wrap("clear", prefix, err)
	}
	return nil
}

// eachMaster runs fn on every master of a cluster, every shard of a ring,
// or once on a plain or failover client.
func (b *Backend) eachMaster(ctx context.Context, fn func(ctx context.Context, c *redis.Client) error) error {
	switch c := b.c.(type) {
	case *redis.ClusterClient:
		return c.ForEachMaster(ctx, fn)
	case *redis.Ring:
		return c.ForEachShard(ctx, fn)
	case *redis.Client:
		return fn(ctx, c)
	}
	return fmt.Errorf("client type %T is not supported by Clear; use *redis.Client, *redis.ClusterClient or *redis.Ring", b.c)
}

// escapeGlob escapes the characters SCAN MATCH treats as a pattern, so a
// prefix matches only itself.
func escapeGlob(s string) string {
	if !strings.ContainsAny(s, `*?[]\^`) {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', ']', '\\', '^':
			sb.WriteByte('\\')
		}
		sb.WriteByte(s[i])
	}
	return sb.String()
}

// Close closes the client when the backend made it from a URL; a client
// passed in [Options.Client] is left open for its owner.
func (b *Backend) Close() error {
	if !b.owns {
		return nil
	}
	if err := b.c.Close(); err != nil {
		return wrap("close", "", err)
	}
	return nil
}

// String describes the backend for logs, without any password.
func (b *Backend) String() string {
	return "rediscache(" + strconv.Quote(strings.Join(addrs(b.c), ",")) + ")"
}

func addrs(c redis.UniversalClient) []string {
	switch c := c.(type) {
	case *redis.Client:
		return []string{c.Options().Addr}
	case *redis.ClusterClient:
		return c.Options().Addrs
	}
	return []string{fmt.Sprintf("%T", c)}
}
