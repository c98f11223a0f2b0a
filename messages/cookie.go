package messages

import (
	"net/http"
	"strings"

	"github.com/jazzgo/jazz/web"
)

// The cookie holds Django's format (3.2 and later): the message list as
// compact JSON, signed like signing.dumps with compression, by a timestamp
// signer whose key is "django.http.cookies" + SecretKey and whose salt is
// "django.contrib.messages". The timestamp is never checked: the cookie
// lives until the messages are shown.

// loadCookie reads the messages cookie. found is false when there is no
// cookie or it is not valid (tampered, another key, not a message list);
// complete is false when the cookie ends with the not-finished marker.
func (s *state) loadCookie() (msgs []Message, complete, found bool) {
	v, ok := web.Cookie(s.r, s.cfg.cookieName)
	if !ok || v == "" {
		return nil, true, false
	}
	s.cookieHeld = true
	msgs, marker, err := s.cfg.decodeCookie(v)
	if err != nil {
		// Django ignores such a cookie and deletes it; so does commit.
		s.cookieBad = true
		return nil, true, false
	}
	return msgs, !marker, true
}

// decodeCookie verifies and decodes a cookie value. Values in Django 3.1's
// format (the JSON signed as it is, not base64) are read too, as Django 3.2
// still reads them.
func (c *config) decodeCookie(v string) ([]Message, bool, error) {
	js, err := c.codec.LoadsJSON(v, 0)
	if err != nil {
		payload, lerr := c.legacy.Unsign(v, 0)
		if lerr != nil || !strings.HasPrefix(payload, "[") {
			return nil, false, err
		}
		js = []byte(payload)
	}
	return decodeList(latin1(js))
}

// encodeCookie returns the signed cookie value for msgs.
func (c *config) encodeCookie(msgs []Message, marker bool) string {
	v, err := c.codec.DumpsJSON(appendList(nil, msgs, marker, true))
	if err != nil {
		// appendList always writes valid JSON.
		panic("messages: " + err.Error())
	}
	return v
}

// saveCookie stores as many of msgs in the cookie as MaxCookieSize allows
// and returns the rest. With dropOldest (the cookie storage alone) the
// newest are kept, as Django does; otherwise (the fallback storage) the
// oldest are kept and the newest returned for the session. Either way a
// cookie that could not hold every message ends with the not-finished
// marker. No messages deletes a cookie the request carried.
func (s *state) saveCookie(w http.ResponseWriter, msgs []Message, dropOldest bool) []Message {
	c := s.cfg
	if len(msgs) == 0 {
		if s.cookieHeld {
			web.DeleteCookie(w, c.cookieName, c.cookieOpts...)
		}
		return nil
	}
	// Signed values use only characters a cookie carries unquoted, so the
	// length is the length on the wire, which is what Django measures.
	enc := c.encodeCookie(msgs, false)
	var unstored []Message
	for len(enc) > c.maxCookie && len(msgs) > 0 {
		if dropOldest {
			unstored = append(unstored, msgs[0])
			msgs = msgs[1:]
		} else {
			unstored = append([]Message{msgs[len(msgs)-1]}, unstored...)
			msgs = msgs[:len(msgs)-1]
		}
		enc = c.encodeCookie(msgs, true)
	}
	// The error is only possible for an invalid cookie name, and
	// DefaultCookieName and names a project sets are checked by tests.
	_ = web.SetCookie(w, &http.Cookie{Name: c.cookieName, Value: enc}, c.cookieOpts...)
	return unstored
}
