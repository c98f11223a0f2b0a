package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// part is one node of the MIME tree: a leaf with a body, or a multipart
// container with children.
type part struct {
	header   [][2]string // name, encoded value, in order
	body     []byte
	children []*part
}

// reserved headers are written from the message's structure; letting
// Headers set them would produce a message that lies about its content
// (or, for Bcc, leaks the blind copies).
var reserved = map[string]bool{
	"Mime-Version": true, "Content-Type": true, "Content-Transfer-Encoding": true,
	"Content-Disposition": true, "Content-Id": true, "Bcc": true,
}

// addressHeaders in Headers are parsed and encoded as address lists.
var addressHeaders = map[string]bool{"From": true, "To": true, "Cc": true, "Reply-To": true, "Sender": true}

// structuredHeaders hold tokens that RFC 2047 encoding would break, so
// they must be ASCII already.
var structuredHeaders = map[string]bool{
	"Date": true, "Message-Id": true, "In-Reply-To": true, "References": true,
	"List-Unsubscribe": true, "List-Unsubscribe-Post": true, "List-Id": true, "Return-Path": true,
}

// Bytes renders the message as RFC 5322 / MIME bytes with CRLF line
// endings, ready for SMTP DATA or an .eml file:
//
//   - headers Date and Message-ID (generated unless Headers sets them),
//     From, To, Cc, Reply-To, Subject, the extra Headers (sorted by name),
//     MIME-Version; never Bcc;
//   - non-ASCII subjects, display names and extra header values as RFC 2047
//     encoded words, header lines folded to 78 characters where possible;
//   - text parts in UTF-8, 7bit when ASCII with short lines, otherwise
//     quoted-printable; attachments in base64;
//   - multipart/alternative for Body plus HTML, multipart/related around
//     the HTML (or lone body) when there are inline parts, multipart/mixed
//     when there are attachments.
//
// It fails with an error wrapping [ErrHeaderInjection] when any header
// value, address, header name or attachment filename holds CR, LF or
// another control character, with [ErrNoSender] without From, and with a
// [*HeaderError] for unparsable addresses or misused Headers. Recipients
// are not required here (see [Message.Envelope]). Each call generates a
// fresh Date and Message-ID unless Headers sets them. m is not modified.
func (m *Message) Bytes() ([]byte, error) {
	var hb bytes.Buffer
	if err := m.writeHeaders(&hb); err != nil {
		return nil, err
	}
	root, err := m.tree()
	if err != nil {
		return nil, err
	}
	if err := writeHeader(&hb, "MIME-Version", "1.0"); err != nil {
		return nil, err
	}
	if err := writePart(&hb, root); err != nil {
		return nil, err
	}
	return hb.Bytes(), nil
}

func (m *Message) writeHeaders(b *bytes.Buffer) error {
	if strings.TrimSpace(m.From) == "" && len(m.Headers.Values("From")) == 0 {
		return ErrNoSender
	}
	// Bcc is never written, but a bad Bcc address fails here too, so
	// Bytes alone tells whether a message is sendable.
	if _, err := parseAddressList("Bcc", m.Bcc); err != nil {
		return err
	}
	extra := make(map[string]string, len(m.Headers))
	names := make([]string, 0, len(m.Headers))
	for k, vs := range m.Headers {
		if err := checkName(k); err != nil {
			return err
		}
		name := textproto.CanonicalMIMEHeaderKey(k)
		field := "Headers[" + name + "]"
		if reserved[name] {
			return &HeaderError{Field: field, Reason: "set by the message structure (or, for Bcc, never written); use the Message fields instead"}
		}
		for _, v := range vs {
			if err := checkValue(field, v); err != nil {
				return err
			}
		}
		var enc string
		switch {
		case addressHeaders[name]:
			s, err := formatAddressList(vs, field, name)
			if err != nil {
				return err
			}
			enc = s
		case structuredHeaders[name]:
			v := strings.Join(vs, " ")
			for i := 0; i < len(v); i++ {
				if v[i] >= utf8.RuneSelf {
					return &HeaderError{Field: field, Reason: "structured header must be ASCII"}
				}
			}
			enc = v
		default:
			// Several values of one custom header become one header: a
			// map cannot say where each should go, and repeating a name
			// is only legal for some headers.
			enc = encodeUnstructured(name, strings.Join(vs, ", "))
		}
		if _, dup := extra[name]; dup {
			return &HeaderError{Field: field, Reason: "given twice under different spellings"}
		}
		extra[name] = enc
		names = append(names, name)
	}
	slices.Sort(names)

	// Standard headers first, each replaceable from Headers. key is the
	// canonical map key, out the spelling written.
	steps := []struct {
		key, out string
		gen      func() (string, error)
	}{
		{"Date", "Date", func() (string, error) { return time.Now().UTC().Format(time.RFC1123Z), nil }},
		{"From", "From", func() (string, error) {
			if strings.TrimSpace(m.From) == "" {
				return "", ErrNoSender
			}
			a, err := parseAddress("From", m.From)
			if err != nil {
				return "", err
			}
			return formatAddress(a, softLineLimit-len("From: ")), nil
		}},
		{"To", "To", func() (string, error) { return formatAddressList(m.To, "To", "To") }},
		{"Cc", "Cc", func() (string, error) { return formatAddressList(m.Cc, "Cc", "Cc") }},
		{"Reply-To", "Reply-To", func() (string, error) { return formatAddressList(m.ReplyTo, "Reply-To", "Reply-To") }},
		{"Subject", "Subject", func() (string, error) {
			if err := checkValue("Subject", m.Subject); err != nil {
				return "", err
			}
			if m.Subject == "" {
				return "", nil
			}
			return encodeUnstructured("Subject", m.Subject), nil
		}},
		{"Message-Id", "Message-ID", func() (string, error) { return MessageID(m.Domain), nil }},
	}
	for _, s := range steps {
		// The field is validated even when Headers replaces it: a bad
		// value must not slip through just because it is not displayed.
		v, err := s.gen()
		if err != nil && !(err == ErrNoSender && extra[s.key] != "") {
			return err
		}
		if x, ok := extra[s.key]; ok {
			delete(extra, s.key)
			v = x
		}
		if v == "" {
			continue
		}
		if err := writeHeader(b, s.out, v); err != nil {
			return err
		}
	}
	for _, name := range names {
		if v, ok := extra[name]; ok {
			if err := writeHeader(b, name, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// MessageID returns a new globally unique Message-ID value, such as
// "<20240501120000.3f2a...@example.com>", for domain (empty means the
// machine's host name, or "localhost" when that is unusable). Safe for
// concurrent use.
func MessageID(domain string) string {
	if domain == "" || !validDomain(domain) {
		domain = hostDomain()
	}
	var r [12]byte
	_, _ = rand.Read(r[:]) // crypto/rand.Read never fails on supported platforms
	return "<" + time.Now().UTC().Format("20060102150405") + "." + hex.EncodeToString(r[:]) + "@" + domain + ">"
}

var hostDomain = sync.OnceValue(func() string {
	h, err := os.Hostname()
	if err != nil || !validDomain(h) {
		return "localhost"
	}
	return h
})

func validDomain(d string) bool {
	if d == "" || len(d) > 253 {
		return false
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// tree builds the MIME structure of the body.
func (m *Message) tree() (*part, error) {
	var inline, attached []*part
	for i, a := range m.Attachments {
		p, err := attachmentPart(i, a)
		if err != nil {
			return nil, err
		}
		if a.Inline {
			inline = append(inline, p)
		} else {
			attached = append(attached, p)
		}
	}

	var text, html *part
	if m.Body != "" || m.HTML == "" {
		text = textPart("text/plain", m.Body)
	}
	if m.HTML != "" {
		html = textPart("text/html", m.HTML)
	}

	// Inline parts belong beside what references them: the HTML when
	// there is one, else the only body part.
	if len(inline) > 0 {
		if html != nil {
			html = multipart("multipart/related", append([]*part{html}, inline...), "text/html")
		} else {
			text = multipart("multipart/related", append([]*part{text}, inline...), "text/plain")
		}
	}
	var body *part
	switch {
	case text != nil && html != nil:
		body = multipart("multipart/alternative", []*part{text, html}, "")
	case html != nil:
		body = html
	default:
		body = text
	}
	if len(attached) > 0 {
		body = multipart("multipart/mixed", append([]*part{body}, attached...), "")
	}
	return body, nil
}

func multipart(mediaType string, children []*part, relatedType string) *part {
	var r [15]byte
	_, _ = rand.Read(r[:])
	// "=_" cannot occur in quoted-printable output and "-" never occurs in
	// base64, so the boundary cannot collide with any encoded part.
	params := map[string]string{"boundary": "=_" + hex.EncodeToString(r[:])}
	if relatedType != "" {
		params["type"] = relatedType
	}
	return &part{
		header:   [][2]string{{"Content-Type", mime.FormatMediaType(mediaType, params)}},
		children: children,
	}
}

func boundaryOf(p *part) string {
	_, params, _ := mime.ParseMediaType(p.header[0][1])
	return params["boundary"]
}

// textPart encodes s as a UTF-8 text part: 7bit when it is ASCII with
// lines of at most 78 characters (readable as is), quoted-printable
// otherwise. Line endings become CRLF.
func textPart(mediaType, s string) *part {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	ct := mediaType + "; charset=utf-8"
	if plain7bit(s) {
		return &part{
			header: [][2]string{{"Content-Type", ct}, {"Content-Transfer-Encoding", "7bit"}},
			body:   []byte(strings.ReplaceAll(s, "\n", "\r\n")),
		}
	}
	var buf bytes.Buffer
	w := quotedprintable.NewWriter(&buf)
	w.Write([]byte(s)) // writes to a bytes.Buffer cannot fail
	w.Close()
	return &part{
		header: [][2]string{{"Content-Type", ct}, {"Content-Transfer-Encoding", "quoted-printable"}},
		body:   buf.Bytes(),
	}
}

func plain7bit(s string) bool {
	line := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n':
			if i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
				return false // trailing whitespace may be stripped in transit
			}
			line = 0
			continue
		case c >= 0x7f, c < 0x20 && c != '\t':
			return false
		}
		line++
		if line > softLineLimit {
			return false
		}
	}
	return !strings.HasSuffix(s, " ") && !strings.HasSuffix(s, "\t")
}

func attachmentPart(i int, a Attachment) (*part, error) {
	field := fmt.Sprintf("Attachments[%d]", i)
	if err := checkValue(field+".Filename", a.Filename); err != nil {
		return nil, err
	}
	if len(a.Filename) > 255 {
		return nil, &HeaderError{Field: field + ".Filename", Reason: "longer than 255 bytes; shorten it"}
	}
	ct := a.ContentType
	if ct == "" {
		ct = mime.TypeByExtension(strings.ToLower(filepath.Ext(a.Filename)))
		if ct == "" {
			ct = "application/octet-stream"
		}
	}
	if err := checkValue(field+".ContentType", ct); err != nil {
		return nil, err
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return nil, &HeaderError{Field: field + ".ContentType", Reason: fmt.Sprintf("invalid content type %q: %v", ct, err)}
	}
	disp := "attachment"
	if a.Inline {
		disp = "inline"
	}
	dparams := map[string]string{}
	if a.Filename != "" {
		params["name"] = a.Filename
		dparams["filename"] = a.Filename
	}
	p := &part{header: [][2]string{
		{"Content-Type", mime.FormatMediaType(mt, params)},
		{"Content-Disposition", mime.FormatMediaType(disp, dparams)},
		{"Content-Transfer-Encoding", "base64"},
	}}
	if a.Inline {
		id := strings.TrimSuffix(strings.TrimPrefix(a.ContentID, "<"), ">")
		if err := checkValue(field+".ContentID", id); err != nil {
			return nil, err
		}
		if id == "" || strings.ContainsAny(id, " <>\t\"") || !isASCII(id) {
			return nil, &HeaderError{Field: field + ".ContentID", Reason: fmt.Sprintf("inline part needs a ContentID of printable ASCII without spaces or <>, such as \"logo@example.com\"; got %q", a.ContentID)}
		}
		p.header = append(p.header, [2]string{"Content-ID", "<" + id + ">"})
	}
	p.body = base64Lines(a.Data)
	return p, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// base64Lines encodes data in base64 lines of 76 characters joined by CRLF.
func base64Lines(data []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(data)
	out := make([]byte, 0, len(enc)+len(enc)/76*2+2)
	for len(enc) > 76 {
		out = append(out, enc[:76]...)
		out = append(out, '\r', '\n')
		enc = enc[76:]
	}
	return append(out, enc...)
}

// writePart writes p's headers, the blank line and its body; for a
// multipart, each child between boundary lines.
func writePart(b *bytes.Buffer, p *part) error {
	for _, h := range p.header {
		if err := writeHeader(b, h[0], h[1]); err != nil {
			return err
		}
	}
	b.WriteString("\r\n")
	if p.children == nil {
		b.Write(p.body)
		return nil
	}
	boundary := boundaryOf(p)
	for _, c := range p.children {
		b.WriteString("--" + boundary + "\r\n")
		if err := writePart(b, c); err != nil {
			return err
		}
		// The CRLF before a boundary line belongs to the boundary, so
		// the part's content ends exactly where its body ends.
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return nil
}
