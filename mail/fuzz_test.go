package mail_test

import (
	"errors"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/mail/mailtest"
)

// FuzzHeaderValue renders messages whose subject, display name and custom
// header come from the fuzzer. Whatever the input: a line break is always
// refused with ErrHeaderInjection; an accepted message parses back with
// net/mail, carries exactly the headers it should (no smuggled Bcc or
// second header), keeps header lines within 998 characters, and decodes
// to the text given.
func FuzzHeaderValue(f *testing.F) {
	for _, s := range []string{
		"Hello", "Grüße aus Köln", "a\r\nBcc: x@example.com", "=?utf-8?q?=0D=0A?=", "tab\there",
		strings.Repeat("x", 1200), strings.Repeat("日本語 ", 50), "\"quoted\" <angle> (comment), semi;colon",
		"", "   ", "a\x00b", "\xff\xfe",
	} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, value, name string) {
		m := &mail.Message{
			From:    (&netmail.Address{Name: name, Address: "app@example.com"}).String(),
			To:      []string{"ann@example.com"},
			Subject: value,
			Body:    "x",
			Headers: textproto.MIMEHeader{"X-Fuzz": {value}},
		}
		raw, err := m.Bytes()
		if strings.ContainsAny(value+name, "\r\n") {
			if err == nil {
				t.Fatalf("line break accepted:\n%s", raw)
			}
			// A raw line break in the value is named as injection (the
			// name reaches Bytes encoded by net/mail, so it may fail to
			// parse first; invalid UTF-8 elsewhere may be reported first).
			if strings.ContainsAny(value, "\r\n") && utf8.ValidString(value) && utf8.ValidString(name) && !errors.Is(err, mail.ErrHeaderInjection) {
				t.Fatalf("line break in the value refused with %v, want ErrHeaderInjection", err)
			}
			return
		}
		if err != nil {
			return // refused (control character, invalid UTF-8, unparsable name): never a bad message
		}
		p, err := mailtest.Parse(raw)
		if err != nil {
			t.Fatalf("rendered message does not parse: %v\n%q", err, raw)
		}
		for k := range p.Header {
			switch k {
			case "Date", "From", "To", "Subject", "Message-Id", "X-Fuzz", "Mime-Version", "Content-Type", "Content-Transfer-Encoding":
			default:
				t.Fatalf("unexpected header %q in\n%q", k, raw)
			}
		}
		for _, l := range strings.Split(string(raw), "\r\n") {
			if len(l) > 998 {
				t.Fatalf("line of %d characters", len(l))
			}
		}
		norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
		if norm(p.Subject) != norm(value) {
			t.Fatalf("subject %q decoded as %q", value, p.Subject)
		}
		from, err := p.Header.AddressList("From")
		if err != nil || len(from) != 1 || from[0].Address != "app@example.com" || norm(from[0].Name) != norm(name) {
			t.Fatalf("From %q decoded as %v (%v)\n%q", name, from, err, raw)
		}
	})
}
