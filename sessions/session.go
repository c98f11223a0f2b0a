package sessions

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

// ExpiryKey is where a session keeps its own expiry when [Session.SetExpiry]
// or [Session.SetExpiryAt] chose one, as Django's "_session_expiry": whole
// seconds (0 means "when the browser closes") or an ISO 8601 date.
const ExpiryKey = "_session_expiry"

// Session is one browser's session for the length of a request, as
// [Middleware] puts on the request ([FromRequest]). It is loaded lazily:
// nothing is read from the store (or the cookie decoded) until a value is
// asked for or changed. At the end of the request the middleware saves it
// when it was modified (or on every request with
// Options.SaveEveryRequest), and deletes the cookie when the session ends
// up empty, following Django's SessionMiddleware.
//
// Values are what JSON can carry: after a round trip through a store,
// numbers are float64 and structs are maps (see [Data]; [Session.GetInt]
// and [Session.GetString] read the common cases). Changing a map or slice
// held in the session in place is not seen: call [Session.Set] again or
// [Session.MarkModified].
//
// A Session is safe for concurrent use by the goroutines of its request;
// it must not be kept after the request ends.
type Session struct {
	mu  sync.Mutex
	m   *manager
	ctx context.Context

	key      string // "" when the session has none (yet)
	data     Data   // nil until loaded
	loaded   bool
	accessed bool
	modified bool
}

// newSession returns the session of a request whose cookie held key
// ("" when it had none).
func newSession(ctx context.Context, m *manager, key string) *Session {
	return &Session{m: m, ctx: ctx, key: key}
}

// Key returns the session key: the one the request's cookie named until
// the session is loaded, then the key of a live session, or "" when there
// is none yet (a new one is made when the session is saved). Key does not
// load the session. With signed cookies the key is the cookie value
// itself.
func (s *Session) Key() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.key
}

// Get returns the value stored under key and whether there is one.
func (s *Session) Get(key string) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	v, ok := s.data[key]
	return v, ok
}

// GetString returns the value under key when it is a string.
func (s *Session) GetString(key string) (string, bool) {
	v, _ := s.Get(key)
	str, ok := v.(string)
	return str, ok
}

// GetInt returns the value under key when it is a whole number: an
// integer set during this request, or the float64 or json.Number it
// becomes after a round trip through a store. Fractions, numbers beyond
// int64 and other types report false.
func (s *Session) GetInt(key string) (int64, bool) {
	v, _ := s.Get(key)
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case float64:
		if n != math.Trunc(n) || n < math.MinInt64 || n >= math.MaxInt64 {
			return 0, false
		}
		return int64(n), true
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	}
	return 0, false
}

// Has reports whether the session holds key.
func (s *Session) Has(key string) bool {
	_, ok := s.Get(key)
	return ok
}

// Set stores v under key and marks the session modified. v must be
// serialisable as JSON, or the save at the end of the request fails.
func (s *Session) Set(key string, v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	s.data[key] = v
	s.modified = true
}

// Pop removes key and returns the value it held. The session is marked
// modified only when key was there, as in Django.
func (s *Session) Pop(key string) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	v, ok := s.data[key]
	if ok {
		delete(s.data, key)
		s.modified = true
	}
	return v, ok
}

// Delete removes key; see [Session.Pop].
func (s *Session) Delete(key string) { s.Pop(key) }

// Keys returns the session's keys, sorted. The slice is the caller's.
func (s *Session) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	keys := make([]string, 0, len(s.data))
	for k := range s.data {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Len returns the number of values in the session.
func (s *Session) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	return len(s.data)
}

// Clear removes every value but keeps the session key, so an empty
// session is saved under it. Use [Session.Flush] to end the session.
func (s *Session) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data, s.loaded = Data{}, true
	s.accessed, s.modified = true, true
}

// Flush ends the session: its data is dropped, it is deleted from the
// store at once, and the key is forgotten, so the middleware deletes the
// cookie (or, if values are set afterwards, saves them under a new key).
// Logging out calls it. The error is the store's; the session is empty
// whatever it says.
func (s *Session) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.key
	s.key = ""
	s.data, s.loaded = Data{}, true
	s.accessed, s.modified = true, true
	if s.m.store == nil || !ValidKey(old) {
		return nil
	}
	if err := s.m.store.Delete(s.ctx, old); err != nil {
		return fmt.Errorf("sessions: flush: deleting the old session: %w", err)
	}
	return nil
}

// CycleKey moves the data to a new key and deletes the old key from the
// store at once, so that a key known before a privilege change (logging
// in) is worthless afterwards: the defence against session fixation. The
// new session is created in the store immediately. With signed cookies
// there is no server-side key and only a fresh cookie is sent.
func (s *Session) CycleKey() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	s.modified = true
	if s.m.store == nil {
		return nil
	}
	old := s.key
	key, err := s.create()
	if err != nil {
		return err
	}
	s.key = key
	if old == "" {
		return nil
	}
	if err := s.m.store.Delete(s.ctx, old); err != nil {
		return fmt.Errorf("sessions: cycle key: deleting the old session: %w", err)
	}
	return nil
}

// SetExpiry sets when the session expires, counted from its last save: d
// > 0 keeps it that long after each save (in whole seconds, rounded up);
// 0 makes the cookie last until the browser closes (the stored session
// still expires after Options.Age); d < 0 returns to the default
// (Options.Age and Options.ExpireAtBrowserClose).
func (s *Session) SetExpiry(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	switch {
	case d < 0:
		s.dropExpiry()
	case d == 0:
		s.data[ExpiryKey] = 0
		s.modified = true
	default:
		s.data[ExpiryKey] = int64((d + time.Second - 1) / time.Second)
		s.modified = true
	}
}

// SetExpiryAt makes the session expire at t; the zero time returns to the
// default. The date is stored in ISO 8601, as Django 4+ stores it.
func (s *Session) SetExpiryAt(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	if t.IsZero() {
		s.dropExpiry()
		return
	}
	s.data[ExpiryKey] = isoformat(t)
	s.modified = true
}

func (s *Session) dropExpiry() {
	if _, ok := s.data[ExpiryKey]; ok {
		delete(s.data, ExpiryKey)
		s.modified = true
	}
}

// ExpiryAge returns how long the session lives from now, in whole
// seconds: negative when an expiry date is past.
func (s *Session) ExpiryAge() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	return s.expiryAge()
}

// ExpiryDate returns when the session expires if saved now.
func (s *Session) ExpiryDate() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	return s.expiryDate()
}

// ExpireAtBrowserClose reports whether the cookie is a browser-session
// cookie (sent without Max-Age): the session's own choice when
// [Session.SetExpiry] made one, else Options.ExpireAtBrowserClose.
func (s *Session) ExpireAtBrowserClose() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	return s.atBrowserClose()
}

// Modified reports whether the session changed during this request, so
// that it will be saved.
func (s *Session) Modified() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.modified
}

// MarkModified makes the session be saved at the end of the request, for
// a view that changed a map or slice held in it in place.
func (s *Session) MarkModified() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.modified = true
}

// Accessed reports whether the request read or wrote the session, which
// makes the response vary on the Cookie header.
func (s *Session) Accessed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accessed
}

// touch marks the session accessed and loads it. Callers hold mu.
func (s *Session) touch() {
	s.accessed = true
	if s.loaded {
		return
	}
	s.loaded = true
	s.data = Data{}
	if s.key == "" {
		return
	}
	if s.m.store == nil {
		d, err := s.m.codec.DecodeCookie(s.key, s.m.age)
		if err != nil {
			// Tampered, expired or made with another key: an empty
			// session, whose cookie the middleware deletes.
			s.key = ""
			return
		}
		s.data = d
		return
	}
	if !ValidKey(s.key) {
		s.key = ""
		return
	}
	d, err := s.m.store.Load(s.ctx, s.key)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			// The store failed: go on with an empty session under a new
			// key (never the client's), as Django's cache engine does; the
			// old session is not overwritten.
			s.m.log.ErrorContext(s.ctx, "sessions: loading the session failed; using an empty one", "error", err)
		}
		s.key = ""
		return
	}
	if d != nil {
		s.data = d
	}
}

// empty is Django's is_empty: no key and no data. A session with a key
// that was never loaded is not empty.
func (s *Session) empty() bool {
	return s.key == "" && len(s.data) == 0
}

func (s *Session) expiryAge() time.Duration {
	v, ok := s.data[ExpiryKey]
	if !ok || v == nil {
		return s.m.age
	}
	if t, ok := parseExpiryDate(v); ok {
		return t.Sub(s.m.now()).Truncate(time.Second)
	}
	secs, ok := number(v)
	if !ok || secs == 0 {
		return s.m.age
	}
	return time.Duration(secs) * time.Second
}

func (s *Session) expiryDate() time.Time {
	if t, ok := parseExpiryDate(s.data[ExpiryKey]); ok {
		return t
	}
	return s.m.now().Add(s.expiryAge())
}

func (s *Session) atBrowserClose() bool {
	v, ok := s.data[ExpiryKey]
	if !ok || v == nil {
		return s.m.atBrowserClose
	}
	n, ok := number(v)
	return ok && n == 0
}

// create stores the session's data under a new key and returns the key.
// Callers hold mu.
func (s *Session) create() (string, error) {
	const attempts = 10
	for range attempts {
		key := NewKey()
		err := s.m.store.Save(s.ctx, key, s.data, s.expiryDate(), true)
		if err == nil {
			return key, nil
		}
		if !errors.Is(err, ErrExists) {
			return "", fmt.Errorf("sessions: creating a session: %w", err)
		}
	}
	// 165-bit keys do not collide ten times: the store says "exists" for
	// every key, as a cache that is down does.
	return "", errors.New("sessions: no unused session key after 10 attempts; the session store is probably unavailable")
}

// save writes the session, creating it under a new key when it has none.
// Callers hold mu.
func (s *Session) save() error {
	s.touch()
	if s.m.store == nil {
		v, err := s.m.codec.EncodeCookie(s.data)
		if err != nil {
			return err
		}
		if size := len(s.m.cookieName) + 1 + len(v); size > MaxCookieSize {
			return fmt.Errorf("%w (%d bytes)", ErrCookieTooLarge, size)
		}
		s.key = v
		return nil
	}
	if s.key == "" {
		key, err := s.create()
		if err != nil {
			return err
		}
		s.key = key
		return nil
	}
	if err := s.m.store.Save(s.ctx, s.key, s.data, s.expiryDate(), false); err != nil {
		return fmt.Errorf("sessions: saving the session: %w", err)
	}
	return nil
}

// number reads a JSON-ish number.
func number(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case float64:
		return int64(n), true
	case json.Number:
		f, err := n.Float64()
		return int64(f), err == nil
	}
	return 0, false
}

// isoformat writes t as Python's datetime.isoformat does for an aware
// datetime, which is what Django 4+ keeps in the session.
func isoformat(t time.Time) string {
	t = t.Truncate(time.Microsecond)
	if t.Nanosecond() == 0 {
		return t.Format("2006-01-02T15:04:05-07:00")
	}
	return t.Format("2006-01-02T15:04:05.000000-07:00")
}

func parseExpiryDate(v any) (time.Time, bool) {
	str, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999-07:00"} {
		if t, err := time.Parse(layout, str); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
