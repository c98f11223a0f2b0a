package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jazzgo/jazz/signing"
)

// cookieNow is the clock for signed-cookie timestamps, age checks and the
// Expires that goes with a Max-Age. Tests replace it; nothing else may.
var cookieNow = time.Now

// cookieKeyPrefix is prepended to SecretKey for cookie signatures, as
// Django's get_cookie_signer does, so a signed cookie can never pass for a
// value signed for some other purpose with the bare key.
const cookieKeyPrefix = "django.http.cookies"

// A CookieOption changes how [SetCookie], [SetSignedCookie] or
// [DeleteCookie] writes a cookie. Options apply in order, after the
// attributes of the *http.Cookie given, so an option wins over a field.
type CookieOption func(*cookieSpec)

type cookieSpec struct {
	c              http.Cookie
	scriptReadable bool
}

// CookiePath sets the Path attribute (the default is "/").
func CookiePath(path string) CookieOption {
	return func(s *cookieSpec) { s.c.Path = path }
}

// CookieDomain sets the Domain attribute; the default is none, which
// limits the cookie to the exact host that set it.
func CookieDomain(domain string) CookieOption {
	return func(s *cookieSpec) { s.c.Domain = domain }
}

// CookieSameSite sets the SameSite attribute. The default is
// http.SameSiteLaxMode; http.SameSiteDefaultMode writes no SameSite
// attribute at all (Django's samesite=None), and http.SameSiteNoneMode
// writes SameSite=None, which browsers accept only together with Secure.
func CookieSameSite(mode http.SameSite) CookieOption {
	return func(s *cookieSpec) { s.c.SameSite = mode }
}

// CookieSecure adds the Secure attribute, so the browser sends the cookie
// over HTTPS only.
func CookieSecure() CookieOption {
	return func(s *cookieSpec) { s.c.Secure = true }
}

// CookieScriptReadable leaves out HttpOnly, which Jazz otherwise always
// writes, so that JavaScript can read the cookie (Django's CSRF cookie is
// one that must be, for AJAX requests).
func CookieScriptReadable() CookieOption {
	return func(s *cookieSpec) { s.scriptReadable = true }
}

// SetCookie adds a Set-Cookie header for c that Django reads back as the
// same value: a value with characters outside A-Z a-z 0-9 !#$%&'*+-.^_`|~:
// is quoted the way Python's http.cookies quotes it (see [Cookie] for the
// reverse), otherwise it is written as is. Attributes default to Path=/,
// HttpOnly and SameSite=Lax; Secure is written when c.Secure is set, when a
// [CookieSecure] option is given, or when the name starts with "__Secure-"
// or "__Host-" (browsers drop such cookies without it). A positive MaxAge
// without Expires also gets an Expires, as Django writes both. c itself is
// not modified.
//
// It returns an error, and writes nothing, when the name is not a valid
// cookie name or the value is not valid UTF-8.
func SetCookie(w http.ResponseWriter, c *http.Cookie, opts ...CookieOption) error {
	line, err := cookieLine(c, opts)
	if err != nil {
		return err
	}
	w.Header().Add("Set-Cookie", line)
	return nil
}

// SetSignedCookie signs c.Value and sets the cookie as [SetCookie] does,
// byte-compatible with Django's set_signed_cookie: the value becomes
// value:timestamp:signature, signed by a signing.TimestampSigner whose key
// is "django.http.cookies" + SecretKey and whose salt is the cookie name
// followed by salt. The key comes from [SiteOf](r).SecretKey; an empty
// SecretKey is an error and nothing is written. c is not modified.
func SetSignedCookie(w http.ResponseWriter, r *http.Request, c *http.Cookie, salt string, opts ...CookieOption) error {
	if c == nil {
		return errors.New("web: SetSignedCookie needs a cookie, not nil")
	}
	ts, err := cookieSigner(SiteOf(r), c.Name, salt, false)
	if err != nil {
		return err
	}
	signed := *c
	signed.Value = ts.Sign(c.Value)
	return SetCookie(w, &signed, opts...)
}

// SignedCookie returns the value of the cookie name that [SetSignedCookie]
// (or Django's set_signed_cookie) wrote with the same salt. Values signed
// with the site's SecretKey or any of its SecretKeyFallbacks are accepted.
// With maxAge not zero, a value signed more than maxAge ago is refused;
// zero means no age check. A missing, tampered, expired, renamed or
// differently salted cookie, or a Site without a SecretKey, all report
// false: as with a missing cookie, the caller just carries on without it.
func SignedCookie(r *http.Request, name, salt string, maxAge time.Duration) (string, bool) {
	raw, ok := Cookie(r, name)
	if !ok {
		return "", false
	}
	ts, err := cookieSigner(SiteOf(r), name, salt, true)
	if err != nil {
		return "", false
	}
	v, err := ts.Unsign(raw, maxAge)
	if err != nil {
		return "", false
	}
	return v, true
}

// cookieSigner builds the signer for one cookie. The salt depends on the
// cookie name, so it cannot be made once at start-up; deriving it costs one
// SHA-256 per key, small beside the HMAC itself.
func cookieSigner(s *Site, name, salt string, withFallbacks bool) (*signing.TimestampSigner, error) {
	if s.SecretKey == "" {
		return nil, errors.New("web: signed cookies need a secret key; set the SecretKey setting (JAZZ_SECRET_KEY)")
	}
	opts := signing.Options{Key: cookieKeyPrefix + s.SecretKey, Salt: name + salt, Now: cookieNow}
	if withFallbacks {
		for _, k := range s.SecretKeyFallbacks {
			// An empty entry can only be a settings slip; skipping it
			// keeps the current key working instead of rejecting all.
			if k != "" {
				opts.FallbackKeys = append(opts.FallbackKeys, cookieKeyPrefix+k)
			}
		}
	}
	ts, err := signing.NewTimestampSigner(opts)
	if err != nil {
		return nil, fmt.Errorf("web: cookie signer: %w", err)
	}
	return ts, nil
}

// Cookie returns the value of the cookie name as Django reads it from the
// request's Cookie header: the header is split on ";", each part on its
// first "=", surrounding whitespace is trimmed, and a value in double
// quotes has Python's quoting undone (\" and \\ escapes, and \ooo octal
// escapes that stand for the characters U+0000 to U+00FF). When a name
// appears more than once the last value wins, as in Django. Several Cookie
// header lines are read as one, joined by "; ".
//
// Unlike net/http's Request.Cookie, which drops values with such quoting,
// this reads every cookie Django would. Bytes that are not valid UTF-8
// become U+FFFD, as Django's decoding of the header makes them (for broken
// multi-byte sequences the count of U+FFFD may differ). Missing reports
// false.
func Cookie(r *http.Request, name string) (string, bool) {
	lines := r.Header["Cookie"]
	if len(lines) == 0 {
		return "", false
	}
	header := lines[0]
	if len(lines) > 1 {
		header = strings.Join(lines, "; ")
	}
	value, found := "", false
	forEachCookie(header, func(k, v string) {
		if k == name {
			value, found = v, true
		}
	})
	return value, found
}

// DeleteCookie tells the browser to drop the cookie name: it sets an empty
// value that expired at the Unix epoch, with Max-Age=0. A cookie is only
// replaced when path and domain match the ones it was set with, so pass the
// same [CookiePath] and [CookieDomain] options as when it was set; SameSite
// defaults to Lax and may be changed with [CookieSameSite]. An invalid name
// writes nothing.
func DeleteCookie(w http.ResponseWriter, name string, opts ...CookieOption) {
	c := &http.Cookie{Name: name, MaxAge: -1, Expires: time.Unix(0, 0)}
	SetCookie(w, c, opts...) // the only possible error is the name, documented above
}

// cookieLine renders the Set-Cookie header value for c after applying the
// defaults and opts.
func cookieLine(c *http.Cookie, opts []CookieOption) (string, error) {
	if c == nil {
		return "", errors.New("web: SetCookie needs a cookie, not nil")
	}
	spec := cookieSpec{c: *c}
	if spec.c.Path == "" {
		spec.c.Path = "/"
	}
	if spec.c.SameSite == 0 {
		spec.c.SameSite = http.SameSiteLaxMode
	}
	for _, o := range opts {
		if o != nil {
			o(&spec)
		}
	}
	a := &spec.c
	a.HttpOnly = a.HttpOnly || !spec.scriptReadable
	if strings.HasPrefix(a.Name, "__Secure-") || strings.HasPrefix(a.Name, "__Host-") {
		a.Secure = true
	}
	if a.MaxAge > 0 && a.Expires.IsZero() {
		a.Expires = cookieNow().Add(time.Duration(a.MaxAge) * time.Second)
	}
	if !utf8.ValidString(a.Value) {
		return "", fmt.Errorf("web: cookie %q: value is not valid UTF-8; encode binary data (for example as base64) first", a.Name)
	}
	coded := quoteCookie(a.Value)
	// net/http renders the attributes, but it would strip the quotes and
	// backslashes Python's quoting needs, so the value is spliced in.
	a.Value, a.Quoted, a.Raw = "", false, ""
	rendered := a.String()
	prefix := a.Name + "="
	if !strings.HasPrefix(rendered, prefix) {
		return "", fmt.Errorf("web: invalid cookie name %q; use letters, digits and !#$%%&'*+-.^_`|~ only", a.Name)
	}
	return prefix + coded + rendered[len(prefix):], nil
}

// cookieLegal reports the characters Python writes in a cookie value
// without quoting.
func cookieLegal(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~:", c) >= 0
}

// cookieUnescaped reports the characters that stay as they are inside a
// quoted value.
func cookieUnescaped(r rune) bool {
	return r < utf8.RuneSelf && (cookieLegal(byte(r)) || strings.ContainsRune(" ()/<=>?@[]{}", r))
}

// quoteCookie quotes v as Python's http.cookies does: unchanged when every
// character is legal, otherwise wrapped in double quotes, with \" and \\
// escaped by a backslash, the other characters below U+0100 that are
// neither legal nor in " ()/<=>?@[]{}" written as \ooo octal, and
// characters from U+0100 up passed through. The empty string becomes "".
// v must be valid UTF-8.
func quoteCookie(v string) string {
	legal := v != ""
	for i := 0; i < len(v) && legal; i++ {
		legal = cookieLegal(v[i])
	}
	if legal {
		return v
	}
	var b strings.Builder
	b.Grow(len(v) + 2)
	b.WriteByte('"')
	for _, r := range v {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case cookieUnescaped(r) || r > 0xff:
			b.WriteRune(r)
		default:
			b.WriteByte('\\')
			b.WriteByte(byte('0' + r>>6))
			b.WriteByte(byte('0' + r>>3&7))
			b.WriteByte(byte('0' + r&7))
		}
	}
	b.WriteByte('"')
	return b.String()
}

// unquoteCookie undoes quoteCookie the way Python's http.cookies._unquote
// does. A value not both starting and ending with a double quote is
// returned unchanged. Inside the quotes, a backslash followed by three
// octal digits whose first is 0-3 stands for that character, and a
// backslash followed by any other character except a newline stands for
// that character; any other backslash stays.
func unquoteCookie(v string) string {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return v
	}
	v = v[1 : len(v)-1]
	if strings.IndexByte(v, '\\') < 0 {
		return v
	}
	var b strings.Builder
	b.Grow(len(v))
	for i := 0; i < len(v); {
		c := v[i]
		if c != '\\' || i+1 == len(v) {
			b.WriteByte(c)
			i++
			continue
		}
		if i+3 < len(v) && '0' <= v[i+1] && v[i+1] <= '3' && isOctal(v[i+2]) && isOctal(v[i+3]) {
			b.WriteRune(rune(v[i+1]-'0')<<6 | rune(v[i+2]-'0')<<3 | rune(v[i+3]-'0'))
			i += 4
			continue
		}
		if v[i+1] == '\n' {
			b.WriteByte('\\')
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(v[i+1:])
		b.WriteString(v[i+1 : i+1+size])
		i += 1 + size
	}
	return b.String()
}

func isOctal(c byte) bool { return '0' <= c && c <= '7' }

// forEachCookie calls fn for each name and value in a Cookie header, parsed
// as Django's parse_cookie does, in header order.
func forEachCookie(header string, fn func(name, value string)) {
	if !utf8.ValidString(header) {
		header = validUTF8(header)
	}
	for header != "" {
		chunk := header
		if i := strings.IndexByte(header, ';'); i >= 0 {
			chunk, header = header[:i], header[i+1:]
		} else {
			header = ""
		}
		name, value := "", chunk
		if i := strings.IndexByte(chunk, '='); i >= 0 {
			name, value = chunk[:i], chunk[i+1:]
		}
		name, value = pyStrip(name), pyStrip(value)
		if name != "" || value != "" {
			fn(name, unquoteCookie(value))
		}
	}
}

// validUTF8 replaces each byte that is not part of a valid UTF-8 sequence
// with U+FFFD.
func validUTF8(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// pyStrip trims what Python's str.strip() trims: Unicode white space plus
// the separators U+001C to U+001F, which Python also counts as space.
func pyStrip(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || 0x1c <= r && r <= 0x1f
	})
}
