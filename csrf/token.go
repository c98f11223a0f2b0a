package csrf

import (
	"crypto/subtle"

	"github.com/jazzgo/jazz/internal/random"
)

// Django's token format, kept byte for byte so that a Jazz site and a
// Django site can share the csrftoken cookie.
const (
	// SecretLength is the length of a CSRF secret: 32 characters of
	// [a-zA-Z0-9]. Django 4.1+ stores exactly this in the cookie.
	SecretLength = 32
	// TokenLength is the length of a masked token: a 32-character mask
	// followed by the secret enciphered with it. Forms and the X-CSRFToken
	// header carry this form, and Django before 4.1 stored it in the cookie.
	TokenLength = 2 * SecretLength
)

// alphabet is Django's CSRF_ALLOWED_CHARS: lower case first, unlike the
// base62 alphabet of signing. The masking arithmetic depends on this order.
const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// alphaIndex maps a byte to its position in alphabet, or -1.
var alphaIndex = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = int8(i)
	}
	return t
}()

// Why a token could not be read; the words are Django's, so that the
// failure reasons match ("CSRF cookie has incorrect length.").
const (
	reasonIncorrectLength   = "has incorrect length"
	reasonInvalidCharacters = "has invalid characters"
)

// randomString returns n characters drawn uniformly from alphabet with
// crypto/rand.
func randomString(n int) string { return random.String(n, alphabet) }

// newSecret returns a fresh 32-character secret.
func newSecret() string { return randomString(SecretLength) }

// mask returns a fresh 64-character masking of secret, so that the token
// written into each page differs even though the secret does not: this is
// what keeps BREACH-style compression attacks from recovering it.
func mask(secret string) string { return maskWith(secret, randomString(SecretLength)) }

// maskWith enciphers secret with the given 32-character mask:
// cipher[i] = alphabet[(idx(secret[i]) + idx(mask[i])) mod 62].
func maskWith(secret, m string) string {
	out := make([]byte, TokenLength)
	copy(out, m)
	for i := 0; i < SecretLength; i++ {
		out[SecretLength+i] = alphabet[(int(alphaIndex[secret[i]])+int(alphaIndex[m[i]]))%62]
	}
	return string(out)
}

// unmask reverses [maskWith] for a well-formed 64-character token.
func unmask(token string) string {
	out := make([]byte, SecretLength)
	for i := 0; i < SecretLength; i++ {
		x := int(alphaIndex[token[SecretLength+i]]) - int(alphaIndex[token[i]])
		if x < 0 {
			x += 62
		}
		out[i] = alphabet[x]
	}
	return string(out)
}

// checkFormat reports why s is neither a secret nor a masked token, or ""
// when it is one. Length is checked before characters, as Django does, so
// the reasons match.
func checkFormat(s string) string {
	if len(s) != SecretLength && len(s) != TokenLength {
		return reasonIncorrectLength
	}
	for i := 0; i < len(s); i++ {
		if alphaIndex[s[i]] < 0 {
			return reasonInvalidCharacters
		}
	}
	return ""
}

// parseToken reads a cookie value or a submitted token in either of its
// forms (a 32-character secret or a 64-character masked token) and returns
// the secret. On failure secret is "" and reason says why in Django's words.
func parseToken(s string) (secret, reason string) {
	if reason := checkFormat(s); reason != "" {
		return "", reason
	}
	if len(s) == TokenLength {
		return unmask(s), ""
	}
	return s, ""
}

// sameSecret compares two secrets in constant time.
func sameSecret(a, b string) bool {
	return len(a) == SecretLength && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
