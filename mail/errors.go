package mail

import (
	"errors"
	"strings"
)

// Sentinel errors. Callers branch on them with errors.Is; the errors the
// package returns wrap them with the field, address or server involved.
var (
	// ErrHeaderInjection reports a CR, LF or other control character in a
	// header value, an address, a header name or an attachment filename.
	// Such a value is always refused, never written as a second header.
	ErrHeaderInjection = errors.New("mail: header injection attempt (CR, LF or control character in a header)")
	// ErrNoSender reports a message without a From address.
	ErrNoSender = errors.New("mail: message has no From address; set Message.From or Mailer.DefaultFrom")
	// ErrNoRecipients reports a message with no To, Cc or Bcc address.
	ErrNoRecipients = errors.New("mail: message has no recipients; set To, Cc or Bcc")
	// ErrAuth reports that the mail server rejected the credentials or
	// offered no authentication mechanism the client may use.
	ErrAuth = errors.New("mail: authentication failed; check the user name and password (EMAIL_URL or EmailHostUser/EmailHostPassword)")
	// ErrUnreachable reports that the mail server could not be reached or
	// did not answer in time. Errors wrapping it also wrap the network
	// error, so errors.Is(err, os.ErrDeadlineExceeded) tells a timeout.
	ErrUnreachable = errors.New("mail: mail server unreachable; check the host, port and TLS mode")
	// ErrRecipientsRefused is matched by every [*RecipientsError].
	ErrRecipientsRefused = errors.New("mail: recipients refused")
	// ErrClosed is returned by Send on a backend after its Close.
	ErrClosed = errors.New("mail: backend is closed")
)

// HeaderError reports a bad header, address or filename in a message:
// Field names where ("Subject", "To", "Headers[X-Tag]", "Attachments[0]"),
// Err is the cause ([ErrHeaderInjection] for line breaks).
type HeaderError struct {
	Field  string
	Reason string
	Err    error
}

// Error returns "mail: <Field>: <Reason>".
func (e *HeaderError) Error() string {
	msg := "mail: " + e.Field + ": " + e.Reason
	if e.Err != nil && e.Reason == "" {
		msg = "mail: " + e.Field + ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns Err.
func (e *HeaderError) Unwrap() error { return e.Err }

// RefusedRecipient is one address a server refused, with its reply.
type RefusedRecipient struct {
	Address string
	Err     error
}

// RecipientsError reports the recipients a server refused for one
// message. The message was not sent to anyone: a partial delivery would
// leave the caller unable to tell who got it. It matches
// [ErrRecipientsRefused] with errors.Is.
type RecipientsError struct {
	Refused []RefusedRecipient
}

// Error lists the refused addresses with the server's replies.
func (e *RecipientsError) Error() string {
	var b strings.Builder
	b.WriteString("mail: server refused recipient")
	if len(e.Refused) != 1 {
		b.WriteString("s")
	}
	for i, r := range e.Refused {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(" ")
		b.WriteString(r.Address)
		if r.Err != nil {
			b.WriteString(" (")
			b.WriteString(r.Err.Error())
			b.WriteString(")")
		}
	}
	b.WriteString("; the message was sent to nobody, fix or remove these addresses")
	return b.String()
}

// Is reports whether target is [ErrRecipientsRefused].
func (e *RecipientsError) Is(target error) bool { return target == ErrRecipientsRefused }

// Addresses returns the refused addresses.
func (e *RecipientsError) Addresses() []string {
	out := make([]string, len(e.Refused))
	for i, r := range e.Refused {
		out[i] = r.Address
	}
	return out
}
