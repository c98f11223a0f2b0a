package auth_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/auth/hashers"
	"github.com/jazzgo/jazz/conf"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/jazztest"
	"github.com/jazzgo/jazz/sessions/dbstore"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// cheap is the hasher list of the tests: PBKDF2 at a cost that keeps them
// fast.
func cheap(t testing.TB) *hashers.List {
	t.Helper()
	l, err := hashers.New(hashers.PBKDF2SHA256{Iterations: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// site is a project with the sessions and auth apps and views exercising
// the API, on one database.
type site struct {
	t   *testing.T
	p   *jazz.Project
	cfg auth.Config
	ctx context.Context
}

func testConfig(t testing.TB) auth.Config {
	return auth.Config{Hashers: cheap(t), SecretKey: jazztest.TestSecretKey}
}

// eachDB runs fn on SQLite, PostgreSQL and MariaDB.
func eachDB(t *testing.T, fn func(t *testing.T, dialect string)) {
	for _, d := range dbtest.Dialects() {
		t.Run(d, func(t *testing.T) { fn(t, d) })
	}
}

func newSite(t *testing.T, dialect string, cfg auth.Config) *site {
	t.Helper()
	return newSiteOn(t, jazztest.Database(t, dialect), cfg)
}

// newSiteOn is newSite on the database at dbURL, which two sites may share.
func newSiteOn(t *testing.T, dbURL string, cfg auth.Config) *site {
	t.Helper()
	write := func(w http.ResponseWriter, a auth.Account) error {
		if a == nil {
			return web.Text(w, 200, "anonymous")
		}
		return web.Text(w, 200, "user="+a.Base().Username)
	}
	views := []urls.Pattern{
		urls.Path("login/", func(w http.ResponseWriter, r *http.Request) error {
			if err := r.ParseForm(); err != nil {
				return err
			}
			u, err := auth.Authenticate(r, r.PostForm.Get("username"), r.PostForm.Get("password"))
			switch {
			case errors.Is(err, auth.ErrInvalidCredentials):
				return web.Text(w, 401, "invalid")
			case errors.Is(err, auth.ErrThrottled):
				return web.Text(w, 429, "throttled")
			case err != nil:
				return err
			}
			if err := auth.Login(w, r, u); err != nil {
				return err
			}
			return write(w, u)
		}, "login"),
		urls.Path("logout/", func(w http.ResponseWriter, r *http.Request) error {
			if err := auth.Logout(w, r); err != nil {
				return err
			}
			return web.Text(w, 200, "bye")
		}, "logout"),
		urls.Path("whoami/", func(w http.ResponseWriter, r *http.Request) error {
			return write(w, auth.CurrentAccount(r))
		}, "whoami"),
		urls.Path("password/", func(w http.ResponseWriter, r *http.Request) error {
			if err := r.ParseForm(); err != nil {
				return err
			}
			u := auth.CurrentAccount(r)
			if u == nil {
				return web.Forbidden("log in first")
			}
			if err := u.Base().SetPassword(r.Context(), r.PostForm.Get("new")); err != nil {
				return err
			}
			if err := auth.UsersOf(r.Context()).Save(r.Context(), u, "password"); err != nil {
				return err
			}
			if r.PostForm.Get("keep") != "" {
				if err := auth.UpdateSessionAuthHash(r, u); err != nil {
					return err
				}
			}
			return web.Text(w, 200, "changed")
		}, "password"),
		urls.Path("private/", auth.LoginRequired(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_ = write(w, auth.CurrentAccount(r))
		})), "private"),
		urls.Path("perm/", auth.PermissionRequired("auth.view_group", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_ = web.Text(w, 200, "allowed")
		})), "perm"),
		urls.Path("staff/", auth.StaffRequired(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_ = web.Text(w, 200, "staff")
		})), "staff"),
	}
	var fallbacks []conf.Secret
	for _, k := range cfg.SecretKeyFallbacks {
		fallbacks = append(fallbacks, conf.Secret(k))
	}
	p := jazztest.NewProject(t, jazz.Settings{
		SecretKey:          conf.Secret(cfg.SecretKey),
		SecretKeyFallbacks: fallbacks,
		DatabaseURL:        dbURL,
		InstalledApps:      []apps.App{dbstore.App, auth.App},
		Middleware:         append(jazz.DefaultMiddleware(), jazz.Use(auth.Middleware(cfg))),
		URLs:               views,
	})
	return &site{t: t, p: p, cfg: cfg, ctx: auth.WithConfig(p.Context(context.Background()), cfg)}
}

func (s *site) user(username, password string, edit func(*auth.User)) *auth.User {
	s.t.Helper()
	u, err := auth.CreateUser(s.ctx, username, username+"@Example.COM", password)
	if err != nil {
		s.t.Fatal(err)
	}
	if edit != nil {
		edit(u)
		if err := auth.Users.Save(s.ctx, u); err != nil {
			s.t.Fatal(err)
		}
	}
	return u
}

func (s *site) client() *jazztest.Client { return jazztest.NewClient(s.t, s.p) }

func login(c *jazztest.Client, username, password string) *jazztest.Response {
	return c.Post("/login/", url.Values{"username": {username}, "password": {password}})
}

// sessionRows counts the rows of the session table with key.
func (s *site) sessionRows(key string) int {
	s.t.Helper()
	var n int
	q := fmt.Sprintf("SELECT COUNT(*) FROM %s WHERE session_key = %s", s.p.DB.Dialect().Quote(dbstore.Table), s.p.DB.Dialect().Placeholder(1))
	if err := s.p.DB.QueryRowContext(context.Background(), q, key).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

func body(r *jazztest.Response) string { return strings.TrimSpace(r.Text()) }

// withRemoteAddr serves h as if every request came from addr.
func withRemoteAddr(h http.Handler, addr string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.RemoteAddr = addr
		h.ServeHTTP(w, r)
	})
}
