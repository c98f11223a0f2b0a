package tokens

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DefaultTimeout is Django's PASSWORD_RESET_TIMEOUT: three days.
const DefaultTimeout = 3 * 24 * time.Hour

// DefaultKeySalt is the key salt of Django's PasswordResetTokenGenerator.
// Tokens made with another salt are not valid for Django, and the other way
// round; a project that uses tokens for two purposes (reset and, say, email
// confirmation) gives each its own salt so one cannot stand for the other.
const DefaultKeySalt = "django.contrib.auth.tokens.PasswordResetTokenGenerator"

// epoch is where Django counts token timestamps from (2001-01-01, taken as
// UTC: Django uses the server's local time, which is UTC on a site whose
// TIME_ZONE is "UTC").
var epoch = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

// User is the part of a user's state that a token is bound to. A token
// stops working as soon as any of it changes: the password hash changes
// when the reset is used (or the password changed otherwise), and
// LastLogin when the user logs in, so a token works at most once.
type User struct {
	// PK is the primary key as Django's str(pk) writes it: decimal digits
	// for an integer key, the hyphenated form for a UUID.
	PK string
	// Password is the stored (encoded) password hash.
	Password string
	// LastLogin is the time of the last login; the zero time means never.
	// Only whole seconds in UTC count, as in Django.
	LastLogin time.Time
	// Email is the value of the user's email field, "" when there is none.
	Email string
}

// Options configures a [Generator]. Secret is required; a zero value of
// any other field means Django's default.
type Options struct {
	// Secret signs the tokens: the project's SecretKey.
	Secret string
	// SecretFallbacks are older secrets (SecretKeyFallbacks): tokens made
	// with them still check, and new tokens always use Secret.
	SecretFallbacks []string
	// Timeout is how long a token stays valid; 0 means DefaultTimeout.
	// Django counts it in whole seconds.
	Timeout time.Duration
	// KeySalt separates this kind of token from others; "" means
	// DefaultKeySalt.
	KeySalt string
}

// Generator makes and checks password reset tokens in Django's format,
//
//	<timestamp in base 36>-<32 hex digits>
//
// where the hex digits are every other character of an HMAC-SHA256 (keyed
// as Django's salted_hmac) over the user's state and the timestamp. A
// Generator is immutable and safe for concurrent use.
type Generator struct {
	keys    [][]byte // derived HMAC keys, the current secret first
	timeout int64    // seconds
}

// New returns a Generator. It fails when the secret or a fallback is
// empty, or the timeout is negative.
func New(opts Options) (*Generator, error) {
	if opts.Secret == "" {
		return nil, errors.New("tokens: the secret is empty; pass the project's SecretKey")
	}
	if opts.Timeout < 0 {
		return nil, fmt.Errorf("tokens: PasswordResetTimeout is negative (%v)", opts.Timeout)
	}
	salt := opts.KeySalt
	if salt == "" {
		salt = DefaultKeySalt
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	g := &Generator{timeout: int64(timeout / time.Second)}
	for i, s := range append([]string{opts.Secret}, opts.SecretFallbacks...) {
		if s == "" {
			return nil, fmt.Errorf("tokens: secret fallback %d is empty; remove it from SecretKeyFallbacks", i-1)
		}
		// salted_hmac: the key is SHA256(key_salt + secret), always hashed.
		k := sha256.Sum256([]byte(salt + s))
		g.keys = append(g.keys, k[:])
	}
	return g, nil
}

// Make returns a token for u, valid from now for the timeout.
func (g *Generator) Make(u User) string { return g.MakeAt(u, time.Now()) }

// MakeAt returns the token Make would return at the time now.
func (g *Generator) MakeAt(u User, now time.Time) string {
	return g.token(g.keys[0], u, seconds(now))
}

// Check reports whether token is valid for u now: made by this generator
// (with the secret or a fallback) for u's current state, and not older than
// the timeout. A token dated in the future is accepted, as Django does.
// Every malformed token is simply invalid.
func (g *Generator) Check(u User, token string) bool { return g.CheckAt(u, token, time.Now()) }

// CheckAt reports what Check would report at the time now.
func (g *Generator) CheckAt(u User, token string, now time.Time) bool {
	tsText, _, found := strings.Cut(token, "-")
	if token == "" || !found || len(tsText) == 0 || len(tsText) > 13 {
		return false
	}
	ts, err := strconv.ParseInt(tsText, 36, 64)
	if err != nil || ts < 0 {
		return false
	}
	ok := false
	for _, k := range g.keys {
		// The whole token is recomputed and compared, so a timestamp written
		// in another way (upper case, leading zeros) does not match.
		if subtle.ConstantTimeCompare([]byte(g.token(k, u, ts)), []byte(token)) == 1 {
			ok = true
			break
		}
	}
	return ok && seconds(now)-ts <= g.timeout
}

// seconds is Django's _num_seconds: whole seconds since 2001-01-01.
func seconds(t time.Time) int64 {
	return int64(t.Sub(epoch) / time.Second)
}

func (g *Generator) token(key []byte, u User, ts int64) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(HashValue(u, ts)))
	full := hex.EncodeToString(mac.Sum(nil))
	half := make([]byte, 0, len(full)/2)
	for i := 0; i < len(full); i += 2 { // every other character shortens the URL
		half = append(half, full[i])
	}
	return strconv.FormatInt(ts, 36) + "-" + string(half)
}

// HashValue is the text the HMAC covers (Django's _make_hash_value): the
// primary key, the password hash, the last login in UTC without fractions
// of a second or zone ("" for never), the timestamp and the email, joined
// with nothing between them. It is exported for debugging interop.
func HashValue(u User, ts int64) string {
	login := ""
	if !u.LastLogin.IsZero() {
		login = u.LastLogin.UTC().Format(time.DateTime)
	}
	return u.PK + u.Password + login + strconv.FormatInt(ts, 10) + u.Email
}
