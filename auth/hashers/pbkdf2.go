package hashers

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"hash"
	"strconv"
	"strings"
)

// DefaultPBKDF2Iterations is the PBKDF2 iteration count of the latest
// Django release, 6.1 (6.0 used 1,200,000; 6.2 will use 1,800,000). Django
// raises it with every feature release, and Jazz follows: hashes made with
// a lower count keep verifying and are upgraded at the next login.
const DefaultPBKDF2Iterations = 1_500_000

// PBKDF2SHA256 is Django's default hasher (PBKDF2PasswordHasher):
//
//	pbkdf2_sha256$<iterations>$<salt>$<base64 of PBKDF2-HMAC-SHA256, 32 bytes>
//
// The salt is 22 random letters and digits, used as its UTF-8 text; the
// hash is standard base64 with padding.
type PBKDF2SHA256 struct {
	// Iterations is the cost of new hashes; 0 means
	// DefaultPBKDF2Iterations. Hashes with any count verify.
	Iterations int
}

var (
	_ Encoder  = PBKDF2SHA256{}
	_ Hardener = PBKDF2SHA256{}
	_ Hasher   = PBKDF2SHA1{}
)

// Algorithm returns "pbkdf2_sha256".
func (PBKDF2SHA256) Algorithm() string { return "pbkdf2_sha256" }

func (p PBKDF2SHA256) iterations() int {
	if p.Iterations > 0 {
		return p.Iterations
	}
	return DefaultPBKDF2Iterations
}

// Encode hashes password with a fresh salt and the configured iterations.
func (p PBKDF2SHA256) Encode(password string) (string, error) {
	return pbkdf2Encode(p.Algorithm(), sha256.New, password, randomString(saltChars), p.iterations())
}

// EncodeWithSalt hashes password with the given salt and iteration count,
// for tests and for reproducing a known hash. The salt must be non-empty
// and must not contain "$".
func (p PBKDF2SHA256) EncodeWithSalt(password, salt string, iterations int) (string, error) {
	if salt == "" || strings.Contains(salt, "$") || iterations <= 0 {
		return "", malformed(p.Algorithm(), "the salt must be non-empty without \"$\" and iterations positive")
	}
	return pbkdf2Encode(p.Algorithm(), sha256.New, password, salt, iterations)
}

// Verify checks password against a pbkdf2_sha256 value with the
// iteration count stored in it.
func (p PBKDF2SHA256) Verify(password, encoded string) (bool, error) {
	return pbkdf2Verify(p.Algorithm(), sha256.New, password, encoded)
}

// MustUpdate reports whether encoded used another iteration count than the
// configured one, or a salt shorter than 22 characters.
func (p PBKDF2SHA256) MustUpdate(encoded string) bool {
	d, err := pbkdf2Decode(p.Algorithm(), encoded)
	if err != nil {
		return true
	}
	return d.iterations != p.iterations() || saltTooShort(d.salt)
}

// HardenRuntime runs the iterations that encoded lacks compared with the
// configured count, so that checking a cheap old hash costs as much as a
// current one.
func (p PBKDF2SHA256) HardenRuntime(password, encoded string) {
	d, err := pbkdf2Decode(p.Algorithm(), encoded)
	if err != nil {
		return
	}
	if extra := p.iterations() - d.iterations; extra > 0 {
		_, _ = pbkdf2.Key(sha256.New, password, []byte(d.salt), extra, sha256.Size)
	}
}

// PBKDF2SHA1 verifies Django's pbkdf2_sha1 hashes (PBKDF2SHA1PasswordHasher,
// 20-byte hash). It is verify-only in Jazz: SHA-256 is the better PRF at
// the same cost, so there is no reason to make new ones.
type PBKDF2SHA1 struct{}

// Algorithm returns "pbkdf2_sha1".
func (PBKDF2SHA1) Algorithm() string { return "pbkdf2_sha1" }

// Verify checks password against a pbkdf2_sha1 value.
func (p PBKDF2SHA1) Verify(password, encoded string) (bool, error) {
	return pbkdf2Verify(p.Algorithm(), sha1.New, password, encoded)
}

type pbkdf2Parts struct {
	iterations int
	salt, hash string
}

func pbkdf2Decode(algorithm, encoded string) (pbkdf2Parts, error) {
	parts := strings.SplitN(encoded, "$", 4)
	if len(parts) != 4 || parts[0] != algorithm {
		return pbkdf2Parts{}, malformed(algorithm, "want algorithm$iterations$salt$hash")
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n <= 0 {
		return pbkdf2Parts{}, malformed(algorithm, "iterations is not a positive integer")
	}
	if parts[2] == "" {
		return pbkdf2Parts{}, malformed(algorithm, "the salt is empty")
	}
	return pbkdf2Parts{iterations: n, salt: parts[2], hash: parts[3]}, nil
}

func pbkdf2Encode[H hash.Hash](algorithm string, h func() H, password, salt string, iterations int) (string, error) {
	size := h().Size()
	key, err := pbkdf2.Key(h, password, []byte(salt), iterations, size)
	if err != nil {
		return "", err
	}
	return algorithm + "$" + strconv.Itoa(iterations) + "$" + salt + "$" + base64.StdEncoding.EncodeToString(key), nil
}

// pbkdf2Verify re-encodes with the stored salt and count and compares the
// whole strings, as Django does, so any non-canonical spelling of a stored
// value (a "+" before the count, a missing "=") fails.
func pbkdf2Verify[H hash.Hash](algorithm string, h func() H, password, encoded string) (bool, error) {
	d, err := pbkdf2Decode(algorithm, encoded)
	if err != nil {
		return false, err
	}
	again, err := pbkdf2Encode(algorithm, h, password, d.salt, d.iterations)
	if err != nil {
		return false, malformed(algorithm, err.Error())
	}
	return subtle.ConstantTimeCompare([]byte(again), []byte(encoded)) == 1, nil
}
