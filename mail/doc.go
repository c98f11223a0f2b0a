// Package mail sends email: messages with HTML alternatives, attachments
// and inline images rendered as correct MIME; a small [Backend] interface
// with console, file, in-memory (locmem) and dummy backends here and SMTP
// in package smtpmail; a [Mailer] front with Django's helpers; and an
// slog handler that mails the admins when a request fails.
//
//	backend := mail.NewLocmem() // or mail.Open(os.Getenv("EMAIL_URL"))
//	m := mail.New(backend)
//	m.Admins = []string{"ops@example.com"}
//	err := m.SendMail(ctx, "Welcome", "Hello!", "", []string{"ann@example.com"})
//
// # Messages
//
// A [Message] holds From, To, Cc, Bcc, ReplyTo, Subject, a text Body, an
// optional HTML alternative, extra Headers and Attachments (inline ones
// make multipart/related). [Message.Bytes] renders it: RFC 2047 encoded
// words for non-ASCII subjects and names, folded header lines, UTF-8 text
// in 7bit or quoted-printable, base64 attachments, Date and Message-ID.
// Bcc addresses are in the envelope only. A CR, LF or other control
// character in any header value, address, header name or filename is an
// error wrapping [ErrHeaderInjection], never a second header.
//
// [Message.Render] fills Subject, Body and HTML from a trio of templates
// through the one-method [TemplateRenderer].
//
// # Backends
//
// Choose a backend in code ([NewConsole], [NewFile], [NewLocmem], [Dummy],
// smtpmail.New) or by URL with [Open]: console://, file:///dir, locmem://,
// dummy://, and smtp:// or smtps:// once package smtpmail is imported. A
// third-party backend implements [Backend] and calls [Register] from init.
// Every backend passes the conformance suite in package mailtest, and
// uses [Prepare] so that all refuse the same bad messages.
//
// # Error reports
//
// [AdminsHandler] is a slog.Handler: put it beside the project's handler
// and each logged 500 (web.ErrorPages logs method, path, request_id,
// error and stack) mails the admins, with secrets masked, at most
// MaxPerInterval mails per Interval, sent off the request goroutine.
//
// # Commands
//
// [NewSendTestEmail] is the sendtestemail management command.
package mail
