package hashers

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// DefaultBCryptCost is Django's BCryptSHA256PasswordHasher.rounds.
const DefaultBCryptCost = 12

// BCryptSHA256 is Django's BCryptSHA256PasswordHasher:
//
//	bcrypt_sha256$$2b$<cost>$<22-char salt><31-char hash>
//
// (note the double "$": the bcrypt string follows the algorithm name). The
// password is first replaced by the lowercase hex of its SHA-256, 64 bytes,
// so passwords longer than bcrypt's 72-byte limit are not truncated.
type BCryptSHA256 struct {
	// Cost is the log2 work factor of new hashes; 0 means 12.
	Cost int
}

var (
	_ Encoder  = BCryptSHA256{}
	_ Hardener = BCryptSHA256{}
	_ Hasher   = BCrypt{}
)

// Algorithm returns "bcrypt_sha256".
func (BCryptSHA256) Algorithm() string { return "bcrypt_sha256" }

func (b BCryptSHA256) cost() int {
	if b.Cost != 0 {
		return b.Cost
	}
	return DefaultBCryptCost
}

func sha256Hex(password string) []byte {
	sum := sha256.Sum256([]byte(password))
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum[:])
	return out
}

// Encode hashes password with a fresh salt at the configured cost. The
// result uses the "$2b$" prefix that Python's bcrypt writes: the Go
// package writes "$2a$", which names the same computation for passwords
// this short, and Django accepts either.
func (b BCryptSHA256) Encode(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword(sha256Hex(password), b.cost())
	if err != nil {
		return "", err
	}
	s := string(h)
	if rest, ok := strings.CutPrefix(s, "$2a$"); ok {
		s = "$2b$" + rest
	}
	return b.Algorithm() + "$" + s, nil
}

// Verify checks password against a bcrypt_sha256 value.
func (b BCryptSHA256) Verify(password, encoded string) (bool, error) {
	data, ok := strings.CutPrefix(encoded, b.Algorithm()+"$")
	if !ok {
		return false, malformed(b.Algorithm(), "want bcrypt_sha256$<bcrypt string>")
	}
	return bcryptVerify(b.Algorithm(), data, sha256Hex(password))
}

// MustUpdate reports whether encoded used another cost than the
// configured one.
func (b BCryptSHA256) MustUpdate(encoded string) bool {
	data, ok := strings.CutPrefix(encoded, b.Algorithm()+"$")
	if !ok {
		return true
	}
	c, err := bcrypt.Cost([]byte(data))
	return err != nil || c != b.cost()
}

// HardenRuntime hashes password again at the cost found in encoded until
// the time spent matches one hash at the configured cost, as Django's
// harden_runtime does.
func (b BCryptSHA256) HardenRuntime(password, encoded string) {
	data, ok := strings.CutPrefix(encoded, b.Algorithm()+"$")
	if !ok {
		return
	}
	c, err := bcrypt.Cost([]byte(data))
	if err != nil || c >= b.cost() {
		return
	}
	pre := sha256Hex(password)
	for diff := 1<<b.cost() - 1<<c; diff > 0; diff -= 1 << c {
		_, _ = bcrypt.GenerateFromPassword(pre, c)
	}
}

// BCrypt verifies Django's plain bcrypt hashes (BCryptPasswordHasher),
// "bcrypt$<bcrypt string>". Plain bcrypt ignores everything after the
// 72nd byte of a password, so it is verify-only in Jazz; it checks the
// way Django's does, on the first 72 bytes.
type BCrypt struct{}

// Algorithm returns "bcrypt".
func (BCrypt) Algorithm() string { return "bcrypt" }

// Verify checks password (its first 72 bytes) against a bcrypt value.
func (b BCrypt) Verify(password, encoded string) (bool, error) {
	data, ok := strings.CutPrefix(encoded, b.Algorithm()+"$")
	if !ok {
		return false, malformed(b.Algorithm(), "want bcrypt$<bcrypt string>")
	}
	pw := []byte(password)
	if len(pw) > 72 {
		pw = pw[:72]
	}
	return bcryptVerify(b.Algorithm(), data, pw)
}

func bcryptVerify(algorithm, data string, password []byte) (bool, error) {
	err := bcrypt.CompareHashAndPassword([]byte(data), password)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, bcrypt.ErrMismatchedHashAndPassword):
		return false, nil
	default:
		return false, malformed(algorithm, err.Error())
	}
}
