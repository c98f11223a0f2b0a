package auth

import (
	"context"
	"net/http"
	"time"

	"github.com/jazzgo/jazz/auth/hashers"
	"github.com/jazzgo/jazz/auth/tokens"
	"github.com/jazzgo/jazz/auth/validators"
	"github.com/jazzgo/jazz/cache"
)

// Config is the auth settings of a project, passed in through [Middleware]
// (and [WithConfig] for code outside requests, such as commands). Its zero
// fields take Django's defaults; see [Config.withDefaults]. A Config must
// not be changed once in use.
type Config struct {
	// Users is the user model (Django's AUTH_USER_MODEL): where
	// Authenticate, Login, CurrentAccount, ModelBackend, CreateAccount,
	// the commands and the auth views find and save accounts. Build it
	// with [Model] over a model of the project's own that embeds
	// AbstractUser. Default: auth.User (table auth_user).
	Users UserModel
	// Backends authenticate users, in order (Django's
	// AUTHENTICATION_BACKENDS). Default: ModelBackend alone.
	Backends []Backend
	// Hashers make and check password hashes (Django's PASSWORD_HASHERS).
	// Default: hashers.Default().
	Hashers *hashers.List
	// Validators check new passwords (AUTH_PASSWORD_VALIDATORS).
	// Default: validators.Default. Set an empty, non-nil list to check
	// nothing.
	Validators validators.List
	// Tokens makes password reset tokens. Default: a generator over
	// SecretKey and SecretKeyFallbacks.
	Tokens *tokens.Generator
	// LoginURL is where LoginRequired sends anonymous users
	// ("/accounts/login/"). LoginRedirectURL is where a login without a
	// safe next lands ("/accounts/profile/"). LogoutRedirectURL is where
	// logout goes; empty means the logout view shows its page.
	LoginURL, LoginRedirectURL, LogoutRedirectURL string
	// Throttle limits failed logins; the zero value disables it.
	Throttle Throttle
	// SecretKey signs the session auth hash; SecretKeyFallbacks are older
	// keys still accepted (Django 4.1+), so that rotating the key does not
	// log everybody out.
	SecretKey          string
	SecretKeyFallbacks []string
	// Cache holds the throttle counters. Default: the cache in the
	// request's context (cache.FromContext).
	Cache *cache.Cache
	// AllowedHosts are the hosts besides the request's own that SafeNext
	// accepts in absolute URLs (Django's allowed_hosts argument).
	AllowedHosts []string

	// LoggedIn, LoggedOut and LoginFailed are Django's user_logged_in,
	// user_logged_out and user_login_failed signals. They may be nil.
	// LoggedIn runs after the session and last_login are updated; an
	// error from it fails the login.
	// LoggedOut gets nil when nobody was logged in.
	LoggedIn    func(r *http.Request, u Account) error
	LoggedOut   func(r *http.Request, u Account)
	LoginFailed func(r *http.Request, username string)
}

// Throttle limits failed logins, beyond Django's core: after MaxFailures
// failures for one username, or from one client address, within Window,
// further attempts for it are refused with ErrThrottled for LockFor. A
// successful login clears the username's count (not the address's, so an
// attacker cannot reset it by logging in to an account of their own).
// MaxFailures 0 disables throttling. Defaults: Window 15 minutes, LockFor
// 15 minutes.
type Throttle struct {
	MaxFailures int
	Window      time.Duration
	LockFor     time.Duration
}

// Default URLs, Django's.
const (
	DefaultLoginURL         = "/accounts/login/"
	DefaultLoginRedirectURL = "/accounts/profile/"
)

// withDefaults returns a copy of c with its zero fields filled.
func (c Config) withDefaults() *Config {
	if c.Users == nil {
		c.Users = defaultUsers
	}
	if len(c.Backends) == 0 {
		c.Backends = []Backend{ModelBackend{}}
	}
	if c.Hashers == nil {
		c.Hashers = hashers.Default()
	}
	if c.Validators == nil {
		c.Validators = validators.Default()
	}
	if c.Tokens == nil && c.SecretKey != "" {
		if g, err := tokens.New(tokens.Options{Secret: c.SecretKey, SecretFallbacks: c.SecretKeyFallbacks}); err == nil {
			c.Tokens = g
		}
	}
	if c.LoginURL == "" {
		c.LoginURL = DefaultLoginURL
	}
	if c.LoginRedirectURL == "" {
		c.LoginRedirectURL = DefaultLoginRedirectURL
	}
	if c.Throttle.MaxFailures > 0 {
		if c.Throttle.Window <= 0 {
			c.Throttle.Window = 15 * time.Minute
		}
		if c.Throttle.LockFor <= 0 {
			c.Throttle.LockFor = 15 * time.Minute
		}
	}
	return &c
}

// WithConfig returns ctx carrying cfg (with its defaults filled), for
// code that runs outside a request: commands, tasks, tests. Middleware
// does the same for each request.
func WithConfig(ctx context.Context, cfg Config) context.Context {
	return context.WithValue(ctx, stateKey{}, &state{cfg: cfg.withDefaults()})
}

// ConfigFrom returns the Config in ctx, or the defaults when there is
// none. The result is never nil and must not be modified.
func ConfigFrom(ctx context.Context) *Config {
	if st := stateFrom(ctx); st != nil && st.cfg != nil {
		return st.cfg
	}
	return defaultConfig()
}

// ConfigOf returns the Config of the request: ConfigFrom(r.Context()).
func ConfigOf(r *http.Request) *Config { return ConfigFrom(r.Context()) }

// defaultConfig is built per call: hashers.Default and friends are cheap
// values, and keeping none avoids package state.
func defaultConfig() *Config { return Config{}.withDefaults() }
