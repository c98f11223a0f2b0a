package static

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"strings"
)

// A cssSpan is the text of one URL reference in a stylesheet: src[start:end],
// without the quotes or the url( ) around it.
type cssSpan struct{ start, end int }

// cssRefs returns the URL references of a stylesheet in order: the argument
// of every url(...) and the string of every @import "...". It understands
// enough CSS not to be fooled: comments and strings that are not URLs are
// skipped, "url(" must not be the tail of a longer identifier, and a
// malformed reference (unterminated, containing an escape, a bad unquoted
// character or nothing) is not reported, so it is left exactly as written.
func cssRefs(src []byte) []cssSpan {
	var refs []cssSpan
	n := len(src)
	for i := 0; i < n; {
		c := src[i]
		switch {
		case c == '/' && i+1 < n && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 {
				return refs
			}
			i += 2 + end + 2
		case c == '"' || c == '\'':
			_, next, _ := cssString(src, i)
			i = next
		case c == '\\':
			i += 2 // an escaped character belongs to the identifier around it
		case (c == 'u' || c == 'U') && hasPrefixFold(src[i:], "url(") && (i == 0 || !identByte(src[i-1])):
			sp, next, ok := cssURLFunc(src, i+4)
			if ok {
				refs = append(refs, sp)
			}
			i = next
		case c == '@' && hasPrefixFold(src[i:], "@import") && (i+7 == n || !identByte(src[i+7])):
			j := skipSpace(src, i+7)
			if j < n && (src[j] == '"' || src[j] == '\'') {
				sp, next, ok := cssString(src, j)
				if ok {
					refs = append(refs, sp)
				}
				i = next
			} else {
				i = j // url(...) or garbage: the main loop handles it
			}
		default:
			i++
		}
	}
	return refs
}

// cssString scans the string starting with the quote at src[q]. It returns
// the span of its trimmed content, the index after it, and whether the
// string is a usable URL: terminated on the same line, free of escapes
// and not blank.
func cssString(src []byte, q int) (cssSpan, int, bool) {
	quote := src[q]
	escaped := false
	for k := q + 1; k < len(src); k++ {
		switch src[k] {
		case '\\':
			escaped = true
			k++
		case '\n', '\r', '\f':
			return cssSpan{}, k, false // a bad string ends at the line break
		case quote:
			start, end := trimSpan(src, q+1, k)
			return cssSpan{start, end}, k + 1, !escaped && start < end
		}
	}
	return cssSpan{}, len(src), false
}

// cssURLFunc scans the argument of url( starting at p, just after the
// parenthesis, and returns its span, the index to continue from, and
// whether it is a usable reference.
func cssURLFunc(src []byte, p int) (cssSpan, int, bool) {
	n := len(src)
	j := skipSpace(src, p)
	if j < n && (src[j] == '"' || src[j] == '\'') {
		sp, k, ok := cssString(src, j)
		if !ok {
			return cssSpan{}, k, false
		}
		if m := skipSpace(src, k); m < n && src[m] == ')' {
			return sp, m + 1, true
		}
		return cssSpan{}, k, false
	}
	for k := j; k < n; k++ {
		switch c := src[k]; {
		case c == ')':
			start, end := trimSpan(src, j, k)
			if start == end || bytes.ContainsAny(src[start:end], " \t\n\r\f") {
				return cssSpan{}, k + 1, false
			}
			return cssSpan{start, end}, k + 1, true
		case c == '"' || c == '\'' || c == '(' || c == '\\' || c < 0x20 && !isSpace(c) || c == 0x7f:
			// A bad url token: like a browser, skip it up to its ")" and
			// leave it as written.
			return cssSpan{}, skipBadURL(src, k), false
		}
	}
	return cssSpan{}, n, false
}

// skipBadURL returns the index after the ")" that ends a bad url token
// containing src[k], honouring backslash escapes, or len(src).
func skipBadURL(src []byte, k int) int {
	for ; k < len(src); k++ {
		switch src[k] {
		case '\\':
			k++
		case ')':
			return k + 1
		}
	}
	return len(src)
}

// rewriteCSS returns src with each URL reference replaced by fn(ref). Text
// outside the references is copied byte for byte. The first error from fn
// stops the rewrite and is returned as is.
func rewriteCSS(src []byte, fn func(ref string) (string, error)) ([]byte, error) {
	refs := cssRefs(src)
	if len(refs) == 0 {
		return src, nil
	}
	out := make([]byte, 0, len(src)+len(refs)*(hashLen+1))
	last := 0
	for _, sp := range refs {
		repl, err := fn(string(src[sp.start:sp.end]))
		if err != nil {
			return nil, err
		}
		out = append(out, src[last:sp.start]...)
		out = append(out, repl...)
		last = sp.end
	}
	return append(out, src[last:]...), nil
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// identByte reports whether c can be part of a CSS identifier, so that
// "myurl(" or "x-url(" is not taken for url(.
func identByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c >= 0x80
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func skipSpace(src []byte, i int) int {
	for i < len(src) && isSpace(src[i]) {
		i++
	}
	return i
}

func trimSpan(src []byte, start, end int) (int, int) {
	for start < end && isSpace(src[start]) {
		start++
	}
	for end > start && isSpace(src[end-1]) {
		end--
	}
	return start, end
}

// splitRef splits a reference into its path and the "?query#fragment"
// suffix, which is kept verbatim (including the "?#iefix" font hack).
func splitRef(ref string) (p, suffix string) {
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		return ref[:i], ref[i:]
	}
	return ref, ""
}

// hasScheme reports whether ref starts with a URL scheme ("data:",
// "https:", "mailto:").
func hasScheme(ref string) bool {
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// refTarget returns the static file name that the path part p of a
// reference in the stylesheet cssName points to. ok is false for references
// that are not to a static file and are left as written: an empty path
// (a "#fragment" or "?query" alone), a scheme (data:, http:), a
// protocol-relative "//host" URL, an absolute path outside the static URL,
// a directory, or a path that does not decode. A relative path that climbs
// above the static tree is returned as is (starting with "..") so the
// caller reports it as missing.
func (f *Files) refTarget(cssName, p string) (string, bool) {
	if p == "" || hasScheme(p) || strings.HasPrefix(p, "//") {
		return "", false
	}
	last := p[strings.LastIndexByte(p, '/')+1:]
	if last == "" || last == "." || last == ".." {
		return "", false
	}
	dec, err := url.PathUnescape(p)
	if err != nil {
		return "", false
	}
	if strings.HasPrefix(dec, "/") {
		if !strings.HasPrefix(dec, f.url) {
			return "", false
		}
		return path.Clean(dec[len(f.url):]), true
	}
	return path.Join(path.Dir(cssName), dec), true
}

// hashedRef rewrites the path p of a reference to point to hashed, the
// hashed name of its target: the directory part stays as written and only
// the last segment changes, escaped as it was written when possible.
func hashedRef(p, hashed string) string {
	i := strings.LastIndexByte(p, '/')
	dir, written := p[:i+1], p[i+1:]
	base := hashedName(written, hashOfName(hashed))
	if dec, err := url.PathUnescape(base); err != nil || dec != path.Base(hashed) {
		// The extension was written escaped; fall back to escaping the
		// real name.
		base = escapePath(path.Base(hashed))
	}
	return dir + base
}

// RefError reports a reference in a stylesheet to a file that
// collectstatic cannot find. Like Django's strict manifest, it stops
// collectstatic rather than warn: a broken background or font is found at
// deploy time, not by users.
type RefError struct {
	CSS    string // the stylesheet, "css/site.css"
	Ref    string // the reference as written, "../img/logo.png?v=2"
	Target string // the static file name it resolves to, "img/logo.png"
}

// Error implements error; it names both files.
func (e *RefError) Error() string {
	if strings.HasPrefix(e.Target, "..") {
		return fmt.Sprintf("static: %s references %q, which points outside the static files; fix the path", e.CSS, e.Ref)
	}
	return fmt.Sprintf("static: %s references %q, but no static file %q exists; add the file or fix the reference", e.CSS, e.Ref, e.Target)
}
