package mail

import (
	"bytes"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// Line limits of RFC 5322: lines SHOULD stay within 78 characters and
// MUST stay within 998 (both without the CRLF).
const (
	softLineLimit = 78
	hardLineLimit = 998
)

// checkValue refuses a header value that could start a new header or
// confuse a parser: CR, LF and other control characters (tab is allowed,
// as folding whitespace), and invalid UTF-8.
func checkValue(field, v string) error {
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\r' || c == '\n':
			return &HeaderError{Field: field, Reason: "line break in the value (header injection); remove CR and LF", Err: ErrHeaderInjection}
		case (c < 0x20 && c != '\t') || c == 0x7f:
			return &HeaderError{Field: field, Reason: fmt.Sprintf("control character %#02x in the value; remove it", c), Err: ErrHeaderInjection}
		}
	}
	if !utf8.ValidString(v) {
		return &HeaderError{Field: field, Reason: "value is not valid UTF-8"}
	}
	return nil
}

// checkName refuses a header name outside RFC 5322's printable ASCII
// without ":", which is what would let a name smuggle in a second header.
func checkName(name string) error {
	if name == "" {
		return &HeaderError{Field: "Headers", Reason: "empty header name"}
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c <= ' ' || c >= 0x7f || c == ':' {
			return &HeaderError{Field: fmt.Sprintf("Headers[%q]", name), Reason: "header names may only hold printable ASCII without ':' or spaces", Err: ErrHeaderInjection}
		}
	}
	return nil
}

// parseAddress parses one address entry of field.
func parseAddress(field, s string) (*mail.Address, error) {
	if err := checkValue(field, s); err != nil {
		return nil, err
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, &HeaderError{Field: field, Reason: "empty address"}
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, &HeaderError{Field: field, Reason: fmt.Sprintf("invalid address %q (one address per entry, like \"Ann <ann@example.com>\"): %v", s, err), Err: err}
	}
	for i := 0; i < len(a.Address); i++ {
		if a.Address[i] >= utf8.RuneSelf {
			return nil, &HeaderError{Field: field, Reason: fmt.Sprintf("address %q has non-ASCII characters; use the xn-- (punycode) form of the domain", a.Address)}
		}
	}
	if err := checkValue(field, a.Name); err != nil { // an encoded-word name may decode to CRLF
		return nil, err
	}
	return a, nil
}

// parseAddressList parses every entry of list.
func parseAddressList(field string, list []string) ([]*mail.Address, error) {
	out := make([]*mail.Address, 0, len(list))
	for _, s := range list {
		a, err := parseAddress(field, s)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// formatAddress writes a as it goes into a header: the display name as
// an atom sequence, a quoted string, or RFC 2047 encoded words (in the
// restricted alphabet RFC 2047 allows inside a phrase), then <addr-spec>.
func formatAddress(a *mail.Address, first int) string {
	spec := (&mail.Address{Address: a.Address}).String() // quotes the local part when needed
	if a.Name == "" {
		return strings.Trim(spec, "<>")
	}
	return formatPhrase(a.Name, first) + " " + spec
}

func formatPhrase(name string, first int) string {
	ascii, special := true, false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if !isAtext(c) && c != ' ' {
			special = true
		}
	}
	if !ascii || strings.Contains(name, "=?") || hasLongWord(name) {
		return encodeWords(name, first)
	}
	if !special && name == strings.TrimSpace(name) && !strings.Contains(name, "  ") {
		return name
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(name); i++ {
		if c := name[i]; c == '"' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(name[i])
	}
	b.WriteByte('"')
	return b.String()
}

// isAtext reports whether c may appear in an RFC 5322 atom.
func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// formatAddressList joins the formatted addresses with ", ", for the
// header name (which sets the room on the first line).
func formatAddressList(addrs []string, field, name string) (string, error) {
	parsed, err := parseAddressList(field, addrs)
	if err != nil {
		return "", err
	}
	parts := make([]string, len(parsed))
	for i, a := range parsed {
		room := maxEncodedText + 12
		if i == 0 {
			room = softLineLimit - len(name) - 2
		}
		parts[i] = formatAddress(a, room)
	}
	return strings.Join(parts, ", "), nil
}

// encodeUnstructured returns v ready for an unstructured header such as
// Subject: unchanged when it is plain short-worded ASCII, RFC 2047
// encoded words otherwise. Text that merely looks like an encoded word
// ("=?") is encoded too, so the recipient sees what the sender wrote.
func encodeUnstructured(name, v string) string {
	room := softLineLimit - len(name) - 2
	for i := 0; i < len(v); i++ {
		if v[i] >= utf8.RuneSelf {
			return encodeWords(v, room)
		}
	}
	if strings.Contains(v, "=?") || hasLongWord(v) {
		return encodeWords(v, room)
	}
	return v
}

// hasLongWord reports whether v has a run without spaces too long to fit
// a line after folding.
func hasLongWord(v string) bool {
	run := 0
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' {
			run = 0
			continue
		}
		run++
		if run > softLineLimit-len("Content-Description: ") {
			return true
		}
	}
	return false
}

// maxEncodedText is how many encoded characters fit in one encoded word:
// RFC 2047 caps a word at 75 characters, of which "=?utf-8?q?" and "?="
// take 12.
const maxEncodedText = 75 - 12

// encodeWords encodes s as a space-separated sequence of Q encoded words,
// each at most 75 characters, splitting only between runes. It uses the
// alphabet RFC 2047 allows in phrases (letters, digits, "!*+-/"), which is
// safe in every context, so one encoder serves subjects and display names.
//
// first is the room left on the line where the first word goes (after
// "Subject: "), so that the unfoldable first word also fits in 78
// characters; later words start continuation lines.
func encodeWords(s string, first int) string {
	limit := max(first-12, 8)
	var out strings.Builder
	var word strings.Builder
	flush := func() {
		if word.Len() == 0 {
			return
		}
		if out.Len() > 0 {
			out.WriteByte(' ')
		}
		out.WriteString("=?utf-8?q?")
		out.WriteString(word.String())
		out.WriteString("?=")
		word.Reset()
		limit = maxEncodedText
	}
	for len(s) > 0 {
		_, size := utf8.DecodeRuneInString(s)
		var enc []byte
		for i := 0; i < size; i++ {
			enc = appendQ(enc, s[i])
		}
		if word.Len()+len(enc) > limit {
			flush()
		}
		word.Write(enc)
		s = s[size:]
	}
	flush()
	return out.String()
}

func appendQ(dst []byte, c byte) []byte {
	const hex = "0123456789ABCDEF"
	switch {
	case c == ' ':
		return append(dst, '_')
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
		c == '!', c == '*', c == '+', c == '-', c == '/':
		return append(dst, c)
	}
	return append(dst, '=', hex[c>>4], hex[c&0xf])
}

// writeHeader writes "name: value" CRLF, folding at spaces so lines stay
// within 78 characters where the value allows. value must already be
// encoded (ASCII, no line breaks). A line that cannot be folded below
// 998 characters is an error rather than an invalid message.
func writeHeader(b *bytes.Buffer, name, value string) error {
	value = strings.TrimSpace(value)
	b.WriteString(name)
	b.WriteString(":")
	line := len(name) + 1
	if value == "" {
		b.WriteString("\r\n")
		return nil
	}
	b.WriteByte(' ')
	line++
	first := true
	for value != "" {
		i := 0
		for i < len(value) && value[i] == ' ' {
			i++
		}
		j := i
		for j < len(value) && value[j] != ' ' {
			j++
		}
		chunk := value[:j]
		value = value[j:]
		if !first && i > 0 && line+len(chunk) > softLineLimit {
			// Folding is a CRLF inserted before whitespace; unfolding
			// removes it, so the value reads back unchanged.
			b.WriteString("\r\n")
			line = 0
		}
		b.WriteString(chunk)
		line += len(chunk)
		if line > hardLineLimit {
			return &HeaderError{Field: name, Reason: fmt.Sprintf("a word longer than %d characters cannot be folded; shorten it", hardLineLimit)}
		}
		first = false
	}
	b.WriteString("\r\n")
	return nil
}
