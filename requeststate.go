package jazz

import (
	"fmt"
	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/auth/hashers"
	"github.com/jazzgo/jazz/auth/tokens"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/jazzgo/jazz/conf"
	"github.com/jazzgo/jazz/csrf"
	"github.com/jazzgo/jazz/logging"
	"github.com/jazzgo/jazz/messages"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/cacheddbstore"
	"github.com/jazzgo/jazz/sessions/cachestore"
	"github.com/jazzgo/jazz/sessions/dbstore"
	"github.com/jazzgo/jazz/sessions/filestore"
	"github.com/jazzgo/jazz/web"
)

// requestState is the per-request state machinery built from the
// settings at start-up: sessions, CSRF protection and messages. Building
// it in New, not in the middleware constructors, turns a wrong setting
// into a start-up error naming it.
type requestState struct {
	engine   string
	store    sessions.Store // nil for signed cookies
	sessions sessions.Options
	csrf     csrf.Options
	messages messages.Options
	auth     *auth.Config // nil without the auth app
}

// sessionOf adapts the request's session for csrf and messages, which
// declare the little they need; a nil session stays a nil interface.
func sessionOf(r *http.Request) *sessions.Session { return sessions.FromRequest(r) }

func (p *Project) buildRequestState() error {
	s := p.Settings
	rs := &requestState{engine: s.SessionEngine}
	secret, fallbacks := s.SecretKey.Reveal(), revealAll(s.SecretKeyFallbacks)
	_, hasSessionsApp := p.Apps.Get(dbstore.Label)
	if rs.engine == "" {
		rs.engine = "signed_cookies"
		if hasSessionsApp {
			rs.engine = "db"
		}
	}
	setting := func(name string) string { return fmt.Sprintf("%s (%s)", name, conf.EnvName(name)) }
	dbStore := func() (*dbstore.Store, error) {
		if !hasSessionsApp {
			return nil, fmt.Errorf("jazz: setting %s is %q: add the sessions app (sessions/dbstore.App) to InstalledApps; its migration makes the table",
				setting("SessionEngine"), rs.engine)
		}
		if p.DB == nil {
			return nil, fmt.Errorf("jazz: setting %s is %q but the project has no database (set DATABASE_URL)", setting("SessionEngine"), rs.engine)
		}
		return dbstore.New(p.DB, dbstore.Options{Key: secret, FallbackKeys: fallbacks})
	}
	sessionCache := func() error {
		if p.Caches[s.SessionCacheAlias] == nil {
			return fmt.Errorf("jazz: setting %s: no cache named %q", setting("SessionCacheAlias"), s.SessionCacheAlias)
		}
		return nil
	}
	switch rs.engine {
	case "signed_cookies":
	case "db":
		st, err := dbStore()
		if err != nil {
			return err
		}
		rs.store = st
	case "cached_db":
		st, err := dbStore()
		if err != nil {
			return err
		}
		if err := sessionCache(); err != nil {
			return err
		}
		if rs.store, err = cacheddbstore.New(st, p.Caches[s.SessionCacheAlias], cacheddbstore.Options{Logger: logging.Named(p.Logger, "jazz.sessions")}); err != nil {
			return fmt.Errorf("jazz: sessions: %w", err)
		}
	case "cache":
		if err := sessionCache(); err != nil {
			return err
		}
		rs.store = cachestore.New(p.Caches[s.SessionCacheAlias])
	case "file":
		dir := s.SessionFilePath
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "jazz-sessions")
		}
		st, err := filestore.New(dir)
		if err != nil {
			return fmt.Errorf("jazz: setting %s: %w", setting("SessionFilePath"), err)
		}
		rs.store = st
	default:
		return fmt.Errorf("jazz: setting %s is %q: use db, cached_db, cache, file or signed_cookies", setting("SessionEngine"), rs.engine)
	}
	sameSite := func(name, v string) (http.SameSite, error) {
		switch strings.ToLower(v) {
		case "lax", "":
			return http.SameSiteLaxMode, nil
		case "strict":
			return http.SameSiteStrictMode, nil
		case "none":
			return http.SameSiteNoneMode, nil
		}
		return 0, fmt.Errorf("jazz: setting %s is %q: use Lax, Strict or None", setting(name), v)
	}
	sessSite, err := sameSite("SessionCookieSameSite", s.SessionCookieSameSite)
	if err != nil {
		return err
	}
	csrfSite, err := sameSite("CSRFCookieSameSite", s.CSRFCookieSameSite)
	if err != nil {
		return err
	}
	rs.sessions = sessions.Options{
		Store: rs.store, SecretKey: secret, SecretKeyFallbacks: fallbacks,
		CookieName: s.SessionCookieName, Age: s.SessionCookieAge, Domain: s.SessionCookieDomain,
		Path: s.SessionCookiePath, Secure: s.SessionCookieSecure, ScriptReadable: !s.SessionCookieHTTPOnly.Or(true),
		SameSite: sessSite, ExpireAtBrowserClose: s.SessionExpireAtBrowserClose,
		SaveEveryRequest: s.SessionSaveEveryRequest, Logger: logging.Named(p.Logger, "jazz.sessions"),
	}
	if _, err := sessions.NewMiddleware(rs.sessions); err != nil {
		return fmt.Errorf("jazz: sessions: %w", err)
	}
	rs.csrf = csrf.Options{
		CookieName: s.CSRFCookieName, CookieAge: s.CSRFCookieAge, CookieDomain: s.CSRFCookieDomain,
		CookiePath: s.CSRFCookiePath, CookieSecure: s.CSRFCookieSecure, CookieHTTPOnly: s.CSRFCookieHTTPOnly,
		CookieSameSite: csrfSite, CookieMasked: s.CSRFCookieMasked, HeaderName: s.CSRFHeaderName,
		TrustedOrigins: s.CSRFTrustedOrigins, ProxySSLHeader: p.proxyHeader(), Debug: s.Debug,
		Logger: logging.Named(p.Logger, "jazz.security.csrf"),
		Resolve: func(r *http.Request) http.Handler {
			h, _, err := p.Router.Match(r)
			if err != nil {
				return nil
			}
			return h
		},
	}
	if s.CSRFUseSessions {
		rs.csrf.UseSessions = true
		rs.csrf.CookieDomain = s.SessionCookieDomain
		rs.csrf.Session = func(r *http.Request) csrf.SessionStore {
			if ss := sessionOf(r); ss != nil {
				return ss
			}
			return nil
		}
	}
	if err := rs.csrf.Check(); err != nil {
		return fmt.Errorf("jazz: CSRF settings: %w", err)
	}
	levels := map[string]messages.Level{
		"debug": messages.LevelDebug, "info": messages.LevelInfo, "success": messages.LevelSuccess,
		"warning": messages.LevelWarning, "error": messages.LevelError,
	}
	level, ok := levels[strings.ToLower(s.MessageLevel)]
	if !ok {
		return fmt.Errorf("jazz: setting %s is %q: use debug, info, success, warning or error", setting("MessageLevel"), s.MessageLevel)
	}
	var tags map[messages.Level]string
	for name, tag := range s.MessageTags {
		l, ok := levels[strings.ToLower(name)]
		if !ok {
			return fmt.Errorf("jazz: setting MessageTags: unknown level %q: use debug, info, success, warning or error", name)
		}
		if tags == nil {
			tags = map[messages.Level]string{}
		}
		tags[l] = tag
	}
	rs.messages = messages.Options{
		Storage: messages.Storage(s.MessageStorage), SecretKey: secret, SecretKeyFallbacks: fallbacks,
		Session: func(r *http.Request) messages.Session {
			if ss := sessionOf(r); ss != nil {
				return ss
			}
			return nil
		},
		MinLevel: level, Tags: tags, CookieDomain: s.SessionCookieDomain, CookieSecure: s.SessionCookieSecure,
		CookieSameSite: sessSite, Logger: logging.Named(p.Logger, "jazz.messages"),
	}
	if err := rs.messages.Validate(); err != nil {
		return fmt.Errorf("jazz: setting %s: %w", setting("MessageStorage"), err)
	}
	if _, ok := p.Apps.Get(auth.Label); ok {
		cfg := &auth.Config{
			LoginURL: s.LoginURL, LoginRedirectURL: s.LoginRedirectURL, LogoutRedirectURL: s.LogoutRedirectURL,
			Throttle: auth.Throttle{
				MaxFailures: s.LoginThrottleFailures, Window: s.LoginThrottleWindow, LockFor: s.LoginThrottleLock,
			},
			SecretKey: secret, SecretKeyFallbacks: fallbacks, AllowedHosts: s.AllowedHosts,
			Users: s.UserModel,
		}
		if s.UserModel != nil {
			if _, err := s.UserModel.Info(); err != nil {
				return fmt.Errorf("jazz: setting UserModel: %w (add the model to its app's Models)", err)
			}
		}
		if len(s.PasswordHashers) > 0 {
			if cfg.Hashers, err = hashers.FromNames(s.PasswordHashers...); err != nil {
				return fmt.Errorf("jazz: setting %s: %w", setting("PasswordHashers"), err)
			}
		}
		if cfg.Tokens, err = tokens.New(tokens.Options{Secret: secret, SecretFallbacks: fallbacks, Timeout: s.PasswordResetTimeout}); err != nil {
			return fmt.Errorf("jazz: setting %s: %w", setting("PasswordResetTimeout"), err)
		}
		rs.auth = cfg
	}
	if rs.auth == nil && s.UserModel != nil {
		return fmt.Errorf("jazz: setting UserModel needs the auth app (auth.App) in InstalledApps")
	}
	p.state = rs
	return nil
}

// userContext gives templates "user": the logged-in account (an
// *auth.User, or the project's UserModel), or nil for an anonymous
// visitor ({{with .user}}...{{end}}), as Django's auth context processor
// does.
func userContext(r *http.Request) map[string]any {
	if a := auth.CurrentAccount(r); a != nil {
		return map[string]any{"user": a}
	}
	return map[string]any{"user": nil}
}

// SessionStore returns the store of the project's session engine, nil for
// signed-cookie sessions.
func (p *Project) SessionStore() sessions.Store { return p.state.store }

var (
	// SessionMiddleware gives each request its session (sessions.FromRequest)
	// from the engine SessionEngine chooses.
	SessionMiddleware Middleware = func(p *Project) web.Middleware { return sessions.Middleware(p.state.sessions) }
	// CSRFMiddleware refuses unsafe requests without the CSRF token, as
	// Django's CsrfViewMiddleware; csrf.Exempt(view) opts a view out.
	CSRFMiddleware Middleware = func(p *Project) web.Middleware { return csrf.Middleware(p.state.csrf) }
	// AuthMiddleware puts the logged-in user on each request
	// (auth.CurrentUser) when the auth app is installed, and does nothing
	// otherwise.
	AuthMiddleware Middleware = func(p *Project) web.Middleware {
		if p.state.auth == nil {
			return func(next http.Handler) http.Handler { return next }
		}
		return auth.Middleware(*p.state.auth)
	}
	// UploadsMiddleware gives views the upload limits of the settings
	// (web.ParseMultipart) and removes an upload's temp files when the
	// request ends, even when the view fails.
	UploadsMiddleware Middleware = func(p *Project) web.Middleware {
		s := p.Settings
		return web.Uploads(web.UploadOptions{
			MaxMemory: s.FileUploadMaxMemorySize, TempDir: s.FileUploadTempDir,
			MaxFiles: s.DataUploadMaxNumberFiles, MaxBodyBytes: s.UploadMaxBodySize,
		})
	}
	// MessageMiddleware keeps flash messages (messages.Success(r, ...))
	// until they are shown.
	MessageMiddleware Middleware = func(p *Project) web.Middleware { return messages.Middleware(p.state.messages) }
)
