package hashers

import (
	"fmt"
	"strings"
)

// defaultList is built once from values and never changed, so sharing it
// is safe; it is not mutable global state.
var defaultList = mustDefault()

func mustDefault() *List {
	l, err := New(PBKDF2SHA256{}, PBKDF2SHA1{}, Argon2{}, BCryptSHA256{}, Scrypt{})
	if err != nil {
		panic(err) // a bug in this package: the names above are distinct
	}
	return l
}

// Default returns Django's default PASSWORD_HASHERS with Django's current
// costs: PBKDF2-SHA256 (preferred), PBKDF2-SHA1, Argon2id, bcrypt-SHA256
// and scrypt. The salted and unsalted MD5/SHA1 hashers and plain bcrypt
// are left out, as Django leaves them out: hashes that use them are
// rejected unless a project lists them.
func Default() *List { return defaultList }

// Make hashes password with [Default]'s preferred hasher. See [List.Make].
func Make(password string) (string, error) { return defaultList.Make(password) }

// Check checks password against encoded with the [Default] list. See
// [List.Check].
func Check(password, encoded string) (ok, needsUpgrade bool, err error) {
	return defaultList.Check(password, encoded)
}

// MustUpdate reports whether encoded would be re-hashed by the [Default]
// list. See [List.MustUpdate].
func MustUpdate(encoded string) bool { return defaultList.MustUpdate(encoded) }

// SimulateCheck spends the time of one check with the [Default] list. See
// [List.SimulateCheck].
func SimulateCheck(password string) { defaultList.SimulateCheck(password) }

// ByName returns the hasher, with its default parameters, that name
// designates: an algorithm name ("pbkdf2_sha256", "argon2", "md5", ...) or
// the dotted path of the Django class ("django.contrib.auth.hashers.
// Argon2PasswordHasher"), so that a PASSWORD_HASHERS setting copied from a
// Django project works as it is.
func ByName(name string) (Hasher, bool) {
	if short, ok := strings.CutPrefix(name, "django.contrib.auth.hashers."); ok {
		name = djangoClasses[short]
	}
	switch name {
	case "pbkdf2_sha256":
		return PBKDF2SHA256{}, true
	case "pbkdf2_sha1":
		return PBKDF2SHA1{}, true
	case "argon2":
		return Argon2{}, true
	case "bcrypt_sha256":
		return BCryptSHA256{}, true
	case "bcrypt":
		return BCrypt{}, true
	case "scrypt":
		return Scrypt{}, true
	case "md5":
		return MD5{}, true
	case "sha1":
		return SHA1{}, true
	case "unsalted_md5":
		return UnsaltedMD5{}, true
	case "unsalted_sha1":
		return UnsaltedSHA1{}, true
	}
	return nil, false
}

// djangoClasses maps Django's hasher class names to algorithm names.
var djangoClasses = map[string]string{
	"PBKDF2PasswordHasher":       "pbkdf2_sha256",
	"PBKDF2SHA1PasswordHasher":   "pbkdf2_sha1",
	"Argon2PasswordHasher":       "argon2",
	"BCryptSHA256PasswordHasher": "bcrypt_sha256",
	"BCryptPasswordHasher":       "bcrypt",
	"ScryptPasswordHasher":       "scrypt",
	"MD5PasswordHasher":          "md5",
	"SHA1PasswordHasher":         "sha1",
	"UnsaltedMD5PasswordHasher":  "unsalted_md5",
	"UnsaltedSHA1PasswordHasher": "unsalted_sha1",
}

// FromNames builds a List from a PASSWORD_HASHERS-style setting: names as
// [ByName] takes them, preferred first. It fails on an unknown name, on a
// duplicate, and when the first hasher is verify-only.
func FromNames(names ...string) (*List, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("hashers: PasswordHashers is empty; list at least one hasher, e.g. %q", "pbkdf2_sha256")
	}
	hs := make([]Hasher, 0, len(names))
	for _, n := range names {
		h, ok := ByName(n)
		if !ok {
			return nil, fmt.Errorf("hashers: unknown hasher %q in PasswordHashers (known: pbkdf2_sha256, pbkdf2_sha1, argon2, bcrypt_sha256, bcrypt, scrypt, md5, sha1, unsalted_md5, unsalted_sha1)", n)
		}
		hs = append(hs, h)
	}
	pref, ok := hs[0].(Encoder)
	if !ok {
		return nil, fmt.Errorf("hashers: %q can only verify old hashes and cannot be the first (preferred) entry of PasswordHashers", names[0])
	}
	return New(pref, hs[1:]...)
}
