package conf

import "strings"

// MaskURL returns s with the password of every URL in it replaced by
// [Masked]: "postgres://app:s3cret@db/site" becomes
// "postgres://app:********@db/site". It scans the text rather than parsing
// it, so it also works on values url.Parse rejects (a password with an
// unescaped "/" or "#") and on lists such as "redis://:pw@a,redis://:pw@b".
// Query parameters whose names [LooksSecret] flags ("?password=...") are
// masked too, unless empty. Text with no "://" is returned as is. A URL without a password, and any text that is not a URL, is
// returned unchanged. When the text is ambiguous it errs towards hiding too
// much (a port may be masked), never too little. Safe for concurrent use.
func MaskURL(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
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
// whose name [LooksSecret] flags.
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
		if eq < 0 || s[i+eq] != '=' || !LooksSecret(s[i:i+eq]) {
			continue
		}
		b.WriteString(s[i : i+eq+1])
		i += eq + 1
		end := strings.IndexAny(s[i:], "&#,"+valueStop)
		if end < 0 {
			end = len(s) - i
		}
		if end > 0 { // an empty value stays visible: it shows the secret is unset
			b.WriteString(Masked)
		}
		i += end
	}
	return b.String()
}
