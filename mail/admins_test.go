package mail

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jazzgo/jazz/web"
)

// funcBackend is a Backend built from a function field.
type funcBackend struct {
	send func(ctx context.Context, msgs ...*Message) (int, error)
}

func (f funcBackend) Send(ctx context.Context, msgs ...*Message) (int, error) {
	return f.send(ctx, msgs...)
}
func (funcBackend) Close() error { return nil }

func newReporter(t *testing.T, b Backend, opts AdminsHandlerOptions) (*AdminsReporter, *slog.Logger) {
	t.Helper()
	m := New(b)
	m.Admins = []string{"ops@example.com"}
	if opts.OnError == nil {
		opts.OnError = func(err error) { t.Errorf("report not sent: %v", err) }
	}
	h := AdminsHandler(m, opts)
	t.Cleanup(func() { h.Close() })
	return h, slog.New(h)
}

// serve500 runs the real web error pages for a panic, logging to logger.
func serve500(logger *slog.Logger, path string, stack string) {
	pages := web.ErrorPages(web.ErrorPagesOptions{Logger: logger})
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.URL.Path = path
	err := &web.PanicError{Value: errors.New("dial postgres://app:s3cret@db/site failed"), Stack: []byte(stack)}
	pages(httptest.NewRecorder(), r, http.StatusInternalServerError, err)
}

func TestAdminsHandlerMailsA500(t *testing.T) {
	out := NewLocmem()
	h, logger := newReporter(t, out, AdminsHandlerOptions{})
	logger = logger.With("api_token", "tok-123", "db", "mysql://root:hunter2@db:3306/x")

	serve500(logger, "/orders/7", "goroutine 1 [running]:\nmain.handler()\n\t/app/orders.go:42 +0x1d\n")
	// Not reported: a 404 (logged at INFO) and an error without request details.
	pages := web.ErrorPages(web.ErrorPagesOptions{Logger: logger})
	pages(httptest.NewRecorder(), httptest.NewRequest("GET", "/missing", nil), 404, web.NotFound(""))
	logger.Error("cron job failed", "error", "boom")
	h.Close()

	sent := out.Outbox()
	if len(sent) != 1 {
		t.Fatalf("sent %d mails, want 1", len(sent))
	}
	m := sent[0]
	if m.Subject != "[Jazz] ERROR (EXTERNAL IP): Internal Server Error: /orders/7" {
		t.Errorf("subject = %q", m.Subject)
	}
	if m.From != "root@localhost" || m.To[0] != "ops@example.com" {
		t.Errorf("from %q to %v", m.From, m.To)
	}
	for _, want := range []string{"main.handler()", "/app/orders.go:42", "method: GET", "path: /orders/7", "status: 500", "api_token: ********", "postgres://app:********@db/site", "mysql://root:********@db:3306/x"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, m.Body)
		}
	}
	for _, secret := range []string{"s3cret", "tok-123", "hunter2"} {
		if strings.Contains(m.Body, secret) || strings.Contains(m.Subject, secret) {
			t.Errorf("secret %q leaked:\n%s", secret, m.Body)
		}
	}
}

func TestAdminsHandlerSubjectCannotInject(t *testing.T) {
	out := NewLocmem()
	h, logger := newReporter(t, out, AdminsHandlerOptions{})
	serve500(logger, "/a\r\nBcc: victim@example.com", "")
	h.Close()
	sent := out.Outbox()
	if len(sent) != 1 {
		t.Fatalf("sent %d, want 1", len(sent))
	}
	if strings.ContainsAny(sent[0].Subject, "\r\n") || len(sent[0].Bcc) != 0 {
		t.Errorf("subject %q", sent[0].Subject)
	}
}

func TestAdminsHandlerRateLimit(t *testing.T) {
	out := NewLocmem()
	h, logger := newReporter(t, out, AdminsHandlerOptions{MaxPerInterval: 3, Interval: time.Minute, QueueSize: 200})
	var mu sync.Mutex
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	h.core.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }

	for range 100 {
		serve500(logger, "/flood", "")
	}
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	serve500(logger, "/after", "")
	h.Close()

	sent := out.Outbox()
	if len(sent) != 4 {
		t.Fatalf("sent %d mails, want 3 in the first minute and 1 after", len(sent))
	}
	last := sent[3]
	if !strings.HasSuffix(last.Subject, "/after") || !strings.Contains(last.Body, "97 earlier error report(s) were not mailed") {
		t.Errorf("last mail does not count the suppressed reports:\n%s\n%s", last.Subject, last.Body)
	}
	// Closed: later records are ignored, not sent, and do not panic.
	serve500(logger, "/closed", "")
	if len(out.Outbox()) != 4 {
		t.Error("a record after Close was mailed")
	}
}

func TestAdminsHandlerNeverBlocksAndCountsDrops(t *testing.T) {
	entered := make(chan struct{}, 10)
	release := make(chan struct{})
	var mu sync.Mutex
	var bodies []string
	b := funcBackend{send: func(ctx context.Context, msgs ...*Message) (int, error) {
		entered <- struct{}{}
		<-release
		mu.Lock()
		bodies = append(bodies, msgs[0].Body)
		mu.Unlock()
		return len(msgs), nil
	}}
	h, logger := newReporter(t, b, AdminsHandlerOptions{MaxPerInterval: 100, QueueSize: 1})
	serve500(logger, "/1", "")
	<-entered                  // the worker is now stuck sending report 1
	serve500(logger, "/2", "") // fills the queue
	for range 3 {
		serve500(logger, "/dropped", "") // returns at once although nothing can be queued
	}
	close(release)
	<-entered // report 2 is being sent, the queue is empty again
	serve500(logger, "/6", "")
	h.Close()
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 3 {
		t.Fatalf("sent %d, want 3", len(bodies))
	}
	if !strings.Contains(bodies[2], "3 earlier error report(s) were dropped") {
		t.Errorf("third mail does not count the drops:\n%s", bodies[2])
	}
}

func TestAdminsHandlerGroupsAndLevel(t *testing.T) {
	out := NewLocmem()
	h, _ := newReporter(t, out, AdminsHandlerOptions{Level: slog.LevelWarn})
	if h.Enabled(context.Background(), slog.LevelInfo) || !h.Enabled(context.Background(), slog.LevelWarn) {
		t.Error("Enabled does not follow Level")
	}
	logger := slog.New(h.WithGroup("req").WithAttrs([]slog.Attr{slog.String("password", "pw1")}))
	logger.Warn("slow", "method", "POST", "path", "/login", "error", "took 9s")
	h.Close()
	sent := out.Outbox()
	if len(sent) != 1 {
		t.Fatalf("sent %d, want 1", len(sent))
	}
	if !strings.Contains(sent[0].Body, "req.method: POST") || !strings.Contains(sent[0].Body, "req.password: ********") || strings.Contains(sent[0].Body, "pw1") {
		t.Errorf("body:\n%s", sent[0].Body)
	}
	if sent[0].Subject != "[Jazz] WARN (EXTERNAL IP): slow: /login" {
		t.Errorf("subject = %q", sent[0].Subject)
	}
}

// TestAdminsHandlerNeedsAnError: the access log's line for a 500 carries
// the request but no error, and must not produce a second report.
func TestAdminsHandlerNeedsAnError(t *testing.T) {
	out := NewLocmem()
	h, _ := newReporter(t, out, AdminsHandlerOptions{})
	logger := slog.New(h)
	logger.Error("request", "method", "GET", "path", "/boom", "status", 500)
	h.Close()
	if n := len(out.Outbox()); n != 0 {
		t.Fatalf("a record without an error sent %d mails", n)
	}
}
