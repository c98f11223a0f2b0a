package cache

import (
	"bytes"
	"context"
	"hash/maphash"
	"strconv"
	"strings"
	"sync"
	"time"
)

// LocMemOptions configures [NewLocMem].
type LocMemOptions struct {
	// MaxEntries bounds the number of keys (0 means 300, Django's
	// default; negative means unbounded). The bound is kept per shard:
	// each shard holds at most MaxEntries/Shards keys (at least one), so
	// a full cache may evict a little before MaxEntries keys in all.
	MaxEntries int
	// CullFrequency: when a shard is full, 1/CullFrequency of its keys are
	// evicted, least recently used first (0 means 3; 1 empties the shard).
	CullFrequency int
	// Shards is the number of independently locked parts (0 chooses: up
	// to 16, keeping at least 16 keys per shard so that LRU order stays
	// meaningful). Use 1 for exact whole-cache LRU.
	Shards int
	// Now is the clock used for expiry; nil means time.Now. Tests inject a
	// fake one.
	Now func() time.Time
}

// LocMem is the in-process memory backend: bounded, least-recently-used
// eviction, lazy expiry (an expired key is removed when next touched or
// evicted), and sharded locks so that goroutines working on different keys
// rarely wait for each other. Values are copied in and out, so callers
// cannot change stored bytes. Each LocMem is its own store: two caches
// share memory only by sharing the value. It is safe for concurrent use
// and implements [Incrementer], [Toucher] and [ManyGetter].
type LocMem struct {
	shards   []lmShard
	seed     maphash.Seed
	perShard int // < 0: unbounded
	cull     int
	now      func() time.Time
}

var (
	_ Backend     = (*LocMem)(nil)
	_ Incrementer = (*LocMem)(nil)
	_ Toucher     = (*LocMem)(nil)
	_ ManyGetter  = (*LocMem)(nil)
)

type lmShard struct {
	mu         sync.Mutex
	m          map[string]*lmEntry
	head, tail *lmEntry // head is the most recently used
	// Pad to a cache line so that neighbouring shards' locks do not
	// contend through false sharing.
	_ [32]byte
}

type lmEntry struct {
	key        string
	val        []byte
	exp        int64 // unix nanoseconds; 0: never
	prev, next *lmEntry
}

// NewLocMem returns an empty in-memory backend.
func NewLocMem(opts LocMemOptions) *LocMem {
	maxEntries := opts.MaxEntries
	if maxEntries == 0 {
		maxEntries = 300
	}
	cull := opts.CullFrequency
	if cull <= 0 {
		cull = 3
	}
	n := opts.Shards
	if n <= 0 {
		n = 16
		if maxEntries > 0 {
			n = min(16, max(1, maxEntries/16))
		}
	}
	per := -1
	if maxEntries > 0 {
		// Round down, so the whole never holds more than MaxEntries.
		per = max(1, maxEntries/n)
	}
	l := &LocMem{shards: make([]lmShard, n), seed: maphash.MakeSeed(), perShard: per, cull: cull, now: opts.Now}
	if l.now == nil {
		l.now = time.Now
	}
	for i := range l.shards {
		l.shards[i].m = map[string]*lmEntry{}
	}
	return l
}

func (l *LocMem) shard(key string) *lmShard {
	if len(l.shards) == 1 {
		return &l.shards[0]
	}
	return &l.shards[maphash.String(l.seed, key)%uint64(len(l.shards))]
}

func (l *LocMem) nowNano() int64 { return l.now().UnixNano() }

func (l *LocMem) expiry(ttl time.Duration) int64 {
	if ttl <= 0 {
		return 0
	}
	return l.now().Add(ttl).UnixNano()
}

// live returns key's entry if it holds an unexpired value, removing an
// expired one. The shard lock is held. now is called only for keys that
// can expire: reading the clock is a fair part of a hit's cost.
func (s *lmShard) live(key string, now func() int64) *lmEntry {
	e := s.m[key]
	if e == nil {
		return nil
	}
	if e.exp != 0 && e.exp <= now() {
		s.remove(e)
		return nil
	}
	return e
}

func (s *lmShard) remove(e *lmEntry) {
	delete(s.m, e.key)
	s.unlink(e)
}

func (s *lmShard) unlink(e *lmEntry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		s.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		s.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

func (s *lmShard) pushFront(e *lmEntry) {
	e.next = s.head
	if s.head != nil {
		s.head.prev = e
	}
	s.head = e
	if s.tail == nil {
		s.tail = e
	}
}

func (s *lmShard) touch(e *lmEntry) {
	if s.head != e {
		s.unlink(e)
		s.pushFront(e)
	}
}

// put stores val (owned by the shard from now on) under key.
func (l *LocMem) put(s *lmShard, key string, val []byte, exp int64) {
	if e := s.m[key]; e != nil {
		e.val, e.exp = val, exp
		s.touch(e)
		return
	}
	if l.perShard >= 0 && len(s.m) >= l.perShard {
		l.cullShard(s)
	}
	e := &lmEntry{key: key, val: val, exp: exp}
	s.m[key] = e
	s.pushFront(e)
}

// cullShard evicts 1/cull of a full shard, least recently used first.
func (l *LocMem) cullShard(s *lmShard) {
	n := max(1, len(s.m)/l.cull)
	for ; n > 0 && s.tail != nil; n-- {
		s.remove(s.tail)
	}
}

// Get implements [Backend]. A hit makes key the most recently used.
func (l *LocMem) Get(_ context.Context, key string) ([]byte, bool, error) {
	s := l.shard(key)
	s.mu.Lock()
	e := s.live(key, l.nowNano)
	if e == nil {
		s.mu.Unlock()
		return nil, false, nil
	}
	s.touch(e)
	v := bytes.Clone(e.val)
	s.mu.Unlock()
	if v == nil {
		v = []byte{}
	}
	return v, true, nil
}

// Set implements [Backend]. value is copied.
func (l *LocMem) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	v := append(make([]byte, 0, len(value)), value...)
	exp := l.expiry(ttl)
	s := l.shard(key)
	s.mu.Lock()
	l.put(s, key, v, exp)
	s.mu.Unlock()
	return nil
}

// Add implements [Backend]; it is atomic.
func (l *LocMem) Add(_ context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	v := append(make([]byte, 0, len(value)), value...)
	now := l.now()
	var exp int64
	if ttl > 0 {
		exp = now.Add(ttl).UnixNano()
	}
	s := l.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live(key, func() int64 { return now.UnixNano() }) != nil {
		return false, nil
	}
	l.put(s, key, v, exp)
	return true, nil
}

// Delete implements [Backend].
func (l *LocMem) Delete(_ context.Context, key string) (bool, error) {
	s := l.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.live(key, l.nowNano)
	if e == nil {
		return false, nil
	}
	s.remove(e)
	return true, nil
}

// Clear implements [Backend]: it removes the keys that begin with prefix,
// or every key when prefix is empty.
func (l *LocMem) Clear(_ context.Context, prefix string) error {
	for i := range l.shards {
		s := &l.shards[i]
		s.mu.Lock()
		if prefix == "" {
			s.m = map[string]*lmEntry{}
			s.head, s.tail = nil, nil
		} else {
			for k, e := range s.m {
				if strings.HasPrefix(k, prefix) {
					s.remove(e)
				}
			}
		}
		s.mu.Unlock()
	}
	return nil
}

// Close implements [Backend]; it drops every value.
func (l *LocMem) Close() error {
	return l.Clear(context.Background(), "")
}

// Incr implements [Incrementer], atomically under the key's shard lock.
// The key keeps its expiry.
func (l *LocMem) Incr(_ context.Context, key string, delta int64) (int64, error) {
	s := l.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.live(key, l.nowNano)
	if e == nil {
		return 0, ErrNotFound
	}
	n, err := ParseInt(e.val)
	if err != nil {
		return 0, err
	}
	if n, err = AddInt(n, delta); err != nil {
		return 0, err
	}
	e.val = strconv.AppendInt(nil, n, 10)
	s.touch(e)
	return n, nil
}

// Touch implements [Toucher].
func (l *LocMem) Touch(_ context.Context, key string, ttl time.Duration) (bool, error) {
	now := l.now()
	s := l.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.live(key, func() int64 { return now.UnixNano() })
	if e == nil {
		return false, nil
	}
	e.exp = 0
	if ttl > 0 {
		e.exp = now.Add(ttl).UnixNano()
	}
	s.touch(e)
	return true, nil
}

// GetMany implements [ManyGetter].
func (l *LocMem) GetMany(ctx context.Context, keys []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(keys))
	for _, k := range keys {
		if v, ok, _ := l.Get(ctx, k); ok {
			out[k] = v
		}
	}
	return out, nil
}

// Len reports the number of keys held, counting expired keys not yet
// removed.
func (l *LocMem) Len() int {
	n := 0
	for i := range l.shards {
		s := &l.shards[i]
		s.mu.Lock()
		n += len(s.m)
		s.mu.Unlock()
	}
	return n
}
