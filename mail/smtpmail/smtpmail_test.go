package smtpmail_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/textproto"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/mail/mailtest"
	"github.com/jazzgo/jazz/mail/smtpmail"
	"github.com/jazzgo/jazz/manage"
)

func backendFor(t *testing.T, ts *testServer, mutate func(*smtpmail.Options)) *smtpmail.Backend {
	t.Helper()
	o := smtpmail.Options{
		Host: ts.Host, Port: ts.Port, Username: testUser, Password: testPass,
		UseTLS: true, TLSConfig: &tls.Config{RootCAs: ts.Roots}, Timeout: 5 * time.Second, HELO: "client.test",
	}
	if mutate != nil {
		mutate(&o)
	}
	b, err := smtpmail.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestConformanceSTARTTLS(t *testing.T) {
	p := newPKI(t)
	mailtest.Run(t, func(t *testing.T) (mail.Backend, func() [][]byte) {
		ts := startServer(t, p, startTLS, false)
		return backendFor(t, ts, nil), ts.Raw
	})
}

func TestConformanceImplicitTLS(t *testing.T) {
	p := newPKI(t)
	mailtest.Run(t, func(t *testing.T) (mail.Backend, func() [][]byte) {
		ts := startServer(t, p, implicitTLS, false)
		return backendFor(t, ts, func(o *smtpmail.Options) { o.UseTLS, o.UseSSL = false, true }), ts.Raw
	})
}

// The bytes the server receives are exactly the rendered message.
func TestByteExact(t *testing.T) {
	ts := startServer(t, newPKI(t), startTLS, false)
	b := backendFor(t, ts, nil)
	m := &mail.Message{
		From: "Jazz <app@example.com>", To: []string{"ann@example.com"}, Subject: "Grüße",
		Body:    "Line one\n.leading dot\n\nÜmlaut line\n",
		Headers: textproto.MIMEHeader{"Date": {"Mon, 02 Jan 2006 15:04:05 +0000"}, "Message-Id": {"<fixed@example.com>"}},
	}
	want, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if n, err := b.Send(context.Background(), m); n != 1 || err != nil {
		t.Fatalf("Send = %d, %v", n, err)
	}
	got := ts.Messages()[0].Data
	if !bytes.Equal(got, want) && !bytes.Equal(got, append(want, '\r', '\n')) {
		t.Errorf("server received\n%q\nwant\n%q", got, want)
	}
}

func TestFullMessageAndBccOverImplicitTLS(t *testing.T) {
	ts := startServer(t, newPKI(t), implicitTLS, false)
	b := backendFor(t, ts, func(o *smtpmail.Options) { o.UseTLS, o.UseSSL = false, true })
	m := mailtest.FullMessage()
	if n, err := b.Send(context.Background(), m); n != 1 || err != nil {
		t.Fatalf("Send = %d, %v", n, err)
	}
	got := ts.Messages()
	if len(got) != 1 {
		t.Fatalf("server got %d messages", len(got))
	}
	if got[0].From != "zoe@example.com" {
		t.Errorf("MAIL FROM = %q", got[0].From)
	}
	wantRcpt := []string{"ann@example.com", "bob@example.org", "chloe@example.net", "secret-bcc@example.com"}
	if !slices.Equal(got[0].To, wantRcpt) {
		t.Errorf("RCPT TO = %v, want %v (bcc included)", got[0].To, wantRcpt)
	}
	mailtest.CheckFullMessage(t, got[0].Data, m)
}

func TestOneConnectionPerSend(t *testing.T) {
	ts := startServer(t, newPKI(t), startTLS, false)
	b := backendFor(t, ts, nil)
	m := mail.New(b)
	msgs := make([]*mail.Message, 5)
	for i := range msgs {
		msgs[i] = &mail.Message{To: []string{"ann@example.com"}, Subject: "mass", Body: "x"}
	}
	n, err := m.SendMassMail(context.Background(), msgs)
	if n != 5 || err != nil {
		t.Fatalf("SendMassMail = %d, %v", n, err)
	}
	if s := ts.Connections(); s != 1 {
		t.Errorf("%d SMTP connections for one SendMassMail, want 1", s)
	}
}

func TestWrongPassword(t *testing.T) {
	ts := startServer(t, newPKI(t), startTLS, false)
	b := backendFor(t, ts, func(o *smtpmail.Options) { o.Password = "wrong" })
	n, err := b.Send(context.Background(), &mail.Message{From: "a@example.com", To: []string{"b@example.com"}})
	if n != 0 || !errors.Is(err, mail.ErrAuth) {
		t.Fatalf("Send = %d, %v; want ErrAuth", n, err)
	}
	var se *smtpmail.Error
	var te *textproto.Error
	if !errors.As(err, &se) || se.Op != "auth" || !errors.As(err, &te) || te.Code != 535 {
		t.Errorf("error %v: want a *smtpmail.Error{Op: auth} wrapping the 535 reply", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error reveals the password: %v", err)
	}
	if len(ts.Messages()) != 0 {
		t.Error("a message was delivered")
	}
}

func TestRefusedRecipients(t *testing.T) {
	ts := startServer(t, newPKI(t), startTLS, false)
	b := backendFor(t, ts, nil)
	bad := &mail.Message{From: "a@example.com", To: []string{"ann@example.com", "nobody1@example.com"}, Bcc: []string{"nobody2@example.com"}, Subject: "bad"}
	good := &mail.Message{From: "a@example.com", To: []string{"ann@example.com"}, Subject: "good"}
	n, err := b.Send(context.Background(), bad, good)
	if n != 1 {
		t.Errorf("sent %d, want 1 (the good message, over the same connection)", n)
	}
	var re *mail.RecipientsError
	if !errors.Is(err, mail.ErrRecipientsRefused) || !errors.As(err, &re) {
		t.Fatalf("error = %v, want a RecipientsError", err)
	}
	if got := re.Addresses(); !slices.Equal(got, []string{"nobody1@example.com", "nobody2@example.com"}) {
		t.Errorf("refused = %v", got)
	}
	if !strings.Contains(err.Error(), "550") || !strings.Contains(err.Error(), "nobody2@example.com") {
		t.Errorf("error text lacks the reply or the address: %v", err)
	}
	msgs := ts.Messages()
	if len(msgs) != 1 || !bytes.Contains(msgs[0].Data, []byte("Subject: good")) {
		t.Errorf("server got %d messages", len(msgs))
	}
}

func TestServerDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().(*net.TCPAddr)
	l.Close()
	b, _ := smtpmail.New(smtpmail.Options{Host: "127.0.0.1", Port: addr.Port, Timeout: 2 * time.Second})
	_, err = b.Send(context.Background(), &mail.Message{From: "a@example.com", To: []string{"b@example.com"}})
	if !errors.Is(err, mail.ErrUnreachable) {
		t.Fatalf("error = %v, want ErrUnreachable", err)
	}
}

// A server that accepts the connection but never greets: Send must give
// up after Timeout with a timeout error rather than hang.
func TestSilentServerTimesOut(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	accepted := make(chan struct{})
	go func() {
		defer close(accepted)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c) // held open, never written to
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-accepted
		for _, c := range conns {
			c.Close()
		}
	})
	b, _ := smtpmail.New(smtpmail.Options{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, Timeout: 300 * time.Millisecond})
	_, err = b.Send(context.Background(), &mail.Message{From: "a@example.com", To: []string{"b@example.com"}})
	if !errors.Is(err, mail.ErrUnreachable) || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("error = %v, want ErrUnreachable and a deadline error", err)
	}
	if !strings.Contains(err.Error(), "300ms") {
		t.Errorf("error does not name the timeout: %v", err)
	}
}

func TestUntrustedCertificate(t *testing.T) {
	ts := startServer(t, newPKI(t), startTLS, false)
	b := backendFor(t, ts, func(o *smtpmail.Options) { o.TLSConfig = nil })
	_, err := b.Send(context.Background(), &mail.Message{From: "a@example.com", To: []string{"b@example.com"}})
	if err == nil || errors.Is(err, mail.ErrAuth) || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("error = %v, want a certificate error", err)
	}
}

func TestClientCertificate(t *testing.T) {
	p := newPKI(t)
	ts := startServer(t, p, implicitTLS, true)
	certFile, keyFile := p.writeClientCert(t)
	b := backendFor(t, ts, func(o *smtpmail.Options) {
		o.UseTLS, o.UseSSL = false, true
		o.CertFile, o.KeyFile = certFile, keyFile
	})
	if n, err := b.Send(context.Background(), &mail.Message{From: "a@example.com", To: []string{"b@example.com"}}); n != 1 || err != nil {
		t.Fatalf("Send = %d, %v", n, err)
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.clientCert != "jazz-client" {
		t.Errorf("server saw client certificate %q", ts.clientCert)
	}
	if _, err := smtpmail.New(smtpmail.Options{Host: "h", CertFile: certFile}); err == nil {
		t.Error("CertFile without KeyFile accepted")
	}
	if _, err := smtpmail.New(smtpmail.Options{Host: "h", CertFile: keyFile, KeyFile: certFile}); err == nil {
		t.Error("swapped certificate files accepted")
	}
}

func TestOptionsValidation(t *testing.T) {
	_, err := smtpmail.New(smtpmail.Options{Host: "h", UseTLS: true, UseSSL: true})
	if err == nil || !strings.Contains(err.Error(), "EmailUseTLS") || !strings.Contains(err.Error(), "EmailUseSSL") {
		t.Errorf("UseTLS+UseSSL: %v", err)
	}
	if _, err := smtpmail.New(smtpmail.Options{}); err == nil {
		t.Error("empty host accepted")
	}
	for _, c := range []struct {
		o    smtpmail.Options
		addr string
	}{
		{smtpmail.Options{Host: "h"}, "h:25"},
		{smtpmail.Options{Host: "h", UseTLS: true}, "h:587"},
		{smtpmail.Options{Host: "h", UseSSL: true}, "h:465"},
	} {
		b, err := smtpmail.New(c.o)
		if err != nil || b.Addr() != c.addr {
			t.Errorf("New(%+v).Addr() = %v, %v; want %s", c.o, b, err, c.addr)
		}
	}
}

func TestURL(t *testing.T) {
	u, _ := url.Parse("smtp://app%40site:p%2Fss@mail.example.com:2525?tls=starttls&timeout=3s&helo=web1")
	o, err := smtpmail.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	if o.Host != "mail.example.com" || o.Port != 2525 || o.Username != "app@site" || o.Password != "p/ss" || !o.UseTLS || o.UseSSL || o.Timeout != 3*time.Second || o.HELO != "web1" {
		t.Errorf("ParseURL = %+v", o)
	}
	u, _ = url.Parse("smtps://h?timeout=2.5")
	if o, err := smtpmail.ParseURL(u); err != nil || !o.UseSSL || o.Timeout != 2500*time.Millisecond {
		t.Errorf("smtps: %+v %v", o, err)
	}
	b, err := mail.Open("smtp://u:p@127.0.0.1:2525?tls=none")
	if _, ok := b.(*smtpmail.Backend); !ok || err != nil {
		t.Errorf("Open = %T, %v", b, err)
	}
	for _, bad := range []string{"smtp://h?tls=maybe", "smtp://h?colour=blue", "smtps://h?tls=starttls", "smtp://h?timeout=soon"} {
		if _, err := mail.Open(bad); err == nil {
			t.Errorf("Open(%q) succeeded", bad)
		}
	}
	if _, err := mail.Open("smtp://user:topsecret@h?tls=maybe"); err == nil || strings.Contains(err.Error(), "topsecret") {
		t.Errorf("error reveals the password: %v", err)
	}
}

func TestSendTestEmailThroughSMTP(t *testing.T) {
	ts := startServer(t, newPKI(t), startTLS, false)
	m := mail.New(backendFor(t, ts, nil))
	m.Managers = []string{"boss@example.com"}
	cmd := mail.NewSendTestEmail(m)
	fs := flagSet()
	cmd.SetFlags(fs)
	fs.Parse([]string{"--managers"})
	var out bytes.Buffer
	if err := cmd.Run(context.Background(), &manage.IO{Stdout: &out, Stderr: &out}, []string{"dev@example.com"}); err != nil {
		t.Fatal(err)
	}
	msgs := ts.Messages()
	if len(msgs) != 2 || msgs[0].To[0] != "dev@example.com" || msgs[1].To[0] != "boss@example.com" {
		t.Fatalf("server got %+v", msgs)
	}
	p, err := mailtest.Parse(msgs[1].Data)
	if err != nil || !strings.HasPrefix(p.Subject, "[Jazz] Test email from ") || strings.TrimSpace(p.Text) != "This email was sent to the site managers." {
		t.Errorf("managers mail: %q %q %v", p.Subject, p.Text, err)
	}
}

func TestCanceledMidConversation(t *testing.T) {
	ts := startServer(t, newPKI(t), startTLS, false)
	b := backendFor(t, ts, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Send(ctx, &mail.Message{From: "a@example.com", To: []string{"b@example.com"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}
