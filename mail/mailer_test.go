package mail_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/mail/mailtest"
	"github.com/jazzgo/jazz/manage"
)

func TestOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	cases := []struct {
		url  string
		want string // type, or "" for an error
		err  string // substring of the error
	}{
		{"console://", "*mail.Console", ""},
		{"console://stderr", "*mail.Console", ""},
		{"locmem://", "*mail.Locmem", ""},
		{"dummy://", "*mail.Dummy", ""},
		{"file://" + dir, "*mail.File", ""},
		{"smtp://u:p@host:587", "", "mail/smtpmail"},
		{"carrierpigeon://x", "", `"carrierpigeon"`},
		{"locmem://?x=1", "", "unknown parameters"},
		{"console://printer", "", "stdout or stderr"},
		{"file://otherhost/dir", "", "host"},
		{"no-scheme", "", "no scheme"},
	}
	for _, c := range cases {
		b, err := mail.Open(c.url)
		if c.want != "" {
			if err != nil || fmt.Sprintf("%T", b) != c.want {
				t.Errorf("Open(%q) = %T, %v; want %s", c.url, b, err, c.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("Open(%q) error = %v; want one containing %q", c.url, err, c.err)
		}
	}
}

func TestRegisterDuplicatePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("registering locmem twice did not panic")
		}
	}()
	mail.Register("locmem", func(*urlT) (mail.Backend, error) { return nil, nil })
}

func TestFilePermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	b, err := mail.NewFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Send(context.Background(), base(), base()); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(dir)
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, want 0700", fi.Mode().Perm())
	}
	files := readEML(t, dir)
	if len(files) != 2 {
		t.Fatalf("%d files, want 2 (unique names)", len(files))
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, n := range names {
		fi, _ := os.Stat(n)
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", n, fi.Mode().Perm())
		}
	}
	f := filepath.Join(t.TempDir(), "plainfile")
	os.WriteFile(f, nil, 0o600)
	if _, err := mail.NewFile(f); err == nil {
		t.Error("NewFile on a regular file succeeded")
	}
	if _, err := mail.NewFile(""); err == nil {
		t.Error("NewFile(\"\") succeeded")
	}
}

func TestConsoleFormat(t *testing.T) {
	var out bytes.Buffer
	if _, err := mail.NewConsole(&out).Send(context.Background(), base()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out.String(), "Hello\r\n"+mail.ConsoleSeparator+"\n") {
		t.Errorf("console output does not end with the body and separator:\n%s", out.String())
	}
}

func TestDummy(t *testing.T) {
	d := &mail.Dummy{}
	if n, err := d.Send(context.Background(), base(), base()); n != 2 || err != nil {
		t.Errorf("Send = %d, %v", n, err)
	}
	d.Close()
	if _, err := d.Send(context.Background(), base()); !errors.Is(err, mail.ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

func TestLocmemOutboxIsACopy(t *testing.T) {
	l := mail.NewLocmem()
	m := base()
	l.Send(context.Background(), m)
	m.Subject = "changed after sending"
	out := l.Outbox()
	out[0].Subject = "changed in the outbox copy"
	if got := l.Outbox()[0].Subject; got != "Hi" {
		t.Errorf("outbox subject = %q, want Hi", got)
	}
	l.Reset()
	if l.Outbox() != nil || l.Raw() != nil {
		t.Error("Reset left messages")
	}
}

func TestMailer(t *testing.T) {
	l := mail.NewLocmem()
	m := mail.New(l)
	m.Admins = []string{"Admin <admin@example.com>"}
	m.Managers = []string{"boss@example.com"}
	m.Domain = "site.example"
	ctx := context.Background()

	if err := m.SendMail(ctx, "Welcome", "Hi", "", []string{"ann@example.com"}); err != nil {
		t.Fatal(err)
	}
	if err := m.MailAdmins(ctx, "Disk full", "90%", "<b>90%</b>"); err != nil {
		t.Fatal(err)
	}
	if err := m.MailManagers(ctx, "Report", "ok", ""); err != nil {
		t.Fatal(err)
	}
	msg := &mail.Message{To: []string{"x@example.com"}, Subject: "mass"}
	n, err := m.SendMassMail(ctx, []*mail.Message{msg, msg})
	if n != 2 || err != nil {
		t.Fatalf("SendMassMail = %d, %v", n, err)
	}
	if msg.From != "" || msg.Domain != "" {
		t.Error("Mailer filled defaults into the caller's message")
	}
	out := l.Outbox()
	if len(out) != 5 {
		t.Fatalf("outbox has %d, want 5", len(out))
	}
	check := func(i int, from, subject, to string) {
		t.Helper()
		if out[i].From != from || out[i].Subject != subject || strings.Join(out[i].To, ",") != to {
			t.Errorf("message %d = from %q subject %q to %v", i, out[i].From, out[i].Subject, out[i].To)
		}
	}
	check(0, "webmaster@localhost", "Welcome", "ann@example.com")
	check(1, "root@localhost", "[Jazz] Disk full", "Admin <admin@example.com>")
	check(2, "root@localhost", "[Jazz] Report", "boss@example.com")
	check(3, "webmaster@localhost", "mass", "x@example.com")
	if out[1].HTML != "<b>90%</b>" {
		t.Errorf("MailAdmins html = %q", out[1].HTML)
	}
	p, _ := mailtest.Parse(l.Raw()[0])
	if !strings.HasSuffix(p.Header.Get("Message-Id"), "@site.example>") {
		t.Errorf("Mailer.Domain not used: %s", p.Header.Get("Message-Id"))
	}

	l.Reset()
	empty := mail.New(l)
	if err := empty.MailAdmins(ctx, "x", "y", ""); err != nil || l.Outbox() != nil {
		t.Errorf("MailAdmins without admins: %v, %d sent", err, len(l.Outbox()))
	}
	if err := (&mail.Mailer{}).SendMail(ctx, "s", "b", "a@example.com", []string{"b@example.com"}); err == nil {
		t.Error("Mailer without a backend sent")
	}
}

type renderFunc func(w io.Writer, name string, data any) error

func (f renderFunc) RenderTemplate(w io.Writer, name string, data any) error { return f(w, name, data) }

func TestRenderTemplates(t *testing.T) {
	r := renderFunc(func(w io.Writer, name string, data any) error {
		switch name {
		case "subject.txt":
			fmt.Fprintf(w, "Reset your\npassword, %s\n", data)
		case "body.txt":
			fmt.Fprintf(w, "Hi %s & co", data)
		case "body.html":
			fmt.Fprintf(w, "<p>Hi %s</p>", data)
		default:
			return errors.New("no such template")
		}
		return nil
	})
	m := base()
	if err := m.Render(r, mail.Templates{Subject: "subject.txt", Text: "body.txt", HTML: "body.html"}, "Ann"); err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Reset your password, Ann" || m.Body != "Hi Ann & co" || m.HTML != "<p>Hi Ann</p>" {
		t.Errorf("rendered %q %q %q", m.Subject, m.Body, m.HTML)
	}
	before := *m
	if err := m.Render(r, mail.Templates{Subject: "subject.txt", Text: "missing.txt"}, "Bob"); err == nil || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("missing template: %v", err)
	}
	if m.Subject != before.Subject {
		t.Error("a failed Render changed the message")
	}
	if err := m.Render(nil, mail.Templates{Text: "x"}, nil); err == nil {
		t.Error("nil renderer accepted")
	}
	if err := m.Render(r, mail.Templates{}, nil); err == nil {
		t.Error("no template names accepted")
	}
}

func TestSendTestEmail(t *testing.T) {
	l := mail.NewLocmem()
	m := mail.New(l)
	m.Admins = []string{"admin@example.com"}
	cmd := mail.NewSendTestEmail(m)
	var stdout, stderr bytes.Buffer
	io := &manage.IO{Stdout: &stdout, Stderr: &stderr}

	err := cmd.Run(context.Background(), io, nil)
	var ue *manage.UsageError
	if !errors.As(err, &ue) {
		t.Fatalf("no arguments: %v, want a UsageError", err)
	}
	if cmd.Name() != "sendtestemail" || cmd.Help() == "" {
		t.Error("name/help")
	}
	fs := newFlagSet()
	cmd.SetFlags(fs)
	if err := fs.Parse([]string{"--admins", "--managers"}); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Run(context.Background(), io, []string{"a@example.com", "b@example.com"}); err != nil {
		t.Fatal(err)
	}
	out := l.Outbox()
	if len(out) != 2 {
		t.Fatalf("sent %d, want 2 (recipients, admins; no managers configured)", len(out))
	}
	if !strings.HasPrefix(out[0].Subject, "Test email from ") || !strings.Contains(out[0].Subject, " on ") || strings.Join(out[0].To, ",") != "a@example.com,b@example.com" {
		t.Errorf("first mail: %q to %v", out[0].Subject, out[0].To)
	}
	if out[0].Body != "If you're reading this, it was successful." {
		t.Errorf("body %q", out[0].Body)
	}
	if !strings.HasPrefix(out[1].Subject, "[Jazz] Test email from ") || out[1].To[0] != "admin@example.com" {
		t.Errorf("admins mail: %q to %v", out[1].Subject, out[1].To)
	}
	if !strings.Contains(stderr.String(), "No Managers") {
		t.Errorf("stderr = %q", stderr.String())
	}
}
