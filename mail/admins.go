package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jazzgo/jazz/conf"
)

// AdminsHandlerOptions configures [AdminsHandler]. The zero value is
// usable: ERROR and above, at most 10 mails a minute, a queue of 32.
type AdminsHandlerOptions struct {
	// Level is the lowest level reported; nil means slog.LevelError.
	Level slog.Leveler
	// MaxPerInterval and Interval bound the mails sent: at most
	// MaxPerInterval in each Interval (a fixed window starting at the
	// first report). Reports over the limit are counted, and the count
	// is given in the next mail. Zero means 10 and one minute.
	MaxPerInterval int
	Interval       time.Duration
	// QueueSize bounds the reports waiting to be mailed; a report that
	// finds the queue full is dropped and counted. Zero means 32.
	QueueSize int
	// SendTimeout bounds each mail's delivery; zero means 30 seconds.
	SendTimeout time.Duration
	// InternalIPs are client addresses reported as "internal" instead of
	// "EXTERNAL" in the subject, when the record has a remote_addr
	// attribute (Django's INTERNAL_IPS).
	InternalIPs []string
	// OnError receives delivery failures. Nil means a line on os.Stderr:
	// logging them through slog could loop back into this handler.
	OnError func(error)
}

// AdminsReporter is the slog.Handler [AdminsHandler] returns. Handlers
// derived with WithAttrs and WithGroup share its queue and rate limit.
type AdminsReporter struct {
	core   *reporterCore
	attrs  []slog.Attr // flattened, keys carry their group prefix
	prefix string      // current group prefix, "g1.g2." or ""
}

var _ slog.Handler = (*AdminsReporter)(nil)

type report struct {
	subject, body string
}

type reporterCore struct {
	m        *Mailer
	opts     AdminsHandlerOptions
	now      func() time.Time
	queue    chan report
	done     chan struct{}
	mu       sync.Mutex
	window   time.Time
	sent     int
	limited  int // reports not sent because of the rate limit, since the last queued one
	dropped  int // reports not sent because the queue was full, since the last queued one
	closed   bool
	internal map[string]bool
}

// AdminsHandler returns a slog handler that mails m's Admins a report for
// each record at ERROR or above that carries request details (attributes
// "method" and "path", as web.ErrorPages logs a 500): Django's
// AdminEmailHandler. Records without them are ignored, so it can sit in a
// handler fan-out beside the console handler.
//
// The subject reads "ERROR (EXTERNAL IP): Internal Server Error: /path"
// after m.SubjectPrefix; the body has the message, the error, the
// request attributes and the stack. Values of attributes whose names
// [conf.LooksSecret] flags are masked, and every value goes through
// [conf.MaskURL], so neither a token nor a DSN password reaches a mailbox.
//
// Handle never blocks on mail: reports are rate limited (see
// [AdminsHandlerOptions]) and queued for a goroutine that sends them. Call
// Close at shutdown to send what is queued. Safe for concurrent use.
func AdminsHandler(m *Mailer, opts AdminsHandlerOptions) *AdminsReporter {
	if opts.Level == nil {
		opts.Level = slog.LevelError
	}
	if opts.MaxPerInterval <= 0 {
		opts.MaxPerInterval = 10
	}
	if opts.Interval <= 0 {
		opts.Interval = time.Minute
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 32
	}
	if opts.SendTimeout <= 0 {
		opts.SendTimeout = 30 * time.Second
	}
	if opts.OnError == nil {
		opts.OnError = func(err error) { fmt.Fprintf(os.Stderr, "mail: error report not sent: %v\n", err) }
	}
	c := &reporterCore{
		m: m, opts: opts, now: time.Now,
		queue: make(chan report, opts.QueueSize), done: make(chan struct{}),
		internal: map[string]bool{},
	}
	for _, ip := range opts.InternalIPs {
		c.internal[ip] = true
	}
	go c.run()
	return &AdminsReporter{core: c}
}

func (c *reporterCore) run() {
	defer close(c.done)
	for r := range c.queue {
		ctx, cancel := context.WithTimeout(context.Background(), c.opts.SendTimeout)
		err := c.m.MailAdmins(ctx, r.subject, r.body, "")
		cancel()
		if err != nil {
			c.opts.OnError(err)
		}
	}
}

// Enabled reports whether level is at least the configured Level.
func (h *AdminsReporter) Enabled(_ context.Context, level slog.Level) bool {
	return level >= h.core.opts.Level.Level()
}

// WithAttrs returns a handler that adds attrs to every record.
func (h *AdminsReporter) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	n := *h
	n.attrs = slices.Clip(h.attrs)
	for _, a := range attrs {
		n.attrs = appendFlat(n.attrs, h.prefix, a)
	}
	return &n
}

// WithGroup returns a handler that qualifies later attributes with name.
func (h *AdminsReporter) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	n := *h
	n.prefix = h.prefix + name + "."
	return &n
}

// appendFlat appends a, resolved, with groups flattened to dotted keys.
func appendFlat(dst []slog.Attr, prefix string, a slog.Attr) []slog.Attr {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p += a.Key + "."
		}
		for _, g := range v.Group() {
			dst = appendFlat(dst, p, g)
		}
		return dst
	}
	if a.Key == "" {
		return dst
	}
	return append(dst, slog.Attr{Key: prefix + a.Key, Value: v})
}

// Handle queues a report for r when it is an error with request details
// and the rate limit allows; it never blocks and never fails.
func (h *AdminsReporter) Handle(_ context.Context, r slog.Record) error {
	if !h.Enabled(context.Background(), r.Level) {
		return nil
	}
	attrs := slices.Clone(h.attrs)
	r.Attrs(func(a slog.Attr) bool {
		attrs = appendFlat(attrs, h.prefix, a)
		return true
	})
	// A report needs a request and its error: that leaves out the access
	// log's line for the same 500 (jazz.server), which has no error.
	if lookup(attrs, "method") == nil || lookup(attrs, "path") == nil || lookup(attrs, "error") == nil {
		return nil
	}
	c := h.core
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	now := c.now()
	if c.window.IsZero() || now.Sub(c.window) >= c.opts.Interval {
		c.window, c.sent = now, 0
	}
	if c.sent >= c.opts.MaxPerInterval {
		c.limited++
		c.mu.Unlock()
		return nil
	}
	c.sent++
	limited, dropped := c.limited, c.dropped
	c.limited, c.dropped = 0, 0
	c.mu.Unlock()

	rep := c.build(r, attrs, limited, dropped)

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	select {
	case c.queue <- rep:
	default:
		c.limited += limited
		c.dropped += dropped + 1
	}
	return nil
}

// Close stops accepting reports and waits until the queued ones are
// sent (or have failed). Later records are ignored. Reports still only
// counted (rate limited) are not mailed. Idempotent.
func (h *AdminsReporter) Close() error {
	c := h.core
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.queue)
	}
	c.mu.Unlock()
	<-c.done
	return nil
}

// lookup finds an attribute by key, or by the last segment of a grouped
// key when no attribute has exactly that key.
func lookup(attrs []slog.Attr, key string) *slog.Value {
	var suffix *slog.Value
	for i := range attrs {
		k := attrs[i].Key
		if k == key {
			return &attrs[i].Value
		}
		if suffix == nil && strings.HasSuffix(k, "."+key) {
			suffix = &attrs[i].Value
		}
	}
	return suffix
}

func maskValue(key, v string) string {
	if conf.LooksSecret(key) && v != "" {
		return conf.Masked
	}
	return conf.MaskURL(v)
}

func (c *reporterCore) build(r slog.Record, attrs []slog.Attr, limited, dropped int) report {
	path := lookup(attrs, "path").String()
	what := r.Message
	if st := lookup(attrs, "status"); st != nil {
		code := 0
		switch st.Kind() {
		case slog.KindInt64:
			code = int(st.Int64())
		case slog.KindUint64:
			code = int(st.Uint64())
		}
		if code >= 500 && http.StatusText(code) != "" {
			what = http.StatusText(code)
		}
	}
	where := "EXTERNAL"
	if ra := lookup(attrs, "remote_addr"); ra != nil && c.internal[ra.String()] {
		where = "internal"
	}
	subject := oneLine(fmt.Sprintf("%s (%s IP): %s: %s", r.Level, where, what, conf.MaskURL(path)))

	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n", what, maskValue("path", path))
	if e := lookup(attrs, "error"); e != nil {
		fmt.Fprintf(&b, "Error:\n%s\n\n", maskValue("error", e.String()))
	}
	b.WriteString("Request:\n")
	var stack string
	for _, a := range attrs {
		short := a.Key[strings.LastIndexByte(a.Key, '.')+1:]
		switch short {
		case "stack":
			stack = a.Value.String()
			continue
		case "error":
			continue
		}
		fmt.Fprintf(&b, "  %s: %s\n", a.Key, maskValue(a.Key, a.Value.String()))
	}
	fmt.Fprintf(&b, "  message: %s\n  time: %s\n", conf.MaskURL(r.Message), r.Time.UTC().Format(time.RFC3339))
	if stack != "" {
		fmt.Fprintf(&b, "\nStack:\n%s\n", strings.TrimRight(maskValue("stack", stack), "\n"))
	}
	if limited > 0 || dropped > 0 {
		b.WriteString("\nNote: ")
		if limited > 0 {
			fmt.Fprintf(&b, "%d earlier error report(s) were not mailed (rate limit: at most %d per %s). ", limited, c.opts.MaxPerInterval, c.opts.Interval)
		}
		if dropped > 0 {
			fmt.Fprintf(&b, "%d earlier error report(s) were dropped because the mail queue was full. ", dropped)
		}
		b.WriteString("See the server log for all of them.\n")
	}
	return report{subject: subject, body: b.String()}
}

// oneLine makes s safe and short enough for a subject: control
// characters (a path may decode to CR LF) become spaces, and it is cut at
// 989 characters, as Django does.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > 989 {
		s = string([]rune(s)[:989])
	}
	return s
}
