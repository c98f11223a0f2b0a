package jazz

import (
	"context"
	"errors"
	"fmt"
	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/csrf"
	"github.com/jazzgo/jazz/messages"
	"github.com/jazzgo/jazz/storage"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/cachehttp"
	"github.com/jazzgo/jazz/cache/dbcache"
	"github.com/jazzgo/jazz/checks"
	"github.com/jazzgo/jazz/conf"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/logging"
	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/mail/smtpmail"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/middleware"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/static"
	"github.com/jazzgo/jazz/templates"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// Project is an assembled site: settings, installed apps, URLconf,
// templates, static files, checks and commands, ready to serve. Build one
// with [New]; it is immutable afterwards and safe for concurrent use.
//
// A Project is an http.Handler, so it can be served by any server, mounted
// under another mux, or driven in-process by jazztest.
type Project struct {
	// Settings are the settings the project was built from, with defaults
	// filled in.
	Settings Settings
	// Apps is the installed-apps registry.
	Apps *apps.Registry
	// Router is the root URL resolver.
	Router *urls.Router
	// Templates renders the project's and apps' templates.
	Templates *templates.Engine
	// Static finds, collects and serves static files.
	Static *static.Files
	// Checks holds the system checks run at start-up and by `check`.
	Checks *checks.Registry
	// Logger is the project's root logger.
	Logger *slog.Logger
	// Site is what views reach through web.SiteOf.
	Site *web.Site
	// Databases holds the configured databases, nil when there are none.
	Databases *db.Databases
	// DB is the default database, nil when there is none. Requests and
	// commands carry it in their context (db.FromContext).
	DB *db.DB
	// Caches holds the configured caches by alias; "default" is always
	// there (a local-memory cache unless CacheURL says otherwise).
	Caches map[string]*cache.Cache
	// Cache is Caches["default"].
	Cache *cache.Cache

	// Mailer sends the project's mail; requests and commands carry it
	// (mail.FromContext).
	Mailer *mail.Mailer
	// Media stores user-uploaded files under MediaRoot, served at
	// MediaURL (by the project itself in Debug; by the web server in
	// production). Nil when MediaRoot is empty.
	Media storage.Storage

	fragments *cachehttp.Fragments
	reporter  *mail.AdminsReporter
	state     *requestState

	logCloser io.Closer
	commands  []manage.Command
	handler   http.Handler
}

// New assembles a project from s. It validates the settings, builds every
// component and runs the system checks; any error, or a check at ERROR
// level or above, stops it with a message naming the setting. New does not
// read the environment: [Run] does, through [FromEnv].
func New(s Settings) (*Project, error) {
	s = s.withDefaults()
	if err := s.validate(); err != nil {
		return nil, err
	}
	p := &Project{Settings: s}
	var err error
	if p.Apps, err = apps.New(s.InstalledApps...); err != nil {
		return nil, fmt.Errorf("jazz: InstalledApps: %w", err)
	}
	// Phase two of Django's start-up: load every app's models and resolve
	// the relations between them.
	if err := orm.RegisterApps(p.Apps.All()); err != nil {
		return nil, fmt.Errorf("jazz: models: %w", err)
	}
	if err := p.openMailer(); err != nil {
		return nil, err
	}
	handlers := s.LogHandlers
	if s.MailAdminsOnError && len(s.Admins) > 0 {
		p.reporter = mail.AdminsHandler(p.Mailer, mail.AdminsHandlerOptions{})
		handlers = append(slices.Clone(handlers), p.reporter)
	}
	p.Logger, p.logCloser, err = logging.New(logging.Config{
		Level: s.LogLevel, Format: s.LogFormat, Output: s.LogOutput, Levels: s.LogLevels,
		Handlers: handlers,
	})
	if err != nil {
		return nil, fmt.Errorf("jazz: %w", err)
	}
	if err := p.openDatabases(); err != nil {
		p.Close()
		return nil, err
	}
	if err := p.openCaches(); err != nil {
		p.Close()
		return nil, err
	}
	if p.hasMiddleware(CacheMiddleware) && p.Caches[s.CacheMiddlewareAlias] == nil {
		p.Close()
		return nil, fmt.Errorf("jazz: setting CacheMiddlewareAlias (%s): no cache named %q; add it to Caches",
			conf.EnvName("CacheMiddlewareAlias"), s.CacheMiddlewareAlias)
	}
	if p.Router, err = urls.New(s.URLs, urls.Options{}); err != nil {
		return nil, fmt.Errorf("jazz: URLs: %w", err)
	}
	if err := p.buildRequestState(); err != nil {
		p.Close()
		return nil, err
	}
	if s.MediaRoot != "" {
		media, err := storage.NewFileSystem(storage.FileSystemOptions{Root: s.MediaRoot, BaseURL: s.MediaURL})
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("jazz: setting MediaRoot (%s): %w", conf.EnvName("MediaRoot"), err)
		}
		p.Media = media
	}
	p.Static, err = static.New(static.Options{
		URL: s.StaticURL, Root: s.StaticRoot, Dirs: s.StaticDirs, Apps: p.Apps.All(),
		Debug: s.Debug, Logger: logging.Named(p.Logger, "jazz.static"),
	})
	if err != nil {
		return nil, fmt.Errorf("jazz: static files: %w", err)
	}
	if p.Templates, err = templates.New(p.templateOptions()); err != nil {
		return nil, fmt.Errorf("jazz: templates: %w", err)
	}
	p.fragments.SetRenderer(p.Templates)
	p.Site = &web.Site{
		Debug:              s.Debug,
		Renderer:           p.Templates,
		Reverse:            p.Router.Reverse,
		SecretKey:          s.SecretKey.Reveal(),
		SecretKeyFallbacks: revealAll(s.SecretKeyFallbacks),
		AllowedHosts:       s.AllowedHosts,
		MaxBodyBytes:       s.DataUploadMaxMemorySize,
		MaxFormFields:      s.DataUploadMaxNumberFields,
		Logger:             logging.Named(p.Logger, "jazz.request"),
		Values:             p.baseContext(),
	}
	p.Site.Errors = web.ErrorPages(web.ErrorPagesOptions{
		Debug: s.Debug, Renderer: p.Templates, Has: p.Templates.Has,
		Settings: p.describeSettings, Logger: p.Site.Logger,
	})
	p.Checks = checks.New()
	p.Checks.Register(p.builtinChecks()...)
	p.Checks.Register(p.cacheChecks()...)
	for _, a := range p.Apps.All() {
		if cp, ok := a.(checks.Provider); ok {
			p.Checks.Register(cp.Checks()...)
		}
	}
	if err := p.buildCommands(); err != nil {
		return nil, err
	}
	p.handler = p.buildHandler()

	ctx := context.Background()
	msgs := p.Checks.Run(ctx, checks.RunOptions{Silenced: s.SilencedSystemChecks})
	if checks.Failed(msgs, checks.Error) {
		var b strings.Builder
		checks.Report(&b, msgs, 0)
		return nil, fmt.Errorf("jazz: system checks failed:\n%s", b.String())
	}
	if err := p.Apps.Ready(p.Context(ctx)); err != nil {
		return nil, fmt.Errorf("jazz: %w", err)
	}
	return p, nil
}

// ServeHTTP serves a request through the middleware chain and the URLconf.
func (p *Project) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.handler.ServeHTTP(w, r)
}

// Reverse returns the path of the named route; see [urls.Router.Reverse].
func (p *Project) Reverse(name string, args ...any) (string, error) {
	return p.Router.Reverse(name, args...)
}

// Close releases what the project holds open: database connections and
// a log file.
func (p *Project) Close() error {
	var errs []error
	if p.reporter != nil {
		errs = append(errs, p.reporter.Close())
	}
	if p.Mailer != nil {
		errs = append(errs, p.Mailer.Close())
	}
	for _, c := range p.Caches {
		errs = append(errs, c.Close())
	}
	if p.Databases != nil {
		errs = append(errs, p.Databases.Close())
	}
	if c, ok := p.Media.(io.Closer); ok {
		errs = append(errs, c.Close())
	}
	if p.logCloser != nil {
		errs = append(errs, p.logCloser.Close())
	}
	return errors.Join(errs...)
}

// openDatabases opens the databases from DatabaseURL and Databases, if
// any, so that a wrong URL or an unreachable server stops the start.
func (p *Project) openDatabases() error {
	s := p.Settings
	cfg := make(map[string]db.Config, len(s.Databases)+1)
	for alias, c := range s.Databases {
		cfg[alias] = c
	}
	if s.DatabaseURL != "" {
		c := cfg["default"]
		c.URL = s.DatabaseURL
		cfg["default"] = c
	}
	if len(cfg) == 0 {
		if !p.hasModels() {
			return nil
		}
		// Embedded by default: a project with models and no database
		// setting runs on a SQLite file in the working directory, as a new
		// Django project does.
		cfg["default"] = db.Config{URL: defaultDatabaseURL}
	}
	logger := p.Logger
	for alias, c := range cfg {
		if c.Logger == nil {
			c.Logger = logger
		}
		if c.SlowQuery == 0 {
			c.SlowQuery = s.SlowQueryThreshold
		}
		cfg[alias] = c
	}
	ds, err := db.OpenDatabases(context.Background(), cfg, s.DatabaseRouter)
	if err != nil {
		return fmt.Errorf("jazz: Databases (DATABASE_URL): %w", err)
	}
	p.Databases = ds
	p.DB, err = ds.Get("default")
	return err
}

// openCaches opens CacheURL and Caches, locmem:// by default. db:// URLs
// use the project's databases.
func (p *Project) openCaches() error {
	s := p.Settings
	urls := make(map[string]string, len(s.Caches)+1)
	for alias, u := range s.Caches {
		urls[alias] = u
	}
	if s.CacheURL != "" {
		urls["default"] = s.CacheURL
	}
	if urls["default"] == "" {
		urls["default"] = "locmem://default"
	}
	var extra map[string]cache.OpenFunc
	if p.Databases != nil {
		extra = map[string]cache.OpenFunc{"db": dbcache.Opener(p.Databases.Get)}
	}
	p.Caches = make(map[string]*cache.Cache, len(urls))
	for alias, u := range urls {
		c, err := cache.OpenWith(u, cache.Options{Name: alias, Strict: s.CacheStrictErrors, Logger: p.Logger}, extra)
		if err != nil {
			return fmt.Errorf("jazz: cache %q (CACHE_URL): %w", alias, err)
		}
		p.Caches[alias] = c
	}
	p.Cache = p.Caches["default"]
	p.fragments = cachehttp.NewFragments(p.Cache, nil)
	return nil
}

// cacheTables lists the tables of the db:// caches, for createcachetable.
func (p *Project) cacheTables() []string {
	var tables []string
	for _, raw := range p.cacheURLs() {
		if u, err := url.Parse(raw); err == nil && u.Scheme == "db" {
			tables = append(tables, strings.Trim(u.Host+u.Path, "/"))
		}
	}
	sort.Strings(tables)
	return tables
}

func (p *Project) cacheURLs() []string {
	var out []string
	for _, u := range p.Settings.Caches {
		out = append(out, u)
	}
	if p.Settings.CacheURL != "" {
		out = append(out, p.Settings.CacheURL)
	}
	return out
}

// openMailer builds the Mailer from EmailURL, or from EmailHost and the
// other Email* settings, or the console when neither is set.
func (p *Project) openMailer() error {
	s := p.Settings
	var backend mail.Backend
	var err error
	switch {
	case s.EmailURL != "":
		backend, err = mail.Open(s.EmailURL)
	case s.EmailHost != "":
		backend, err = smtpmail.New(smtpmail.Options{
			Host: s.EmailHost, Port: s.EmailPort, Username: s.EmailHostUser, Password: s.EmailHostPassword.Reveal(),
			UseTLS: s.EmailUseTLS, UseSSL: s.EmailUseSSL, Timeout: s.EmailTimeout,
			CertFile: s.EmailSSLCertfile, KeyFile: s.EmailSSLKeyfile,
		})
	default:
		backend = mail.NewConsole(nil)
	}
	if err != nil {
		return fmt.Errorf("jazz: email (EMAIL_URL / EmailHost): %w", err)
	}
	m := mail.New(backend)
	if s.DefaultFromEmail != "" {
		m.DefaultFrom = s.DefaultFromEmail
	}
	if s.ServerEmail != "" {
		m.ServerEmail = s.ServerEmail
	}
	switch s.EmailSubjectPrefix {
	case "":
	case "none":
		m.SubjectPrefix = ""
	default:
		m.SubjectPrefix = s.EmailSubjectPrefix
	}
	m.Admins, m.Managers = s.Admins, s.Managers
	p.Mailer = m
	return nil
}

// defaultDatabaseURL is the database of a project with models and no
// DATABASE_URL.
const defaultDatabaseURL = "sqlite:///db.sqlite3"

func (p *Project) hasModels() bool {
	for _, a := range p.Apps.All() {
		if mp, ok := a.(orm.ModelProvider); ok && len(mp.Models()) > 0 {
			return true
		}
	}
	return false
}

// baseContext holds what every request and command carries: the default
// cache, the mailer and the default database.
func (p *Project) baseContext() context.Context {
	ctx := cache.WithCache(context.Background(), p.Cache)
	ctx = mail.WithMailer(ctx, p.Mailer)
	if p.DB != nil {
		ctx = db.WithDB(ctx, p.DB)
		ctx = orm.WithDatabases(ctx, p.Databases)
	}
	if p.state.auth != nil {
		ctx = auth.WithConfig(ctx, *p.state.auth)
	}
	if p.Media != nil {
		ctx = storage.WithStorage(ctx, p.Media)
	}
	return ctx
}

// buildHandler wraps the URLconf (and the static files under StaticURL) in
// the middleware chain, and attaches the Site to each request first so that
// every middleware and view can render errors and templates.
func (p *Project) buildHandler() http.Handler {
	router := http.Handler(p.Router)
	if p.Settings.AtomicRequests && p.DB != nil {
		router = atomicRequests(router)
	}
	staticURL, staticHandler := p.Settings.StaticURL, p.Static.Handler()
	// Uploaded files are served by the project in Debug only, as Django's
	// development server does; in production the web server serves
	// MediaRoot.
	mediaURL, mediaHandler := p.Settings.MediaURL, http.Handler(nil)
	if p.Settings.Debug && p.Media != nil {
		mediaHandler = http.StripPrefix(strings.TrimSuffix(mediaURL, "/"), storage.Handler(p.Media))
	}
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, staticURL) {
			staticHandler.ServeHTTP(w, r)
			return
		}
		if mediaHandler != nil && strings.HasPrefix(r.URL.Path, mediaURL) {
			mediaHandler.ServeHTTP(w, r)
			return
		}
		router.ServeHTTP(w, r)
	})
	list := p.Settings.Middleware
	if list == nil {
		list = DefaultMiddleware()
	}
	mws := make([]web.Middleware, 0, len(list))
	for _, m := range list {
		if m == nil {
			continue
		}
		if mw := m(p); mw != nil {
			mws = append(mws, mw)
		}
	}
	chain := web.Chain(inner, mws...)
	site := p.Site
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chain.ServeHTTP(w, web.WithSite(r, site))
	})
}

func (p *Project) templateOptions() templates.Options {
	s := p.Settings
	funcs := template.FuncMap{
		"url":    p.Router.Reverse,
		"static": p.Static.URL,
	}
	for k, v := range p.fragments.Funcs() {
		funcs[k] = v
	}
	for k, v := range csrf.Funcs("") {
		funcs[k] = v
	}
	// media gives the URL of an uploaded file ({{media .post.Cover}}),
	// Django's {{ post.cover.url }}; "" for no file.
	funcs["media"] = func(name any) (string, error) {
		n := fmt.Sprint(name)
		if n == "" {
			return "", nil
		}
		if p.Media == nil {
			return "", fmt.Errorf("media %q: no MediaRoot is set", n)
		}
		return p.Media.URL(n), nil
	}
	for k, v := range s.TemplateFuncs {
		funcs[k] = v
	}
	base := map[string]any{
		"debug":      s.Debug,
		"STATIC_URL": s.StaticURL,
		"MEDIA_URL":  s.MediaURL,
	}
	cspOn := s.SecureCSP != "" || s.SecureCSPReportOnly != ""
	procs := []templates.ContextProcessor{func(r *http.Request) map[string]any {
		if !cspOn {
			return base
		}
		m := make(map[string]any, len(base)+1)
		for k, v := range base {
			m[k] = v
		}
		m["csp_nonce"] = middleware.CSPNonce(r)
		return m
	}}
	procs = append(procs, csrf.ContextProcessor, messages.ContextProcessor)
	if p.state.auth != nil {
		procs = append(procs, userContext)
	}
	procs = append(procs, s.ContextProcessors...)
	return templates.Options{
		Dirs:              s.TemplateDirs,
		Apps:              p.Apps.All(),
		Funcs:             funcs,
		ContextProcessors: procs,
		Debug:             s.Debug,
		Observe:           observeRender,
	}
}

func (p *Project) securityOptions() middleware.SecurityOptions {
	s := p.Settings
	return middleware.SecurityOptions{
		HSTSSeconds:             s.SecureHSTSSeconds,
		HSTSIncludeSubdomains:   s.SecureHSTSIncludeSubdomains,
		HSTSPreload:             s.SecureHSTSPreload,
		SSLRedirect:             s.SecureSSLRedirect,
		SSLHost:                 s.SecureSSLHost,
		SSLRedirectExempt:       s.SecureRedirectExempt,
		NoContentTypeNosniff:    !s.SecureContentTypeNosniff.Or(true),
		ReferrerPolicy:          s.SecureReferrerPolicy,
		CrossOriginOpenerPolicy: s.SecureCrossOriginOpenerPolicy,
		ProxySSLHeader:          p.proxyHeader(),
	}
}

// proxyHeader parses SecureProxySSLHeader ("X-Forwarded-Proto: https"),
// already validated by Settings.validate.
func (p *Project) proxyHeader() middleware.ProxyHeader {
	if p.Settings.SecureProxySSLHeader == "" {
		return middleware.ProxyHeader{}
	}
	name, value, _ := strings.Cut(p.Settings.SecureProxySSLHeader, ":")
	return middleware.ProxyHeader{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)}
}

func (p *Project) commonOptions() middleware.CommonOptions {
	s := p.Settings
	return middleware.CommonOptions{
		AllowedHosts:   s.AllowedHosts,
		Debug:          s.Debug,
		AppendSlash:    s.AppendSlash.Or(true),
		PrependWWW:     s.PrependWWW,
		Resolves:       p.Router.Resolves,
		ProxySSLHeader: p.proxyHeader(),
	}
}

// describeSettings lists the settings for the debug page, secrets masked.
// Settings that hold Go values (apps, URL patterns, file systems) are
// summarised rather than printed as struct dumps.
func (p *Project) describeSettings() []web.Setting {
	s := p.Settings
	summary := map[string]string{
		"InstalledApps":     strings.Join(labels(p.Apps.All()), ", "),
		"URLs":              fmt.Sprintf("%d patterns", len(s.URLs)),
		"Middleware":        fmt.Sprintf("%d entries", len(s.Middleware)),
		"TemplateDirs":      fmt.Sprintf("%d directories", len(s.TemplateDirs)),
		"StaticDirs":        fmt.Sprintf("%d directories", len(s.StaticDirs)),
		"TemplateFuncs":     fmt.Sprintf("%d functions", len(s.TemplateFuncs)),
		"ContextProcessors": fmt.Sprintf("%d processors", len(s.ContextProcessors)),
		"LogHandlers":       fmt.Sprintf("%d handlers", len(s.LogHandlers)),
		"Databases":         strings.Join(p.databaseAliases(), ", "),
		"Caches":            fmt.Sprintf("%d caches", len(s.Caches)),
		"DatabaseRouter":    fmt.Sprintf("%T", s.DatabaseRouter),
	}
	if s.Middleware == nil {
		summary["Middleware"] = "the default chain"
	}
	fields := conf.Describe(s)
	out := make([]web.Setting, len(fields))
	for i, f := range fields {
		v, ok := summary[f.Name]
		if !ok {
			v = f.Value
		}
		out[i] = web.Setting{Name: f.Name, Value: v}
	}
	return out
}

func (p *Project) databaseAliases() []string {
	if p.Databases == nil {
		return nil
	}
	return p.Databases.Aliases()
}

func labels(list []apps.App) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Label()
	}
	return out
}

func revealAll(ss []conf.Secret) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Reveal()
	}
	return out
}

var errInvalidToggle = errors.New("not a boolean (use true or false)")
