package jazz

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

func TestEmailSettings(t *testing.T) {
	base := Settings{SecretKey: "k", LogOutput: "discard"}
	p, err := New(base)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Mailer.Backend.(*mail.Console); !ok {
		t.Fatalf("default mail backend = %T, want the console", p.Mailer.Backend)
	}
	p.Close()

	s := base
	s.EmailHost, s.EmailUseTLS, s.EmailUseSSL = "mail.example.com", true, true
	if _, err := New(s); err == nil || !strings.Contains(err.Error(), "EmailUseTLS") {
		t.Fatalf("TLS and SSL together: %v", err)
	}
	s = base
	s.EmailURL = "carrier-pigeon://coop"
	if _, err := New(s); err == nil || !strings.Contains(err.Error(), "EMAIL_URL") {
		t.Fatalf("bad EMAIL_URL: %v", err)
	}
}

// TestViewsSendMailAndErrorsReachAdmins: a view sends mail through the
// request's Mailer, sendtestemail mails the admins, and a 500 produces an
// error report to the admins with the stack.
func TestViewsSendMailAndErrorsReachAdmins(t *testing.T) {
	send := func(w http.ResponseWriter, r *http.Request) error {
		if err := mail.FromContext(r.Context()).SendMail(r.Context(), "Hello", "Body", "", []string{"ann@example.com"}); err != nil {
			return err
		}
		return web.Text(w, 200, "sent")
	}
	boom := func(w http.ResponseWriter, r *http.Request) error { return errors.New("database on fire") }
	p, err := New(Settings{
		SecretKey: "k", LogOutput: "discard", AllowedHosts: []string{"example.com"},
		EmailURL: "locmem://", DefaultFromEmail: "site@example.com", ServerEmail: "errors@example.com",
		Admins: []string{"Ops <ops@example.com>"}, MailAdminsOnError: true,
		URLs: []urls.Pattern{urls.Path("send/", send, "send"), urls.Path("boom/", boom, "boom")},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	outbox := p.Mailer.Backend.(*mail.Locmem)
	for _, path := range []string{"/send/", "/boom/"} {
		p.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "http://example.com"+path, nil))
	}
	var out bytes.Buffer
	if code := p.Main(context.Background(), []string{"sendtestemail", "--admins"}, &manage.IO{Stdout: &out, Stderr: &out}); code != 0 {
		t.Fatalf("sendtestemail: %d %s", code, out.String())
	}
	// The error report is sent off the request goroutine.
	deadline := time.Now().Add(5 * time.Second)
	for len(outbox.Outbox()) < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	var subjects []string
	var report *mail.Message
	for _, m := range outbox.Outbox() {
		subjects = append(subjects, m.Subject)
		if strings.Contains(m.Subject, "/boom/") {
			report = m
		}
	}
	if len(subjects) != 3 {
		t.Fatalf("outbox subjects = %q, want the view's mail, the error report and the test mail", subjects)
	}
	if subjects[0] != "Hello" || outbox.Outbox()[0].From != "site@example.com" {
		t.Fatalf("view mail = %q from %q", subjects[0], outbox.Outbox()[0].From)
	}
	if report == nil || !strings.HasPrefix(report.Subject, "[Jazz] ") || !strings.Contains(report.Body, "database on fire") ||
		report.From != "errors@example.com" || !strings.Contains(strings.Join(report.To, ","), "ops@example.com") {
		t.Fatalf("error report: %+v", report)
	}
}
