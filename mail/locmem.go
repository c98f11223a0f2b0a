package mail

import (
	"context"
	"slices"
	"sync"
)

// Locmem keeps sent messages in memory, on the backend value (not in a
// package global), for tests: [Locmem.Outbox] shows what was sent. It
// renders every message as the real backends do, so a message that SMTP
// would refuse fails here too. Safe for concurrent use.
type Locmem struct {
	mu     sync.Mutex
	outbox []*Message
	raw    [][]byte
	cf     closeFlag
}

var _ Backend = (*Locmem)(nil)

// NewLocmem returns an empty in-memory backend.
func NewLocmem() *Locmem { return &Locmem{} }

// Send records a deep copy of each valid message; see [Backend].
func (l *Locmem) Send(ctx context.Context, msgs ...*Message) (int, error) {
	if l.cf.isClosed() {
		return 0, ErrClosed
	}
	return sendEach(ctx, msgs, func(m *Message, p *Prepared) error {
		c := m.Clone()
		l.mu.Lock()
		l.outbox = append(l.outbox, c)
		l.raw = append(l.raw, p.Raw)
		l.mu.Unlock()
		return nil
	})
}

// Outbox returns deep copies of the messages sent so far, oldest first;
// nil when there are none. Changing them does not change the outbox.
func (l *Locmem) Outbox() []*Message {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.outbox) == 0 {
		return nil
	}
	out := make([]*Message, len(l.outbox))
	for i, m := range l.outbox {
		out[i] = m.Clone()
	}
	return out
}

// Raw returns the rendered bytes of the messages sent so far, in the
// order of [Locmem.Outbox]; nil when there are none.
func (l *Locmem) Raw() [][]byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.raw) == 0 {
		return nil
	}
	out := make([][]byte, len(l.raw))
	for i, r := range l.raw {
		out[i] = slices.Clone(r)
	}
	return out
}

// Reset empties the outbox.
func (l *Locmem) Reset() {
	l.mu.Lock()
	l.outbox, l.raw = nil, nil
	l.mu.Unlock()
}

// Close marks the backend closed; the outbox stays readable.
func (l *Locmem) Close() error { l.cf.close(); return nil }
