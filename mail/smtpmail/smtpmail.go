package smtpmail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"

	"github.com/jazzgo/jazz/mail"
)

// DefaultTimeout bounds connecting and each step of the SMTP
// conversation when Options.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// Options configures a [Backend]; the fields follow Django's EMAIL_*
// settings.
type Options struct {
	// Host is the server's host name or IP address (EMAIL_HOST); required.
	Host string
	// Port (EMAIL_PORT); zero means 465 with UseSSL, 587 with UseTLS and
	// 25 otherwise.
	Port int
	// Username and Password authenticate (EMAIL_HOST_USER,
	// EMAIL_HOST_PASSWORD); no authentication when Username is empty.
	// PLAIN and LOGIN are used only over TLS (or to localhost), so a
	// password never crosses the network in clear text.
	Username string
	Password string
	// UseTLS upgrades the connection with STARTTLS, and fails when the
	// server does not offer it (EMAIL_USE_TLS). UseSSL connects with
	// implicit TLS (EMAIL_USE_SSL). They exclude each other.
	UseTLS bool
	UseSSL bool
	// CertFile and KeyFile are a PEM client certificate and key
	// (EMAIL_SSL_CERTFILE, EMAIL_SSL_KEYFILE), loaded by New.
	CertFile string
	KeyFile  string
	// Timeout bounds connecting and each command (EMAIL_TIMEOUT); zero
	// means [DefaultTimeout].
	Timeout time.Duration
	// TLSConfig is the TLS configuration to start from, for instance with
	// test RootCAs; nil means the system roots. It is cloned; ServerName
	// defaults to Host.
	TLSConfig *tls.Config
	// HELO is the name the client greets with; empty means the machine's
	// host name.
	HELO string
}

// Backend sends mail over SMTP with the go-mail client. Each Send opens
// one connection and sends all its messages over it. Safe for concurrent
// use: concurrent Sends use separate connections.
type Backend struct {
	opts   Options
	tlsCfg *tls.Config
	mu     sync.Mutex
	closed bool
}

var _ mail.Backend = (*Backend)(nil)

// New checks opts and returns a backend; it does not connect. It fails
// when Host is empty, when both UseTLS and UseSSL are set, or when the
// client certificate cannot be loaded: errors a site should see at
// start-up, not at its first mail.
func New(opts Options) (*Backend, error) {
	if opts.Host == "" {
		return nil, errors.New("smtpmail: no host; set EmailHost (or the host of EMAIL_URL)")
	}
	if opts.UseTLS && opts.UseSSL {
		return nil, errors.New("smtpmail: EmailUseTLS and EmailUseSSL are mutually exclusive; set only one (UseTLS: STARTTLS, usually port 587; UseSSL: implicit TLS, usually port 465)")
	}
	if opts.Port == 0 {
		switch {
		case opts.UseSSL:
			opts.Port = 465
		case opts.UseTLS:
			opts.Port = 587
		default:
			opts.Port = 25
		}
	}
	if opts.Port < 1 || opts.Port > 65535 {
		return nil, fmt.Errorf("smtpmail: port %d out of range", opts.Port)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.HELO == "" {
		if h, err := os.Hostname(); err == nil && h != "" {
			opts.HELO = h
		} else {
			opts.HELO = "localhost"
		}
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if opts.TLSConfig != nil {
		cfg = opts.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = opts.Host
	}
	if (opts.CertFile == "") != (opts.KeyFile == "") {
		return nil, errors.New("smtpmail: set both EmailSSLCertfile and EmailSSLKeyfile, or neither")
	}
	if opts.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(opts.CertFile, opts.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("smtpmail: client certificate: %w", err)
		}
		cfg.Certificates = append(cfg.Certificates, cert)
	}
	return &Backend{opts: opts, tlsCfg: cfg}, nil
}

// Addr returns "host:port".
func (b *Backend) Addr() string {
	return net.JoinHostPort(b.opts.Host, strconv.Itoa(b.opts.Port))
}

// Close marks the backend closed; connections live only within one Send.
func (b *Backend) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	return nil
}

// Error is a failed step of an SMTP conversation: Op is "connect",
// "auth", "mail", "rcpt" or "data". It wraps [mail.ErrUnreachable] for
// connection failures and timeouts and [mail.ErrAuth] for refused
// credentials, as well as the underlying error (a *textproto.Error for a
// server reply, with its code).
type Error struct {
	Op   string
	Addr string
	Err  error
}

// Error returns "smtpmail: <op> <addr>: <cause>".
func (e *Error) Error() string { return "smtpmail: " + e.Op + " " + e.Addr + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Send delivers msgs over one connection; see [mail.Backend]. Messages
// that fail to render are reported without connecting for them. A server
// reply refusing one message (a rejected sender, refused recipients: a
// [*mail.RecipientsError], a rejected body) fails that message only; a
// broken connection or a timeout stops the call. When ctx is done the
// conversation is cut off and ctx's error returned.
func (b *Backend) Send(ctx context.Context, msgs ...*mail.Message) (int, error) {
	b.mu.Lock()
	closed := b.closed
	b.mu.Unlock()
	if closed {
		return 0, mail.ErrClosed
	}
	var errs []error
	type item struct {
		i int
		p *mail.Prepared
	}
	var todo []item
	for i, m := range msgs {
		p, err := mail.Prepare(m)
		if err != nil {
			errs = append(errs, fmt.Errorf("message %d: %w", i, err))
			continue
		}
		todo = append(todo, item{i, p})
	}
	if len(todo) == 0 {
		return 0, errors.Join(errs...)
	}

	sc, stop, err := b.connect(ctx)
	if err != nil {
		return 0, errors.Join(append(errs, err)...)
	}
	defer stop()

	n := 0
	for _, it := range todo {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		err := b.sendOne(sc, it.p)
		if err == nil {
			n++
			continue
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			errs = append(errs, fmt.Errorf("message %d: %w", it.i, ctxErr))
			break
		}
		errs = append(errs, fmt.Errorf("message %d: %w", it.i, err))
		if !isReply(err) {
			break // the connection is gone; the rest cannot be sent over it
		}
		_ = sc.Reset()
	}
	_ = sc.Quit() // the messages are accepted; a failed goodbye changes nothing
	return n, errors.Join(errs...)
}

// isReply reports whether err is a server reply (the conversation can go
// on) rather than a broken connection.
func isReply(err error) bool {
	var te *textproto.Error
	var re *mail.RecipientsError
	return errors.As(err, &te) || errors.As(err, &re)
}

// connect dials, greets, upgrades to TLS and authenticates. stop cuts the
// connection's tie to ctx and closes it.
func (b *Backend) connect(ctx context.Context) (*gosmtp.Client, func(), error) {
	var (
		connMu sync.Mutex
		conn   net.Conn
	)
	addr := b.Addr()
	dial := func(dctx context.Context, network, address string) (net.Conn, error) {
		d := net.Dialer{Timeout: b.opts.Timeout}
		c, err := d.DialContext(dctx, network, address)
		if err != nil {
			return nil, err
		}
		if b.opts.UseSSL {
			tc := tls.Client(c, b.tlsCfg)
			if err := tc.HandshakeContext(dctx); err != nil {
				c.Close()
				return nil, fmt.Errorf("TLS handshake: %w", err)
			}
			c = tc
		}
		connMu.Lock()
		conn = c
		connMu.Unlock()
		return c, nil
	}
	policy := gomail.NoTLS
	if b.opts.UseTLS {
		policy = gomail.TLSMandatory
	}
	client, err := gomail.NewClient(b.opts.Host,
		gomail.WithPort(b.opts.Port),
		gomail.WithTimeout(b.opts.Timeout),
		gomail.WithHELO(b.opts.HELO),
		gomail.WithTLSConfig(b.tlsCfg),
		gomail.WithTLSPolicy(policy),
		gomail.WithDialContextFunc(dial),
		gomail.WithSMTPAuth(gomail.SMTPAuthNoAuth), // authenticated below, to tell auth failures apart
	)
	if err != nil {
		return nil, nil, &Error{Op: "connect", Addr: addr, Err: err}
	}
	sc, err := client.DialToSMTPClientWithContext(ctx)
	connMu.Lock()
	dialed := conn
	connMu.Unlock()
	if err != nil {
		if dialed != nil {
			dialed.Close()
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, nil, &Error{Op: "connect", Addr: addr, Err: ctxErr}
		}
		if dialed == nil || isTimeout(err) {
			return nil, nil, &Error{Op: "connect", Addr: addr, Err: fmt.Errorf("%w: %w", mail.ErrUnreachable, withTimeoutHint(err, b.opts.Timeout))}
		}
		return nil, nil, &Error{Op: "connect", Addr: addr, Err: err}
	}
	// Cancelling ctx expires the deadline, so a blocked read or write
	// returns at once instead of after Timeout.
	unhook := context.AfterFunc(ctx, func() { dialed.SetDeadline(time.Unix(1, 0)) })
	stop := func() {
		unhook()
		dialed.Close()
	}
	if b.opts.Username != "" {
		if err := b.auth(sc); err != nil {
			stop()
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, nil, &Error{Op: "auth", Addr: addr, Err: ctxErr}
			}
			if isTimeout(err) {
				return nil, nil, &Error{Op: "auth", Addr: addr, Err: fmt.Errorf("%w: %w", mail.ErrUnreachable, withTimeoutHint(err, b.opts.Timeout))}
			}
			return nil, nil, &Error{Op: "auth", Addr: addr, Err: fmt.Errorf("%w: %w", mail.ErrAuth, err)}
		}
	}
	return sc, stop, nil
}

// auth picks the strongest mechanism the server offers that may be used
// on this connection and authenticates.
func (b *Backend) auth(sc *gosmtp.Client) error {
	ok, offered := sc.Extension("AUTH")
	if !ok {
		return errors.New("the server offers no authentication (AUTH); remove the user name or use the right port")
	}
	mechs := map[string]bool{}
	for _, m := range strings.Fields(strings.ToUpper(offered)) {
		mechs[m] = true
	}
	_, tlsErr := sc.GetTLSConnectionState()
	encrypted := tlsErr == nil
	clearOK := encrypted || isLocalhost(b.opts.Host)
	u, p := b.opts.Username, b.opts.Password
	var a gosmtp.Auth
	switch {
	case mechs["SCRAM-SHA-256"]:
		a = gosmtp.ScramSHA256Auth(u, p)
	case mechs["SCRAM-SHA-1"]:
		a = gosmtp.ScramSHA1Auth(u, p)
	case mechs["CRAM-MD5"]:
		a = gosmtp.CRAMMD5Auth(u, p)
	case mechs["PLAIN"] && clearOK:
		a = gosmtp.PlainAuth("", u, p, b.opts.Host, true)
	case mechs["LOGIN"] && clearOK:
		a = gosmtp.LoginAuth(u, p, b.opts.Host, true)
	case (mechs["PLAIN"] || mechs["LOGIN"]) && !encrypted:
		return fmt.Errorf("the server offers only %s, which would send the password in clear text; enable STARTTLS (EmailUseTLS, ?tls=starttls) or implicit TLS (EmailUseSSL, smtps://)", offered)
	default:
		return fmt.Errorf("no supported mechanism among %q", offered)
	}
	return sc.Auth(a)
}

func isLocalhost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func isTimeout(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func withTimeoutHint(err error, d time.Duration) error {
	if isTimeout(err) {
		return fmt.Errorf("no answer within %s (EmailTimeout): %w", d, err)
	}
	return err
}

// sendOne runs one MAIL, RCPT..., DATA transaction.
func (b *Backend) sendOne(sc *gosmtp.Client, p *mail.Prepared) error {
	addr := b.Addr()
	if err := sc.UpdateDeadline(b.opts.Timeout); err != nil {
		return &Error{Op: "mail", Addr: addr, Err: err}
	}
	if err := sc.Mail(p.From); err != nil {
		return &Error{Op: "mail", Addr: addr, Err: b.wrapConn(err)}
	}
	var refused []mail.RefusedRecipient
	for _, to := range p.To {
		if err := sc.Rcpt(to); err != nil {
			var te *textproto.Error
			if !errors.As(err, &te) {
				return &Error{Op: "rcpt", Addr: addr, Err: b.wrapConn(err)}
			}
			refused = append(refused, mail.RefusedRecipient{Address: to, Err: err})
		}
	}
	if len(refused) > 0 {
		return &mail.RecipientsError{Refused: refused}
	}
	w, err := sc.Data()
	if err != nil {
		return &Error{Op: "data", Addr: addr, Err: b.wrapConn(err)}
	}
	if _, err := w.Write(p.Raw); err != nil {
		w.Close()
		return &Error{Op: "data", Addr: addr, Err: b.wrapConn(err)}
	}
	if err := w.Close(); err != nil {
		return &Error{Op: "data", Addr: addr, Err: b.wrapConn(err)}
	}
	return nil
}

// wrapConn marks timeouts as [mail.ErrUnreachable]; server replies pass
// through unchanged.
func (b *Backend) wrapConn(err error) error {
	if isTimeout(err) {
		return fmt.Errorf("%w: %w", mail.ErrUnreachable, withTimeoutHint(err, b.opts.Timeout))
	}
	return err
}
