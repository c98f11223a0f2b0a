package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxKeyLength is the longest backend key, in bytes, the front accepts
// (memcached's limit), counted after the prefix and version are added.
const MaxKeyLength = 250

// DefaultKeyFunc builds the backend key "prefix:version:key", Django's
// format, so keys written by a Django site and a Jazz site sharing a
// server line up.
func DefaultKeyFunc(key, prefix string, version int) string {
	var buf [20]byte
	v := strconv.AppendInt(buf[:0], int64(version), 10)
	var b strings.Builder
	b.Grow(len(prefix) + len(v) + len(key) + 2)
	b.WriteString(prefix)
	b.WriteByte(':')
	b.Write(v)
	b.WriteByte(':')
	b.WriteString(key)
	return b.String()
}

// HashKey returns the hex SHA-256 of key: 64 characters that are always
// a valid key part. Use it for keys that are long, binary or come from
// users (URLs, query strings, file names):
//
//	c.Set(ctx, cache.HashKey(rawURL), page, cache.Default)
func HashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// key returns the backend key for a caller's key, or an error wrapping
// [ErrInvalidKey].
func (c *Cache) key(key string) (string, error) {
	fk := c.s.keyFunc(key, c.s.prefix, c.version)
	if err := ValidateKey(fk); err != nil {
		return "", fmt.Errorf("%w %s: %s; pass arbitrary keys through cache.HashKey", ErrInvalidKey, quoteKey(key), err.Error())
	}
	return fk, nil
}

// ValidateKey checks a backend key (prefix and version included): at most
// [MaxKeyLength] bytes of valid UTF-8 with no space or control character.
// The error says what is wrong; the front wraps it in [ErrInvalidKey].
// Backends receive only keys that pass it.
func ValidateKey(key string) error {
	if len(key) > MaxKeyLength {
		return fmt.Errorf("the key is %d bytes with prefix and version, over the limit of %d", len(key), MaxKeyLength)
	}
	if key == "" {
		return fmt.Errorf("the key is empty")
	}
	for i := 0; i < len(key); {
		b := key[i]
		if b < utf8.RuneSelf {
			// memcached's text protocol ends a key at a space or control
			// character, so such a key would address a different item.
			if b <= ' ' || b == 0x7f {
				return fmt.Errorf("byte %d is a space or control character (%q)", i, b)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(key[i:])
		// Invalid UTF-8 is refused because text columns (PostgreSQL's
		// cache table) reject it; C1 controls for the same reason as C0.
		if r == utf8.RuneError && size == 1 {
			return fmt.Errorf("byte %d is not valid UTF-8", i)
		}
		if r >= 0x80 && r <= 0x9f {
			return fmt.Errorf("byte %d starts a control character (%U)", i, r)
		}
		i += size
	}
	return nil
}

// quoteKey quotes a key for a message, cut to a readable length.
func quoteKey(key string) string {
	return strconv.Quote(truncateKey(key))
}

func truncateKey(key string) string {
	const max = 60
	if len(key) <= max {
		return key
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(key[cut]) {
		cut--
	}
	return key[:cut] + "…(" + strconv.Itoa(len(key)) + " bytes)"
}
