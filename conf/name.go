package conf

import "strings"

// Prefix starts the environment variable of every setting that has no
// env tag.
const Prefix = "JAZZ_"

// EnvName returns the environment variable that overrides the setting
// field: [Prefix] followed by the field name in upper snake case.
//
// A word boundary is placed before an upper-case letter that follows a
// lower-case letter or a digit, and before the last capital of an acronym
// that is followed by a lower-case letter, so acronyms stay whole. A lone
// lower-case s after an acronym is read as its plural (URLs):
//
//	StaticRoot         -> JAZZ_STATIC_ROOT
//	SecureHSTSSeconds  -> JAZZ_SECURE_HSTS_SECONDS
//	CSRFTrustedOrigins -> JAZZ_CSRF_TRUSTED_ORIGINS
//	EmailUseTLS        -> JAZZ_EMAIL_USE_TLS
//	Argon2Memory       -> JAZZ_ARGON2_MEMORY
//	CacheURLs          -> JAZZ_CACHE_URLS
//
// A name the rule splits badly (OAuthToken gives JAZZ_O_AUTH_TOKEN) can be
// given an explicit name with an env:"NAME" tag. EnvName does not look at
// tags; an empty field gives "".
func EnvName(field string) string {
	if field == "" {
		return ""
	}
	return Prefix + upperSnake(field)
}

func upperSnake(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i > 0 && isUpper(c) {
			prev := s[i-1]
			nextLower := i+1 < len(s) && isLower(s[i+1])
			// A lone "s" after an acronym is its plural (URLs, IPs),
			// not the start of a word.
			if nextLower && s[i+1] == 's' && (i+2 == len(s) || !isLower(s[i+2])) {
				nextLower = false
			}
			if isLower(prev) || isDigit(prev) || (isUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		if isLower(c) {
			c -= 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
