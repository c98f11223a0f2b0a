package memcache

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/bradfitz/gomemcache/memcache"

	"github.com/jazzgo/jazz/cache"
)

// Defaults used when the matching [Options] field is zero.
const (
	// DefaultTimeout bounds every socket read, write and dial.
	DefaultTimeout = time.Second
	// DefaultMaxIdleConns is how many idle connections are kept per server.
	DefaultMaxIdleConns = 16
	// DefaultMaxValueSize is the largest value sent to the server: what
	// fits in memcached's default 1 MB item (-I 1m) next to a 250-byte key
	// and the item header. Start memcached with a larger -I and raise
	// [Options.MaxValueSize] to store larger values.
	DefaultMaxValueSize = 1<<20 - 512
)

// ErrValueTooLarge is returned (wrapped) by Set, Add and SetMany for a
// value over [Options.MaxValueSize], or one the server refused as too
// large. Nothing is stored; a non-strict cache front logs it and drops the
// write.
var ErrValueTooLarge = errors.New("memcache: value too large for memcached's item size limit (raise memcached's -I and Options.MaxValueSize, or store less)")

// maxRelative is the longest expiry memcached takes as a number of
// seconds from now; anything larger it reads as a Unix time.
const maxRelative = 30 * 24 * 3600

// Options configure a [Backend]. Set exactly one of Client, Servers and
// URL.
type Options struct {
	// Client is a ready gomemcache client. The caller keeps ownership;
	// its own Timeout and MaxIdleConns are left as they are.
	Client *memcache.Client
	// Servers lists host:port addresses; keys are spread over them by
	// gomemcache's hashing (all clients must list the same servers in the
	// same order to agree on where a key lives). Host names are resolved
	// once, in New: a name that does not resolve then is an error, and a
	// later change of its address is not followed.
	Servers []string
	// URL is memcached://host1:11211,host2:11211 with optional parameters
	// call_timeout (a Go duration, or seconds), max_idle_conns and
	// max_value_size (bytes). Parameters override the fields below.
	URL string
	// Timeout bounds every dial, read and write; a shorter deadline of a
	// call's context cuts that call short. Zero means [DefaultTimeout].
	Timeout time.Duration
	// MaxIdleConns is how many idle connections are kept per server;
	// zero means [DefaultMaxIdleConns]. Raise it to the peak number of
	// concurrent cache calls, or connections are dialled per call.
	MaxIdleConns int
	// MaxValueSize is the largest value accepted; zero means
	// [DefaultMaxValueSize].
	MaxValueSize int
	// Now is the clock used to turn expiries over 30 days into the Unix
	// time memcached expects (memcached's own clock decides what has
	// expired). Nil means time.Now.
	Now func() time.Time
}

// Backend is a [cache.Backend] on one or several memcached servers through
// gomemcache. It implements [cache.Incrementer] (memcached's incr/decr),
// [cache.ManyGetter] (one multi-key get per server, in parallel) and
// [cache.Toucher] (touch).
//
// memcached limits what a cache can promise, and the backend documents
// each limit rather than hiding it:
//   - Clear flushes every server completely (flush_all): memcached cannot
//     remove keys by prefix, so other caches on the same servers are
//     emptied too. Give each site its own memcached.
//   - Expiry has a resolution of one second: a ttl is rounded up to whole
//     seconds, and memcached's clock ticks once a second, so a key may
//     expire up to one second before ttl has fully passed. A ttl over 30
//     days is sent as a Unix time, as memcached requires.
//   - Counters are unsigned 64-bit: Incr with a negative delta is decr,
//     which stops at 0 instead of going below it, and a value stored as a
//     negative number is [cache.ErrNotInteger] to Incr.
//   - Values over [Options.MaxValueSize] are refused with
//     [ErrValueTooLarge]; memcached may also evict any key at any time
//     when its memory is full.
//
// A Backend is safe for concurrent use.
type Backend struct {
	c       *memcache.Client
	owns    bool
	timeout time.Duration
	maxSize int
	now     func() time.Time
	servers []string
}

var (
	_ cache.Backend     = (*Backend)(nil)
	_ cache.Incrementer = (*Backend)(nil)
	_ cache.ManyGetter  = (*Backend)(nil)
	_ cache.Toucher     = (*Backend)(nil)
)

// New returns a backend on opts.Client, opts.Servers or opts.URL. It does
// not talk to the servers, so a site starts while memcached is down; call
// [Backend.Ping] to check them. It fails when none or several of Client,
// Servers and URL are set, or an address or parameter is malformed.
func New(opts Options) (*Backend, error) {
	set := 0
	for _, ok := range []bool{opts.Client != nil, len(opts.Servers) > 0, opts.URL != ""} {
		if ok {
			set++
		}
	}
	if set != 1 {
		return nil, errors.New("memcache: set exactly one of Options.Client, Options.Servers and Options.URL (memcached://host:11211)")
	}
	if opts.URL != "" {
		if err := parseURL(opts.URL, &opts); err != nil {
			return nil, err
		}
	}
	if opts.Timeout < 0 || opts.MaxIdleConns < 0 || opts.MaxValueSize < 0 {
		return nil, errors.New("memcache: Timeout, MaxIdleConns and MaxValueSize must not be negative; use 0 for the defaults")
	}
	b := &Backend{
		timeout: cmp(opts.Timeout, DefaultTimeout),
		maxSize: cmp(opts.MaxValueSize, DefaultMaxValueSize),
		now:     opts.Now,
		servers: opts.Servers,
	}
	if b.now == nil {
		b.now = time.Now
	}
	if opts.Client != nil {
		b.c = opts.Client
		if opts.Client.Timeout > 0 {
			b.timeout = opts.Client.Timeout
		}
		return b, nil
	}
	ss := new(memcache.ServerList)
	if err := ss.SetServers(opts.Servers...); err != nil {
		return nil, fmt.Errorf("memcache: servers %q: %w (write host:port)", opts.Servers, err)
	}
	b.c = memcache.NewFromSelector(ss)
	b.c.Timeout = b.timeout
	b.c.MaxIdleConns = cmp(opts.MaxIdleConns, DefaultMaxIdleConns)
	b.owns = true
	return b, nil
}

func cmp[T int | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// Client returns the gomemcache client the backend uses.
func (b *Backend) Client() *memcache.Client { return b.c }

// call runs fn, which is bounded by the client's socket timeout. gomemcache
// takes no context, so when ctx would end sooner than that timeout fn runs
// on its own goroutine and call returns at ctx's end; fn then finishes
// (within the socket timeout) with nobody waiting.
func (b *Backend) call(ctx context.Context, fn func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	dl, ok := ctx.Deadline()
	if !ok || time.Until(dl) >= b.timeout {
		return fn()
	}
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// expiration converts a ttl to memcached's expiration field: whole
// seconds rounded up, or a Unix time past 30 days (clamped to the largest
// int32, in 2038, beyond which memcached cannot express a time).
func (b *Backend) expiration(ttl time.Duration) int32 {
	if ttl <= 0 {
		return 0
	}
	secs := int64((ttl + time.Second - 1) / time.Second)
	if secs <= maxRelative {
		return int32(secs)
	}
	at := b.now().Unix() + secs
	if at > math.MaxInt32 {
		return math.MaxInt32
	}
	return int32(at)
}

func wrap(op, key string, err error) error {
	switch {
	case errors.Is(err, memcache.ErrMalformedKey):
		err = fmt.Errorf("%w (memcached keys are at most 250 bytes without spaces or control characters)", cache.ErrInvalidKey)
	case err != nil && strings.Contains(err.Error(), "too large"):
		err = fmt.Errorf("%w: %v", ErrValueTooLarge, err)
	}
	if key == "" {
		return fmt.Errorf("memcache: %s: %w", op, err)
	}
	return fmt.Errorf("memcache: %s %q: %w", op, key, err)
}

func (b *Backend) checkSize(op, key string, value []byte) error {
	if len(value) > b.maxSize {
		return fmt.Errorf("memcache: %s %q: %w: %d bytes > Options.MaxValueSize %d", op, key, ErrValueTooLarge, len(value), b.maxSize)
	}
	return nil
}

// Ping checks that every server answers.
func (b *Backend) Ping(ctx context.Context) error {
	if err := b.call(ctx, b.c.Ping); err != nil {
		return wrap("ping", "", fmt.Errorf("%w (is memcached running at %s?)", err, strings.Join(b.servers, ",")))
	}
	return nil
}

// Get returns the value of key; a missing or expired key is found=false
// with a nil error.
func (b *Backend) Get(ctx context.Context, key string) ([]byte, bool, error) {
	var it *memcache.Item
	err := b.call(ctx, func() (err error) {
		it, err = b.c.Get(key)
		return err
	})
	if errors.Is(err, memcache.ErrCacheMiss) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, wrap("get", key, err)
	}
	return it.Value, true, nil
}

// Set stores value under key. A negative ttl means already expired: the
// key is deleted. A value over the size limit is [ErrValueTooLarge] and
// leaves any old value in place.
func (b *Backend) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if ttl < 0 {
		_, err := b.Delete(ctx, key)
		return err
	}
	if err := b.checkSize("set", key, value); err != nil {
		return err
	}
	it := &memcache.Item{Key: key, Value: value, Expiration: b.expiration(ttl)}
	if err := b.call(ctx, func() error { return b.c.Set(it) }); err != nil {
		return wrap("set", key, err)
	}
	return nil
}

// Add stores value only when key is absent, atomically (memcached's add).
// A negative ttl stores nothing and reports false.
func (b *Backend) Add(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	if ttl < 0 {
		return false, nil
	}
	if err := b.checkSize("add", key, value); err != nil {
		return false, err
	}
	it := &memcache.Item{Key: key, Value: value, Expiration: b.expiration(ttl)}
	err := b.call(ctx, func() error { return b.c.Add(it) })
	if errors.Is(err, memcache.ErrNotStored) {
		return false, nil
	}
	if err != nil {
		return false, wrap("add", key, err)
	}
	return true, nil
}

// Delete removes key and reports whether it existed.
func (b *Backend) Delete(ctx context.Context, key string) (bool, error) {
	err := b.call(ctx, func() error { return b.c.Delete(key) })
	if errors.Is(err, memcache.ErrCacheMiss) {
		return false, nil
	}
	if err != nil {
		return false, wrap("delete", key, err)
	}
	return true, nil
}

// Incr adds delta to the unsigned decimal counter under key with
// memcached's incr (decr for a negative delta), atomically and keeping its
// expiry. A missing key is [cache.ErrNotFound]; a value that is not an
// unsigned decimal integer (including a negative number) is
// [cache.ErrNotInteger]. Decr stops at 0. An increment past 2^63-1 wraps
// on the server and is reported as [cache.ErrNotInteger].
func (b *Backend) Incr(ctx context.Context, key string, delta int64) (int64, error) {
	var n uint64
	err := b.call(ctx, func() (err error) {
		if delta >= 0 {
			n, err = b.c.Increment(key, uint64(delta))
		} else {
			// -delta overflows for MinInt64; as an unsigned value it is right.
			n, err = b.c.Decrement(key, uint64(-delta))
		}
		return err
	})
	switch {
	case errors.Is(err, memcache.ErrCacheMiss):
		return 0, wrap("incr", key, cache.ErrNotFound)
	case err != nil && strings.Contains(err.Error(), "non-numeric"):
		return 0, fmt.Errorf("memcache: incr %q: %w (%v)", key, cache.ErrNotInteger, err)
	case err != nil:
		return 0, wrap("incr", key, err)
	case n > math.MaxInt64:
		return 0, fmt.Errorf("memcache: incr %q: %w: the counter passed 2^63-1", key, cache.ErrNotInteger)
	}
	return int64(n), nil
}

// GetMany returns the values of the keys found, with one request per
// server, in parallel. The map is new and owned by the caller.
func (b *Backend) GetMany(ctx context.Context, keys []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	var items map[string]*memcache.Item
	err := b.call(ctx, func() (err error) {
		items, err = b.c.GetMulti(keys)
		return err
	})
	if err != nil {
		return nil, wrap("get many", "", err)
	}
	for k, it := range items {
		out[k] = it.Value
	}
	return out, nil
}

// Touch sets key's expiry to ttl from now (0: never expires) and reports
// whether the key exists. A negative ttl deletes the key.
func (b *Backend) Touch(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if ttl < 0 {
		return b.Delete(ctx, key)
	}
	exp := b.expiration(ttl)
	err := b.call(ctx, func() error { return b.c.Touch(key, exp) })
	if errors.Is(err, memcache.ErrCacheMiss) {
		return false, nil
	}
	if err != nil {
		return false, wrap("touch", key, err)
	}
	return true, nil
}

// Clear empties every server with flush_all. prefix is ignored: memcached
// has no way to list or remove keys by prefix, so Clear also removes the
// keys of any other cache or program on the same servers.
func (b *Backend) Clear(ctx context.Context, prefix string) error {
	if err := b.call(ctx, b.c.FlushAll); err != nil {
		return wrap("clear", "", err)
	}
	return nil
}

// Close closes idle connections of a client the backend made. A client
// passed in [Options.Client] is left to its owner.
func (b *Backend) Close() error {
	if !b.owns {
		return nil
	}
	if err := b.c.Close(); err != nil {
		return wrap("close", "", err)
	}
	return nil
}
