package middleware

import (
	"strings"
)

// HostAllowed reports whether host, a Host header value or the host part
// of a URL, is allowed by the patterns in allowed, with Django's
// ALLOWED_HOSTS rules:
//
//   - the port is ignored ("example.com:8000" is "example.com"), and so are
//     case and one trailing dot ("Example.COM." is "example.com");
//   - "example.com" matches exactly that name;
//   - ".example.com" matches example.com and every subdomain of it;
//   - "*" matches any host;
//   - an IPv6 literal is written with its brackets: "[::1]".
//
// A host that is not syntactically valid (letters, digits, dots and hyphens,
// or a bracketed IPv6 literal, then an optional numeric port) is never
// allowed, not even by "*". A nil or empty allowed list allows nothing;
// applying Django's Debug default (localhost names) is the caller's choice,
// as [Common] does. HostAllowed is safe for concurrent use and does not
// allocate when host and patterns are lower case.
func HostAllowed(host string, allowed []string) bool {
	domain, _ := splitDomainPort(host)
	if domain == "" {
		return false
	}
	for _, p := range allowed {
		if p == "*" || sameDomain(domain, strings.ToLower(p)) {
			return true
		}
	}
	return false
}

// sameDomain matches a lower-case domain against a lower-case pattern.
func sameDomain(domain, pattern string) bool {
	if pattern == "" {
		return false
	}
	if pattern[0] == '.' {
		return strings.HasSuffix(domain, pattern) || domain == pattern[1:]
	}
	return domain == pattern
}

// splitDomainPort lower-cases host and splits it into domain and port, with
// a trailing dot removed from the domain. It returns "", "" for a host that
// is not valid; an IPv6 literal keeps its brackets.
func splitDomainPort(host string) (domain, port string) {
	if !validHostSyntax(host) {
		return "", ""
	}
	host = strings.ToLower(host)
	if strings.HasSuffix(host, "]") {
		return host, ""
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		domain, port = host[:i], host[i+1:]
	} else {
		domain = host
	}
	domain = strings.TrimSuffix(domain, ".")
	return domain, port
}

// validHostSyntax reports whether h is a host name or a bracketed IPv6
// literal, optionally followed by ":port": the shape Django's host
// validation accepts, in either case.
func validHostSyntax(h string) bool {
	var rest string
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return false
		}
		inner := h[1:end]
		rest = h[end+1:]
		// [hex digits] ':' [hex digits, dots, colons]+
		colon := strings.IndexByte(inner, ':')
		if colon < 0 || colon == len(inner)-1 {
			return false
		}
		for i := 0; i < len(inner); i++ {
			c := inner[i]
			if !isHex(c) && !(i >= colon && (c == ':' || c == '.')) {
				return false
			}
		}
	} else {
		name := h
		if i := strings.IndexByte(h, ':'); i >= 0 {
			name, rest = h[:i], h[i:]
		}
		if name == "" {
			return false
		}
		for i := 0; i < len(name); i++ {
			c := name[i]
			if !isHex(c) && !('g' <= c && c <= 'z') && !('G' <= c && c <= 'Z') && c != '.' && c != '-' {
				return false
			}
		}
	}
	if rest == "" {
		return true
	}
	if rest[0] != ':' || len(rest) == 1 {
		return false
	}
	for i := 1; i < len(rest); i++ {
		if rest[i] < '0' || rest[i] > '9' {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// quoteHost quotes an untrusted host for an error message: in single
// quotes, as Django shows it, with quotes, backslashes and non-printable
// bytes escaped and the length capped, so the message stays one short line.
func quoteHost(h string) string {
	const maxLen = 255
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(h) && i < maxLen; i++ {
		c := h[i]
		switch {
		case c == '\'' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			const hexDigits = "0123456789abcdef"
			b.WriteString(`\x`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
		default:
			b.WriteByte(c)
		}
	}
	if len(h) > maxLen {
		b.WriteString("...")
	}
	b.WriteByte('\'')
	return b.String()
}
