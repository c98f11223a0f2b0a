package hashers

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// The hashers in this file verify the salted and unsalted MD5/SHA1 hashes
// that old Django versions made, so that a database migrated from such a
// site keeps its users: list them after the preferred hasher and every
// such hash is replaced at its owner's next login. They are verify-only.

var (
	_ Hasher = MD5{}
	_ Hasher = SHA1{}
	_ Hasher = UnsaltedMD5{}
	_ Hasher = UnsaltedSHA1{}
)

// MD5 verifies "md5$<salt>$<hex MD5(salt + password)>" (Django's
// MD5PasswordHasher).
type MD5 struct{}

// Algorithm returns "md5".
func (MD5) Algorithm() string { return "md5" }

// Verify checks password against a salted MD5 value.
func (m MD5) Verify(password, encoded string) (bool, error) {
	return saltedVerify(m.Algorithm(), func(b []byte) []byte { s := md5.Sum(b); return s[:] }, password, encoded)
}

// SHA1 verifies "sha1$<salt>$<hex SHA1(salt + password)>" (Django's
// SHA1PasswordHasher, removed in Django 5.1).
type SHA1 struct{}

// Algorithm returns "sha1".
func (SHA1) Algorithm() string { return "sha1" }

// Verify checks password against a salted SHA1 value.
func (s SHA1) Verify(password, encoded string) (bool, error) {
	return saltedVerify(s.Algorithm(), func(b []byte) []byte { s := sha1.Sum(b); return s[:] }, password, encoded)
}

func saltedVerify(algorithm string, sum func([]byte) []byte, password, encoded string) (bool, error) {
	parts := strings.SplitN(encoded, "$", 3)
	if len(parts) != 3 || parts[0] != algorithm {
		return false, malformed(algorithm, "want algorithm$salt$hash")
	}
	salt := parts[1]
	if salt == "" {
		return false, malformed(algorithm, "the salt is empty")
	}
	again := algorithm + "$" + salt + "$" + hex.EncodeToString(sum([]byte(salt+password)))
	return subtle.ConstantTimeCompare([]byte(again), []byte(encoded)) == 1, nil
}

// UnsaltedMD5 verifies a bare 32-digit hex MD5 of the password, or the same
// after "md5$$" (Django's UnsaltedMD5PasswordHasher).
type UnsaltedMD5 struct{}

// Algorithm returns "unsalted_md5".
func (UnsaltedMD5) Algorithm() string { return "unsalted_md5" }

// Verify checks password against an unsalted MD5 value.
func (UnsaltedMD5) Verify(password, encoded string) (bool, error) {
	if len(encoded) == 37 && strings.HasPrefix(encoded, "md5$$") {
		encoded = encoded[5:]
	}
	sum := md5.Sum([]byte(password))
	return subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(encoded)) == 1, nil
}

// UnsaltedSHA1 verifies "sha1$$<hex SHA1(password)>" (Django's
// UnsaltedSHA1PasswordHasher).
type UnsaltedSHA1 struct{}

// Algorithm returns "unsalted_sha1".
func (UnsaltedSHA1) Algorithm() string { return "unsalted_sha1" }

// Verify checks password against an unsalted SHA1 value.
func (UnsaltedSHA1) Verify(password, encoded string) (bool, error) {
	sum := sha1.Sum([]byte(password))
	return subtle.ConstantTimeCompare([]byte("sha1$$"+hex.EncodeToString(sum[:])), []byte(encoded)) == 1, nil
}
