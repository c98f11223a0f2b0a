package mailtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jazzgo/jazz/mail"
)

// NewBackend returns a fresh backend for one subtest and a function that
// returns the raw messages it has produced so far, oldest first.
type NewBackend func(t *testing.T) (b mail.Backend, read func() [][]byte)

// Run runs the conformance subtests against backends made by newBackend.
func Run(t *testing.T, newBackend NewBackend) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(*testing.T, mail.Backend, func() [][]byte)
	}{
		{"FullMessage", testFullMessage},
		{"CountAndOrder", testCountAndOrder},
		{"InvalidMessagesSkipped", testInvalidSkipped},
		{"NoRecipients", testNoRecipients},
		{"Empty", testEmpty},
		{"CanceledContext", testCanceled},
		{"Concurrent", testConcurrent},
		{"DoesNotModifyMessage", testNotModified},
		{"Closed", testClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, read := newBackend(t)
			t.Cleanup(func() { b.Close() })
			tc.fn(t, b, read)
		})
	}
}

// PNG is a tiny valid image used as the inline part.
var PNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// FullMessage returns a message exercising every feature: UTF-8 subject
// and display names, cc, bcc, reply-to, a custom header, text and HTML
// alternatives, an inline image and a binary attachment.
func FullMessage() *mail.Message {
	pdf := make([]byte, 3000)
	for i := range pdf {
		pdf[i] = byte(i * 7)
	}
	m := &mail.Message{
		From:    "Zoë Ðev <zoe@example.com>",
		To:      []string{"Ann Lee <ann@example.com>", "bob@example.org"},
		Cc:      []string{`"Chloé, the \"boss\"" <chloe@example.net>`},
		Bcc:     []string{"secret-bcc@example.com"},
		ReplyTo: []string{"support@example.com"},
		Subject: "Ünïcödé subject — with a long tail that must be folded across several header lines to stay short",
		Body:    "Hello Ann,\n\nPrices: 5 € = 5 euros. A line that is far longer than seventy-eight characters, which needs soft line breaks.\n.\nA line with a lone dot above.\n",
		HTML:    `<p>Hello <b>Ann</b> — <img src="cid:logo@example.com"></p>`,
		Headers: map[string][]string{"X-Campaign": {"spring-2025"}},
	}
	m.AttachInline("logo@example.com", "logo.png", "", PNG)
	m.Attach("report ß.pdf", "", pdf)
	return m
}

func send(t *testing.T, b mail.Backend, msgs ...*mail.Message) int {
	t.Helper()
	n, err := b.Send(context.Background(), msgs...)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	return n
}

func readN(t *testing.T, read func() [][]byte, want int) [][]byte {
	t.Helper()
	got := read()
	if len(got) != want {
		t.Fatalf("backend produced %d messages, want %d", len(got), want)
	}
	return got
}

func testFullMessage(t *testing.T, b mail.Backend, read func() [][]byte) {
	m := FullMessage()
	if n := send(t, b, m); n != 1 {
		t.Fatalf("Send = %d, want 1", n)
	}
	raw := readN(t, read, 1)[0]
	CheckFullMessage(t, raw, m)
}

// CheckFullMessage asserts that raw is the rendering of want, a message
// made by [FullMessage]: headers, decoded subject, both alternatives, the
// inline image with its Content-ID, the attachment bytes, no Bcc header,
// and line lengths.
func CheckFullMessage(t *testing.T, raw []byte, want *mail.Message) {
	t.Helper()
	CheckLines(t, raw)
	p, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, raw)
	}
	if p.Subject != want.Subject {
		t.Errorf("Subject = %q, want %q", p.Subject, want.Subject)
	}
	from, err := p.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Zoë Ðev" || from[0].Address != "zoe@example.com" {
		t.Errorf("From = %v (%v)", from, err)
	}
	to, err := p.Header.AddressList("To")
	if err != nil || len(to) != 2 || to[0].Name != "Ann Lee" || to[1].Address != "bob@example.org" {
		t.Errorf("To = %v (%v)", to, err)
	}
	cc, err := p.Header.AddressList("Cc")
	if err != nil || len(cc) != 1 || cc[0].Name != `Chloé, the "boss"` || cc[0].Address != "chloe@example.net" {
		t.Errorf("Cc = %v (%v)", cc, err)
	}
	if rt := p.Header.Get("Reply-To"); rt != "support@example.com" {
		t.Errorf("Reply-To = %q", rt)
	}
	if v := p.Header.Get("Bcc"); v != "" || bytes.Contains(raw, []byte("secret-bcc")) {
		t.Errorf("Bcc leaked into the message: header %q", v)
	}
	if v := p.Header.Get("X-Campaign"); v != "spring-2025" {
		t.Errorf("X-Campaign = %q", v)
	}
	if v := p.Header.Get("MIME-Version"); v != "1.0" {
		t.Errorf("MIME-Version = %q", v)
	}
	if id := p.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, ">") || !strings.Contains(id, "@") {
		t.Errorf("Message-ID = %q", id)
	}
	if _, err := p.Header.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	wantText := strings.ReplaceAll(want.Body, "\r\n", "\n")
	if p.Text != wantText {
		t.Errorf("text part = %q, want %q", p.Text, wantText)
	}
	if p.HTML != want.HTML {
		t.Errorf("HTML part = %q, want %q", p.HTML, want.HTML)
	}
	wantTypes := "multipart/mixed multipart/alternative text/plain multipart/related text/html image/png application/pdf"
	if got := strings.Join(p.Types, " "); got != wantTypes {
		t.Errorf("MIME tree = %s, want %s", got, wantTypes)
	}
	if len(p.Parts) != 2 {
		t.Fatalf("got %d attachment parts, want 2", len(p.Parts))
	}
	img, att := p.Parts[0], p.Parts[1]
	if img.ContentID != "logo@example.com" || img.Disposition != "inline" || !bytes.Equal(img.Data, PNG) {
		t.Errorf("inline part = %+v", img)
	}
	if att.Filename != "report ß.pdf" || att.Disposition != "attachment" || att.ContentType != "application/pdf" || !bytes.Equal(att.Data, want.Attachments[1].Data) {
		t.Errorf("attachment = {%q %q %q %d bytes}", att.Filename, att.ContentType, att.Disposition, len(att.Data))
	}
}

// CheckLines asserts CRLF line endings, header lines of at most 78
// characters and every line within 998.
func CheckLines(t *testing.T, raw []byte) {
	t.Helper()
	inHeader := true
	lines := strings.Split(string(raw), "\r\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if l == "" {
			inHeader = false
		}
		if inHeader && len(l) > 78 {
			t.Errorf("header line %d is %d characters (> 78): %q", i+1, len(l), l)
		}
		if len(l) > 998 {
			t.Errorf("line %d is %d characters (> 998)", i+1, len(l))
		}
	}
}

func simple(i int) *mail.Message {
	return &mail.Message{From: "app@example.com", To: []string{"ann@example.com"}, Subject: fmt.Sprintf("message %d", i), Body: fmt.Sprintf("body %d\n", i)}
}

func subjects(t *testing.T, raws [][]byte) []string {
	t.Helper()
	var out []string
	for _, r := range raws {
		p, err := Parse(r)
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		out = append(out, p.Subject)
	}
	return out
}

func testCountAndOrder(t *testing.T, b mail.Backend, read func() [][]byte) {
	if n := send(t, b, simple(1), simple(2), simple(3)); n != 3 {
		t.Fatalf("Send = %d, want 3", n)
	}
	if n := send(t, b, simple(4)); n != 1 {
		t.Fatalf("Send = %d, want 1", n)
	}
	got := strings.Join(subjects(t, readN(t, read, 4)), ",")
	if got != "message 1,message 2,message 3,message 4" {
		t.Errorf("subjects = %s", got)
	}
}

func testInvalidSkipped(t *testing.T, b mail.Backend, read func() [][]byte) {
	bad := simple(2)
	bad.Subject = "hi\r\nBcc: victim@example.com"
	n, err := b.Send(context.Background(), simple(1), bad, simple(3))
	if n != 2 {
		t.Errorf("Send = %d, want 2 (the injected message skipped)", n)
	}
	if !errors.Is(err, mail.ErrHeaderInjection) {
		t.Errorf("Send error = %v, want ErrHeaderInjection", err)
	}
	got := strings.Join(subjects(t, readN(t, read, 2)), ",")
	if got != "message 1,message 3" {
		t.Errorf("subjects = %s", got)
	}
}

func testNoRecipients(t *testing.T, b mail.Backend, read func() [][]byte) {
	m := simple(1)
	m.To = nil
	n, err := b.Send(context.Background(), m)
	if n != 0 || !errors.Is(err, mail.ErrNoRecipients) {
		t.Errorf("Send = %d, %v; want 0, ErrNoRecipients", n, err)
	}
	readN(t, read, 0)
}

func testEmpty(t *testing.T, b mail.Backend, read func() [][]byte) {
	if n := send(t, b); n != 0 {
		t.Errorf("Send() = %d, want 0", n)
	}
	readN(t, read, 0)
}

func testCanceled(t *testing.T, b mail.Backend, read func() [][]byte) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n, err := b.Send(ctx, simple(1))
	if n != 0 || !errors.Is(err, context.Canceled) {
		t.Errorf("Send with a canceled context = %d, %v; want 0, context.Canceled", n, err)
	}
	readN(t, read, 0)
}

func testConcurrent(t *testing.T, b mail.Backend, read func() [][]byte) {
	const workers, each = 4, 3
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			msgs := make([]*mail.Message, each)
			for i := range msgs {
				msgs[i] = simple(w*each + i)
			}
			if n, err := b.Send(context.Background(), msgs...); err != nil || n != each {
				errs <- fmt.Errorf("worker %d: Send = %d, %v", w, n, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got := subjects(t, readN(t, read, workers*each))
	seen := map[string]bool{}
	for _, s := range got {
		seen[s] = true
	}
	if len(seen) != workers*each {
		t.Errorf("got %d distinct messages, want %d: %v", len(seen), workers*each, got)
	}
}

func testNotModified(t *testing.T, b mail.Backend, read func() [][]byte) {
	m := FullMessage()
	before := fmt.Sprintf("%#v", m)
	send(t, b, m)
	if after := fmt.Sprintf("%#v", m); after != before {
		t.Errorf("Send modified the message:\nbefore %s\nafter  %s", before, after)
	}
}

func testClosed(t *testing.T, b mail.Backend, read func() [][]byte) {
	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	n, err := b.Send(context.Background(), simple(1))
	if n != 0 || !errors.Is(err, mail.ErrClosed) {
		t.Errorf("Send after Close = %d, %v; want 0, ErrClosed", n, err)
	}
}
