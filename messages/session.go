package messages

// The session storage keeps the message list under "_messages" as a JSON
// string with Python's default separators, byte for byte what Django's
// SessionStorage stores, so a Django site sharing the session shows the
// messages Jazz added, and the other way.

// loadSession reads the messages from the request's session.
func (s *state) loadSession() []Message {
	sess := s.session()
	if sess == nil {
		return nil
	}
	v, ok := sess.Get(sessionKey)
	if !ok {
		return nil
	}
	s.sessionHeld = true
	str, ok := v.(string)
	if !ok {
		return nil // not ours: cleared at the next save
	}
	msgs, _, err := decodeList([]byte(str))
	if err != nil {
		return nil
	}
	return msgs
}

// saveSession stores msgs in the session, or removes the entry when there
// are none. Without a session nothing can be stored: all are returned.
func (s *state) saveSession(msgs []Message) []Message {
	sess := s.session()
	if sess == nil {
		return msgs
	}
	if len(msgs) > 0 {
		sess.Set(sessionKey, string(appendList(nil, msgs, false, false)))
		return nil
	}
	// Asking first keeps a session that held no messages unmodified, so it
	// is not saved for nothing.
	if _, ok := sess.Get(sessionKey); ok {
		sess.Delete(sessionKey)
	}
	return nil
}

func (s *state) session() Session {
	if s.cfg.session == nil {
		return nil
	}
	return s.cfg.session(s.r)
}
