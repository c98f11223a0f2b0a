package sessions

import "github.com/jazzgo/jazz/internal/random"

// keyChars are the characters of a session key, Django's VALID_KEY_CHARS.
const keyChars = random.LowerAlnum

// KeyLength is the length of the keys [NewKey] makes, as Django's.
const KeyLength = 32

// Bounds of a key [ValidKey] accepts. Django refuses keys shorter than 8
// characters; 40 is the width of Django's session_key column.
const (
	minKeyLength = 8
	maxKeyLength = 40
)

// NewKey returns a fresh session key: [KeyLength] characters from [a-z0-9]
// drawn from crypto/rand, about 165 bits, so guessing a live key is
// hopeless and collisions are left to the store's create check.
func NewKey() string { return random.String(KeyLength, keyChars) }

// ValidKey reports whether key could be a session key: 8 to 40 characters
// from [a-z0-9]. Stores use it before a key reaches a file name, a cache
// key or a query, so a client's cookie can never name anything else; keys
// Django made pass it.
func ValidKey(key string) bool {
	if len(key) < minKeyLength || len(key) > maxKeyLength {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}
