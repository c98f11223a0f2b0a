package mail

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/jazzgo/jazz/manage"
)

// SendTestEmail is the "sendtestemail" management command: it sends a
// test message to the addresses given, and with --admins or --managers to
// the site's admins or managers, to check the mail settings, like
// Django's command of the same name.
type SendTestEmail struct {
	mailer   *Mailer
	admins   bool
	managers bool
	// now and hostname are replaceable in tests.
	now      func() time.Time
	hostname func() (string, error)
}

var _ manage.Command = (*SendTestEmail)(nil)

// NewSendTestEmail returns the command sending through m.
func NewSendTestEmail(m *Mailer) *SendTestEmail {
	return &SendTestEmail{mailer: m, now: time.Now, hostname: os.Hostname}
}

// Name returns "sendtestemail".
func (c *SendTestEmail) Name() string { return "sendtestemail" }

// Help describes the command.
func (c *SendTestEmail) Help() string {
	return "Sends a test email to the addresses given, to check the mail settings."
}

// SetFlags declares --admins and --managers.
func (c *SendTestEmail) SetFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.admins, "admins", false, "send a test email to the Admins")
	fs.BoolVar(&c.managers, "managers", false, "send a test email to the Managers")
}

// Run sends the messages. With no address and neither flag it returns a
// usage error. The subject is "Test email from <host> on <time>".
func (c *SendTestEmail) Run(ctx context.Context, io *manage.IO, args []string) error {
	if len(args) == 0 && !c.admins && !c.managers {
		return manage.Usagef("sendtestemail: give some recipients, or pass --admins or --managers")
	}
	if c.mailer == nil {
		return fmt.Errorf("mail: sendtestemail has no Mailer; build it with mail.NewSendTestEmail(mailer)")
	}
	host, err := c.hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	subject := fmt.Sprintf("Test email from %s on %s", host, c.now().Format("2006-01-02 15:04:05.000000-07:00"))
	if len(args) > 0 {
		if err := c.mailer.SendMail(ctx, subject, "If you're reading this, it was successful.", "", args); err != nil {
			return fmt.Errorf("sendtestemail: %w", err)
		}
		io.Printf("Sent a test email to %d recipient(s).\n", len(args))
	}
	if c.managers {
		if len(c.mailer.Managers) == 0 {
			io.Errorf("No Managers are configured; nothing sent to managers.\n")
		} else if err := c.mailer.MailManagers(ctx, subject, "This email was sent to the site managers.", ""); err != nil {
			return fmt.Errorf("sendtestemail: managers: %w", err)
		} else {
			io.Printf("Sent a test email to the managers.\n")
		}
	}
	if c.admins {
		if len(c.mailer.Admins) == 0 {
			io.Errorf("No Admins are configured; nothing sent to admins.\n")
		} else if err := c.mailer.MailAdmins(ctx, subject, "This email was sent to the site admins.", ""); err != nil {
			return fmt.Errorf("sendtestemail: admins: %w", err)
		} else {
			io.Printf("Sent a test email to the admins.\n")
		}
	}
	return nil
}
