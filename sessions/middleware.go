package sessions

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/jazzgo/jazz/logging"
	"github.com/jazzgo/jazz/web"
)

// Defaults of [Options], Django's.
const (
	DefaultCookieName = "sessionid"
	DefaultAge        = 14 * 24 * time.Hour
)

// Options configures [Middleware]. The zero value of a field means its
// default; only the engine (Store, or SecretKey for signed cookies) must
// be chosen.
type Options struct {
	// Store keeps the sessions (database, cache, files). Nil selects the
	// signed-cookie engine: the data travels in the cookie itself, signed
	// with SecretKey so it cannot be forged, but readable by the client
	// (it is not encrypted) and limited to 4096 bytes.
	Store Store
	// SecretKey signs signed-cookie sessions (Django's SECRET_KEY);
	// required when Store is nil, unused otherwise.
	SecretKey string
	// SecretKeyFallbacks are older secrets whose cookies still load.
	SecretKeyFallbacks []string

	// CookieName is the session cookie's name; "" means "sessionid".
	CookieName string
	// Age is how long a session lives after its last save (Django's
	// SESSION_COOKIE_AGE); 0 means two weeks. It is used in whole seconds.
	Age time.Duration
	// Domain is the cookie's Domain attribute; "" limits the cookie to
	// the host that set it.
	Domain string
	// Path is the cookie's Path; "" means "/".
	Path string
	// Secure sends the cookie over HTTPS only.
	Secure bool
	// ScriptReadable leaves out HttpOnly (Django's
	// SESSION_COOKIE_HTTPONLY = False). Leave it false: scripts have no
	// business reading the session key.
	ScriptReadable bool
	// SameSite is the cookie's SameSite attribute; 0 means Lax.
	// http.SameSiteDefaultMode writes none.
	SameSite http.SameSite
	// ExpireAtBrowserClose sends cookies without Max-Age unless a session
	// chose its own expiry.
	ExpireAtBrowserClose bool
	// SaveEveryRequest saves the session, refreshing its expiry, on every
	// request that has one, not only when it changed.
	SaveEveryRequest bool

	// Logger receives store failures; nil means slog.Default(), under the
	// name "jazz.sessions".
	Logger *slog.Logger
	// Now is the clock for expiry dates and signed-cookie ages; nil means
	// time.Now. Tests set it.
	Now func() time.Time
}

// manager is the checked form of Options, shared by a middleware's
// requests.
type manager struct {
	store          Store
	codec          *Codec
	cookieName     string
	age            time.Duration
	atBrowserClose bool
	saveEvery      bool
	cookieOpts     []web.CookieOption
	log            *slog.Logger
	now            func() time.Time
}

func newManager(opts Options) (*manager, error) {
	m := &manager{
		store:          opts.Store,
		cookieName:     opts.CookieName,
		age:            opts.Age.Truncate(time.Second),
		atBrowserClose: opts.ExpireAtBrowserClose,
		saveEvery:      opts.SaveEveryRequest,
		log:            logging.Named(opts.Logger, "jazz.sessions"),
		now:            opts.Now,
	}
	if m.cookieName == "" {
		m.cookieName = DefaultCookieName
	}
	if m.age == 0 {
		m.age = DefaultAge
	}
	if m.age < 0 {
		return nil, fmt.Errorf("sessions: Age is %v; it must be positive (SessionCookieAge)", opts.Age)
	}
	if m.now == nil {
		m.now = time.Now
	}
	if m.store == nil {
		if opts.SecretKey == "" {
			return nil, errors.New("sessions: the signed-cookie engine needs a secret key; set SecretKey (or choose a Store)")
		}
		c, err := NewCodec(CodecOptions{SecretKey: opts.SecretKey, SecretKeyFallbacks: opts.SecretKeyFallbacks, Now: m.now})
		if err != nil {
			return nil, err
		}
		m.codec = c
	}
	path := opts.Path
	if path == "" {
		path = "/"
	}
	m.cookieOpts = append(m.cookieOpts, web.CookiePath(path))
	if opts.Domain != "" {
		m.cookieOpts = append(m.cookieOpts, web.CookieDomain(opts.Domain))
	}
	if opts.Secure {
		m.cookieOpts = append(m.cookieOpts, web.CookieSecure())
	}
	if opts.ScriptReadable {
		m.cookieOpts = append(m.cookieOpts, web.CookieScriptReadable())
	}
	if opts.SameSite != 0 {
		m.cookieOpts = append(m.cookieOpts, web.CookieSameSite(opts.SameSite))
	}
	// A cookie name that cannot be written is a settings mistake: find
	// it now rather than on the first save.
	if err := web.SetCookie(discard{}, &http.Cookie{Name: m.cookieName, Value: "x"}); err != nil {
		return nil, fmt.Errorf("sessions: CookieName: %w", err)
	}
	return m, nil
}

type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteHeader(int)             {}

// NewMiddleware is [Middleware] returning the configuration error instead
// of panicking.
func NewMiddleware(opts Options) (func(http.Handler) http.Handler, error) {
	m, err := newManager(opts)
	if err != nil {
		return nil, err
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key, hadCookie := web.Cookie(r, m.cookieName)
			s := newSession(r.Context(), m, key)
			r = r.WithContext(context.WithValue(r.Context(), sessionKey{}, s))
			sw := &writer{w: w, r: r, s: s, m: m, hadCookie: hadCookie}
			next.ServeHTTP(sw, r)
			if !sw.done {
				sw.commit(http.StatusOK)
			}
		})
	}, nil
}

// Middleware puts a [Session] on each request ([FromRequest]) and saves it
// before the response's headers go out, as Django's SessionMiddleware
// does in process_response: the session is saved when it was modified
// (or always, with SaveEveryRequest) and is not empty; the cookie is
// deleted when the request brought one and the session ended up empty;
// "Vary: Cookie" is added when the session was accessed. Nothing is saved
// for a 500 response.
//
// The save happens when the view first writes the status, the body or a
// flush, or when it returns without writing. When the save fails (the
// store is down, a signed cookie is over 4096 bytes), the view's response
// is discarded and replaced by a 500 through web.Error, which logs the
// cause: a response claiming to have logged someone in whose session was
// not stored would be worse than an error page. This is Django's
// behaviour too, where the exception propagates.
//
// Middleware panics when opts are invalid (no Store and no SecretKey, a
// bad cookie name), so a misconfigured site fails at start-up.
func Middleware(opts Options) func(http.Handler) http.Handler {
	mw, err := NewMiddleware(opts)
	if err != nil {
		panic(err)
	}
	return mw
}

type sessionKey struct{}

// FromRequest returns the request's session, or nil when [Middleware] is
// not installed.
func FromRequest(r *http.Request) *Session {
	s, _ := r.Context().Value(sessionKey{}).(*Session)
	return s
}

// writer saves the session just before the response's header is written.
type writer struct {
	w         http.ResponseWriter
	r         *http.Request
	s         *Session
	m         *manager
	hadCookie bool
	done      bool // the session was dealt with
	failed    bool // the save failed and a 500 was sent instead
}

// commit applies Django's process_response rules for a response with the
// given status and reports whether the view's response may go on.
func (sw *writer) commit(status int) bool {
	sw.done = true
	s, m := sw.s, sw.m
	s.mu.Lock()
	defer s.mu.Unlock()
	h := sw.w.Header()
	if sw.hadCookie && s.empty() {
		web.DeleteCookie(sw.w, m.cookieName, m.cookieOpts...)
		addVary(h)
		return true
	}
	if s.accessed {
		addVary(h)
	}
	if !(s.modified || m.saveEvery) || s.empty() || status == http.StatusInternalServerError {
		return true
	}
	err := s.save()
	if err == nil {
		c := &http.Cookie{Name: m.cookieName, Value: s.key}
		if !s.atBrowserClose() {
			age := s.expiryAge()
			if c.MaxAge = int(age / time.Second); c.MaxAge <= 0 {
				c.MaxAge = -1 // already expired: tell the browser to drop it
			} else {
				c.Expires = m.now().Add(age)
			}
		}
		err = web.SetCookie(sw.w, c, m.cookieOpts...)
	}
	if err == nil {
		return true
	}
	sw.failed = true
	// The view's headers (Content-Type, Content-Length) describe a body
	// that will not be sent.
	for k := range h {
		delete(h, k)
	}
	web.Error(sw.w, sw.r, fmt.Errorf("sessions: the session could not be saved: %w", err))
	return false
}

// addVary adds Cookie to the Vary header unless it is there or Vary is *.
func addVary(h http.Header) {
	for _, line := range h.Values("Vary") {
		for part := range strings.SplitSeq(line, ",") {
			part = strings.TrimSpace(part)
			if part == "*" || strings.EqualFold(part, "Cookie") {
				return
			}
		}
	}
	h.Add("Vary", "Cookie")
}

func (sw *writer) Header() http.Header { return sw.w.Header() }

func (sw *writer) WriteHeader(code int) {
	if !sw.done && (code >= 200 || code == http.StatusSwitchingProtocols) {
		sw.commit(code)
	}
	if sw.failed {
		return
	}
	sw.w.WriteHeader(code)
}

func (sw *writer) Write(p []byte) (int, error) {
	if !sw.done {
		sw.commit(http.StatusOK)
	}
	if sw.failed {
		return len(p), nil
	}
	return sw.w.Write(p)
}

// ReadFrom keeps sendfile working through the wrapped writer.
func (sw *writer) ReadFrom(src io.Reader) (int64, error) {
	if !sw.done {
		sw.commit(http.StatusOK)
	}
	if sw.failed {
		return io.Copy(io.Discard, src)
	}
	if rf, ok := sw.w.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(writerOnly{sw.w}, src)
}

type writerOnly struct{ io.Writer }

// FlushError sends the header (saving the session first) and flushes.
func (sw *writer) FlushError() error {
	if !sw.done {
		sw.commit(http.StatusOK)
	}
	if sw.failed {
		return nil
	}
	return http.NewResponseController(sw.w).Flush()
}

// Flush is FlushError without the error, for http.Flusher.
func (sw *writer) Flush() { _ = sw.FlushError() }

// Hijack hands the connection over; the session is not saved, since no
// HTTP response will carry its cookie.
func (sw *writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	sw.done = true
	return http.NewResponseController(sw.w).Hijack()
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (sw *writer) Unwrap() http.ResponseWriter { return sw.w }
