package hashers

import (
	"crypto/subtle"
	"encoding/base64"
	"strconv"
	"strings"

	"golang.org/x/crypto/scrypt"
)

// Scrypt is Django's ScryptPasswordHasher:
//
//	scrypt$<N>$<salt>$<r>$<p>$<base64 of the 64-byte key>
//
// A zero field means Django's default: N = 2^14, r = 8, p = 5. Each check
// allocates 128*N*r bytes (16 MiB by default).
type Scrypt struct {
	N int // CPU/memory cost, a power of two; 0 means 16384
	R int // block size; 0 means 8
	P int // parallelism; 0 means 5
}

var _ Encoder = Scrypt{}

// Algorithm returns "scrypt".
func (Scrypt) Algorithm() string { return "scrypt" }

func (s Scrypt) params() Scrypt {
	if s.N == 0 {
		s.N = 1 << 14
	}
	if s.R == 0 {
		s.R = 8
	}
	if s.P == 0 {
		s.P = 5
	}
	return s
}

// Encode hashes password with a fresh salt and the configured parameters.
func (s Scrypt) Encode(password string) (string, error) {
	p := s.params()
	return scryptEncode(password, randomString(saltChars), p.N, p.R, p.P)
}

func scryptEncode(password, salt string, n, r, p int) (string, error) {
	key, err := scrypt.Key([]byte(password), []byte(salt), n, r, p, 64)
	if err != nil {
		return "", err
	}
	return "scrypt$" + strconv.Itoa(n) + "$" + salt + "$" + strconv.Itoa(r) + "$" + strconv.Itoa(p) + "$" +
		base64.StdEncoding.EncodeToString(key), nil
}

type scryptParts struct {
	n, r, p int
	salt    string
}

func scryptDecode(encoded string) (scryptParts, error) {
	f := strings.Split(encoded, "$")
	if len(f) != 6 || f[0] != "scrypt" {
		return scryptParts{}, malformed("scrypt", "want scrypt$N$salt$r$p$hash")
	}
	var d scryptParts
	var err error
	for _, x := range []struct {
		dst *int
		s   string
	}{{&d.n, f[1]}, {&d.r, f[3]}, {&d.p, f[4]}} {
		if *x.dst, err = strconv.Atoi(x.s); err != nil || *x.dst <= 0 {
			return d, malformed("scrypt", "N, r and p must be positive integers")
		}
	}
	if f[2] == "" {
		return d, malformed("scrypt", "the salt is empty")
	}
	d.salt = f[2]
	return d, nil
}

// Verify checks password against a scrypt value with the parameters
// stored in it.
func (Scrypt) Verify(password, encoded string) (bool, error) {
	d, err := scryptDecode(encoded)
	if err != nil {
		return false, err
	}
	again, err := scryptEncode(password, d.salt, d.n, d.r, d.p)
	if err != nil {
		return false, malformed("scrypt", err.Error())
	}
	return subtle.ConstantTimeCompare([]byte(again), []byte(encoded)) == 1, nil
}

// MustUpdate reports whether encoded used other N, r or p values than the
// configured ones (Django does not look at the salt length here).
func (s Scrypt) MustUpdate(encoded string) bool {
	d, err := scryptDecode(encoded)
	if err != nil {
		return true
	}
	p := s.params()
	return d.n != p.N || d.r != p.R || d.p != p.P
}
