package auth_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/auth/hashers"
	"github.com/jazzgo/jazz/jazztest"
)

func TestLoginCyclesKeyAndLogoutFlushes(t *testing.T) {
	eachDB(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect, testConfig(t))
		s.user("alice", "s3cret-Pass", nil)
		c := s.client()

		// An anonymous session first, so there is a key to fixate.
		c.Get("/whoami/").AssertStatus(200).AssertContains("anonymous")
		login(c, "alice", "wrong").AssertStatus(401)
		before, _ := c.Cookie("sessionid")

		login(c, "alice", "s3cret-Pass").AssertStatus(200).AssertContains("user=alice")
		after, ok := c.Cookie("sessionid")
		if !ok || after == before {
			t.Fatalf("session key after login = %q (before %q): not cycled", after, before)
		}
		if before != "" && s.sessionRows(before) != 0 {
			t.Fatal("the pre-login session key is still in the store")
		}
		c.Get("/whoami/").AssertContains("user=alice")

		u, err := auth.GetUser(s.ctx, 1)
		if err != nil || u == nil || u.LastLogin == nil || time.Since(*u.LastLogin) > time.Minute {
			t.Fatalf("last_login not saved: %+v, %v", u, err)
		}

		c.Get("/logout/").AssertStatus(200)
		if s.sessionRows(after) != 0 {
			t.Fatal("logout left the session in the store")
		}
		c.Get("/whoami/").AssertContains("anonymous")
	})
}

func TestLoginRefusals(t *testing.T) {
	s := newSite(t, "sqlite", testConfig(t))
	s.user("bob", "s3cret-Pass", func(u *auth.User) { u.IsActive = false })
	s.user("nopass", "", nil)
	c := s.client()
	login(c, "bob", "s3cret-Pass").AssertStatus(401)
	login(c, "nobody", "s3cret-Pass").AssertStatus(401)
	login(c, "nopass", "").AssertStatus(401)
	login(c, "nopass", "!").AssertStatus(401)
}

func TestHashUpgradedOnLogin(t *testing.T) {
	eachDB(t, func(t *testing.T, dialect string) {
		cfg := testConfig(t)
		var err error
		// Argon2 stays accepted, as a hasher an older setting preferred.
		if cfg.Hashers, err = hashers.New(hashers.PBKDF2SHA256{Iterations: 1000}, hashers.Argon2{}); err != nil {
			t.Fatal(err)
		}
		s := newSite(t, dialect, cfg)
		for _, old := range []hashers.Encoder{hashers.PBKDF2SHA256{Iterations: 500}, hashers.Argon2{Memory: 1024, Threads: 1}} {
			u := s.user("carol", "", nil)
			enc, err := old.Encode("s3cret-Pass")
			if err != nil {
				t.Fatal(err)
			}
			u.Password = enc
			if err := auth.Users.Save(s.ctx, u, "password"); err != nil {
				t.Fatal(err)
			}
			c := s.client()
			login(c, "carol", "s3cret-Pass").AssertStatus(200)
			got, _ := auth.GetUser(s.ctx, u.ID)
			if !strings.HasPrefix(got.Password, "pbkdf2_sha256$1000$") {
				t.Fatalf("%s password not upgraded: %s", old.Algorithm(), got.Password)
			}
			// The session made at login survives the upgrade it caused.
			c.Get("/whoami/").AssertContains("user=carol")
			if err := auth.Users.Delete(s.ctx, u); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestPasswordChangeLogsOutOtherSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect, testConfig(t))
		s.user("dave", "s3cret-Pass", nil)
		a, b := s.client(), s.client()
		login(a, "dave", "s3cret-Pass").AssertStatus(200)
		login(b, "dave", "s3cret-Pass").AssertStatus(200)
		keyA, _ := a.Cookie("sessionid")

		a.Post("/password/", url.Values{"new": {"n3w-Secret!"}, "keep": {"1"}}).AssertStatus(200)
		if k, _ := a.Cookie("sessionid"); k == keyA {
			t.Fatal("UpdateSessionAuthHash kept the session key")
		}
		a.Get("/whoami/").AssertContains("user=dave")
		b.Get("/whoami/").AssertContains("anonymous")

		// Without UpdateSessionAuthHash the changing session ends too.
		c := s.client()
		login(c, "dave", "n3w-Secret!").AssertStatus(200)
		c.Post("/password/", url.Values{"new": {"an0ther-Secret"}}).AssertStatus(200)
		c.Get("/whoami/").AssertContains("anonymous")
		a.Get("/whoami/").AssertContains("anonymous")
	})
}

func TestSecretKeyFallbackKeepsSessions(t *testing.T) {
	dbURL := jazztest.Database(t, "sqlite")
	cfg := testConfig(t)
	cfg.SecretKey = "old-key-old-key-old-key-old-key-old-key-old-key-old-key"
	s := newSiteOn(t, dbURL, cfg)
	s.user("erin", "s3cret-Pass", nil)
	c := s.client()
	login(c, "erin", "s3cret-Pass").AssertStatus(200)
	key, _ := c.Cookie("sessionid")

	// The same sessions, served after a key rotation: the login is kept,
	// under a new key.
	rotated := cfg
	rotated.SecretKey, rotated.SecretKeyFallbacks = "new-key-new-key-new-key-new-key-new-key-new-key", []string{cfg.SecretKey}
	c2 := newSiteOn(t, dbURL, rotated).client()
	c2.SetCookie(&http.Cookie{Name: "sessionid", Value: key})
	c2.Get("/whoami/").AssertContains("user=erin")
	if k, _ := c2.Cookie("sessionid"); k == key {
		t.Fatal("a session verified by a fallback key kept its key")
	}
	c2.Get("/whoami/").AssertContains("user=erin")

	// Without the fallback, the session ends.
	c3 := newSiteOn(t, dbURL, auth.Config{Hashers: cfg.Hashers, SecretKey: rotated.SecretKey}).client()
	c3.SetCookie(&http.Cookie{Name: "sessionid", Value: key})
	login(c, "erin", "s3cret-Pass").AssertStatus(200) // a fresh session made with the old key
	k, _ := c.Cookie("sessionid")
	c3.SetCookie(&http.Cookie{Name: "sessionid", Value: k})
	c3.Get("/whoami/").AssertContains("anonymous")
}

func TestLoginRequiredRedirect(t *testing.T) {
	s := newSite(t, "sqlite", testConfig(t))
	s.user("frank", "s3cret-Pass", nil)
	c := s.client()
	c.Get("/private/?page=2&q=a+b").AssertRedirects(302, "/accounts/login/?next=/private/%3Fpage%3D2%26q%3Da%2Bb")
	c.Get("/perm/").AssertRedirects(302, "/accounts/login/?next=/perm/")
	c.Get("/staff/").AssertRedirects(302, "/accounts/login/?next=/staff/")
	login(c, "frank", "s3cret-Pass").AssertStatus(200)
	c.Get("/private/").AssertStatus(200).AssertContains("user=frank")
	c.Get("/perm/").AssertStatus(403)
	c.Get("/staff/").AssertStatus(403)
}
