package messages

import (
	"context"
	"net/http"
	"sync"
)

// state is one request's messages: Django's storage object. Loading is
// lazy, so a request that neither adds nor reads messages never reads the
// cookie or touches the session. Its methods lock, so a view may add
// messages from several goroutines.
type state struct {
	cfg *config
	r   *http.Request

	mu        sync.Mutex
	loaded    bool
	stored    []Message // loaded from the previous request
	queued    []Message // added during this one
	used      bool      // the messages were read: do not keep them
	added     bool      // a message was added
	committed bool      // saved; the response has started
	level     Level
	levelSet  bool

	// What loading found, so that saving clears only what held messages.
	cookieHeld  bool // the request carried a messages cookie
	cookieBad   bool // and it did not verify or decode
	sessionHeld bool // the session held a messages entry
}

type stateKey struct{}

func stateOf(r *http.Request) *state {
	if r == nil {
		return nil
	}
	s, _ := r.Context().Value(stateKey{}).(*state)
	return s
}

func (c *config) attach(r *http.Request) (*http.Request, *state) {
	s := &state{cfg: c}
	r = r.WithContext(context.WithValue(r.Context(), stateKey{}, s))
	// The state reads cookies and the session from the request it is
	// attached to, so that the session middleware's value is visible.
	s.r = r
	return r, s
}

// load reads the stored messages once. The caller holds mu.
func (s *state) load() {
	if s.loaded {
		return
	}
	s.loaded = true
	var msgs []Message
	switch s.cfg.storage {
	case StorageCookie:
		msgs, _, _ = s.loadCookie()
	case StorageSession:
		msgs = s.loadSession()
	case StorageFallback:
		var complete, found bool
		msgs, complete, found = s.loadCookie()
		// As in Django, the session is read only when the cookie says the
		// rest of the messages are there.
		if found && !complete {
			msgs = append(msgs, s.loadSession()...)
		}
	}
	for i := range msgs {
		s.cfg.tag(&msgs[i])
	}
	s.stored = msgs
}

// all marks the messages read and returns them, oldest first.
func (s *state) all() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.load()
	s.used = true
	if len(s.queued) > 0 {
		s.stored = append(s.stored, s.queued...)
		s.queued = nil
	}
	return append([]Message(nil), s.stored...)
}

// count returns how many messages there are without marking them read.
func (s *state) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.load()
	return len(s.stored) + len(s.queued)
}

// commit stores what the next request must see, as Django's
// BaseStorage.update does: after a read only the messages added since,
// otherwise (when something was added) the old ones and the new ones.
// It runs once, just before the response starts.
func (s *state) commit(w http.ResponseWriter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.committed {
		return
	}
	s.committed = true
	var msgs []Message
	switch {
	case s.used:
		msgs = s.queued
	case s.added:
		s.load()
		msgs = append(s.stored, s.queued...)
	case s.cookieBad:
		// Only loaded and found wanting: drop the cookie.
	default:
		return
	}
	unstored := s.save(w, msgs)
	if len(unstored) > 0 {
		s.cfg.log.WarnContext(s.r.Context(), "messages: not all messages could be stored; they are lost",
			"storage", string(s.cfg.storage), "lost", len(unstored), "kept", len(msgs)-len(unstored))
	}
}

// save stores msgs and returns those that found no room.
func (s *state) save(w http.ResponseWriter, msgs []Message) []Message {
	switch s.cfg.storage {
	case StorageCookie:
		return s.saveCookie(w, msgs, true)
	case StorageSession:
		return s.saveSession(msgs)
	}
	// Fallback: the oldest messages in the cookie, the rest in the session.
	// A storage that held messages is cleared even when nothing is left for
	// it, or they would show again.
	if len(msgs) > 0 || s.cookieHeld {
		msgs = s.saveCookie(w, msgs, false)
	}
	if len(msgs) > 0 || s.sessionHeld {
		msgs = s.saveSession(msgs)
	}
	return msgs
}
