package hashers

import "github.com/jazzgo/jazz/internal/random"

// randomChars is Django's RANDOM_STRING_CHARS: salts and unusable
// passwords draw from it, so values Jazz makes look like Django's.
const randomChars = random.Alnum

// saltChars is the salt length that gives at least 128 bits of entropy
// from randomChars: ceil(128 / log2(62)) = 22, as Django computes it.
const saltChars = 22

// randomString returns n characters of randomChars from the operating
// system's CSPRNG, each equally likely.
func randomString(n int) string { return random.String(n, randomChars) }

// saltTooShort is Django's must_update_salt: a salt of fewer than 22
// characters of randomChars carries less than 128 bits of entropy, which
// older Django versions (12-character salts) produced.
func saltTooShort(salt string) bool {
	return len(salt) < saltChars
}
