// Package random makes the random strings Jazz needs (salts, session keys,
// CSRF secrets and masks, unusable passwords): Django's get_random_string,
// drawn from crypto/rand with every character of the alphabet equally
// likely.
package random

import "crypto/rand"

// Django's alphabets.
const (
	// Alnum is Django's RANDOM_STRING_CHARS: letters of both cases and
	// digits.
	Alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	// LowerAlnum is Django's session-key alphabet: lower-case letters and
	// digits.
	LowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
)

// String returns n characters of alphabet (1 to 256 characters long).
// Bytes at or above the largest multiple of len(alphabet) that fits in a
// byte are thrown away rather than reduced, which would favour the first
// characters.
func String(n int, alphabet string) string {
	k := len(alphabet)
	if k == 0 || k > 256 {
		panic("random: alphabet must have 1 to 256 characters")
	}
	limit := 256 - 256%k
	out := make([]byte, 0, n)
	var buf [64]byte
	for len(out) < n {
		rand.Read(buf[:]) // never fails (crypto/rand crashes the program instead)
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out = append(out, alphabet[int(b)%k])
			if len(out) == n {
				break
			}
		}
	}
	return string(out)
}
