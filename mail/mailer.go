package mail

import (
	"context"
	"errors"
)

// Mailer is the front applications send through: a [Backend] plus the
// site's defaults, Django's send_mail, send_mass_mail, mail_admins and
// mail_managers in one value. Create it with [New], set the fields, then
// share it; it is safe for concurrent use as long as the fields are not
// changed after the first send.
type Mailer struct {
	Backend Backend
	// DefaultFrom is the sender of messages without From
	// (DEFAULT_FROM_EMAIL). New sets "webmaster@localhost".
	DefaultFrom string
	// ServerEmail is the sender of admin and manager mail (SERVER_EMAIL).
	// New sets "root@localhost".
	ServerEmail string
	// SubjectPrefix starts the subject of admin and manager mail
	// (EMAIL_SUBJECT_PREFIX). New sets "[Jazz] "; "" means no prefix.
	SubjectPrefix string
	// Admins receive [Mailer.MailAdmins] and error reports (ADMINS).
	Admins []string
	// Managers receive [Mailer.MailManagers] (MANAGERS).
	Managers []string
	// Domain fills Message.Domain when a message has none (DNS_NAME);
	// empty means the host name.
	Domain string
}

// New returns a Mailer over backend with Django's defaults translated:
// DefaultFrom "webmaster@localhost", ServerEmail "root@localhost",
// SubjectPrefix "[Jazz] ". A nil backend means a [Console] on stdout,
// the embedded default.
func New(backend Backend) *Mailer {
	if backend == nil {
		backend = NewConsole(nil)
	}
	return &Mailer{
		Backend:       backend,
		DefaultFrom:   "webmaster@localhost",
		ServerEmail:   "root@localhost",
		SubjectPrefix: "[Jazz] ",
	}
}

// prepare returns a copy of msg with the defaults filled in; the caller's
// message is left as it was.
func (m *Mailer) prepare(msg *Message) *Message {
	if msg == nil {
		return nil
	}
	c := *msg
	if c.From == "" {
		c.From = m.DefaultFrom
	}
	if c.Domain == "" {
		c.Domain = m.Domain
	}
	return &c
}

func (m *Mailer) backend() (Backend, error) {
	if m == nil || m.Backend == nil {
		return nil, errors.New("mail: Mailer has no Backend; create it with mail.New")
	}
	return m.Backend, nil
}

// Send sends one message, filling From from DefaultFrom when empty.
func (m *Mailer) Send(ctx context.Context, msg *Message) error {
	b, err := m.backend()
	if err != nil {
		return err
	}
	_, err = b.Send(ctx, m.prepare(msg))
	return err
}

// SendMail sends a plain-text message, like Django's send_mail; from ""
// means DefaultFrom.
func (m *Mailer) SendMail(ctx context.Context, subject, body, from string, to []string) error {
	return m.Send(ctx, &Message{Subject: subject, Body: body, From: from, To: to})
}

// SendMassMail sends every message over one backend call (one SMTP
// connection), like Django's send_mass_mail, and returns how many were
// sent; failures are joined as [Backend.Send] describes.
func (m *Mailer) SendMassMail(ctx context.Context, msgs []*Message) (int, error) {
	b, err := m.backend()
	if err != nil {
		return 0, err
	}
	prepared := make([]*Message, len(msgs))
	for i, msg := range msgs {
		prepared[i] = m.prepare(msg)
	}
	return b.Send(ctx, prepared...)
}

// MailAdmins sends subject (after SubjectPrefix) and body, plus html when
// not empty, from ServerEmail to Admins. With no Admins it sends nothing
// and returns nil, as Django does.
func (m *Mailer) MailAdmins(ctx context.Context, subject, body, html string) error {
	return m.mailStaff(ctx, m.Admins, subject, body, html)
}

// MailManagers is [Mailer.MailAdmins] for Managers.
func (m *Mailer) MailManagers(ctx context.Context, subject, body, html string) error {
	return m.mailStaff(ctx, m.Managers, subject, body, html)
}

func (m *Mailer) mailStaff(ctx context.Context, to []string, subject, body, html string) error {
	if len(to) == 0 {
		return nil
	}
	return m.Send(ctx, &Message{
		From: m.ServerEmail, To: to, Subject: m.SubjectPrefix + subject, Body: body, HTML: html,
	})
}

// Close closes the backend.
func (m *Mailer) Close() error {
	b, err := m.backend()
	if err != nil {
		return err
	}
	return b.Close()
}
