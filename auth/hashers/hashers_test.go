package hashers_test

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jazzgo/jazz/auth/hashers"
)

// cheap are encoders with low costs so round trips stay fast.
var cheap = []hashers.Encoder{
	hashers.PBKDF2SHA256{Iterations: 1000},
	hashers.Argon2{Time: 1, Memory: 1024, Threads: 1},
	hashers.BCryptSHA256{Cost: 4},
	hashers.Scrypt{N: 1 << 10, R: 8, P: 1},
}

func TestRoundTrip(t *testing.T) {
	passwords := []string{"", "password", "pa$$word$", "päss wörd ✓ 🔑", strings.Repeat("L", 100)}
	for _, e := range cheap {
		t.Run(e.Algorithm(), func(t *testing.T) {
			l, err := hashers.New(e)
			if err != nil {
				t.Fatal(err)
			}
			for _, pw := range passwords {
				enc, err := l.Make(pw)
				if err != nil {
					t.Fatalf("Make(%q): %v", pw, err)
				}
				if !strings.HasPrefix(enc, e.Algorithm()+"$") {
					t.Errorf("Make(%q) = %q, want the %q prefix", pw, enc, e.Algorithm())
				}
				if ok, up, err := l.Check(pw, enc); !ok || up || err != nil {
					t.Errorf("Check(%q) = %v, %v, %v; want true, false, nil", pw, ok, up, err)
				}
				for _, wrong := range []string{pw + "x", strings.ToUpper(pw) + "X", pw + " "} {
					if ok, up, err := l.Check(wrong, enc); ok || up || err != nil {
						t.Errorf("Check(%q) against the hash of %q = %v, %v, %v; want false", wrong, pw, ok, up, err)
					}
				}
				if l.MustUpdate(enc) {
					t.Errorf("MustUpdate(%q) = true for a fresh hash", enc)
				}
			}
			a, _ := l.Make("same")
			b, _ := l.Make("same")
			if a == b {
				t.Error("two hashes of one password are equal: the salt is not random")
			}
		})
	}
}

func TestBCryptSHA256WritesDjangoPrefix(t *testing.T) {
	enc, err := hashers.BCryptSHA256{Cost: 4}.Encode("pw")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "bcrypt_sha256$$2b$04$") || len(enc) != len("bcrypt_sha256$")+60 {
		t.Errorf("Encode = %q, want bcrypt_sha256$$2b$04$ + 53 characters", enc)
	}
}

func TestPBKDF2SaltAndFormat(t *testing.T) {
	enc, err := hashers.PBKDF2SHA256{Iterations: 1}.Encode("pw")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Split(enc, "$")
	if len(f) != 4 || f[1] != "1" || len(f[2]) != 22 || len(f[3]) != 44 {
		t.Fatalf("Encode = %q, want pbkdf2_sha256$1$<22 chars>$<44 chars>", enc)
	}
	for _, c := range f[2] {
		if !strings.ContainsRune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", c) {
			t.Errorf("salt %q has %q, outside Django's alphabet", f[2], c)
		}
	}
	if hashers.DefaultPBKDF2Iterations != 1_500_000 {
		t.Errorf("DefaultPBKDF2Iterations = %d; keep it at the latest Django release's count", hashers.DefaultPBKDF2Iterations)
	}
	if _, err := (hashers.PBKDF2SHA256{}).EncodeWithSalt("pw", "a$b", 1); !errors.Is(err, hashers.ErrMalformed) {
		t.Errorf("EncodeWithSalt with a \"$\" in the salt: err = %v, want ErrMalformed", err)
	}
}

// TestUpgradeFlow is what a login does: an old hash verifies, asks to be
// upgraded, and the new hash no longer does.
func TestUpgradeFlow(t *testing.T) {
	old, _ := hashers.New(hashers.PBKDF2SHA256{Iterations: 1000})
	enc, _ := old.Make("secret")

	for _, c := range []struct {
		name string
		list func() (*hashers.List, error)
	}{
		{"more iterations", func() (*hashers.List, error) { return hashers.New(hashers.PBKDF2SHA256{Iterations: 2000}) }},
		{"other algorithm", func() (*hashers.List, error) {
			return hashers.New(hashers.Argon2{Time: 1, Memory: 1024, Threads: 1}, hashers.PBKDF2SHA256{})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l, err := c.list()
			if err != nil {
				t.Fatal(err)
			}
			ok, up, err := l.Check("secret", enc)
			if !ok || !up || err != nil {
				t.Fatalf("Check = %v, %v, %v; want true, true, nil", ok, up, err)
			}
			if !l.MustUpdate(enc) {
				t.Error("MustUpdate = false")
			}
			newEnc, _ := l.Make("secret")
			if ok, up, _ := l.Check("secret", newEnc); !ok || up {
				t.Errorf("after the upgrade Check = %v, %v; want true, false", ok, up)
			}
		})
	}

	for _, c := range []struct {
		name string
		enc  hashers.Encoder
		pref hashers.Encoder
	}{
		{"argon2 memory", hashers.Argon2{Time: 1, Memory: 1024, Threads: 1}, hashers.Argon2{Time: 1, Memory: 2048, Threads: 1}},
		{"argon2 key length", hashers.Argon2{Time: 1, Memory: 1024, Threads: 1, KeyLen: 16}, hashers.Argon2{Time: 1, Memory: 1024, Threads: 1}},
		{"bcrypt cost", hashers.BCryptSHA256{Cost: 4}, hashers.BCryptSHA256{Cost: 5}},
		{"scrypt N", hashers.Scrypt{N: 1 << 10, R: 8, P: 1}, hashers.Scrypt{N: 1 << 11, R: 8, P: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			enc, err := c.enc.Encode("pw")
			if err != nil {
				t.Fatal(err)
			}
			if c.enc.MustUpdate(enc) {
				t.Error("the hasher that made it wants to update it")
			}
			if !c.pref.MustUpdate(enc) {
				t.Error("a hasher with another cost does not want to update it")
			}
		})
	}
}

// counting is a preferred hasher that counts calls, to see which paths of
// Check and SimulateCheck reach it.
type counting struct {
	hashers.PBKDF2SHA256
	encodes, hardens *atomic.Int32
}

func (c counting) Encode(pw string) (string, error) {
	c.encodes.Add(1)
	return c.PBKDF2SHA256.Encode(pw)
}
func (c counting) HardenRuntime(pw, enc string) {
	c.hardens.Add(1)
	c.PBKDF2SHA256.HardenRuntime(pw, enc)
}

func TestTimingDefences(t *testing.T) {
	c := counting{hashers.PBKDF2SHA256{Iterations: 2000}, new(atomic.Int32), new(atomic.Int32)}
	l, err := hashers.New(c, hashers.MD5{})
	if err != nil {
		t.Fatal(err)
	}
	l.SimulateCheck("whatever")
	if c.encodes.Load() != 1 {
		t.Errorf("SimulateCheck ran the preferred hasher %d times, want 1", c.encodes.Load())
	}
	old, _ := hashers.PBKDF2SHA256{}.EncodeWithSalt("pw", "JazzInteropSalt0123456", 1000)
	if ok, _, _ := l.Check("wrong", old); ok {
		t.Fatal("wrong password accepted")
	}
	if c.hardens.Load() != 1 {
		t.Errorf("a failed check on a cheaper hash hardened %d times, want 1", c.hardens.Load())
	}
	if ok, up, _ := l.Check("pw", old); !ok || !up {
		t.Errorf("Check = %v, %v; want true, true", ok, up)
	}
	if c.hardens.Load() != 1 {
		t.Error("a successful check hardened the runtime")
	}
	// Another algorithm: Django does not harden (the hasher differs).
	md5 := "md5$seasalt$1e9bf2bf5606aa5c39852cc30f0f6f22"
	if ok, _, _ := l.Check("wrong", md5); ok || c.hardens.Load() != 1 {
		t.Errorf("md5: ok = %v, hardens = %d", ok, c.hardens.Load())
	}
}

func TestUnusable(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		u := hashers.MakeUnusable()
		if len(u) != 41 || u[0] != '!' || hashers.IsUsable(u) {
			t.Fatalf("MakeUnusable = %q, want \"!\" + 40 characters, unusable", u)
		}
		if seen[u] {
			t.Fatalf("MakeUnusable repeated %q", u)
		}
		seen[u] = true
		if ok, up, err := hashers.Check(u[1:], u); ok || up || err != nil {
			t.Errorf("Check against an unusable password = %v, %v, %v", ok, up, err)
		}
		if hashers.MustUpdate(u) {
			t.Error("MustUpdate(unusable) = true")
		}
	}
	if !hashers.IsUsable("") || !hashers.IsUsable("garbage") {
		t.Error(`IsUsable("") or IsUsable("garbage") = false; Django calls them usable`)
	}
}

func TestNewRejectsBadLists(t *testing.T) {
	if _, err := hashers.New(nil); err == nil {
		t.Error("New(nil) succeeded")
	}
	if _, err := hashers.New(hashers.PBKDF2SHA256{}, hashers.PBKDF2SHA256{Iterations: 5}); err == nil {
		t.Error("New with a duplicate algorithm succeeded")
	}
	if _, err := hashers.New(hashers.PBKDF2SHA256{}, nil); err == nil {
		t.Error("New with a nil hasher succeeded")
	}
	if _, err := hashers.FromNames("md5", "pbkdf2_sha256"); err == nil {
		t.Error("FromNames with a verify-only hasher first succeeded")
	}
	if _, err := hashers.FromNames("pbkdf2_sha256", "nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("FromNames with an unknown name: err = %v", err)
	}
	if _, err := hashers.FromNames(); err == nil {
		t.Error("FromNames() succeeded")
	}
	l, err := hashers.FromNames("argon2", "django.contrib.auth.hashers.MD5PasswordHasher")
	if err != nil {
		t.Fatal(err)
	}
	if l.Preferred().Algorithm() != "argon2" || len(l.Hashers()) != 2 {
		t.Errorf("FromNames: preferred %q, %d hashers", l.Preferred().Algorithm(), len(l.Hashers()))
	}
}

func TestDefaultList(t *testing.T) {
	var names []string
	for _, h := range hashers.Default().Hashers() {
		names = append(names, h.Algorithm())
	}
	if got := strings.Join(names, ","); got != "pbkdf2_sha256,pbkdf2_sha1,argon2,bcrypt_sha256,scrypt" {
		t.Errorf("Default() = %s, want Django's PASSWORD_HASHERS", got)
	}
	// A Django 3.2 hash verifies with the defaults and asks for the new count.
	ok, up, err := hashers.Check("password", "pbkdf2_sha256$260000$JazzInteropSalt0123456$IsEgPKxxNX1d4xnLNjUhuDgYU0fFiT5pTzQfpUE96EY=")
	if !ok || !up || err != nil {
		t.Errorf("Check = %v, %v, %v; want true, true, nil", ok, up, err)
	}
	// The error never repeats the stored value, which may be a plain-text
	// password stored by mistake.
	_, _, err = hashers.Check("x", "hunter2")
	if !errors.Is(err, hashers.ErrUnknownAlgorithm) || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("err = %v; want ErrUnknownAlgorithm without the stored value", err)
	}
}

func TestMalformed(t *testing.T) {
	l := allHashers(t, 0)
	for _, enc := range []string{
		"pbkdf2_sha256$0$salt$hash", "pbkdf2_sha256$-1$salt$hash", "pbkdf2_sha256$1$$hash",
		"argon2$argon2d$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA", "argon2$argon2id$v=16$m=8,t=1,p=1$c2FsdA$aGFzaA",
		"argon2$argon2id$m=8,t=1,p=1$c2FsdA$aGFzaA", "argon2$argon2id$v=19$t=1,m=8,p=1$c2FsdA$aGFzaA",
		"argon2$argon2id$v=19$m=8,t=1,p=256$c2FsdA$aGFzaA", "argon2$argon2id$v=19$m=8,t=1,p=1$c2FsdA$",
		"bcrypt_sha256$nonsense", "bcrypt$$2b$04$short", "scrypt$1024$salt$8$1", "scrypt$x$salt$8$1$aGFzaA==",
		"md5$$", "sha1$$abc", "md5$salt",
	} {
		ok, up, err := l.Check("password", enc)
		if ok || up || !errors.Is(err, hashers.ErrMalformed) {
			t.Errorf("Check(%q) = %v, %v, %v; want false, false, ErrMalformed", enc, ok, up, err)
		}
		var fe *hashers.FormatError
		if errors.As(err, &fe) && strings.Contains(fe.Error(), "password\"") {
			t.Errorf("FormatError %q quotes the password", fe)
		}
	}
}

// TestScryptRecipe checks values computed with Python's hashlib.scrypt the
// way Django's ScryptPasswordHasher computes them (Django 3.2, which made
// passwords.json, has no scrypt hasher, so there is no Django vector).
func TestScryptRecipe(t *testing.T) {
	l, err := hashers.New(hashers.Scrypt{})
	if err != nil {
		t.Fatal(err)
	}
	for enc, wantUpdate := range map[string]bool{
		"scrypt$16384$JazzInteropSalt0123456$8$5$qTS5PF7+TNXla2X9ki20zkZD4yy3ysLww4ces7yGZfSe4dW1hCMw1KSEaU5YQX2jAQvWgTBSwrPFvwlS/qJEHA==": false,
		"scrypt$1024$JazzInteropSalt0123456$8$1$FU2p0DOP9vh8Nuu8uwCAGZ+U7+K1sshfqnuxjQqMd1zF0YoEcXVYMLad5+ClExr+Reqya1IP2ZEL1ahXrWti1Q==":  true,
	} {
		if ok, up, err := l.Check("password", enc); !ok || up != wantUpdate || err != nil {
			t.Errorf("Check(%q) = %v, %v, %v; want true, %v, nil", enc, ok, up, err, wantUpdate)
		}
		if ok, _, _ := l.Check("passwordx", enc); ok {
			t.Errorf("wrong password accepted for %q", enc)
		}
	}
}

func TestBCryptHardenRuntime(t *testing.T) {
	cheapHash, err := hashers.BCryptSHA256{Cost: 4}.Encode("pw")
	if err != nil {
		t.Fatal(err)
	}
	// Runs 2^6 - 2^4 = 48 rounds' worth at cost 4: three extra hashes.
	hashers.BCryptSHA256{Cost: 6}.HardenRuntime("wrong", cheapHash)
	hashers.BCryptSHA256{Cost: 4}.HardenRuntime("wrong", cheapHash) // nothing to do
	hashers.BCryptSHA256{}.HardenRuntime("wrong", "garbage")        // ignored
}
