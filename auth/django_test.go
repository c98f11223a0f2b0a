package auth_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/internal/testenv"
	"github.com/jazzgo/jazz/sessions/dbstore"
)

// djangoLogin is the "login" entry of sessions.json: a session written by
// a real django.contrib.auth.login().
type djangoLogin struct {
	User struct {
		ID              int64  `json:"id"`
		Username        string `json:"username"`
		Password        string `json:"password"`
		PasswordEncoded string `json:"password_encoded"`
	} `json:"user"`
	SessionKey  string            `json:"session_key"`
	SessionData string            `json:"session_data"`
	Decoded     map[string]string `json:"decoded"`
	Hash        struct {
		PasswordEncoded string `json:"password_encoded"`
		Hash            string `json:"hash"`
	} `json:"session_auth_hash"`
}

func djangoVectors(t *testing.T) (djangoLogin, map[string]string) {
	var v struct {
		Login djangoLogin       `json:"login"`
		Keys  map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(testenv.DjangoVectors(t, "sessions.json"), &v); err != nil {
		t.Fatal(err)
	}
	return v.Login, v.Keys
}

func TestDjangoSessionAuthHash(t *testing.T) {
	l, keys := djangoVectors(t)
	u := &auth.User{}
	u.Password = l.Hash.PasswordEncoded
	if got := u.SessionAuthHash(keys["SECRET_KEY"]); got != l.Hash.Hash || got != l.Decoded[auth.SessionKeyHash] {
		t.Fatalf("SessionAuthHash = %s, Django's %s", got, l.Hash.Hash)
	}
	if l.Decoded[auth.SessionKeyBackend] != (auth.ModelBackend{}).BackendName() {
		t.Fatalf("backend %q, Django's %q", (auth.ModelBackend{}).BackendName(), l.Decoded[auth.SessionKeyBackend])
	}
}

// TestDjangoLoginSession serves a session Django wrote at login: the Jazz
// site sees the same user logged in, then logs it out when the password
// changes.
func TestDjangoLoginSession(t *testing.T) {
	l, keys := djangoVectors(t)
	eachDB(t, func(t *testing.T, dialect string) {
		cfg := testConfig(t)
		cfg.SecretKey = keys["SECRET_KEY"]
		s := newSite(t, dialect, cfg)
		u := &auth.User{}
		u.ID, u.Username, u.Password, u.IsActive = l.User.ID, l.User.Username, l.User.PasswordEncoded, true
		if err := auth.Users.Create(s.ctx, u); err != nil {
			t.Fatal(err)
		}
		d := s.p.DB.Dialect()
		q := fmt.Sprintf("INSERT INTO %s (session_key, session_data, expire_date) VALUES (%s, %s, %s)",
			d.Quote(dbstore.Table), d.Placeholder(1), d.Placeholder(2), d.Placeholder(3))
		if _, err := s.p.DB.ExecContext(s.ctx, q, l.SessionKey, l.SessionData, time.Now().Add(time.Hour).UTC()); err != nil {
			t.Fatal(err)
		}
		c := s.client()
		c.SetCookie(&http.Cookie{Name: "sessionid", Value: l.SessionKey})
		c.Get("/whoami/").AssertContains("user=" + l.User.Username)
		// Django's password hash is checked and upgraded by a Jazz login.
		login(s.client(), l.User.Username, l.User.Password).AssertStatus(200)
		// The upgrade changed the password hash: the Django session ends.
		c.Get("/whoami/").AssertContains("anonymous")
	})
}
