package hashers

import "crypto/rand"

// randomChars is Django's RANDOM_STRING_CHARS: salts and unusable
// passwords draw from it, so values Jazz makes look like Django's.
const randomChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// saltChars is the salt length that gives at least 128 bits of entropy
// from randomChars: ceil(128 / log2(62)) = 22, as Django computes it.
const saltChars = 22

// randomString returns n characters of randomChars from the operating
// system's CSPRNG. Bytes at or above 248 (= 4*62) are dropped so that every
// character is equally likely.
func randomString(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4+8)
	for len(out) < n {
		rand.Read(buf) // never fails (it crashes the program instead)
		for _, b := range buf {
			if b >= 248 {
				continue
			}
			out = append(out, randomChars[b%62])
			if len(out) == n {
				break
			}
		}
	}
	return string(out)
}

// saltTooShort is Django's must_update_salt: a salt of fewer than 22
// characters of randomChars carries less than 128 bits of entropy, which
// older Django versions (12-character salts) produced.
func saltTooShort(salt string) bool {
	return len(salt) < saltChars
}
