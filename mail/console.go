package mail

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"
)

// ConsoleSeparator is the line the console backend writes after each
// message, as Django's console backend does: 79 dashes. A message never
// contains this line, because body lines longer than 78 characters are
// quoted-printable encoded and so broken at 76.
const ConsoleSeparator = "-------------------------------------------------------------------------------"

// Console writes each message's full bytes to a writer, followed by
// [ConsoleSeparator] on a line of its own; for development. Writes of one
// message are not interleaved with another's. Safe for concurrent use.
type Console struct {
	mu sync.Mutex
	w  io.Writer
	cf closeFlag
}

var _ Backend = (*Console)(nil)

// NewConsole returns a console backend writing to w; nil means os.Stdout.
func NewConsole(w io.Writer) *Console {
	if w == nil {
		w = os.Stdout
	}
	return &Console{w: w}
}

// Send writes each valid message; see [Backend].
func (c *Console) Send(ctx context.Context, msgs ...*Message) (int, error) {
	if c.cf.isClosed() {
		return 0, ErrClosed
	}
	return sendEach(ctx, msgs, func(_ *Message, p *Prepared) error {
		var buf bytes.Buffer
		buf.Write(p.Raw)
		if !bytes.HasSuffix(p.Raw, []byte("\n")) {
			buf.WriteString("\r\n")
		}
		buf.WriteString(ConsoleSeparator + "\n")
		c.mu.Lock()
		defer c.mu.Unlock()
		if _, err := c.w.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("mail: console write: %w", err)
		}
		return nil
	})
}

// Close marks the backend closed; it does not close the writer.
func (c *Console) Close() error { c.cf.close(); return nil }

// SplitConsole splits console backend output back into messages.
func SplitConsole(out []byte) [][]byte {
	var msgs [][]byte
	for _, chunk := range strings.Split(string(out), ConsoleSeparator+"\n") {
		if chunk != "" {
			msgs = append(msgs, []byte(chunk))
		}
	}
	return msgs
}

func openConsole(u *url.URL) (Backend, error) {
	if err := noQuery(u); err != nil {
		return nil, err
	}
	switch strings.ToLower(u.Host + u.Opaque) {
	case "", "stdout":
		return NewConsole(os.Stdout), nil
	case "stderr":
		return NewConsole(os.Stderr), nil
	}
	return nil, fmt.Errorf("console:// takes no host but stdout or stderr, got %q", u.Host+u.Opaque)
}

// Dummy is a backend that sends nothing and reports every message sent,
// like Django's dummy backend; it does not even render them. Safe for
// concurrent use.
type Dummy struct{ cf closeFlag }

var _ Backend = (*Dummy)(nil)

// Send returns len(msgs), or [ErrClosed] after Close.
func (d *Dummy) Send(ctx context.Context, msgs ...*Message) (int, error) {
	if d.cf.isClosed() {
		return 0, ErrClosed
	}
	return len(msgs), nil
}

// Close marks the backend closed.
func (d *Dummy) Close() error { d.cf.close(); return nil }

func init() {
	Register("console", openConsole)
	Register("dummy", func(u *url.URL) (Backend, error) {
		if err := noQuery(u); err != nil {
			return nil, err
		}
		return &Dummy{}, nil
	})
	Register("locmem", func(u *url.URL) (Backend, error) {
		if err := noQuery(u); err != nil {
			return nil, err
		}
		return NewLocmem(), nil
	})
	Register("file", openFile)
}
