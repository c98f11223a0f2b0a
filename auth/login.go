package auth

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/jazzgo/jazz/csrf"
	"github.com/jazzgo/jazz/sessions"
)

// The session keys, Django's, so that a Jazz site and a Django site
// sharing sessions and users recognise each other's logins.
const (
	SessionKeyUserID  = "_auth_user_id"
	SessionKeyBackend = "_auth_user_backend"
	SessionKeyHash    = "_auth_user_hash"
)

var (
	// ErrInvalidCredentials is returned by Authenticate when no backend
	// accepts the username and password (or the user is inactive). Show
	// one message for all of these, so a login form does not tell which
	// accounts exist.
	ErrInvalidCredentials = errors.New("auth: invalid username or password")
	// ErrThrottled is returned by Authenticate while the username or the
	// client address is locked out after too many failures (Config.Throttle).
	ErrThrottled = errors.New("auth: too many failed login attempts; try again later")
	// ErrNoSession is returned by Login and Logout when the request has no
	// session: the session middleware must run before them.
	ErrNoSession = errors.New("auth: the request has no session; add the session middleware before auth's")
)

// Authenticate asks each of the Config's backends in turn whether the
// credentials are good and returns the first account one accepts (of the
// Config's user model: a *User by default), with the backend recorded
// for Login. It returns ErrInvalidCredentials when none
// does, ErrThrottled when Config.Throttle locks the attempt out (no
// backend is asked then), or another error when a backend fails.
// Failures count towards the throttle and call Config.LoginFailed.
func Authenticate(r *http.Request, username, password string) (Account, error) {
	ctx := r.Context()
	cfg := ConfigOf(r)
	th := newThrottler(ctx, cfg, r, username)
	if locked, err := th.locked(ctx); err != nil {
		return nil, err
	} else if locked {
		if cfg.LoginFailed != nil {
			cfg.LoginFailed(r, username)
		}
		return nil, ErrThrottled
	}
	for _, b := range cfg.Backends {
		a, err := b.Authenticate(ctx, r, username, password)
		if err != nil {
			return nil, fmt.Errorf("auth: backend %s: %w", backendName(b), err)
		}
		if present(a) {
			if u := a.Base(); u.backend == "" {
				u.backend = backendName(b)
			}
			if err := th.succeeded(ctx); err != nil {
				return nil, err
			}
			return a, nil
		}
	}
	if err := th.failed(ctx); err != nil {
		return nil, err
	}
	if cfg.LoginFailed != nil {
		cfg.LoginFailed(r, username)
	}
	return nil, ErrInvalidCredentials
}

// Login makes a the request's user and remembers it in the session, as
// Django's login: the session key changes (CycleKey; a session that held
// another user, or the same user with another password, is flushed
// instead), so a key seen before the login is worthless; the session
// keeps the user's id, backend and session auth hash; the CSRF secret is
// rotated; LastLogin is saved (through Config.Users); Config.LoggedIn
// runs. a should come from Authenticate; otherwise the only configured
// backend is recorded (with several, call SetBackend first). A *User is
// an Account, so Login(w, r, user) works as it always did.
func Login(w http.ResponseWriter, r *http.Request, a Account) error {
	if !present(a) {
		return errors.New("auth: Login(nil user)")
	}
	u := a.Base()
	sess := sessions.FromRequest(r)
	if sess == nil {
		return ErrNoSession
	}
	cfg := ConfigOf(r)
	backend := u.backend
	if backend == "" {
		if len(cfg.Backends) != 1 {
			return errors.New("auth: Login: several backends are configured; log in a user returned by Authenticate, or call SetBackend")
		}
		backend = backendName(cfg.Backends[0])
	}
	hash := u.SessionAuthHash(cfg.SecretKey)
	if sess.Has(SessionKeyUserID) {
		id, _ := sessionUserID(sess)
		old, _ := sess.GetString(SessionKeyHash)
		if id != u.ID || !equal(old, hash) {
			// Another user's session: start from nothing, as Django, so
			// none of their data leaks to this user.
			if err := sess.Flush(); err != nil {
				return fmt.Errorf("auth: login: %w", err)
			}
		}
	} else if err := sess.CycleKey(); err != nil {
		return fmt.Errorf("auth: login: %w", err)
	}
	sess.Set(SessionKeyUserID, strconv.FormatInt(u.ID, 10))
	sess.Set(SessionKeyBackend, backend)
	sess.Set(SessionKeyHash, hash)
	u.backend = backend
	if st := stateFrom(r.Context()); st != nil {
		st.mu.Lock()
		st.user, st.err, st.loaded = a, nil, true
		st.mu.Unlock()
	}
	csrf.Rotate(r)
	now := time.Now().UTC().Truncate(time.Microsecond)
	u.LastLogin = &now
	if u.ID != 0 {
		if err := cfg.Users.Save(r.Context(), a, "last_login"); err != nil {
			return fmt.Errorf("auth: login: saving last_login of user %d: %w", u.ID, err)
		}
	}
	if cfg.LoggedIn != nil {
		if err := cfg.LoggedIn(r, a); err != nil {
			return err
		}
	}
	return nil
}

// Logout ends the request's session (Flush: data gone, key deleted from
// the store, cookie removed) and makes the request anonymous. It calls
// Config.LoggedOut first with the user, nil when nobody was logged in.
func Logout(w http.ResponseWriter, r *http.Request) error {
	sess := sessions.FromRequest(r)
	if sess == nil {
		return ErrNoSession
	}
	cfg := ConfigOf(r)
	if cfg.LoggedOut != nil {
		cfg.LoggedOut(r, CurrentAccount(r))
	}
	if st := stateFrom(r.Context()); st != nil {
		st.mu.Lock()
		st.user, st.err, st.loaded = nil, nil, true
		st.mu.Unlock()
	}
	if err := sess.Flush(); err != nil {
		return fmt.Errorf("auth: logout: %w", err)
	}
	return nil
}

// CurrentAccount returns the logged-in account of the request, of the
// Config's user model, or nil for an anonymous visitor. The account is
// loaded on the first call (later calls return the same object) by the
// backend named in the session, and only if the session's auth hash
// matches the account's current password: after a password change, the
// other sessions of the user end here (they are flushed). A hash made
// with one of Config.SecretKeyFallbacks is accepted and replaced. A
// database error makes the request anonymous; use [LoadAccount] to see
// it.
func CurrentAccount(r *http.Request) Account {
	a, _ := LoadAccount(r)
	return a
}

// CurrentUser is [CurrentAccount] for the default user model: the
// logged-in *User, or nil for an anonymous visitor. With another user
// model (Config.Users) it is always nil: use CurrentAccount.
func CurrentUser(r *http.Request) *User {
	u, _ := LoadUser(r)
	return u
}

// LoadAccount is CurrentAccount with the error from loading the account.
// Without [Middleware], it returns (nil, nil).
func LoadAccount(r *http.Request) (Account, error) {
	st := stateFrom(r.Context())
	if st == nil || st.cfg == nil {
		return nil, nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.loaded {
		st.user, st.err = loadUser(r, st.cfg)
		st.loaded = st.err == nil
	}
	return st.user, st.err
}

// LoadUser is CurrentUser with the error from loading the user.
// Without [Middleware], it returns (nil, nil).
func LoadUser(r *http.Request) (*User, error) {
	a, err := LoadAccount(r)
	u, _ := a.(*User)
	return u, err
}

func loadUser(r *http.Request, cfg *Config) (Account, error) {
	sess := sessions.FromRequest(r)
	if sess == nil {
		return nil, nil
	}
	id, ok := sessionUserID(sess)
	if !ok {
		return nil, nil
	}
	name, _ := sess.GetString(SessionKeyBackend)
	var backend Backend
	for _, b := range cfg.Backends {
		if backendName(b) == name {
			backend = b
			break
		}
	}
	if backend == nil {
		return nil, nil // a backend since removed from the settings
	}
	ctx := r.Context()
	a, err := backend.GetUser(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("auth: loading the session's user: %w", err)
	}
	if !present(a) {
		return nil, nil
	}
	u := a.Base()
	u.backend = name
	stored, _ := sess.GetString(SessionKeyHash)
	if stored != "" && equal(stored, u.SessionAuthHash(cfg.SecretKey)) {
		return a, nil
	}
	for _, old := range cfg.SecretKeyFallbacks {
		if stored != "" && equal(stored, u.SessionAuthHash(old)) {
			// Made before a key rotation: keep the login, under a new
			// key and the current hash, as Django 4.1+.
			if err := sess.CycleKey(); err != nil {
				return nil, fmt.Errorf("auth: renewing the session after a key rotation: %w", err)
			}
			sess.Set(SessionKeyHash, u.SessionAuthHash(cfg.SecretKey))
			return a, nil
		}
	}
	// The password changed since this session logged in.
	if err := sess.Flush(); err != nil {
		return nil, fmt.Errorf("auth: ending a session with a stale password hash: %w", err)
	}
	return nil, nil
}

// sessionUserID reads "_auth_user_id", which Django writes as a string
// (str(pk)); a number is accepted too.
func sessionUserID(sess *sessions.Session) (int64, bool) {
	if s, ok := sess.GetString(SessionKeyUserID); ok {
		id, err := strconv.ParseInt(s, 10, 64)
		return id, err == nil
	}
	return sess.GetInt(SessionKeyUserID)
}

// UpdateSessionAuthHash keeps the current session logged in after a's
// password changed (Django's update_session_auth_hash): the session key
// changes and the session gets the new hash, while other sessions of the
// user end. Call it after saving the new password. It does nothing when
// a is not the request's user.
func UpdateSessionAuthHash(r *http.Request, a Account) error {
	if !present(a) {
		return errors.New("auth: UpdateSessionAuthHash(nil user)")
	}
	u := a.Base()
	sess := sessions.FromRequest(r)
	if sess == nil {
		return ErrNoSession
	}
	if err := sess.CycleKey(); err != nil {
		return fmt.Errorf("auth: update session auth hash: %w", err)
	}
	// The session's id, not CurrentUser: loading the user now would
	// compare the old hash with the new password and log this session out.
	if id, ok := sessionUserID(sess); ok && id == u.ID {
		sess.Set(SessionKeyHash, u.SessionAuthHash(ConfigOf(r).SecretKey))
		if st := stateFrom(r.Context()); st != nil {
			st.mu.Lock()
			st.user, st.err, st.loaded = a, nil, true
			st.mu.Unlock()
		}
	}
	return nil
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
