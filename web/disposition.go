package web

import (
	"strings"
	"unicode/utf8"
)

// contentDisposition builds a Content-Disposition value (kind is "inline"
// or "attachment") for filename following RFC 6266: a plain quoted
// filename that every client understands, plus, when the name is not plain
// ASCII, an RFC 8187 filename* parameter carrying the exact UTF-8 name,
// which current browsers prefer. Directory parts are dropped and path
// separators and control characters replaced, so a name can never point a
// download outside the user's download folder or break the header.
func contentDisposition(kind, filename string) string {
	if i := strings.LastIndexAny(filename, `/\`); i >= 0 {
		filename = filename[i+1:]
	}
	filename = strings.ToValidUTF8(filename, "_")
	if filename == "" || filename == "." || filename == ".." {
		return kind
	}
	var fallback strings.Builder
	plain := true
	for _, c := range filename {
		// '%' is kept out of the plain parameter because some clients
		// percent-decode it; '"' and '\' would need quoted-pair escapes,
		// which clients handle inconsistently.
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '%' {
			plain = false
			fallback.WriteByte('_')
			continue
		}
		fallback.WriteRune(c)
	}
	v := kind + `; filename="` + fallback.String() + `"`
	if plain {
		return v
	}
	return v + "; filename*=UTF-8''" + encodeExtValue(filename)
}

// encodeExtValue percent-encodes s as an RFC 8187 ext-value: every byte but
// attr-char is written as %XX. Control characters are replaced first: a
// download name has no use for them.
func encodeExtValue(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for _, c := range s {
		if c < 0x20 || c == 0x7f {
			c = '_'
		}
		if c < utf8.RuneSelf && isAttrChar(byte(c)) {
			b.WriteRune(c)
			continue
		}
		var enc [utf8.UTFMax]byte
		n := utf8.EncodeRune(enc[:], c)
		for _, x := range enc[:n] {
			b.WriteByte('%')
			b.WriteByte(hex[x>>4])
			b.WriteByte(hex[x&0xf])
		}
	}
	return b.String()
}

func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}
