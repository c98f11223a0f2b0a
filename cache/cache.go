package cache

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jazzgo/jazz/logging"
)

// Timeout sentinels. Every method that takes a ttl accepts a positive
// duration, one of these two values, or a zero or negative duration, which
// means "expire now": nothing is stored and any old value is removed (as
// Django's timeout=0).
const (
	// Default means "use Options.DefaultTimeout".
	Default time.Duration = math.MinInt64
	// Forever means the value never expires (Django's timeout=None).
	Forever time.Duration = math.MaxInt64
)

// DefaultTimeout is the expiry used when Options.DefaultTimeout is zero:
// 300 seconds, as Django's TIMEOUT.
const DefaultTimeout = 300 * time.Second

// Options configures a [Cache]. The zero value is usable: version 1, a
// 300-second default timeout, Django's key format, gob, lenient errors.
type Options struct {
	// KeyPrefix is put before every key, so that several caches (or sites)
	// can share one server. Clear on a backend that supports it removes
	// only keys under this prefix.
	KeyPrefix string
	// Version is the default key version (0 means 1). [Cache.WithVersion]
	// overrides it per call; [Cache.IncrVersion] moves one key to the next.
	Version int
	// DefaultTimeout is the expiry of Set, Add and friends called with
	// [Default]. Zero means 300 seconds; [Forever] means values never
	// expire; a negative duration makes default-timeout writes expire at
	// once (Django's TIMEOUT=0), which effectively disables the cache.
	DefaultTimeout time.Duration
	// KeyFunc builds the backend key from a caller's key, the prefix and
	// the version. Nil means [DefaultKeyFunc] ("prefix:version:key").
	// For Clear to stay scoped to this cache, every key it returns must
	// begin with KeyPrefix + ":" when KeyPrefix is not empty.
	KeyFunc func(key, prefix string, version int) string
	// Serializer encodes values other than strings, byte slices and
	// integers. Nil means [Gob].
	Serializer Serializer
	// Strict makes backend errors reach the caller as *[Error] values
	// (Django's behaviour). By default a failing backend is treated as
	// empty: reads miss, writes are dropped, and each failure is counted
	// in [Stats] and logged, rate-limited, at WARN on "jazz.cache".
	Strict bool
	// Logger receives the failure lines; nil means slog.Default().
	Logger *slog.Logger
	// Name labels the cache in log lines ("default", "sessions").
	Name string
	// ErrorLogInterval is the least time between two failure log lines of
	// one cache; failures in between are counted and reported with the
	// next line. Zero means 10 seconds.
	ErrorLogInterval time.Duration
}

// Cache is the front every caller uses: it turns caller keys into backend
// keys (prefix, version, validation), encodes values, resolves timeouts,
// builds the derived operations (GetOrSet with single-flight, GetMany,
// Incr, versions) over the [Backend] primitives and applies the failure
// policy. A Cache is safe for concurrent use. Values returned by
// [Cache.WithVersion] share everything with their parent except the
// version.
type Cache struct {
	s       *shared
	version int
}

// shared is the state common to a Cache and its WithVersion views.
type shared struct {
	b          Backend
	incr       Incrementer // nil when the backend has no native Incr
	prefix     string
	keyFunc    func(key, prefix string, version int) string
	ser        Serializer
	defaultTTL time.Duration
	strict     bool
	name       string
	log        *slog.Logger

	hits, misses, sets, errs atomic.Uint64
	limiter                  logLimiter

	flightMu sync.Mutex
	flights  map[string]*flight
	// testHookWait, when set by a test, runs as a GetOrSet caller starts
	// waiting for another's computation.
	testHookWait func()

	// stripes serialise the emulated read-modify-write operations (Incr,
	// IncrVersion, Touch) on one key within this process; a backend that
	// has native versions makes them atomic across processes too.
	seed    maphash.Seed
	stripes [64]sync.Mutex
}

// New returns a Cache over b. b must not be nil. Zero fields of opts take
// the defaults documented on [Options].
func New(b Backend, opts Options) *Cache {
	if b == nil {
		panic("cache: New with a nil Backend; use cache.NewLocMem or cache.NewDummy for a cache that needs no server")
	}
	s := &shared{
		b:          b,
		prefix:     opts.KeyPrefix,
		keyFunc:    opts.KeyFunc,
		ser:        opts.Serializer,
		defaultTTL: opts.DefaultTimeout,
		strict:     opts.Strict,
		name:       opts.Name,
		log:        logging.Named(opts.Logger, "jazz.cache"),
		flights:    map[string]*flight{},
		seed:       maphash.MakeSeed(),
	}
	s.incr, _ = b.(Incrementer)
	if s.keyFunc == nil {
		s.keyFunc = DefaultKeyFunc
	}
	if s.ser == nil {
		s.ser = Gob{}
	}
	if s.defaultTTL == 0 || s.defaultTTL == Default {
		s.defaultTTL = DefaultTimeout
	}
	s.limiter.every = opts.ErrorLogInterval
	if s.limiter.every <= 0 {
		s.limiter.every = 10 * time.Second
	}
	s.limiter.now = time.Now
	v := opts.Version
	if v == 0 {
		v = 1
	}
	return &Cache{s: s, version: v}
}

// WithVersion returns a view of c whose calls use key version v (Django's
// version= argument). The view shares the backend, counters and
// single-flight state with c; closing either closes the backend.
func (c *Cache) WithVersion(v int) *Cache {
	return &Cache{s: c.s, version: v}
}

// Version reports the key version c's calls use.
func (c *Cache) Version() int { return c.version }

// Name reports Options.Name.
func (c *Cache) Name() string { return c.s.name }

// Backend returns the backend c was made with, for callers that need a
// capability the front does not expose.
func (c *Cache) Backend() Backend { return c.s.b }

// Stats is a snapshot of a cache's counters since New. It covers all
// views made by WithVersion.
type Stats struct {
	// Hits and Misses count lookups: Get, GetBytes, each key of GetMany,
	// and the first lookup of GetOrSet. A failed read counts as a miss.
	Hits, Misses uint64
	// Sets counts values written: Set, successful Add, each item of
	// SetMany, and values GetOrSet computed and stored.
	Sets uint64
	// Errors counts backend failures and undecodable values, whether or
	// not Strict returned them. A call abandoned because its own context
	// ended is not counted.
	Errors uint64
}

// Stats returns the counters. It is safe to call concurrently with other
// methods; the four numbers are read one by one, not as one snapshot.
func (c *Cache) Stats() Stats {
	return Stats{
		Hits:   c.s.hits.Load(),
		Misses: c.s.misses.Load(),
		Sets:   c.s.sets.Load(),
		Errors: c.s.errs.Load(),
	}
}

// Close closes the backend. The cache must not be used afterwards.
func (c *Cache) Close() error {
	if err := c.s.b.Close(); err != nil {
		return fmt.Errorf("cache: closing %s: %w", c.label(), err)
	}
	return nil
}

func (c *Cache) label() string {
	if c.s.name == "" {
		return "cache"
	}
	return fmt.Sprintf("cache %q", c.s.name)
}

// ttl resolves a caller's timeout to the backend's convention. store is
// false when the value must not be kept ("expire now").
func (c *Cache) ttl(ttl time.Duration) (backendTTL time.Duration, store bool) {
	if ttl == Default {
		ttl = c.s.defaultTTL
	}
	switch {
	case ttl == Forever:
		return 0, true
	case ttl <= 0:
		return 0, false
	}
	return ttl, true
}

// Error is a failure of one cache operation: a backend error under
// Strict, an undecodable value, or a condition such as [ErrNotFound].
// errors.Is sees through it to the cause.
type Error struct {
	Op  string // "get", "set", "incr"...
	Key string // the caller's key, before prefix and version
	Err error
}

// Error formats as `cache: get "key": cause`.
func (e *Error) Error() string {
	msg := e.Err.Error()
	// The sentinels of this package already start with "cache: "; say it
	// once.
	if len(msg) > 7 && msg[:7] == "cache: " {
		msg = msg[7:]
	}
	return fmt.Sprintf("cache: %s %s: %s", e.Op, quoteKey(e.Key), msg)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// fail applies the failure policy to a backend error: it is counted and
// logged (rate-limited) and, under Strict, returned wrapped; otherwise
// fail returns nil and the caller proceeds as on a miss or a dropped
// write. An error caused by ctx ending is the caller's own doing: it is
// neither counted nor logged.
func (c *Cache) fail(ctx context.Context, op, key string, err error) error {
	if ctxErr := ctx.Err(); ctxErr == nil || !errors.Is(err, ctxErr) {
		c.s.errs.Add(1)
		c.s.limiter.log(ctx, c.s.log, c.s.name, op, key, err)
	}
	if c.s.strict {
		return &Error{Op: op, Key: key, Err: err}
	}
	return nil
}

// logLimiter lets through at most one log line per interval and counts
// the ones it holds back, without a lock on the failure path.
type logLimiter struct {
	every      time.Duration
	now        func() time.Time
	last       atomic.Int64 // unix nanoseconds of the last line; 0: none yet
	suppressed atomic.Uint64
}

func (l *logLimiter) log(ctx context.Context, lg *slog.Logger, name, op, key string, err error) {
	now := l.now().UnixNano()
	last := l.last.Load()
	if last != 0 && now-last < int64(l.every) || !l.last.CompareAndSwap(last, now) {
		l.suppressed.Add(1)
		return
	}
	lg.LogAttrs(ctx, slog.LevelWarn, "cache backend failed; treating the cache as empty",
		slog.String("cache", name),
		slog.String("op", op),
		slog.String("key", truncateKey(key)),
		slog.Any("error", err),
		slog.Uint64("suppressed", l.suppressed.Swap(0)),
		slog.Duration("interval", l.every))
}

func (s *shared) stripe(finalKey string) *sync.Mutex {
	return &s.stripes[maphash.String(s.seed, finalKey)%uint64(len(s.stripes))]
}
