package sessions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jazzgo/jazz/signing"
)

// Salts of the two encodings, Django's, so that values move between a
// Jazz site and a Django site sharing the secret key, and so that a value
// made for one purpose is refused for the other.
const (
	// StoreSalt signs the data of database, file and cached_db rows
	// (Django names every such backend class SessionStore).
	StoreSalt = "django.contrib.sessions.SessionStore"
	// CookieSalt signs the data of signed-cookie sessions.
	CookieSalt = "django.contrib.sessions.backends.signed_cookies"
)

// MaxCookieSize is the largest session cookie, name and value together,
// that [Codec.EncodeCookie] callers may send: browsers silently drop
// cookies above 4096 bytes, which would lose the session without a trace.
const MaxCookieSize = 4096

// ErrCookieTooLarge is returned when a signed-cookie session does not fit
// in [MaxCookieSize]; keep less in the session or use a server-side store.
var ErrCookieTooLarge = errors.New("sessions: signed-cookie session is larger than 4096 bytes; store less in the session or use a server-side engine (db, cache, file)")

// CodecOptions configures [NewCodec].
type CodecOptions struct {
	// SecretKey signs new values (Django's SECRET_KEY). Required.
	SecretKey string
	// SecretKeyFallbacks are older keys whose values still decode.
	SecretKeyFallbacks []string
	// Now is the clock for timestamps and cookie age checks; nil means
	// time.Now.
	Now func() time.Time
}

// Codec turns session data into the strings Django stores, and back: the
// row encoding of the db, file and cached_db engines ([Codec.Encode]) and
// the signed-cookie engine's cookie value ([Codec.EncodeCookie]). Both are
// signing.dumps with compression under their own salt, JSON-serialised
// and signed, not encrypted: whoever holds the value can read it.
//
// A Codec is immutable and safe for concurrent use; make one at start-up,
// since it keeps the compressors it reuses.
type Codec struct {
	store  *signing.Codec
	cookie *signing.Codec
}

// NewCodec returns a Codec for opts. It fails when SecretKey or a
// fallback key is empty.
func NewCodec(opts CodecOptions) (*Codec, error) {
	mk := func(salt string) (*signing.Codec, error) {
		return signing.NewCodec(signing.Options{
			Key:          opts.SecretKey,
			FallbackKeys: opts.SecretKeyFallbacks,
			Salt:         salt,
			Now:          opts.Now,
			Compress:     true,
		})
	}
	store, err := mk(StoreSalt)
	if err != nil {
		return nil, fmt.Errorf("sessions: codec: %w", err)
	}
	cookie, err := mk(CookieSalt)
	if err != nil {
		return nil, fmt.Errorf("sessions: codec: %w", err)
	}
	return &Codec{store: store, cookie: cookie}, nil
}

// Encode returns data as Django's db backend writes session_data. It
// fails only when a value cannot be serialised as JSON.
func (c *Codec) Encode(data Data) (string, error) {
	s, err := c.store.Dumps(nonNil(data))
	if err != nil {
		return "", fmt.Errorf("sessions: encoding session data: %w", err)
	}
	return s, nil
}

// Decode reads session_data written by [Codec.Encode] or by Django, with
// no age limit (the row's expiry date decides). Any failure, a tampered
// value, another key, another salt or garbage, is an error wrapping
// [ErrNotFound]: as in Django, such a session is simply empty.
func (c *Codec) Decode(s string) (Data, error) {
	return decode(c.store, s, 0)
}

// EncodeCookie returns data as the signed-cookie engine's cookie value.
// It fails when a value cannot be serialised as JSON; the size check
// against [MaxCookieSize] is the caller's, who knows the cookie name.
func (c *Codec) EncodeCookie(data Data) (string, error) {
	s, err := c.cookie.Dumps(nonNil(data))
	if err != nil {
		return "", fmt.Errorf("sessions: encoding session cookie: %w", err)
	}
	return s, nil
}

// DecodeCookie reads a signed-cookie session value, refusing one signed
// more than maxAge ago (Django checks against SESSION_COOKIE_AGE; zero
// means no limit). Any failure is an error wrapping [ErrNotFound].
func (c *Codec) DecodeCookie(s string, maxAge time.Duration) (Data, error) {
	return decode(c.cookie, s, maxAge)
}

// Encode is [Codec.Encode] with keys[0] as the secret key and the rest as
// fallbacks. It builds a codec per call; keep a [Codec] where speed
// matters.
func Encode(data Data, keys []string) (string, error) {
	c, err := codecFor(keys)
	if err != nil {
		return "", err
	}
	return c.Encode(data)
}

// Decode is [Codec.Decode] with keys[0] as the secret key and the rest as
// fallbacks. No keys is an error that does not wrap ErrNotFound.
func Decode(s string, keys []string) (Data, error) {
	c, err := codecFor(keys)
	if err != nil {
		return nil, err
	}
	return c.Decode(s)
}

func codecFor(keys []string) (*Codec, error) {
	if len(keys) == 0 {
		return nil, errors.New("sessions: no secret key given; pass the SecretKey setting first")
	}
	return NewCodec(CodecOptions{SecretKey: keys[0], SecretKeyFallbacks: keys[1:]})
}

func decode(c *signing.Codec, s string, maxAge time.Duration) (Data, error) {
	var m map[string]any
	if err := c.Loads(s, maxAge, &m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	if m == nil { // JSON null
		return nil, fmt.Errorf("%w: session data is not a JSON object", ErrNotFound)
	}
	for k, v := range m {
		m[k] = plainNumbers(v)
	}
	return Data(m), nil
}

// plainNumbers turns the json.Number values signing decodes into float64,
// the type [Data] promises for numbers, whatever the store.
func plainNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		f, _ := v.Float64() // a valid JSON number always parses; huge ones become ±Inf
		return f
	case []any:
		for i, e := range v {
			v[i] = plainNumbers(e)
		}
	case map[string]any:
		for k, e := range v {
			v[k] = plainNumbers(e)
		}
	}
	return v
}

func nonNil(d Data) Data {
	if d == nil {
		return Data{}
	}
	return d
}

// MarshalData serialises data as JSON for stores that keep plain JSON (the
// cache and file stores): without HTML escaping, so it reads like what
// Django would store.
func MarshalData(data Data) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(nonNil(data)); err != nil {
		return nil, fmt.Errorf("sessions: session data is not JSON-serialisable: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// UnmarshalData is the reverse of [MarshalData]. Numbers come back as
// float64; anything but a JSON object is an error wrapping [ErrNotFound].
func UnmarshalData(b []byte) (Data, error) {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil || m == nil {
		return nil, fmt.Errorf("%w: stored session is not a JSON object", ErrNotFound)
	}
	return Data(m), nil
}
