package hashers_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/jazzgo/jazz/auth/hashers"
	"github.com/jazzgo/jazz/internal/testenv"
)

// passwordsFile mirrors the parts of passwords.json (made by Django 3.2)
// that the tests use.
type passwordsFile struct {
	DefaultIterations map[string]int `json:"default_iterations"`
	Vectors           []struct {
		Algorithm string `json:"algorithm"`
		Password  string `json:"password"`
		Params    struct {
			Iterations int    `json:"iterations"`
			Salt       string `json:"salt"`
		} `json:"params"`
		Encoded       string `json:"encoded"`
		InDefault     bool   `json:"in_django_3_2_default_hashers"`
		CheckPassword []struct {
			Password string `json:"password"`
			Result   bool   `json:"result"`
		} `json:"check_password"`
		CheckWithDefaults bool   `json:"check_password_with_default_settings"`
		MustUpdate        bool   `json:"must_update"`
		Note              string `json:"note"`
	} `json:"vectors"`
	Unusable []struct {
		Encoded       string `json:"encoded"`
		Usable        bool   `json:"is_password_usable"`
		CheckPassword []struct {
			Password string `json:"password"`
			Result   bool   `json:"result"`
		} `json:"check_password"`
	} `json:"unusable"`
	Garbage []struct {
		Encoded       string `json:"encoded"`
		Usable        bool   `json:"is_password_usable"`
		CheckPassword struct {
			OK     bool   `json:"ok"`
			Result bool   `json:"result"`
			Error  string `json:"error"`
		} `json:"check_password"`
	} `json:"garbage"`
}

func loadVectors(t *testing.T) passwordsFile {
	t.Helper()
	var f passwordsFile
	if err := json.Unmarshal(testenv.DjangoVectors(t, "passwords.json"), &f); err != nil {
		t.Fatalf("passwords.json: %v", err)
	}
	if len(f.Vectors) == 0 {
		t.Fatal("passwords.json has no vectors")
	}
	return f
}

// allHashers is every hasher Jazz has, with the preferred one configured
// the way the vectors' must_update verdicts assume (pbkdf2_sha256 at
// Django 3.2's 260000 iterations).
func allHashers(t testing.TB, iterations int) *hashers.List {
	t.Helper()
	l, err := hashers.New(hashers.PBKDF2SHA256{Iterations: iterations},
		hashers.PBKDF2SHA1{}, hashers.Argon2{}, hashers.BCryptSHA256{}, hashers.BCrypt{},
		hashers.Scrypt{}, hashers.MD5{}, hashers.SHA1{}, hashers.UnsaltedMD5{}, hashers.UnsaltedSHA1{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// django32Defaults is Django 3.2's PASSWORD_HASHERS, which the
// check_password_with_default_settings verdicts assume.
func django32Defaults(t testing.TB) *hashers.List {
	t.Helper()
	l, err := hashers.FromNames(
		"django.contrib.auth.hashers.PBKDF2PasswordHasher",
		"django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
		"django.contrib.auth.hashers.Argon2PasswordHasher",
		"django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
	)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestDjangoVectors(t *testing.T) {
	f := loadVectors(t)
	all := allHashers(t, f.DefaultIterations["pbkdf2_sha256"])
	defaults := django32Defaults(t)
	for _, v := range f.Vectors {
		name := v.Algorithm + "/" + v.Encoded
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h, err := all.Identify(v.Encoded)
			if err != nil {
				t.Fatalf("Identify: %v", err)
			}
			if h.Algorithm() != v.Algorithm {
				t.Errorf("identified as %q, want %q", h.Algorithm(), v.Algorithm)
			}
			for _, c := range v.CheckPassword {
				ok, up, err := all.Check(c.Password, v.Encoded)
				if err != nil || ok != c.Result {
					t.Errorf("Check(%q) = %v, %v; want %v", c.Password, ok, err, c.Result)
				}
				if ok && up != v.MustUpdate {
					t.Errorf("Check(%q) needsUpgrade = %v, want %v", c.Password, up, v.MustUpdate)
				}
				if !ok && up {
					t.Errorf("Check(%q) reported needsUpgrade for a wrong password", c.Password)
				}
			}
			if got := all.MustUpdate(v.Encoded); got != v.MustUpdate {
				t.Errorf("MustUpdate = %v, want %v", got, v.MustUpdate)
			}
			ok, _, err := defaults.Check(v.Password, v.Encoded)
			if ok != v.CheckWithDefaults {
				t.Errorf("with Django 3.2's default hashers: Check = %v (%v), want %v", ok, err, v.CheckWithDefaults)
			}
			if !v.InDefault && !errors.Is(err, hashers.ErrUnknownAlgorithm) {
				t.Errorf("with Django 3.2's default hashers: err = %v, want ErrUnknownAlgorithm", err)
			}
			if !hashers.IsUsable(v.Encoded) {
				t.Error("IsUsable = false")
			}
		})
	}
}

// TestDjangoVectorsReproduced re-makes the PBKDF2 vectors from their
// salt and count: Jazz's encoding is byte for byte Django's.
func TestDjangoVectorsReproduced(t *testing.T) {
	f := loadVectors(t)
	n := 0
	for _, v := range f.Vectors {
		if v.Algorithm != "pbkdf2_sha256" {
			continue
		}
		got, err := hashers.PBKDF2SHA256{}.EncodeWithSalt(v.Password, v.Params.Salt, v.Params.Iterations)
		if err != nil || got != v.Encoded {
			t.Errorf("EncodeWithSalt(%q, %q, %d) = %q, %v; want %q", v.Password, v.Params.Salt, v.Params.Iterations, got, err, v.Encoded)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no pbkdf2_sha256 vectors")
	}
}

func TestDjangoUnusable(t *testing.T) {
	f := loadVectors(t)
	all := allHashers(t, 0)
	for _, u := range f.Unusable {
		if hashers.IsUsable(u.Encoded) != u.Usable {
			t.Errorf("IsUsable(%q) = %v, want %v", u.Encoded, !u.Usable, u.Usable)
		}
		for _, c := range u.CheckPassword {
			ok, up, err := all.Check(c.Password, u.Encoded)
			if ok != c.Result || up || err != nil {
				t.Errorf("Check(%q, %q) = %v, %v, %v; want %v", c.Password, u.Encoded, ok, up, err, c.Result)
			}
		}
	}
}

func TestDjangoGarbage(t *testing.T) {
	f := loadVectors(t)
	all := allHashers(t, 0)
	for _, g := range f.Garbage {
		if hashers.IsUsable(g.Encoded) != g.Usable {
			t.Errorf("IsUsable(%q) = %v, want %v", g.Encoded, !g.Usable, g.Usable)
		}
		// Django returns False or raises; Jazz always rejects.
		for _, pw := range []string{"", "password", "salt", "hash", g.Encoded} {
			ok, up, err := all.Check(pw, g.Encoded)
			if ok || up {
				t.Errorf("Check(%q, %q) = %v, %v, %v; want rejected", pw, g.Encoded, ok, up, err)
			}
			// Where Django raised, Jazz says the value is malformed.
			if !g.CheckPassword.OK && !errors.Is(err, hashers.ErrMalformed) {
				t.Errorf("Check(%q, %q) err = %v, want ErrMalformed (Django raised %s)", pw, g.Encoded, err, g.CheckPassword.Error)
			}
		}
	}
}
