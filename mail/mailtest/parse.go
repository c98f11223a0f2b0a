package mailtest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/textproto"
	"strings"
)

// Parsed is a message read back from its bytes with net/mail and
// mime/multipart, for assertions.
type Parsed struct {
	Header  netmail.Header
	Subject string // decoded from RFC 2047
	// Text and HTML are the decoded text/plain and text/html bodies
	// (the first of each), with CRLF turned into "\n".
	Text, HTML string
	// Parts are the attachments and inline parts, in order.
	Parts []Part
	// Types lists the media type of every node of the MIME tree in
	// depth-first order, such as ["multipart/mixed",
	// "multipart/alternative", "text/plain", "text/html", "application/pdf"].
	Types []string
}

// Part is one attachment or inline part.
type Part struct {
	Filename    string
	ContentType string // media type without parameters
	Disposition string // "attachment" or "inline"
	ContentID   string // without the angle brackets
	Data        []byte
}

// Parse reads raw as RFC 5322 / MIME and decodes every part.
func Parse(raw []byte) (*Parsed, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("mailtest: read message: %w", err)
	}
	p := &Parsed{Header: msg.Header}
	dec := new(mime.WordDecoder)
	if p.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("mailtest: subject: %w", err)
	}
	h := textproto.MIMEHeader(msg.Header)
	if err := p.walk(h, msg.Body); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Parsed) walk(h textproto.MIMEHeader, body io.Reader) error {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("mailtest: Content-Type %q: %w", ct, err)
	}
	p.Types = append(p.Types, mt)
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("mailtest: %s: %w", mt, err)
			}
			if err := p.walk(part.Header, part); err != nil {
				return err
			}
		}
	}
	data, err := decodeBody(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return err
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	if disp == "" && (mt == "text/plain" || mt == "text/html") {
		text := strings.ReplaceAll(string(data), "\r\n", "\n")
		if mt == "text/plain" && p.Text == "" {
			p.Text = text
			return nil
		}
		if mt == "text/html" && p.HTML == "" {
			p.HTML = text
			return nil
		}
	}
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	p.Parts = append(p.Parts, Part{
		Filename: name, ContentType: mt, Disposition: disp,
		ContentID: strings.Trim(h.Get("Content-ID"), "<>"), Data: data,
	})
	return nil
}

func decodeBody(cte string, r io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return io.ReadAll(base64.NewDecoder(base64.StdEncoding, r)) // the decoder skips CR and LF
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(r))
	case "", "7bit", "8bit", "binary":
		return io.ReadAll(r)
	}
	return nil, fmt.Errorf("mailtest: unknown Content-Transfer-Encoding %q", cte)
}
