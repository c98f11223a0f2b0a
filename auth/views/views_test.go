package views_test

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/auth/hashers"
	"github.com/jazzgo/jazz/auth/views"
	"github.com/jazzgo/jazz/jazztest"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/dbstore"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// baseHTML is the smallest base a project gives the auth pages: the two
// blocks they fill, and the messages.
const baseHTML = `<!doctype html><title>{{block "title" .}}{{end}}</title>
{{range .messages.All}}<p class="message {{.Tags}}">{{.}}</p>{{end}}
<main>{{block "content" .}}{{end}}</main>`

// site is a project with the auth pages under /accounts/, and the user
// "ann" with password "correct horse battery staple".
type site struct {
	p   *jazz.Project
	cfg auth.Config
	ctx context.Context // carries the database and the auth Config
}

const (
	annPassword = "correct horse battery staple"
	annEmail    = "ann@example.com"
)

func newSite(t *testing.T, dialect string, edit func(*auth.Config), opts views.Options) *site {
	t.Helper()
	return newSiteAt(t, dialect, "accounts/", edit, opts)
}

// newSiteAt mounts the views at prefix.
func newSiteAt(t *testing.T, dialect, prefix string, edit func(*auth.Config), opts views.Options) *site {
	t.Helper()
	list, err := hashers.New(hashers.PBKDF2SHA256{Iterations: 1000})
	if err != nil {
		t.Fatal(err)
	}
	cfg := auth.Config{Hashers: list, SecretKey: jazztest.TestSecretKey}
	if edit != nil {
		edit(&cfg)
	}
	home := func(w http.ResponseWriter, r *http.Request) error { return web.Text(w, 200, "home") }
	p := jazztest.NewProject(t, jazz.Settings{
		DatabaseURL:   jazztest.Database(t, dialect),
		InstalledApps: []apps.App{dbstore.App, auth.App, views.App},
		TemplateDirs: []fs.FS{fstest.MapFS{
			"base.html":                    {Data: []byte(baseHTML)},
			"registration/reset_mail.html": {Data: []byte(`<p>Hello {{.user.Username}}: <a href="{{.protocol}}://{{.domain}}{{.reset_path}}">reset</a></p>`)},
		}},
		URLs: []urls.Pattern{
			urls.Path("", home, "home"),
			urls.Path("somewhere/", home, "somewhere"),
			urls.Include(prefix, views.URLs(opts), ""),
		},
		Middleware: append(jazz.DefaultMiddleware(), jazz.Use(auth.Middleware(cfg))),
	})
	s := &site{p: p, cfg: cfg, ctx: auth.WithConfig(p.Context(context.Background()), cfg)}
	if _, err := auth.CreateUser(s.ctx, "ann", annEmail, annPassword); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *site) client(t *testing.T) *jazztest.Client { return jazztest.NewClient(t, s.p) }

// login logs c in as ann and checks the redirect.
func login(t *testing.T, c *jazztest.Client, password string) *jazztest.Response {
	t.Helper()
	return c.Post("/accounts/login/", url.Values{"username": {"ann"}, "password": {password}})
}

// sessionAlive reports whether the store still has key.
func (s *site) sessionAlive(t *testing.T, key string) bool {
	t.Helper()
	_, err := s.p.SessionStore().Load(s.ctx, key)
	if errors.Is(err, sessions.ErrNotFound) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	return true
}

var dialects = []string{"sqlite", "postgres", "mysql"}

func TestLoginCyclesSessionKey(t *testing.T) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			s := newSite(t, d, nil, views.Options{})
			c := s.client(t)
			c.Get("/accounts/login/").AssertStatus(200).AssertTemplateUsed("registration/login.html").
				AssertContains(`name="username"`).AssertContains(`name="csrfmiddlewaretoken"`)

			// A session exists before the login (a pre-login key).
			c.Post("/accounts/login/", url.Values{"username": {"ann"}, "password": {"wrong"}}).AssertStatus(200).
				AssertContains("Please enter a correct username and password. Note that both fields may be case-sensitive.")
			pre := forceSession(t, s, c)

			login(t, c, annPassword).AssertRedirects(302, "/accounts/profile/")
			post, ok := c.Cookie("sessionid")
			if !ok || post == pre {
				t.Fatalf("session key not cycled: before %q, after %q", pre, post)
			}
			if s.sessionAlive(t, pre) {
				t.Errorf("the pre-login session %q is still in the store", pre)
			}
			c.Get("/accounts/profile/").AssertStatus(200).AssertTemplateUsed("registration/profile.html").
				AssertContains("ann").AssertContains(annEmail).AssertContains("You are now logged in as ann.")
		})
	}
}

// forceSession gives c a stored session (as a visit that put something in
// it would) and returns its key.
func forceSession(t *testing.T, s *site, c *jazztest.Client) string {
	t.Helper()
	key := sessions.NewKey()
	if err := s.p.SessionStore().Save(s.ctx, key, sessions.Data{"visits": 1}, farFuture(), true); err != nil {
		t.Fatal(err)
	}
	c.SetCookie(&http.Cookie{Name: "sessionid", Value: key, Path: "/"})
	return key
}

func farFuture() time.Time { return time.Now().Add(time.Hour) }

func TestLoginRequiredAndNext(t *testing.T) {
	s := newSite(t, "sqlite", nil, views.Options{})
	c := s.client(t)
	c.Get("/accounts/profile/").AssertRedirects(302, "/accounts/login/?next=/accounts/profile/")

	for _, evil := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"} {
		c := s.client(t)
		c.Get("/accounts/login/?next=" + url.QueryEscape(evil)).AssertStatus(200).AssertNotContains("evil.example")
		c.Post("/accounts/login/", url.Values{"username": {"ann"}, "password": {annPassword}, "next": {evil}}).
			AssertRedirects(302, "/accounts/profile/")
	}
	c = s.client(t)
	c.Get("/accounts/login/?next=%2Fsomewhere%2F").AssertContains(`name="next" value="/somewhere/"`)
	c.Post("/accounts/login/?next=%2Fsomewhere%2F", url.Values{"username": {"ann"}, "password": {annPassword}}).
		AssertRedirects(302, "/somewhere/")
}

func TestLogoutIsPostOnlyAndFlushes(t *testing.T) {
	s := newSite(t, "sqlite", nil, views.Options{})
	c := s.client(t)
	login(t, c, annPassword).AssertStatus(302)
	key, _ := c.Cookie("sessionid")
	c.Get("/accounts/logout/").AssertStatus(405)
	c.Get("/accounts/profile/").AssertStatus(200) // GET did nothing

	c.Post("/accounts/logout/", nil).AssertStatus(200).AssertTemplateUsed("registration/logged_out.html")
	if s.sessionAlive(t, key) {
		t.Error("the session survived the logout")
	}
	if _, ok := c.Cookie("sessionid"); ok {
		t.Error("the session cookie survived the logout")
	}
	c.Get("/accounts/profile/").AssertStatus(302)

	// A safe next wins; an unsafe one is ignored.
	login(t, c, annPassword)
	c.Post("/accounts/logout/", url.Values{"next": {"/somewhere/"}}).AssertRedirects(302, "/somewhere/")
	login(t, c, annPassword)
	c.Post("/accounts/logout/", url.Values{"next": {"https://evil.example/"}}).AssertStatus(200)
}

func TestLogoutRedirectURL(t *testing.T) {
	s := newSite(t, "sqlite", func(c *auth.Config) { c.LogoutRedirectURL = "/" }, views.Options{})
	c := s.client(t)
	login(t, c, annPassword)
	c.Post("/accounts/logout/", nil).AssertRedirects(302, "/")
}

func TestPasswordChangeLogsOutOtherSessions(t *testing.T) {
	s := newSite(t, "sqlite", nil, views.Options{})
	a, b := s.client(t), s.client(t)
	login(t, a, annPassword).AssertStatus(302)
	login(t, b, annPassword).AssertStatus(302)

	a.Get("/accounts/password_change/").AssertStatus(200).AssertTemplateUsed("registration/password_change_form.html")
	post := func(old, new1, new2 string) *jazztest.Response {
		return a.Post("/accounts/password_change/", url.Values{
			"old_password": {old}, "new_password1": {new1}, "new_password2": {new2}})
	}
	post("nope", "a brand new secret", "a brand new secret").AssertStatus(200).
		AssertContains("Your old password was entered incorrectly. Please enter it again.")
	post(annPassword, "a brand new secret", "another secret").AssertStatus(200).
		AssertContains("The two password fields didn’t match.")
	post(annPassword, "123", "123").AssertStatus(200).
		AssertContains("This password is too short.").AssertNotContains(`value="123"`)
	post(annPassword, "", "").AssertContains("This field is required.")

	post(annPassword, "a brand new secret", "a brand new secret").AssertRedirects(302, "/accounts/password_change/done/")
	a.Get("/accounts/password_change/done/").AssertStatus(200).AssertContains("Your password was changed.")
	a.Get("/accounts/profile/").AssertStatus(200)        // this session kept
	b.Get("/accounts/profile/").AssertStatus(302)        // the other one logged out
	login(t, s.client(t), annPassword).AssertStatus(200) // old password dead
	login(t, s.client(t), "a brand new secret").AssertStatus(302)
	s.client(t).Get("/accounts/password_change/").AssertStatus(302) // login required
}

var linkRE = regexp.MustCompile(`http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)`)

func TestPasswordResetTokenWorksOnce(t *testing.T) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			s := newSite(t, d, nil, views.Options{})
			outbox := jazztest.Outbox(t, s.p)
			c := s.client(t)
			c.Get("/accounts/password_reset/").AssertStatus(200).AssertTemplateUsed("registration/password_reset_form.html")

			// The same answer for an unknown address, and no mail.
			c.Post("/accounts/password_reset/", url.Values{"email": {"nobody@example.com"}}).
				AssertRedirects(302, "/accounts/password_reset/done/")
			if n := len(outbox.Outbox()); n != 0 {
				t.Fatalf("%d mails for an unknown address", n)
			}
			c.Post("/accounts/password_reset/", url.Values{"email": {"not an address"}}).AssertStatus(200).
				AssertContains("Enter a valid email address.")

			// Case is ignored in the address.
			c.Post("/accounts/password_reset/", url.Values{"email": {"ANN@example.com"}}).
				AssertRedirects(302, "/accounts/password_reset/done/")
			c.Get("/accounts/password_reset/done/").AssertStatus(200).AssertContains("We’ve emailed you instructions")
			msgs := outbox.Outbox()
			if len(msgs) != 1 {
				t.Fatalf("%d mails, want 1", len(msgs))
			}
			m := msgs[0]
			if len(m.To) != 1 || m.To[0] != annEmail || m.Subject != "Password reset on testserver" {
				t.Fatalf("mail to %v, subject %q", m.To, m.Subject)
			}
			match := linkRE.FindStringSubmatch(m.Body)
			if match == nil {
				t.Fatalf("no reset link in the mail:\n%s", m.Body)
			}
			link := match[1]
			if !strings.Contains(m.Body, "Your username, in case you’ve forgotten: ann") {
				t.Errorf("mail body:\n%s", m.Body)
			}

			// The link moves the token into the session.
			uidPath := link[:strings.LastIndex(strings.TrimSuffix(link, "/"), "/")+1]
			c.Get(link).AssertRedirects(302, uidPath+"set-password/")
			c.Get(uidPath + "set-password/").AssertStatus(200).AssertContains("Enter new password").
				AssertContains(`name="new_password1"`)
			c.Post(uidPath+"set-password/", url.Values{"new_password1": {"x"}, "new_password2": {"y"}}).
				AssertStatus(200).AssertContains("The two password fields didn’t match.")
			c.Post(uidPath+"set-password/", url.Values{"new_password1": {"fresh password 42"}, "new_password2": {"fresh password 42"}}).
				AssertRedirects(302, "/accounts/reset/done/")
			c.Get("/accounts/reset/done/").AssertStatus(200).AssertContains("Your password has been set.")
			login(t, s.client(t), "fresh password 42").AssertStatus(302)

			// Once used, the link is dead, in this browser and any other.
			c.Get(link).AssertStatus(200).AssertContains("Password reset unsuccessful")
			c.Get(uidPath + "set-password/").AssertStatus(200).AssertContains("Password reset unsuccessful")
			s.client(t).Get(link).AssertStatus(200).AssertContains("Password reset unsuccessful")
			// Garbage in the link is an invalid link, not an error.
			s.client(t).Get("/accounts/reset/!!/abc-def/").AssertStatus(200).AssertContains("Password reset unsuccessful")
			s.client(t).Get("/accounts/reset/OTk5/set-password/").AssertStatus(200).AssertContains("Password reset unsuccessful")
		})
	}
}

func TestCSRFEnforced(t *testing.T) {
	s := newSite(t, "sqlite", nil, views.Options{})
	c := s.client(t)
	c.EnforceCSRFChecks = true
	form := url.Values{"username": {"ann"}, "password": {annPassword}}
	c.Post("/accounts/login/", form).AssertStatus(403)

	page := c.Get("/accounts/login/").AssertStatus(200).Text()
	m := regexp.MustCompile(`name="csrfmiddlewaretoken" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF field in the login page:\n%s", page)
	}
	form.Set("csrfmiddlewaretoken", "wrong"+m[1][5:])
	c.Post("/accounts/login/", form).AssertStatus(403)
	form.Set("csrfmiddlewaretoken", m[1])
	c.Post("/accounts/login/", form).AssertRedirects(302, "/accounts/profile/")

	// The logout form of the profile page carries a token too.
	page = c.Get("/accounts/profile/").AssertStatus(200).Text()
	m = regexp.MustCompile(`name="csrfmiddlewaretoken" value="([^"]+)"`).FindStringSubmatch(page)
	c.Post("/accounts/logout/", nil).AssertStatus(403)
	c.Post("/accounts/logout/", url.Values{"csrfmiddlewaretoken": {m[1]}}).AssertStatus(200)
}

func TestThrottlingLocksOut(t *testing.T) {
	s := newSite(t, "sqlite", func(c *auth.Config) { c.Throttle = auth.Throttle{MaxFailures: 3} }, views.Options{})
	c := s.client(t)
	for range 3 {
		login(t, c, "wrong").AssertStatus(200).AssertContains("Please enter a correct username")
	}
	// Locked: even the right password is refused, with the reason.
	login(t, c, annPassword).AssertStatus(429).AssertContains("Too many failed login attempts.")
	c.Get("/accounts/profile/").AssertStatus(302)
}

func TestSignup(t *testing.T) {
	s := newSite(t, "sqlite", nil, views.Options{})
	c := s.client(t)
	c.Get("/accounts/signup/").AssertStatus(200).AssertTemplateUsed("registration/signup.html")
	post := func(c *jazztest.Client, username, email, p1, p2 string) *jazztest.Response {
		return c.Post("/accounts/signup/", url.Values{"username": {username}, "email": {email},
			"password1": {p1}, "password2": {p2}})
	}
	post(c, "ANN", "x@example.com", "a good long pass", "a good long pass").AssertStatus(200).
		AssertContains("A user with that username already exists.")
	post(c, "bad name!", "x@example.com", "a good long pass", "a good long pass").AssertStatus(200).
		AssertContains("Enter a valid username.")
	post(c, "bob", "bob", "a good long pass", "a good long pass").AssertContains("Enter a valid email address.")
	post(c, "bob", "bob@example.com", "a good long pass", "a good long pazz").
		AssertContains("The two password fields didn’t match.")
	post(c, "bob", "bob@example.com", "bob@example.com", "bob@example.com").
		AssertContains("The password is too similar to the").AssertContains(`value="bob"`)
	post(c, "bob", "bob@example.com", "a good long pass", "a good long pass").AssertRedirects(302, "/accounts/profile/")
	c.Get("/accounts/profile/").AssertStatus(200).AssertContains("bob@example.com").AssertContains("Your account has been created.")
	login := s.client(t).Post("/accounts/login/", url.Values{"username": {"bob"}, "password": {"a good long pass"}})
	login.AssertRedirects(302, "/accounts/profile/")

	off := newSite(t, "sqlite", nil, views.Options{NoSignup: true})
	off.client(t).Get("/accounts/signup/").AssertStatus(404)
	off.client(t).Get("/accounts/login/").AssertNotContains("/accounts/signup/")
}

func TestRedirectAuthenticatedUser(t *testing.T) {
	s := newSite(t, "sqlite", nil, views.Options{RedirectAuthenticatedUser: true})
	c := s.client(t)
	c.Get("/accounts/login/").AssertStatus(200)
	login(t, c, annPassword)
	c.Get("/accounts/login/").AssertRedirects(302, "/accounts/profile/")
	// Without the option, a logged-in user may switch accounts.
	c2 := newSite(t, "sqlite", nil, views.Options{}).client(t)
	login(t, c2, annPassword)
	c2.Get("/accounts/login/").AssertStatus(200).AssertContains("You are logged in as ann. Log in below to switch accounts.")
	c.Get("/accounts/login/?next=/somewhere/").AssertRedirects(302, "/somewhere/")
}

func TestPagesAreNeverCached(t *testing.T) {
	s := newSite(t, "sqlite", nil, views.Options{})
	r := s.client(t).Get("/accounts/login/")
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") || !strings.Contains(cc, "private") {
		t.Errorf("Cache-Control %q", cc)
	}
}

func TestResetOptions(t *testing.T) {
	s := newSite(t, "sqlite", nil, views.Options{
		PostResetLogin: true, Domain: "www.example.com", Protocol: "https", SiteName: "Example",
		FromEmail: "accounts@example.com", HTMLEmailTemplate: "registration/reset_mail.html",
	})
	c := s.client(t)
	c.Post("/accounts/password_reset/", url.Values{"email": {annEmail}}).AssertStatus(302)
	msgs := jazztest.Outbox(t, s.p).Outbox()
	if len(msgs) != 1 {
		t.Fatalf("%d mails", len(msgs))
	}
	m := msgs[0]
	if m.From != "accounts@example.com" || m.Subject != "Password reset on Example" {
		t.Errorf("from %q, subject %q", m.From, m.Subject)
	}
	link := regexp.MustCompile(`https://www\.example\.com(/accounts/reset/\S+/)`).FindStringSubmatch(m.Body)
	if link == nil || !strings.Contains(m.HTML, `<a href="https://www.example.com`+link[1]+`">reset</a>`) {
		t.Fatalf("text:\n%s\nhtml:\n%s", m.Body, m.HTML)
	}
	c.FollowRedirects = true
	c.Get(link[1]).AssertStatus(200).AssertContains("Enter new password")
	c.FollowRedirects = false
	key, _ := c.Cookie("sessionid")
	c.Post(strings.TrimSuffix(c.Get(link[1]).Header.Get("Location"), "/")+"/", url.Values{
		"new_password1": {"fresh password 42"}, "new_password2": {"fresh password 42"}}).
		AssertRedirects(302, "/accounts/reset/done/")
	// PostResetLogin: logged in, with a new session key.
	c.Get("/accounts/profile/").AssertStatus(200)
	if now, _ := c.Cookie("sessionid"); now == key {
		t.Error("the session key was not cycled by the login after the reset")
	}
}

// The views work under any prefix: links, redirects and the mailed link
// follow the mount point.
func TestOtherMountPoint(t *testing.T) {
	s := newSiteAt(t, "sqlite", "users/", func(c *auth.Config) {
		c.LoginURL, c.LoginRedirectURL = "/users/login/", "/users/profile/"
	}, views.Options{})
	c := s.client(t)
	c.Get("/users/login/").AssertStatus(200).
		AssertContains(`action="/users/login/"`).AssertContains(`href="/users/password_reset/"`).
		AssertContains(`href="/users/signup/"`)
	c.Get("/users/profile/").AssertRedirects(302, "/users/login/?next=/users/profile/")
	c.Post("/users/password_reset/", url.Values{"email": {annEmail}}).AssertRedirects(302, "/users/password_reset/done/")
	body := jazztest.Outbox(t, s.p).Outbox()[0].Body
	if !strings.Contains(body, "http://testserver/users/reset/") {
		t.Errorf("link not under the mount point:\n%s", body)
	}
	c.Post("/users/login/", url.Values{"username": {"ann"}, "password": {"x"}}).AssertStatus(200).
		AssertContains(`action="/users/login/"`)
	c.Post("/users/login/", url.Values{"username": {"ann"}, "password": {annPassword}}).AssertRedirects(302, "/users/profile/")
	c.Post("/users/password_change/", url.Values{"old_password": {annPassword},
		"new_password1": {"a brand new secret"}, "new_password2": {"a brand new secret"}}).
		AssertRedirects(302, "/users/password_change/done/")
}

// Errors are shown beside their field, and passwords are not sent back.
func TestFieldErrors(t *testing.T) {
	s := newSite(t, "sqlite", nil, views.Options{})
	r := s.client(t).Post("/accounts/signup/", url.Values{"username": {"bad name!"}, "email": {"carl@example.com"},
		"password1": {"short"}, "password2": {"short"}})
	r.AssertStatus(200).
		AssertContains(`id="id_username" value="bad name!" autocomplete="username" autofocus required aria-invalid="true" aria-describedby="id_username_error">`).
		AssertContains(`<ul class="errorlist invalid-feedback d-block" id="id_username_error"><li>Enter a valid username.`).
		AssertContains(`id="id_password2_error"><li>This password is too short.`).
		AssertNotContains(`value="short"`)
	f, ok := r.Context("form")
	if !ok {
		t.Fatal("no form in the context")
	}
	errs := f.(*views.Form).Errors()
	if len(errs) != 2 || len(errs["username"]) != 1 || len(errs["password2"]) == 0 {
		t.Errorf("errors %v", errs)
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// The reset mail and the login page, as sent (the token and CSRF values,
// which change on every run, replaced).
func TestGolden(t *testing.T) {
	s := newSite(t, "sqlite", nil, views.Options{})
	c := s.client(t)
	c.Post("/accounts/password_reset/", url.Values{"email": {annEmail}}).AssertStatus(302)
	m := jazztest.Outbox(t, s.p).Outbox()[0]
	body := regexp.MustCompile(`/reset/([^/]+)/[^/\s]+/`).ReplaceAllString(m.Body, "/reset/$1/TOKEN/")
	golden(t, "password_reset_email.txt", "Subject: "+m.Subject+"\n\n"+body)

	page := c.Get("/accounts/login/?next=/somewhere/").Text()
	page = regexp.MustCompile(`value="[A-Za-z0-9]{64}"`).ReplaceAllString(page, `value="CSRF"`)
	golden(t, "login.html", page)
	page = c.Post("/accounts/login/", url.Values{"username": {"ann"}, "password": {"wrong"}, "next": {"/somewhere/"}}).Text()
	page = regexp.MustCompile(`value="[A-Za-z0-9]{64}"`).ReplaceAllString(page, `value="CSRF"`)
	golden(t, "login_error.html", page)
}
