package web

import "strings"

// Masked is what [MaskURL], the debug page and the settings package show in
// place of a secret.
const Masked = "********"

// secretWords are the name fragments that mark a value as secret. The list
// is broad on purpose (API also matches "CAPITAL"): hiding a harmless value
// on a debug page costs nothing, showing a key costs a lot.
var secretWords = [...]string{"KEY", "SECRET", "PASSWORD", "PASS", "TOKEN", "SIGNATURE", "API", "AUTH", "CREDENTIALS", "DSN"}

// MaskSecret reports whether a setting, header or parameter called name
// probably holds a secret, so that its value must be replaced by [Masked]
// wherever it is displayed: the name contains KEY, SECRET, PASSWORD, PASS,
// TOKEN, SIGNATURE, API, AUTH, CREDENTIALS or DSN, in any case
// ("SecretKey", "x-api-key", "db_password"). The empty name is not secret.
// It is the one rule shared by the debug page and the settings package, and
// is safe for concurrent use.
func MaskSecret(name string) bool {
	upper := strings.ToUpper(name)
	for _, w := range secretWords {
		if strings.Contains(upper, w) {
			return true
		}
	}
	return false
}

// MaskURL returns s with the password of every URL in it replaced by
// [Masked]: "postgres://app:s3cret@db/site" becomes
// "postgres://app:********@db/site". It scans the text rather than parsing
// it, so it also works on values url.Parse rejects (a password with an
// unescaped "/" or "#") and on lists such as "redis://:pw@a,redis://:pw@b".
// Query parameters whose names [MaskSecret] flags ("?password=...") are
// masked too. A URL without a password, and any text that is not a URL, is
// returned unchanged. When the text is ambiguous it errs towards hiding too
// much (a port may be masked), never too little. Safe for concurrent use.
func MaskURL(s string) string {
	var b strings.Builder
	rest := s
	for {
		i := strings.Index(rest, "://")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		start := i + len("://")
		b.WriteString(rest[:start])
		rest = rest[start:]
		// This URL's user info can only lie before the end of the value
		// or the next URL in the text; the last "@" in that stretch ends
		// it. Query and fragment are not boundaries, because a password
		// may contain an unescaped "?", "#", "/" or "@"; an "@" in a query
		// then masks too much, which is the safe way to be wrong.
		end := strings.IndexAny(rest, valueStop)
		if end < 0 {
			end = len(rest)
		}
		if next := strings.Index(rest[:end], "://"); next >= 0 {
			end = next
		}
		at := strings.LastIndexByte(rest[:end], '@')
		if at < 0 {
			continue
		}
		if colon := strings.IndexByte(rest[:at], ':'); colon >= 0 {
			b.WriteString(rest[:colon+1])
			b.WriteString(Masked)
			rest = rest[at:]
		}
	}
	return maskQuerySecrets(b.String())
}

// valueStop ends a URL inside a longer text: whitespace and the quotes or
// brackets around it.
const valueStop = " \t\r\n\"'<>"

// maskQuerySecrets hides the value of every "?name=" or "&name=" parameter
// whose name [MaskSecret] flags.
func maskQuerySecrets(s string) string {
	if !strings.ContainsAny(s, "?&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		b.WriteByte(c)
		i++
		if c != '?' && c != '&' {
			continue
		}
		eq := strings.IndexAny(s[i:], "=&#?,;"+valueStop)
		if eq < 0 || s[i+eq] != '=' || !MaskSecret(s[i:i+eq]) {
			continue
		}
		b.WriteString(s[i : i+eq+1])
		b.WriteString(Masked)
		i += eq + 1
		if end := strings.IndexAny(s[i:], "&#,"+valueStop); end >= 0 {
			i += end
		} else {
			i = len(s)
		}
	}
	return b.String()
}
