package mail

import (
	"fmt"
	"maps"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Message is one email, the counterpart of Django's EmailMessage and
// EmailMultiAlternatives. The zero value is an empty message; fill the
// fields and hand it to a [Mailer] or a [Backend].
//
// Addresses are strings in the forms net/mail parses: "ann@example.com"
// or "Ann Lee <ann@example.com>" (display names may be any UTF-8 and are
// encoded on the way out). Each list entry holds exactly one address.
//
// A Message is a plain value: sending it does not modify it, so one
// message may be sent several times. It is not safe to modify a message
// while another goroutine sends it.
type Message struct {
	From    string
	To      []string
	Cc      []string
	Bcc     []string // envelope only: never written into the message
	ReplyTo []string
	Subject string
	// Body is the plain-text body. With HTML set, it becomes the
	// text/plain alternative; when it is empty then, the message is
	// HTML only.
	Body string
	// HTML is the text/html alternative (multipart/alternative).
	HTML string
	// Headers are extra headers. From, To, Cc, Reply-To, Subject, Date
	// and Message-ID given here replace the generated ones (only in the
	// header: the envelope still comes from the fields). MIME structure
	// headers (MIME-Version, Content-*) and Bcc are refused.
	Headers textproto.MIMEHeader
	// Attachments are added after the body; Inline ones are shown inside
	// the HTML (multipart/related) and referenced as "cid:<ContentID>".
	Attachments []Attachment
	// Domain is the right-hand side of the generated Message-ID, like
	// Django's DNS_NAME. Empty means the [Mailer]'s Domain, or else the
	// machine's host name.
	Domain string
}

// Attachment is a file carried by a [Message], base64-encoded.
type Attachment struct {
	// Filename is the name the recipient sees. It may be any UTF-8 (it is
	// encoded as RFC 2231 asks) but may not contain control characters.
	Filename string
	// ContentType such as "application/pdf". Empty means guessed from
	// Filename's extension with mime.TypeByExtension, falling back to
	// "application/octet-stream".
	ContentType string
	Data        []byte
	// Inline marks an image or other part shown inside the HTML body; it
	// needs a ContentID.
	Inline bool
	// ContentID is the id an inline part is referenced by, without the
	// angle brackets: ContentID "logo@site" is "cid:logo@site" in HTML.
	ContentID string
}

// Attach adds an attachment with the given bytes. contentType may be empty
// to guess it from the filename. The data slice is kept, not copied.
func (m *Message) Attach(filename, contentType string, data []byte) {
	m.Attachments = append(m.Attachments, Attachment{Filename: filename, ContentType: contentType, Data: data})
}

// AttachInline adds an inline part (an image the HTML shows as
// "cid:"+contentID). contentType may be empty to guess it from filename.
func (m *Message) AttachInline(contentID, filename, contentType string, data []byte) {
	m.Attachments = append(m.Attachments, Attachment{
		Filename: filename, ContentType: contentType, Data: data, Inline: true, ContentID: contentID,
	})
}

// AttachFile reads the file at path and adds it as an attachment named
// after the file's base name, its type guessed from the extension.
func (m *Message) AttachFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("mail: attach file: %w", err)
	}
	m.Attach(filepath.Base(path), "", data)
	return nil
}

// Recipients returns the To, Cc and Bcc entries in that order, as given
// (display names included), skipping empty strings. It returns a new
// slice; nil when there are none.
func (m *Message) Recipients() []string {
	var out []string
	for _, list := range [][]string{m.To, m.Cc, m.Bcc} {
		for _, a := range list {
			if strings.TrimSpace(a) != "" {
				out = append(out, a)
			}
		}
	}
	return out
}

// Envelope returns the SMTP envelope: the bare From address and the bare
// addresses of all recipients (To, Cc, Bcc; duplicates removed, order
// kept). It fails like [Message.Bytes] on a bad address, with
// [ErrNoSender] without From, and with [ErrNoRecipients] without any
// recipient.
func (m *Message) Envelope() (from string, to []string, err error) {
	if strings.TrimSpace(m.From) == "" {
		return "", nil, ErrNoSender
	}
	f, err := parseAddress("From", m.From)
	if err != nil {
		return "", nil, err
	}
	seen := make(map[string]bool)
	for _, field := range [...]struct {
		name string
		list []string
	}{{"To", m.To}, {"Cc", m.Cc}, {"Bcc", m.Bcc}} {
		addrs, err := parseAddressList(field.name, field.list)
		if err != nil {
			return "", nil, err
		}
		for _, a := range addrs {
			if !seen[a.Address] {
				seen[a.Address] = true
				to = append(to, a.Address)
			}
		}
	}
	if len(to) == 0 {
		return "", nil, ErrNoRecipients
	}
	return f.Address, to, nil
}

// Clone returns a deep copy of m: changing the copy's slices, headers or
// attachment bytes does not change m. Clone of nil is nil.
func (m *Message) Clone() *Message {
	if m == nil {
		return nil
	}
	c := *m
	c.To = slices.Clone(m.To)
	c.Cc = slices.Clone(m.Cc)
	c.Bcc = slices.Clone(m.Bcc)
	c.ReplyTo = slices.Clone(m.ReplyTo)
	if m.Headers != nil {
		c.Headers = make(textproto.MIMEHeader, len(m.Headers))
		for k, v := range maps.All(m.Headers) {
			c.Headers[k] = slices.Clone(v)
		}
	}
	if m.Attachments != nil {
		c.Attachments = make([]Attachment, len(m.Attachments))
		for i, a := range m.Attachments {
			a.Data = slices.Clone(a.Data)
			c.Attachments[i] = a
		}
	}
	return &c
}
