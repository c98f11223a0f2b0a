package jazz

import (
	"github.com/jazzgo/jazz/auth"
	"html/template"
	"io/fs"
	"log/slog"
	"time"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/conf"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/templates"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// Settings is a project's configuration: Django's settings.py as a typed
// struct. Names follow Django's in Go spelling (SECURE_HSTS_SECONDS is
// SecureHSTSSeconds). The zero value of every field means "Django's
// default", so a literal only names what differs.
//
// Every scalar and list field can be overridden from the environment by
// [FromEnv] as JAZZ_<NAME_IN_UPPER_SNAKE_CASE> (StaticRoot ->
// JAZZ_STATIC_ROOT; lists are comma-separated). Fields tagged env:"-" hold Go
// values (apps, URL patterns, file systems) and have no variable.
type Settings struct {
	// Name is the project's name, shown by runserver and the debug page.
	Name string `env:"-"`

	// Debug turns on the technical error page, template reloading and
	// serving static files from the apps. Never on in production.
	Debug bool
	// SecretKey signs cookies and tokens. It must be long and random in
	// production; check --deploy says when it is not.
	SecretKey conf.Secret
	// SecretKeyFallbacks are older keys still accepted when verifying, so
	// the key can be rotated without invalidating every signed value.
	SecretKeyFallbacks []conf.Secret
	// AllowedHosts lists the host names this site answers for ("example.com",
	// ".example.com" for a domain and its subdomains, "*" for any). Requests
	// for other hosts get 400. Empty allows only localhost names when Debug
	// is on, and nothing otherwise.
	AllowedHosts []string

	// DatabaseURL is the default database: sqlite:///path.db,
	// postgres://user:pass@host/name, mysql://user:pass@host/name. It sets
	// Databases["default"]. Empty (and no Databases) means the project runs
	// without a database.
	DatabaseURL string `env:"DATABASE_URL"`
	// Databases configures several databases by alias, each with optional
	// read replicas and pool options; "default" is required when any is
	// set. DatabaseURL, when set, overrides the default entry's URL.
	Databases map[string]db.Config `env:"-"`
	// DatabaseRouter picks the alias for each model's reads and writes;
	// nil sends everything to "default".
	DatabaseRouter db.Router `env:"-"`
	// AtomicRequests runs each request's view in a transaction on the
	// default database: committed when the response is below 500, rolled
	// back on a 5xx or a panic.
	AtomicRequests bool
	// SlowQueryThreshold logs statements slower than this at WARN on the
	// jazz.db logger (0: never).
	SlowQueryThreshold time.Duration

	// CacheURL is the default cache: locmem:// (the default), file:///dir,
	// db://table (needs a database and createcachetable),
	// redis://host:6379/0, memcached://host:11211, dummy://. Query
	// parameters timeout (seconds), key_prefix and version apply to any.
	CacheURL string `env:"CACHE_URL"`
	// Caches names more caches by URL; CacheURL, when set, is "default".
	Caches map[string]string `env:"-"`
	// CacheStrictErrors makes cache errors reach the caller, as in Django.
	// By default a failing cache server reads as a miss and drops writes,
	// logging the errors (rate-limited) on jazz.cache, so the site keeps
	// answering from the database.
	CacheStrictErrors bool
	// CacheMiddlewareAlias, CacheMiddlewareSeconds (default 600) and
	// CacheMiddlewareKeyPrefix configure CacheMiddleware, the per-site cache.
	CacheMiddlewareAlias     string
	CacheMiddlewareSeconds   int
	CacheMiddlewareKeyPrefix string

	// EmailURL chooses how mail is sent: console:// (the default: printed
	// to stdout), smtp://user:pass@host:587?tls=starttls, smtps://host:465,
	// file:///dir (one .eml per message), locmem:// (kept in memory, for
	// tests), dummy://. When it is empty and EmailHost is set, SMTP is
	// configured from the Email* settings below, as in Django.
	EmailURL string `env:"EMAIL_URL"`
	// EmailHost, EmailPort, EmailHostUser, EmailHostPassword, EmailUseTLS
	// (STARTTLS), EmailUseSSL (implicit TLS; not with EmailUseTLS),
	// EmailTimeout, EmailSSLCertfile and EmailSSLKeyfile configure SMTP.
	EmailHost         string
	EmailPort         int
	EmailHostUser     string
	EmailHostPassword conf.Secret
	EmailUseTLS       bool
	EmailUseSSL       bool
	EmailTimeout      time.Duration
	EmailSSLCertfile  string
	EmailSSLKeyfile   string
	// DefaultFromEmail is the sender of site mail ("webmaster@localhost");
	// ServerEmail the sender of error reports ("root@localhost").
	DefaultFromEmail string
	ServerEmail      string
	// EmailSubjectPrefix starts the subject of mails to Admins and
	// Managers ("[Jazz] "; "none" for no prefix).
	EmailSubjectPrefix string
	// Admins receive error reports; Managers receive MailManagers mail.
	// Each entry is an address, optionally with a name: "Ann <ann@example.com>".
	Admins   []string
	Managers []string
	// MailAdminsOnError mails the Admins a report of every 500 error, with
	// the stack and request details (secrets masked), at most ten a
	// minute.
	MailAdminsOnError bool

	// InstalledApps are the project's applications, in lookup order.
	InstalledApps []apps.App `env:"-"`
	// URLs is the root URLconf.
	URLs []urls.Pattern `env:"-"`
	// Middleware replaces the default chain ([DefaultMiddleware]) when
	// non-nil. The first entry is the outermost.
	Middleware []Middleware `env:"-"`

	// TemplateDirs are project template directories, searched before the
	// apps' templates (so a project overrides an app's template).
	TemplateDirs []fs.FS `env:"-"`
	// TemplateFuncs adds functions to every template.
	TemplateFuncs template.FuncMap `env:"-"`
	// ContextProcessors add values to every template's context.
	ContextProcessors []templates.ContextProcessor `env:"-"`

	// StaticURL is where static files are served ("/static/").
	StaticURL string
	// StaticRoot is the directory collectstatic writes to and, once it
	// holds a manifest, the production handler serves from.
	StaticRoot string
	// StaticDirs are project static directories, searched before the apps'.
	StaticDirs []fs.FS `env:"-"`
	// MediaURL is the URL prefix of user-uploaded files ("/media/").
	MediaURL string
	// MediaRoot is the directory of user-uploaded files.
	MediaRoot string

	// Addr is where runserver listens when no address is given
	// ("127.0.0.1:8000").
	Addr string
	// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout bound the
	// server's connections (defaults 10s, 60s, 60s, 120s; negative means no
	// limit). They defend against slow clients holding connections open.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// ShutdownTimeout is how long in-flight requests may run after SIGINT or
	// SIGTERM before the server closes them (default 30s).
	ShutdownTimeout time.Duration

	// DataUploadMaxMemorySize caps request bodies read as forms or JSON, in
	// bytes (default 2.5 MB; negative means no limit). Larger bodies get 413.
	DataUploadMaxMemorySize int64
	// FileUploadMaxMemorySize is how much uploaded file content a request
	// keeps in memory (2.5 MB); the rest streams to temp files in
	// FileUploadTempDir (the system's temp directory), removed when the
	// request ends.
	FileUploadMaxMemorySize int64
	FileUploadTempDir       string
	// DataUploadMaxNumberFiles caps the files of one request (100); more
	// is a 400.
	DataUploadMaxNumberFiles int
	// UploadMaxBodySize caps a multipart body, files included (100 MiB);
	// more is a 413.
	UploadMaxBodySize int64
	// DataUploadMaxNumberFields caps the number of form fields (default
	// 1000; negative means no limit). More fields get 400.
	DataUploadMaxNumberFields int

	// AppendSlash redirects GET requests for a path without a trailing
	// slash to the same path with one, when only the latter has a route
	// (default on).
	AppendSlash Toggle
	// PrependWWW redirects requests to the www. subdomain.
	PrependWWW bool

	// SecureHSTSSeconds is the max-age of the Strict-Transport-Security
	// header; 0 (the default) sends none.
	SecureHSTSSeconds int
	// SecureHSTSIncludeSubdomains adds includeSubDomains to HSTS.
	SecureHSTSIncludeSubdomains bool
	// SecureHSTSPreload adds preload to HSTS.
	SecureHSTSPreload bool
	// SecureSSLRedirect redirects plain-HTTP requests to HTTPS.
	SecureSSLRedirect bool
	// SecureSSLHost is the host HTTPS redirects go to ("" = the request's).
	SecureSSLHost string
	// SecureRedirectExempt lists path regular expressions (without the
	// leading slash, as Django) that SecureSSLRedirect leaves alone.
	SecureRedirectExempt []string
	// SecureProxySSLHeader names a header set by a trusted proxy that marks
	// a request as HTTPS, as "Header: value" ("X-Forwarded-Proto: https").
	SecureProxySSLHeader string
	// SecureContentTypeNosniff sends X-Content-Type-Options: nosniff
	// (default on).
	SecureContentTypeNosniff Toggle
	// SecureReferrerPolicy is the Referrer-Policy header ("same-origin";
	// "none" sends no header).
	SecureReferrerPolicy string
	// SecureCrossOriginOpenerPolicy is the Cross-Origin-Opener-Policy header
	// ("same-origin"; "none" sends no header).
	SecureCrossOriginOpenerPolicy string
	// XFrameOptions is the X-Frame-Options header: "DENY" (default) or
	// "SAMEORIGIN".
	XFrameOptions string
	// SecureCSP is the Content-Security-Policy; "{nonce}" in it is replaced
	// by a fresh per-request nonce, available to templates as csp_nonce.
	// Empty sends no policy.
	SecureCSP string
	// SecureCSPReportOnly is a policy sent as
	// Content-Security-Policy-Report-Only, to try a policy before
	// enforcing it.
	SecureCSPReportOnly string

	// SessionEngine chooses where sessions live: "db" (the sessions app's
	// table; install sessions/dbstore.App), "cached_db" (the same, with a
	// cache in front), "cache" (SessionCacheAlias), "file"
	// (SessionFilePath) or "signed_cookies" (in the cookie itself, signed,
	// not encrypted). Empty means "db" when the sessions app is installed,
	// "signed_cookies" otherwise.
	SessionEngine string
	// SessionCacheAlias is the cache of the "cache" and "cached_db"
	// engines ("default").
	SessionCacheAlias string
	// SessionFilePath is the directory of the "file" engine (default: the
	// system's temporary directory). It must be writable.
	SessionFilePath string
	// SessionCookieName is the session cookie ("sessionid").
	SessionCookieName string
	// SessionCookieAge is how long a session lasts after its last change
	// (two weeks).
	SessionCookieAge time.Duration
	// SessionCookieDomain and SessionCookiePath are the cookie's Domain
	// ("" = this host only) and Path ("/").
	SessionCookieDomain string
	SessionCookiePath   string
	// SessionCookieHTTPOnly hides the session cookie from scripts (on).
	SessionCookieHTTPOnly Toggle
	// SessionCookieSameSite is "Lax" (default), "Strict" or "None".
	SessionCookieSameSite string
	// SessionExpireAtBrowserClose makes session cookies last until the
	// browser closes.
	SessionExpireAtBrowserClose bool
	// SessionSaveEveryRequest saves (and so extends) the session on every
	// request, not only when it changed.
	SessionSaveEveryRequest bool

	// SessionCookieSecure and CSRFCookieSecure mark those cookies Secure
	// (over HTTPS only; check --deploy warns when off).
	SessionCookieSecure bool
	CSRFCookieSecure    bool

	// CSRFCookieName is the cookie holding the CSRF secret ("csrftoken").
	CSRFCookieName string
	// CSRFCookieAge is its lifetime (one year).
	CSRFCookieAge time.Duration
	// CSRFCookieDomain and CSRFCookiePath are its Domain and Path.
	CSRFCookieDomain string
	CSRFCookiePath   string
	// CSRFCookieHTTPOnly hides the CSRF cookie from scripts (off, as in
	// Django: scripts may read the token from it).
	CSRFCookieHTTPOnly bool
	// CSRFCookieSameSite is "Lax" (default), "Strict" or "None".
	CSRFCookieSameSite string
	// CSRFCookieMasked writes the cookie masked, as Django 3.2 does, to
	// share it with such a site; Django 4.1+ and Jazz read both forms.
	CSRFCookieMasked bool
	// CSRFHeaderName is the header AJAX requests send the token in
	// ("X-CSRFToken").
	CSRFHeaderName string
	// CSRFTrustedOrigins are other origins allowed to post, with their
	// scheme ("https://*.example.com").
	CSRFTrustedOrigins []string
	// CSRFUseSessions keeps the CSRF secret in the session instead of a
	// cookie.
	CSRFUseSessions bool

	// LoginURL is where login-required pages send anonymous visitors
	// ("/accounts/login/"); LoginRedirectURL is where a login without a
	// safe "next" lands ("/accounts/profile/"); LogoutRedirectURL is where
	// logging out goes ("" shows the logged-out page). They matter when
	// the auth app is installed.
	LoginURL          string
	LoginRedirectURL  string
	LogoutRedirectURL string
	// UserModel is the project's user model when it is not auth.User
	// (Django's AUTH_USER_MODEL): auth.Model[accounts.Member]() for a model
	// that embeds auth.AbstractUser, registered by its app. Nil means
	// auth.User.
	UserModel auth.UserModel `env:"-"`
	// PasswordHashers lists the password hashers by algorithm name,
	// preferred first ("pbkdf2_sha256", "argon2", "bcrypt_sha256",
	// "scrypt", and Django's legacy ones for checking); empty means
	// Django's defaults. Hashes made by the others are upgraded at login.
	PasswordHashers []string
	// PasswordResetTimeout is how long a password-reset link works (three
	// days).
	PasswordResetTimeout time.Duration
	// LoginThrottleFailures locks out a username or a client address after
	// that many failed logins within LoginThrottleWindow, for
	// LoginThrottleLock (both 15 minutes by default); 0 turns it off.
	LoginThrottleFailures int
	LoginThrottleWindow   time.Duration
	LoginThrottleLock     time.Duration

	// MessageStorage is where flash messages wait: "fallback" (cookie,
	// then session; default), "cookie" or "session".
	MessageStorage string
	// MessageLevel is the lowest level recorded: "debug", "info"
	// (default), "success", "warning" or "error".
	MessageLevel string
	// MessageTags replaces the tags of levels, by level name: {"error":
	// "danger"} gives Bootstrap's alert classes.
	MessageTags map[string]string

	// GZip compresses responses for clients that accept it. Mind BREACH if
	// pages mix secrets with reflected input.
	GZip bool

	// LogLevel is the minimum level logged: debug, info (default), warn,
	// error.
	LogLevel string
	// LogFormat is "text" (default) or "json".
	LogFormat string
	// LogOutput is "stderr" (default), "stdout", "discard" or a file path.
	LogOutput string
	// LogLevels sets levels per logger name ("jazz.request=warn").
	LogLevels map[string]string
	// LogHandlers are extra slog handlers every log record also goes to,
	// after the level filtering: the hook for shipping logs elsewhere or
	// mailing errors to the admins.
	LogHandlers []slog.Handler `env:"-"`

	// SilencedSystemChecks lists check IDs ("security.W004") to hide.
	SilencedSystemChecks []string
}

// Toggle is a boolean setting whose default is on, so that the zero value
// of [Settings] can mean Django's default. Set it to On or Off.
type Toggle int8

// Toggle values.
const (
	Default Toggle = iota // the setting's default
	On
	Off
)

// Or returns the toggle as a bool, def when it is Default.
func (t Toggle) Or(def bool) bool {
	switch t {
	case On:
		return true
	case Off:
		return false
	}
	return def
}

// String returns "default", "on" or "off".
func (t Toggle) String() string {
	switch t {
	case On:
		return "on"
	case Off:
		return "off"
	}
	return "default"
}

// UnmarshalText reads a boolean word (true/false, 1/0, yes/no, on/off), so
// environment variables can set a Toggle.
func (t *Toggle) UnmarshalText(b []byte) error {
	switch string(b) {
	case "1", "t", "T", "true", "TRUE", "True", "yes", "YES", "on", "ON", "On":
		*t = On
	case "0", "f", "F", "false", "FALSE", "False", "no", "NO", "off", "OFF", "Off":
		*t = Off
	case "", "default":
		*t = Default
	default:
		return errInvalidToggle
	}
	return nil
}

// MarshalText writes the toggle as its String.
func (t Toggle) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// withDefaults returns s with Django's defaults filled in where s is zero.
func (s Settings) withDefaults() Settings {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	defDur := func(p *time.Duration, v time.Duration) {
		if *p == 0 {
			*p = v
		} else if *p < 0 {
			*p = 0
		}
	}
	def(&s.Name, "jazz")
	def(&s.StaticURL, "/static/")
	def(&s.MediaURL, "/media/")
	def(&s.Addr, "127.0.0.1:8000")
	def(&s.SecureReferrerPolicy, "same-origin")
	def(&s.SecureCrossOriginOpenerPolicy, "same-origin")
	def(&s.XFrameOptions, "DENY")
	def(&s.LogLevel, "info")
	def(&s.LogFormat, "text")
	def(&s.LogOutput, "stderr")
	def(&s.CacheMiddlewareAlias, "default")
	def(&s.SessionCacheAlias, "default")
	def(&s.SessionCookieName, "sessionid")
	def(&s.SessionCookiePath, "/")
	def(&s.SessionCookieSameSite, "Lax")
	def(&s.CSRFCookieName, "csrftoken")
	def(&s.CSRFCookiePath, "/")
	def(&s.CSRFCookieSameSite, "Lax")
	def(&s.CSRFHeaderName, "X-CSRFToken")
	def(&s.MessageStorage, "fallback")
	def(&s.MessageLevel, "info")
	defDur(&s.SessionCookieAge, 14*24*time.Hour)
	defDur(&s.CSRFCookieAge, 365*24*time.Hour)
	defDur(&s.PasswordResetTimeout, 3*24*time.Hour)
	if s.CacheMiddlewareSeconds == 0 {
		s.CacheMiddlewareSeconds = 600
	}
	defDur(&s.ReadHeaderTimeout, 10*time.Second)
	defDur(&s.ReadTimeout, 60*time.Second)
	defDur(&s.WriteTimeout, 60*time.Second)
	defDur(&s.IdleTimeout, 120*time.Second)
	defDur(&s.ShutdownTimeout, 30*time.Second)
	if s.DataUploadMaxMemorySize == 0 {
		s.DataUploadMaxMemorySize = web.DefaultMaxBodyBytes
	}
	if s.DataUploadMaxNumberFields == 0 {
		s.DataUploadMaxNumberFields = web.DefaultMaxFormFields
	}
	return s
}
