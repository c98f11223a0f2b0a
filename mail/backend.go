package mail

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Backend delivers messages: SMTP, the console, files, memory. It is the
// one interface a third-party backend implements; policy (default
// sender, subject prefix, admins) lives in [Mailer].
type Backend interface {
	// Send delivers msgs and returns how many were delivered. It attempts
	// every message and joins the failures of those it could not deliver
	// (errors.Join), so one bad address does not stop a mass mailing; it
	// stops early only when ctx is done or its connection is broken. A
	// connection-based backend opens one connection per call and reuses
	// it for all msgs. Send does not modify the messages. A message that
	// fails [Message.Envelope] or [Message.Bytes] is not delivered.
	Send(ctx context.Context, msgs ...*Message) (int, error)
	// Close releases what the backend holds. Send after Close returns
	// [ErrClosed]. Close is idempotent.
	Close() error
}

// Opener builds a backend from an EMAIL_URL. It should reject query
// parameters it does not know, so a typo fails at start-up.
type Opener func(u *url.URL) (Backend, error)

var (
	registryMu sync.RWMutex
	registry   = map[string]Opener{}
)

// Register makes a backend available to [Open] under scheme (lower case,
// such as "smtp"). Backend packages call it from init. It panics when
// scheme is empty, open is nil or the scheme is already registered,
// which is a programming error, like sql.Register. Safe for concurrent use.
func Register(scheme string, open Opener) {
	if scheme == "" || open == nil {
		panic("mail: Register needs a scheme and an opener")
	}
	scheme = strings.ToLower(scheme)
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[scheme]; dup {
		panic("mail: Register called twice for scheme " + scheme)
	}
	registry[scheme] = open
}

// Schemes returns the registered schemes, sorted.
func Schemes() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	out := make([]string, 0, len(registry))
	for s := range registry {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// knownImports names the package that registers a first-party scheme,
// for the error on a scheme that is not registered.
var knownImports = map[string]string{
	"smtp":  "github.com/jazzgo/jazz/mail/smtpmail",
	"smtps": "github.com/jazzgo/jazz/mail/smtpmail",
}

// Open builds the backend rawURL names (EMAIL_URL): "console://" (or
// "console://stderr"), "file:///var/mail/site", "locmem://", "dummy://",
// and, once package smtpmail is imported, "smtp://user:pass@host:587" and
// "smtps://...". An unknown scheme fails with an error naming it and the
// import that provides it.
func Open(rawURL string) (Backend, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("mail: invalid EMAIL_URL: %w", err)
	}
	if u.Scheme == "" {
		return nil, fmt.Errorf("mail: EMAIL_URL %q has no scheme; use console://, file:///dir, locmem://, dummy:// or smtp://host:587", rawURL)
	}
	scheme := strings.ToLower(u.Scheme)
	registryMu.RLock()
	open := registry[scheme]
	registryMu.RUnlock()
	if open == nil {
		hint := "register it with mail.Register and import the backend's package"
		if imp, ok := knownImports[scheme]; ok {
			hint = fmt.Sprintf("forgotten import of %q?", imp)
		}
		return nil, fmt.Errorf("mail: unknown EMAIL_URL scheme %q (%s); known: %s", scheme, hint, strings.Join(Schemes(), ", "))
	}
	b, err := open(u)
	if err != nil {
		return nil, fmt.Errorf("mail: EMAIL_URL %s: %w", redactURL(u), err)
	}
	return b, nil
}

// redactURL hides a password in u for error messages.
func redactURL(u *url.URL) string {
	return u.Redacted()
}

// noQuery rejects any query parameter for backends that take none.
func noQuery(u *url.URL) error {
	if len(u.Query()) > 0 {
		return fmt.Errorf("unknown parameters %q; this backend takes none", u.RawQuery)
	}
	return nil
}

// Prepared is a message rendered for delivery: the bytes and the
// envelope. Backends use [Prepare] so that every backend refuses the same
// bad messages.
type Prepared struct {
	From string   // bare envelope sender
	To   []string // bare envelope recipients, To+Cc+Bcc
	Raw  []byte   // the message, CRLF line endings
}

// Prepare validates msg and renders it: [Message.Envelope] then
// [Message.Bytes]. A nil msg is an error.
func Prepare(msg *Message) (*Prepared, error) {
	if msg == nil {
		return nil, errors.New("mail: nil message")
	}
	from, to, err := msg.Envelope()
	if err != nil {
		return nil, err
	}
	raw, err := msg.Bytes()
	if err != nil {
		return nil, err
	}
	return &Prepared{From: from, To: to, Raw: raw}, nil
}

// sendEach is the Send loop of the in-process backends: it prepares each
// message, hands it to deliver, and joins the failures.
func sendEach(ctx context.Context, msgs []*Message, deliver func(*Message, *Prepared) error) (int, error) {
	n := 0
	var errs []error
	for i, m := range msgs {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		p, err := Prepare(m)
		if err == nil {
			err = deliver(m, p)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("message %d: %w", i, err))
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

// closeFlag is the Close bookkeeping the backends share.
type closeFlag struct {
	mu     sync.Mutex
	closed bool
}

func (c *closeFlag) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

func (c *closeFlag) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}
