package tokens_test

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/jazzgo/jazz/auth/hashers"
	"github.com/jazzgo/jazz/auth/tokens"
)

// djangoTokens mirrors testdata/django_tokens.json, which a real Django
// made (see testdata/django_tokens.py).
type djangoTokens struct {
	SecretKey  string `json:"secret_key"`
	OtherKey   string `json:"other_key"`
	KeySalt    string `json:"key_salt"`
	Now        string `json:"now"`
	NowSeconds int64  `json:"now_seconds_since_2001"`
	Timeout    int64  `json:"timeout_seconds"`
	Vectors    []struct {
		Name string `json:"name"`
		User struct {
			PK        string  `json:"pk"`
			Password  string  `json:"password"`
			LastLogin *string `json:"last_login"`
			Email     string  `json:"email"`
		} `json:"user"`
		HashValue string `json:"hash_value"`
		Token     string `json:"token"`
		Checks    []struct {
			Case   string `json:"case"`
			Offset int64  `json:"now_offset_seconds"`
			OK     bool   `json:"ok"`
		} `json:"checks"`
		AfterChange []struct {
			Change string `json:"change"`
			OK     bool   `json:"ok"`
		} `json:"after_change"`
	} `json:"vectors"`
	Tampered []struct {
		Case  string `json:"case"`
		Token string `json:"token"`
		OK    bool   `json:"ok"`
	} `json:"tampered"`
}

func loadDjango(t *testing.T) djangoTokens {
	t.Helper()
	b, err := os.ReadFile("testdata/django_tokens.json")
	if err != nil {
		t.Fatal(err)
	}
	var d djangoTokens
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Vectors) == 0 {
		t.Fatal("no vectors")
	}
	return d
}

func mustNew(t testing.TB, o tokens.Options) *tokens.Generator {
	t.Helper()
	g, err := tokens.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// The same changes the generator script applies to a user.
var changes = map[string]func(tokens.User) tokens.User{
	"password_changed": func(u tokens.User) tokens.User {
		u.Password = "pbkdf2_sha256$260000$JazzInteropSalt0123456$LUaZbz+X0Z32T6KmTzzJiwJ55wtvCI2DHhFSarK52Qk="
		return u
	},
	"logged_in_again": func(u tokens.User) tokens.User {
		u.LastLogin = time.Date(2023, 11, 14, 22, 20, 0, 0, time.UTC)
		return u
	},
	"email_changed": func(u tokens.User) tokens.User { u.Email = "mallory@example.com"; return u },
	"other_pk":      func(u tokens.User) tokens.User { u.PK = "43"; return u },
	"microseconds_only": func(u tokens.User) tokens.User {
		if !u.LastLogin.IsZero() {
			u.LastLogin = u.LastLogin.Truncate(time.Second).Add(123 * time.Microsecond)
		}
		return u
	},
}

func TestDjangoVectors(t *testing.T) {
	d := loadDjango(t)
	now, err := time.Parse(time.RFC3339, d.Now)
	if err != nil {
		t.Fatal(err)
	}
	g := mustNew(t, tokens.Options{Secret: d.SecretKey, KeySalt: d.KeySalt, Timeout: time.Duration(d.Timeout) * time.Second})
	other := mustNew(t, tokens.Options{Secret: d.OtherKey})
	for _, v := range d.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			u := tokens.User{PK: v.User.PK, Password: v.User.Password, Email: v.User.Email}
			if v.User.LastLogin != nil {
				if u.LastLogin, err = time.Parse(time.RFC3339Nano, *v.User.LastLogin); err != nil {
					t.Fatal(err)
				}
			}
			if got := tokens.HashValue(u, d.NowSeconds); got != v.HashValue {
				t.Errorf("HashValue = %q, want %q", got, v.HashValue)
			}
			if got := g.MakeAt(u, now); got != v.Token {
				t.Errorf("MakeAt = %q, want Django's %q", got, v.Token)
			}
			for _, c := range v.Checks {
				gen := g
				if c.Case == "other secret" {
					gen = other
				}
				at := now.Add(time.Duration(c.Offset) * time.Second)
				if got := gen.CheckAt(u, v.Token, at); got != c.OK {
					t.Errorf("%s: CheckAt = %v, want %v", c.Case, got, c.OK)
				}
			}
			for _, c := range v.AfterChange {
				change, ok := changes[c.Change]
				if !ok {
					t.Fatalf("unknown change %q", c.Change)
				}
				if got := g.CheckAt(change(u), v.Token, now); got != c.OK {
					t.Errorf("after %s: CheckAt = %v, want %v", c.Change, got, c.OK)
				}
			}
		})
	}
	basic := d.Vectors[0].User
	u := tokens.User{PK: basic.PK, Password: basic.Password, Email: basic.Email}
	u.LastLogin, _ = time.Parse(time.RFC3339, *basic.LastLogin)
	for _, c := range d.Tampered {
		if got := g.CheckAt(u, c.Token, now); got != c.OK {
			t.Errorf("tampered %s (%q): CheckAt = %v, want %v", c.Case, c.Token, got, c.OK)
		}
	}
}

// TestLifecycle follows one reset: the token works, and stops working
// once the password changes, once the user logs in, or once it expires.
func TestLifecycle(t *testing.T) {
	g := mustNew(t, tokens.Options{Secret: "s3cret", Timeout: time.Hour})
	pw, err := hashers.PBKDF2SHA256{Iterations: 1000}.Encode("old password")
	if err != nil {
		t.Fatal(err)
	}
	u := tokens.User{PK: "42", Password: pw, LastLogin: time.Now().Add(-24 * time.Hour), Email: "a@example.com"}
	tok := g.Make(u)
	if !g.Check(u, tok) {
		t.Fatal("a fresh token does not check")
	}

	t.Run("dies after a password change", func(t *testing.T) {
		changed := u
		// Even the same password gives a new hash (a new salt).
		changed.Password, _ = hashers.PBKDF2SHA256{Iterations: 1000}.Encode("old password")
		if g.Check(changed, tok) {
			t.Error("token still valid after the password hash changed")
		}
	})
	t.Run("dies after a login", func(t *testing.T) {
		changed := u
		changed.LastLogin = time.Now()
		if g.Check(changed, tok) {
			t.Error("token still valid after last_login changed")
		}
	})
	t.Run("dies after expiry", func(t *testing.T) {
		made := time.Now()
		tok := g.MakeAt(u, made)
		if !g.CheckAt(u, tok, made.Add(time.Hour)) {
			t.Error("token invalid exactly at the timeout; Django still accepts it")
		}
		if g.CheckAt(u, tok, made.Add(time.Hour+time.Second)) {
			t.Error("token valid one second after the timeout")
		}
	})
	t.Run("never logged in, then logs in", func(t *testing.T) {
		fresh := u
		fresh.LastLogin = time.Time{}
		tok := g.Make(fresh)
		if !g.Check(fresh, tok) {
			t.Fatal("token of a user who never logged in does not check")
		}
		fresh.LastLogin = time.Now()
		if g.Check(fresh, tok) {
			t.Error("token still valid after the first login")
		}
	})
	t.Run("other user", func(t *testing.T) {
		other := u
		other.PK = "43"
		if g.Check(other, tok) {
			t.Error("token valid for another user")
		}
	})
}

func TestSecretRotation(t *testing.T) {
	u := tokens.User{PK: "1", Password: "x"}
	old := mustNew(t, tokens.Options{Secret: "old"})
	tok := old.Make(u)

	rotated := mustNew(t, tokens.Options{Secret: "new", SecretFallbacks: []string{"old"}})
	if !rotated.Check(u, tok) {
		t.Error("a token made with a fallback secret does not check")
	}
	if rotated.Make(u) == tok {
		t.Error("new tokens still use the old secret")
	}
	if old.Check(u, rotated.Make(u)) {
		t.Error("a token made with the new secret checks with only the old one")
	}
	if mustNew(t, tokens.Options{Secret: "new"}).Check(u, tok) {
		t.Error("a token made with a removed secret checks")
	}
	if mustNew(t, tokens.Options{Secret: "old", KeySalt: "myapp.EmailConfirmation"}).Check(u, tok) {
		t.Error("a token made with another key salt checks")
	}
}

func TestNewErrors(t *testing.T) {
	for _, o := range []tokens.Options{
		{},
		{Secret: "s", SecretFallbacks: []string{""}},
		{Secret: "s", Timeout: -time.Second},
	} {
		if _, err := tokens.New(o); err == nil {
			t.Errorf("New(%+v) succeeded", o)
		}
	}
}

func TestFormat(t *testing.T) {
	g := mustNew(t, tokens.Options{Secret: "s"})
	at := time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC)
	tok := g.MakeAt(tokens.User{PK: "1"}, at)
	if len(tok) != len("bxodq8-")+32 || tok[:7] != "bxodq8-" {
		t.Errorf("MakeAt = %q, want bxodq8- and 32 hex digits", tok)
	}
}

func BenchmarkCheck(b *testing.B) {
	g := mustNew(b, tokens.Options{Secret: "s", SecretFallbacks: []string{"t"}})
	u := tokens.User{PK: "42", Password: "pbkdf2_sha256$1$a$b", Email: "a@example.com", LastLogin: time.Now()}
	tok := g.Make(u)
	for b.Loop() {
		if !g.Check(u, tok) {
			b.Fatal("check failed")
		}
	}
}
