package mail_test

import (
	"bytes"
	"errors"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/mail/mailtest"
)

func base() *mail.Message {
	return &mail.Message{From: "app@example.com", To: []string{"ann@example.com"}, Subject: "Hi", Body: "Hello\n"}
}

func TestHeaderInjection(t *testing.T) {
	breaks := map[string]string{"CR": "\r", "LF": "\n", "CRLF": "\r\n"}
	fields := map[string]func(m *mail.Message, evil string){
		"subject":   func(m *mail.Message, e string) { m.Subject = "Hello" + e + "Bcc: victim@example.com" },
		"from":      func(m *mail.Message, e string) { m.From = "app@example.com" + e + "Bcc: victim@example.com" },
		"from name": func(m *mail.Message, e string) { m.From = "App" + e + "Bcc: v@example.com <app@example.com>" },
		"to":        func(m *mail.Message, e string) { m.To = []string{"ann@example.com" + e + "Bcc: victim@example.com"} },
		"cc":        func(m *mail.Message, e string) { m.Cc = []string{"ann@example.com" + e + "X: y"} },
		"bcc":       func(m *mail.Message, e string) { m.Bcc = []string{"ann@example.com" + e + "X: y"} },
		"reply-to":  func(m *mail.Message, e string) { m.ReplyTo = []string{"r@example.com" + e + "X: y"} },
		"custom header": func(m *mail.Message, e string) {
			m.Headers = textproto.MIMEHeader{"X-Tag": {"a" + e + "Bcc: v@example.com"}}
		},
		"header name": func(m *mail.Message, e string) {
			m.Headers = textproto.MIMEHeader{"X-Tag" + e + "Bcc": {"v@example.com"}}
		},
		"override to": func(m *mail.Message, e string) {
			m.Headers = textproto.MIMEHeader{"To": {"a@example.com" + e + "Bcc: v@example.com"}}
		},
		"message-id": func(m *mail.Message, e string) {
			m.Headers = textproto.MIMEHeader{"Message-Id": {"<a@b>" + e + "Bcc: v@example.com"}}
		},
		"filename": func(m *mail.Message, e string) {
			m.Attach("report.pdf"+e+"Content-Type: text/html", "", []byte("x"))
		},
		"content type": func(m *mail.Message, e string) {
			m.Attach("report.pdf", "application/pdf"+e+"X: y", []byte("x"))
		},
		"content id": func(m *mail.Message, e string) {
			m.AttachInline("logo"+e+"X: y", "logo.png", "", []byte("x"))
		},
	}
	for fname, set := range fields {
		for bname, br := range breaks {
			t.Run(fname+"/"+bname, func(t *testing.T) {
				m := base()
				set(m, br)
				raw, err := m.Bytes()
				if !errors.Is(err, mail.ErrHeaderInjection) {
					t.Fatalf("Bytes error = %v, want ErrHeaderInjection; output:\n%s", err, raw)
				}
				if raw != nil {
					t.Errorf("Bytes returned output with an error")
				}
				if _, err := mail.Prepare(m); !errors.Is(err, mail.ErrHeaderInjection) {
					t.Errorf("Prepare error = %v, want ErrHeaderInjection", err)
				}
			})
		}
	}
}

// An encoded word in a display name that decodes to CRLF must not become
// a line break, and must not be passed through as is.
func TestHeaderInjectionThroughEncodedWord(t *testing.T) {
	m := base()
	m.From = "=?utf-8?q?App=0D=0AX-Evil=3A_yes?= <app@example.com>"
	if _, err := m.Bytes(); !errors.Is(err, mail.ErrHeaderInjection) {
		t.Fatalf("error = %v, want ErrHeaderInjection", err)
	}
	// Text that merely looks like an encoded word is itself encoded.
	m = base()
	m.Subject = "=?utf-8?q?=0D=0ABcc:_v@example.com?="
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	p, err := mailtest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != m.Subject {
		t.Errorf("subject = %q, want the literal %q", p.Subject, m.Subject)
	}
}

func TestControlCharacterRefused(t *testing.T) {
	m := base()
	m.Subject = "a\x00b"
	if _, err := m.Bytes(); !errors.Is(err, mail.ErrHeaderInjection) {
		t.Errorf("NUL in subject: %v", err)
	}
	m.Subject = "tab\tis fine"
	if _, err := m.Bytes(); err != nil {
		t.Errorf("tab in subject: %v", err)
	}
}

func TestBccNeverWritten(t *testing.T) {
	m := base()
	m.Bcc = []string{"Hidden Person <hidden@example.com>"}
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bytes.ToLower(raw), []byte("bcc")) || bytes.Contains(raw, []byte("hidden")) {
		t.Errorf("Bcc leaked:\n%s", raw)
	}
	from, to, err := m.Envelope()
	if err != nil {
		t.Fatal(err)
	}
	if from != "app@example.com" || strings.Join(to, ",") != "ann@example.com,hidden@example.com" {
		t.Errorf("Envelope = %q %q", from, to)
	}
	m.Headers = textproto.MIMEHeader{"Bcc": {"x@example.com"}}
	if _, err := m.Bytes(); err == nil {
		t.Error("Bcc in Headers accepted")
	}
}

func TestRecipientsAndEnvelope(t *testing.T) {
	m := &mail.Message{
		From: "App <app@example.com>",
		To:   []string{"Ann <ann@example.com>", ""},
		Cc:   []string{"bob@example.com"},
		Bcc:  []string{"ann@example.com", "cy@example.com"},
	}
	if got := strings.Join(m.Recipients(), "|"); got != "Ann <ann@example.com>|bob@example.com|ann@example.com|cy@example.com" {
		t.Errorf("Recipients = %s", got)
	}
	m.To = m.To[:1]
	_, to, err := m.Envelope()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(to, ",") != "ann@example.com,bob@example.com,cy@example.com" {
		t.Errorf("envelope recipients = %v (duplicates must go)", to)
	}
	if _, _, err := (&mail.Message{To: []string{"a@example.com"}}).Envelope(); !errors.Is(err, mail.ErrNoSender) {
		t.Errorf("no From: %v", err)
	}
	if _, _, err := (&mail.Message{From: "a@example.com"}).Envelope(); !errors.Is(err, mail.ErrNoRecipients) {
		t.Errorf("no recipients: %v", err)
	}
	if _, _, err := (&mail.Message{From: "a@example.com", To: []string{"a@b.com, c@d.com"}}).Envelope(); err == nil {
		t.Error("two addresses in one entry accepted")
	}
	if _, _, err := (&mail.Message{From: "a@example.com", To: []string{"ü@exämple.com"}}).Envelope(); err == nil || !strings.Contains(err.Error(), "punycode") {
		t.Errorf("non-ASCII address: %v", err)
	}
}

func TestPlainASCIIIs7bit(t *testing.T) {
	raw, err := base().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	for _, want := range []string{"Content-Type: text/plain; charset=utf-8\r\n", "Content-Transfer-Encoding: 7bit\r\n", "\r\n\r\nHello\r\n", "Subject: Hi\r\n", "MIME-Version: 1.0\r\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	if strings.Contains(s, "multipart") {
		t.Errorf("single text message is multipart:\n%s", s)
	}
}

func TestNonASCIIBodyQuotedPrintable(t *testing.T) {
	m := base()
	m.Body = "Grüße, " + strings.Repeat("long ", 40) + "\nend"
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	mailtest.CheckLines(t, raw)
	if !bytes.Contains(raw, []byte("Content-Transfer-Encoding: quoted-printable")) {
		t.Fatalf("not quoted-printable:\n%s", raw)
	}
	for _, l := range strings.Split(string(raw), "\r\n") {
		if len(l) > 76 {
			t.Errorf("QP line longer than 76: %q", l)
		}
	}
	p, err := mailtest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != m.Body {
		t.Errorf("text = %q, want %q", p.Text, m.Body)
	}
}

func TestHTMLOnly(t *testing.T) {
	m := base()
	m.Body, m.HTML = "", "<p>hi</p>"
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	p, err := mailtest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Types, " ") != "text/html" || p.HTML != "<p>hi</p>" {
		t.Errorf("types %v html %q", p.Types, p.HTML)
	}
}

func TestLongSubjectsAndNamesFold(t *testing.T) {
	m := base()
	m.Subject = strings.Repeat("word ", 60) + strings.Repeat("x", 200)
	m.To = []string{"A Very Long Display Name Indeed Somewhat Longer Than Usual <a@example.com>", "Ωμέγα Ψ " + strings.Repeat("λ", 40) + " <b@example.com>"}
	m.Headers = textproto.MIMEHeader{"X-Long": {strings.Repeat("é", 100)}}
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	mailtest.CheckLines(t, raw)
	p, err := mailtest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != strings.TrimSpace(m.Subject) {
		t.Errorf("subject changed:\n%q\n%q", p.Subject, m.Subject)
	}
	to, err := p.Header.AddressList("To")
	if err != nil || len(to) != 2 || to[1].Name != "Ωμέγα Ψ "+strings.Repeat("λ", 40) {
		t.Errorf("To = %v, %v", to, err)
	}
}

func TestHeadersOverrideAndReserved(t *testing.T) {
	m := base()
	m.Headers = textproto.MIMEHeader{
		"Message-Id": {"<fixed@example.com>"},
		"date":       {"Mon, 02 Jan 2006 15:04:05 +0000"},
		"To":         {"Shown <shown@example.com>"},
	}
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	p, _ := mailtest.Parse(raw)
	if p.Header.Get("Message-Id") != "<fixed@example.com>" || p.Header.Get("Date") != "Mon, 02 Jan 2006 15:04:05 +0000" || p.Header.Get("To") != "Shown <shown@example.com>" {
		t.Errorf("overrides not applied:\n%s", raw)
	}
	if n := bytes.Count(raw, []byte("\r\nTo:")); n != 1 {
		t.Errorf("%d To headers", n)
	}
	for _, h := range []string{"Content-Type", "MIME-Version", "Content-Transfer-Encoding"} {
		m := base()
		m.Headers = textproto.MIMEHeader{h: {"x"}}
		if _, err := m.Bytes(); err == nil {
			t.Errorf("%s in Headers accepted", h)
		}
	}
}

func TestMessageIDDomain(t *testing.T) {
	m := base()
	m.Domain = "mail.example.com"
	raw, _ := m.Bytes()
	p, _ := mailtest.Parse(raw)
	if id := p.Header.Get("Message-Id"); !strings.HasSuffix(id, "@mail.example.com>") {
		t.Errorf("Message-ID = %q", id)
	}
	if a, b := mail.MessageID("x.org"), mail.MessageID("x.org"); a == b {
		t.Errorf("two Message-IDs are equal: %s", a)
	}
}

func TestAttachments(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "notes.pdf")
	if err := os.WriteFile(path, []byte("%PDF-1.4 data"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := base()
	if err := m.AttachFile(path); err != nil {
		t.Fatal(err)
	}
	if err := m.AttachFile(filepath.Join(dir, "missing")); err == nil {
		t.Error("AttachFile of a missing file succeeded")
	}
	m.Attach("blob.unknownext", "", []byte{0, 1, 2})
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	p, err := mailtest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Types, " ") != "multipart/mixed text/plain application/pdf application/octet-stream" {
		t.Errorf("types = %v", p.Types)
	}
	if p.Parts[0].Filename != "notes.pdf" || string(p.Parts[0].Data) != "%PDF-1.4 data" || !bytes.Equal(p.Parts[1].Data, []byte{0, 1, 2}) {
		t.Errorf("parts = %+v", p.Parts)
	}

	m = base()
	m.Attachments = []mail.Attachment{{Filename: "x.png", Inline: true, Data: []byte("x")}}
	if _, err := m.Bytes(); err == nil || !strings.Contains(err.Error(), "ContentID") {
		t.Errorf("inline without ContentID: %v", err)
	}
	m.Attachments = []mail.Attachment{{Filename: "x", ContentType: "not a type;;", Data: []byte("x")}}
	if _, err := m.Bytes(); err == nil {
		t.Error("bad content type accepted")
	}
}

func TestCloneIsDeep(t *testing.T) {
	m := mailtest.FullMessage()
	c := m.Clone()
	c.To[0] = "changed@example.com"
	c.Headers.Set("X-Campaign", "changed")
	c.Attachments[0].Data[0] = 'Z'
	if m.To[0] == c.To[0] || m.Headers.Get("X-Campaign") == "changed" || m.Attachments[0].Data[0] == 'Z' {
		t.Error("Clone shares state with the original")
	}
	if (*mail.Message)(nil).Clone() != nil {
		t.Error("Clone(nil) != nil")
	}
}

func TestFromOnlyInHeaders(t *testing.T) {
	m := base()
	m.From = ""
	m.Headers = textproto.MIMEHeader{"From": {"Shown <shown@example.com>"}}
	raw, err := m.Bytes()
	if err != nil || !bytes.Contains(raw, []byte("From: Shown <shown@example.com>\r\n")) {
		t.Errorf("Bytes = %v\n%s", err, raw)
	}
	if _, err := mail.Prepare(m); !errors.Is(err, mail.ErrNoSender) {
		t.Errorf("Prepare without an envelope sender: %v", err)
	}
	m.Headers = nil
	if _, err := m.Bytes(); !errors.Is(err, mail.ErrNoSender) {
		t.Errorf("no From at all: %v", err)
	}
}
