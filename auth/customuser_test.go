package auth_test

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"testing"
	"testing/fstest"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/auth/views"
	"github.com/jazzgo/jazz/jazztest"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/sessions/dbstore"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// Member is a project's own user model: the auth fields and logic by
// embedding, plus its own.
type Member struct {
	auth.AbstractUser
	Phone string `jazz:"max_length=20,blank"`
}

// members is Member's manager, for reading rows behind the auth API.
var members = orm.NewManager[Member]()

// registerMember registers Member in the "accounts" app and creates its
// tables on the database of ctx. Registering again is a no-op.
func registerMember(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := orm.Register("accounts", (*Member)(nil)); err != nil {
		t.Fatal(err)
	}
	if err := orm.CreateTables(ctx, (*Member)(nil)); err != nil {
		t.Fatal(err)
	}
}

// TestCustomUserModel checks that AbstractUser works embedded in a model
// of another app: it registers with every auth column and link table, and
// the password and permission logic runs on it.
func TestCustomUserModel(t *testing.T) {
	s := newSite(t, "sqlite", testConfig(t))
	registerMember(t, s.ctx)
	info := orm.Info[Member]()
	for _, f := range []string{"username", "password", "is_active", "last_login", "phone"} {
		if _, ok := info.Field(f); !ok {
			t.Errorf("Member lacks %s", f)
		}
	}
	ctx := s.ctx
	m := &Member{Phone: "555"}
	m.Username, m.IsActive = "kim", true
	if err := m.SetPassword(ctx, "s3cret-Pass"); err != nil {
		t.Fatal(err)
	}
	if err := members.Create(ctx, m); err != nil {
		t.Fatal(err)
	}
	p, err := auth.Permissions.Get(ctx, "content_type", "auth.group", "codename", "view_group")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.UserPermissions.Add(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := members.Get(ctx, "id", m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := got.HasPerm(ctx, "auth.view_group"); !ok || err != nil {
		t.Fatalf("HasPerm = %v, %v", ok, err)
	}
	if !got.HasUsablePassword() || got.SessionAuthHash("k") == "" {
		t.Fatal("password helpers")
	}
}

// memberSite is a project whose user model (Config.Users) is Member, with
// the auth views under /accounts/ and pages that show the account.
type memberSite struct {
	*site
}

func newMemberSite(t *testing.T, dialect string) *memberSite {
	t.Helper()
	cfg := testConfig(t)
	cfg.Users = auth.Model[Member]()
	whoami := func(w http.ResponseWriter, r *http.Request) error {
		a := auth.CurrentAccount(r)
		if a == nil {
			return web.Text(w, 200, "anonymous")
		}
		m, ok := a.(*Member)
		if !ok {
			return web.Text(w, 200, "not a member")
		}
		return web.Text(w, 200, "member="+m.Username+" phone="+m.Phone)
	}
	ok := func(text string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _ = web.Text(w, 200, text) })
	}
	p := jazztest.NewProject(t, jazz.Settings{
		SecretKey:     jazztest.TestSecretKey,
		DatabaseURL:   jazztest.Database(t, dialect),
		InstalledApps: []apps.App{dbstore.App, auth.App, views.App},
		TemplateDirs: []fs.FS{fstest.MapFS{
			"base.html": {Data: []byte(`<title>{{block "title" .}}{{end}}</title><main>{{block "content" .}}{{end}}</main>`)},
		}},
		URLs: []urls.Pattern{
			urls.Path("whoami/", whoami, "whoami"),
			urls.Path("perm/", auth.PermissionRequired("auth.view_group", ok("allowed")), "perm"),
			urls.Path("staff/", auth.StaffRequired(ok("staff")), "staff"),
			urls.Path("phone/", auth.UserPassesTest(func(_ *http.Request, a auth.Account) bool {
				m, ok := a.(*Member)
				return ok && m.Phone != ""
			}, ok("has a phone")), "phone"),
			urls.Include("accounts/", views.URLs(views.Options{}), ""),
		},
		Middleware: append(jazz.DefaultMiddleware(), jazz.Use(auth.Middleware(cfg))),
	})
	s := &site{t: t, p: p, cfg: cfg, ctx: auth.WithConfig(p.Context(context.Background()), cfg)}
	registerMember(t, s.ctx)
	return &memberSite{s}
}

func (s *memberSite) member(username string) *Member {
	s.t.Helper()
	m, err := members.Get(s.ctx, "username", username)
	if err != nil {
		s.t.Fatalf("member %q: %v", username, err)
	}
	return m
}

// TestCustomUserModelEndToEnd checks Config.Users (Django's
// AUTH_USER_MODEL): the commands, the login view, CurrentAccount, the
// guards and the password change view all work on the project's Member,
// and nothing lands in auth_user.
func TestCustomUserModelEndToEnd(t *testing.T) {
	eachDB(t, func(t *testing.T, dialect string) {
		s := newMemberSite(t, dialect)

		// createsuperuser makes a Member.
		t.Setenv(auth.PasswordEnv, "an0ther-Good-one")
		if code, _, errOut := s.run(false, "", "createsuperuser", "--noinput", "--username", "boss", "--email", "boss@Example.COM"); code != 0 {
			t.Fatalf("createsuperuser: exit %d: %s", code, errOut)
		}
		boss := s.member("boss")
		if !boss.IsSuperuser || !boss.IsStaff || boss.Email != "boss@example.com" {
			t.Fatalf("boss = %+v", boss)
		}
		if code, _, errOut := s.run(false, "", "createsuperuser", "--noinput", "--username", "boss"); code != 1 || errOut == "" {
			t.Fatalf("a taken username: exit %d, %q", code, errOut)
		}
		if n, err := auth.Users.Count(s.ctx); err != nil || n != 0 {
			t.Fatalf("auth_user has %d rows (%v); want none", n, err)
		}

		// CreateAccount sets the model's own fields; CreateUser refuses.
		a, err := auth.CreateAccount(s.ctx, "kim", "kim@example.com", "s3cret-Pass-kim", func(a auth.Account) {
			a.(*Member).Phone = "555-0100"
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := a.(*Member); !ok {
			t.Fatalf("CreateAccount made a %T", a)
		}
		if _, err := auth.CreateUser(s.ctx, "lee", "", "x"); !errors.Is(err, auth.ErrNotUserModel) {
			t.Fatalf("CreateUser with a custom model: %v", err)
		}

		// The login view logs a Member in; CurrentAccount returns it with
		// its phone.
		c := s.client()
		c.Get("/whoami/").AssertStatus(200).AssertContains("anonymous")
		c.Post("/accounts/login/", url.Values{"username": {"kim"}, "password": {"wrong"}}).AssertStatus(200).
			AssertContains("Please enter a correct username and password.")
		c.Post("/accounts/login/", url.Values{"username": {"kim"}, "password": {"s3cret-Pass-kim"}}).
			AssertRedirects(302, "/accounts/profile/")
		c.Get("/whoami/").AssertStatus(200).AssertContains("member=kim phone=555-0100")
		c.Get("/accounts/profile/").AssertStatus(200).AssertContains("kim@example.com")
		c.Get("/phone/").AssertStatus(200).AssertContains("has a phone")
		if kim := s.member("kim"); kim.LastLogin == nil {
			t.Error("last_login not saved on the Member")
		}

		// Permissions: none, then one given to the Member directly.
		c.Get("/perm/").AssertStatus(403)
		c.Get("/staff/").AssertStatus(403)
		p, err := auth.Permissions.Get(s.ctx, "content_type", "auth.group", "codename", "view_group")
		if err != nil {
			t.Fatal(err)
		}
		kim := s.member("kim")
		if err := kim.UserPermissions.Add(s.ctx, p); err != nil {
			t.Fatal(err)
		}
		c.Get("/perm/").AssertStatus(200).AssertContains("allowed") // loaded afresh per request

		// The superuser made by the command logs in and passes the guards.
		boss2 := s.client()
		boss2.Post("/accounts/login/", url.Values{"username": {"boss"}, "password": {"an0ther-Good-one"}}).AssertStatus(302)
		boss2.Get("/staff/").AssertStatus(200)
		boss2.Get("/perm/").AssertStatus(200)
		boss2.Get("/phone/").AssertStatus(403)

		// The password change view saves the Member's password, keeps this
		// session and ends the others.
		other := s.client()
		other.Post("/accounts/login/", url.Values{"username": {"kim"}, "password": {"s3cret-Pass-kim"}}).AssertStatus(302)
		c.Post("/accounts/password_change/", url.Values{
			"old_password": {"s3cret-Pass-kim"}, "new_password1": {"a brand new secret"}, "new_password2": {"a brand new secret"},
		}).AssertRedirects(302, "/accounts/password_change/done/")
		c.Get("/whoami/").AssertContains("member=kim")
		other.Get("/whoami/").AssertContains("anonymous")
		if ok, err := auth.CheckPassword(s.ctx, s.member("kim"), "a brand new secret"); !ok || err != nil {
			t.Fatalf("new password: %v, %v", ok, err)
		}

		// changepassword works on Members too.
		code, out, errOut := s.run(true, "third-Secret-99\nthird-Secret-99\n", "changepassword", "kim")
		if code != 0 {
			t.Fatalf("changepassword: exit %d: %s %s", code, out, errOut)
		}
		s.client().Post("/accounts/login/", url.Values{"username": {"kim"}, "password": {"third-Secret-99"}}).AssertStatus(302)

		// Logging out through the view makes the visitor anonymous again.
		c.Post("/accounts/logout/", nil).AssertStatus(200)
		c.Get("/whoami/").AssertContains("anonymous")
	})
}
