package hashers

import (
	"errors"
	"strings"
)

// Hasher checks passwords against one stored format, named by its
// algorithm. Every hasher can verify; only an [Encoder] can make new hashes,
// so legacy formats kept for old databases (salted MD5, PBKDF2-SHA1, ...)
// implement Hasher alone. Implementations must be safe for concurrent use.
type Hasher interface {
	// Algorithm is the name stored before the first "$" of an encoded
	// password ("pbkdf2_sha256", "argon2", ...). It must not contain "$".
	Algorithm() string

	// Verify reports whether password matches encoded, a value this
	// hasher's Algorithm identifies. It compares in constant time. A
	// malformed encoded value gives false and an error wrapping
	// [ErrMalformed]; a wrong password gives false and a nil error.
	Verify(password, encoded string) (bool, error)
}

// Encoder is a [Hasher] that can also hash new passwords. The preferred
// (first) hasher of a [List] must be one.
type Encoder interface {
	Hasher

	// Encode hashes password with a fresh random salt and this hasher's
	// current cost. The error is non-nil only when the underlying
	// primitive refuses its parameters.
	Encode(password string) (string, error)

	// MustUpdate reports whether encoded, a value of this hasher's
	// Algorithm, was made with other parameters (cost, salt size, ...)
	// than Encode uses now, so it should be re-hashed at the next
	// successful login. Malformed values report true.
	MustUpdate(encoded string) bool
}

// Hardener is an optional interface for an [Encoder] whose cost can be
// read from a hash. When a password check fails against a hash made at a
// lower cost than the current one, [List.Check] calls HardenRuntime so that
// the failure takes as long as it would at the current cost; otherwise the
// time taken would tell an attacker which users have old, cheaper hashes
// (Django's harden_runtime, CVE-2016-2513).
type Hardener interface {
	HardenRuntime(password, encoded string)
}

var (
	// ErrUnknownAlgorithm is returned (wrapped) by [List.Check] and
	// [List.Identify] when the stored value names no hasher of the list.
	ErrUnknownAlgorithm = errors.New("hashers: unknown password hashing algorithm")

	// ErrMalformed is returned (wrapped) when a stored value names a known
	// algorithm but its body cannot be parsed. Django raises in that case;
	// Jazz rejects the password instead.
	ErrMalformed = errors.New("hashers: malformed encoded password")
)

// malformed wraps ErrMalformed with the algorithm and the part that was
// wrong. The encoded value itself never goes into an error: it might be a
// plain-text password stored by mistake.
func malformed(algorithm, what string) error {
	return &FormatError{Algorithm: algorithm, Problem: what}
}

// FormatError tells which part of a stored password value could not be
// parsed. It unwraps to [ErrMalformed].
type FormatError struct {
	Algorithm string // the hasher that rejected the value
	Problem   string // what was wrong, e.g. "iterations is not a positive integer"
}

// Error names the algorithm and the problem, never the value.
func (e *FormatError) Error() string {
	return "hashers: malformed " + e.Algorithm + " password hash: " + e.Problem
}

// Unwrap returns [ErrMalformed].
func (e *FormatError) Unwrap() error { return ErrMalformed }

// UnusablePrefix starts every unusable password (see [MakeUnusable]).
const UnusablePrefix = "!"

// unusableSuffixLength is Django's UNUSABLE_PASSWORD_SUFFIX_LENGTH.
const unusableSuffixLength = 40

// MakeUnusable returns a value to store for a user who must not be able
// to log in with a password (an account managed elsewhere, or one waiting
// for a reset): "!" followed by 40 random letters and digits, as Django
// makes it. The random part keeps such values distinct, so they reveal
// nothing when compared. No password ever verifies against it.
func MakeUnusable() string {
	return UnusablePrefix + randomString(unusableSuffixLength)
}

// IsUsable reports whether encoded may verify some password, that is
// whether it does not start with "!". Like Django it says nothing about
// whether the value is well formed: "" and garbage are "usable" and simply
// never verify.
func IsUsable(encoded string) bool {
	return !strings.HasPrefix(encoded, UnusablePrefix)
}

// algorithmOf returns the algorithm name an encoded value claims, with
// Django's special cases for the unsalted hashes of early Django versions,
// which stored no algorithm prefix (or an empty salt).
func algorithmOf(encoded string) string {
	switch {
	case len(encoded) == 32 && !strings.Contains(encoded, "$"),
		len(encoded) == 37 && strings.HasPrefix(encoded, "md5$$"):
		return "unsalted_md5"
	case len(encoded) == 46 && strings.HasPrefix(encoded, "sha1$$"):
		return "unsalted_sha1"
	}
	algorithm, _, _ := strings.Cut(encoded, "$")
	return algorithm
}
