// Package smtpmail is the SMTP [mail.Backend], built on the go-mail
// client (github.com/wneessen/go-mail):
//
//	backend, err := smtpmail.New(smtpmail.Options{
//		Host: "smtp.example.com", Username: "app", Password: pw, UseTLS: true,
//	})
//	mailer := mail.New(backend)
//
// Importing the package registers the "smtp" and "smtps" schemes with
// [mail.Open], so EMAIL_URL=smtp://user:pass@host:587?tls=starttls works.
//
// Each Send opens one connection, authenticates once and sends every
// message over it (send_mass_mail's one connection). Failures are typed:
// errors.Is(err, mail.ErrAuth) for refused credentials,
// errors.Is(err, mail.ErrUnreachable) for a server that cannot be reached
// or does not answer within Timeout (plus os.ErrDeadlineExceeded for a
// timeout), and errors.As(err, &*mail.RecipientsError) for refused
// recipients, which names them.
//
// The messages are rendered by [mail.Message.Bytes] and sent as they are;
// go-mail supplies the SMTP conversation, STARTTLS and the SASL
// mechanisms (SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, PLAIN, LOGIN).
package smtpmail
