package messages

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/jazzgo/jazz/signing"
	"github.com/jazzgo/jazz/web"
)

// Storage names where messages wait between requests: the values of
// Options.Storage, and of a project's MessageStorage setting.
type Storage string

// The storages, as in Django. The set is closed on purpose: the fallback
// storage must know how the cookie storage overflows, and a message store
// is small enough that a project needing another place (a cache, say)
// can keep its messages in a session on that cache.
const (
	// StorageFallback keeps messages in the cookie, and those that do not
	// fit in the session: Django's FallbackStorage, and the default.
	StorageFallback Storage = "fallback"
	// StorageCookie keeps messages in a signed cookie only. When they do
	// not fit, the oldest are dropped (and logged), as in Django.
	StorageCookie Storage = "cookie"
	// StorageSession keeps messages in the request's session only.
	StorageSession Storage = "session"
)

// Session is what the session storage needs from a session: the session
// middleware's session satisfies it, directly or through a small adapter
// the project writes, so this package does not depend on a session
// implementation. Values set are strings (the message list as JSON, as
// Django stores it under "_messages"), so any session serializer keeps them.
type Session interface {
	// Get returns the value stored under key and whether there is one.
	Get(key string) (any, bool)
	// Set stores value under key and marks the session to be saved.
	Set(key string, value any)
	// Delete removes key, if present, and marks the session to be saved.
	Delete(key string)
}

// Defaults of [Options], Django's values.
const (
	DefaultCookieName    = "messages"
	DefaultMaxCookieSize = 2048
	// MinCookieSize is the smallest MaxCookieSize accepted: room for the
	// signature and the marker saying the rest is in the session.
	MinCookieSize = 256
)

// Options configures [Middleware]. The zero value with SecretKey set is
// Django's default: the fallback storage (with the session storage only
// when Session is set, else the cookie alone), minimum level Info.
type Options struct {
	// Storage is where messages wait; empty means StorageFallback.
	Storage Storage
	// SecretKey signs the messages cookie (Django's SECRET_KEY); required
	// by the cookie and fallback storages. The signature is Django's, so a
	// Django site with the same key reads the cookie, and the other way.
	SecretKey string
	// SecretKeyFallbacks are older keys whose cookies are still read.
	SecretKeyFallbacks []string
	// Session returns the request's session, or nil when it has none. It is
	// required by StorageSession; with StorageFallback, leaving it nil means
	// messages that do not fit in the cookie are dropped (and logged). The
	// session middleware must be outside this one, so the session is saved
	// after the messages are put in it.
	Session func(r *http.Request) Session
	// MinLevel is the lowest level recorded (Django's MESSAGE_LEVEL); lower
	// ones are dropped by [Add]. Zero means LevelInfo, so Debug messages are
	// dropped unless it is set to LevelDebug. [SetLevel] changes it for one
	// request.
	MinLevel Level
	// Tags replaces or adds level tags (Django's MESSAGE_TAGS), such as
	// {LevelError: "danger"} for Bootstrap's alert classes. The map is
	// copied.
	Tags map[Level]string
	// CookieName names the cookie; empty means "messages".
	CookieName string
	// MaxCookieSize caps the cookie value in bytes; messages beyond it go to
	// the session (fallback) or are dropped (cookie). Zero means 2048, half
	// of what many proxies allow for all headers; a value below
	// MinCookieSize is an error.
	MaxCookieSize int
	// CookieDomain, CookieSecure and CookieSameSite are the cookie's
	// attributes; Django takes them from the session cookie settings, and so
	// should a project. SameSite zero means Lax. The cookie is always
	// HttpOnly, with Path "/" and no expiry (it lasts until the browser
	// closes or the messages are shown).
	CookieDomain   string
	CookieSecure   bool
	CookieSameSite http.SameSite
	// Logger receives a warning when messages could not be stored. Nil
	// means slog.Default().
	Logger *slog.Logger

	// now is the signing clock; tests fix it.
	now func() time.Time
}

// config is Options checked and compiled once.
type config struct {
	storage    Storage
	codec      *signing.Codec           // cookie values, Django's format
	legacy     *signing.TimestampSigner // Django 3.1's format, read only
	session    func(*http.Request) Session
	minLevel   Level
	tags       map[Level]string // nil when Options.Tags is empty
	cookieName string
	maxCookie  int
	cookieOpts []web.CookieOption
	log        *slog.Logger
}

// cookieSalt and cookieKeyPrefix make Django's messages cookie signer
// (signing.get_cookie_signer(salt="django.contrib.messages")).
const (
	cookieSalt      = "django.contrib.messages"
	cookieKeyPrefix = "django.http.cookies"
	sessionKey      = "_messages"
)

// Validate reports the first problem with o, naming the option, so a
// project can stop at start-up; [Middleware] panics with the same error.
func (o Options) Validate() error {
	_, err := o.compile()
	return err
}

func (o Options) compile() (*config, error) {
	c := &config{
		storage:    o.Storage,
		session:    o.Session,
		minLevel:   o.MinLevel,
		cookieName: o.CookieName,
		maxCookie:  o.MaxCookieSize,
		log:        o.Logger,
	}
	if c.storage == "" {
		c.storage = StorageFallback
	}
	if c.minLevel == 0 {
		c.minLevel = LevelInfo
	}
	if c.cookieName == "" {
		c.cookieName = DefaultCookieName
	}
	if c.maxCookie == 0 {
		c.maxCookie = DefaultMaxCookieSize
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	switch c.storage {
	case StorageFallback, StorageCookie:
	case StorageSession:
		if o.Session == nil {
			return nil, errors.New("messages: the session storage needs Options.Session (a function returning the request's session)")
		}
	default:
		return nil, fmt.Errorf("messages: unknown Options.Storage %q; use %q, %q or %q", o.Storage, StorageFallback, StorageCookie, StorageSession)
	}
	if c.storage != StorageSession {
		if c.maxCookie < MinCookieSize {
			return nil, fmt.Errorf("messages: Options.MaxCookieSize %d is below %d bytes, too small for even one message", o.MaxCookieSize, MinCookieSize)
		}
		if o.SecretKey == "" {
			return nil, errors.New("messages: the cookie storage signs its cookie and needs Options.SecretKey (the SecretKey setting)")
		}
		sopts := signing.Options{Key: cookieKeyPrefix + o.SecretKey, Salt: cookieSalt, Compress: true, Now: o.now}
		for i, k := range o.SecretKeyFallbacks {
			if k == "" {
				return nil, fmt.Errorf("messages: Options.SecretKeyFallbacks[%d] is empty", i)
			}
			sopts.FallbackKeys = append(sopts.FallbackKeys, cookieKeyPrefix+k)
		}
		var err error
		if c.codec, err = signing.NewCodec(sopts); err != nil {
			return nil, fmt.Errorf("messages: cookie signer: %w", err)
		}
		if c.legacy, err = signing.NewTimestampSigner(sopts); err != nil {
			return nil, fmt.Errorf("messages: cookie signer: %w", err)
		}
		if o.CookieDomain != "" {
			c.cookieOpts = append(c.cookieOpts, web.CookieDomain(o.CookieDomain))
		}
		if o.CookieSecure {
			c.cookieOpts = append(c.cookieOpts, web.CookieSecure())
		}
		if o.CookieSameSite != 0 {
			c.cookieOpts = append(c.cookieOpts, web.CookieSameSite(o.CookieSameSite))
		}
	}
	if len(o.Tags) > 0 {
		c.tags = make(map[Level]string, len(defaultTags)+len(o.Tags))
		for l, t := range defaultTags {
			c.tags[l] = t
		}
		for l, t := range o.Tags {
			c.tags[l] = t
		}
	}
	return c, nil
}

// tag fills m's level tag from Options.Tags.
func (c *config) tag(m *Message) {
	if c.tags != nil {
		m.tag = c.tags[m.Level]
	}
}
