package jazz

import (
	"slices"

	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/jazzgo/jazz/migrate"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/jazzgo/jazz/checks"
	"github.com/jazzgo/jazz/manage"
)

// runserverCommand serves the project. Unlike Django's development server
// it is the production server too: net/http with timeouts and graceful
// shutdown, so the same binary runs behind a load balancer.
type runserverCommand struct {
	p          *Project
	skipChecks bool
}

func (c *runserverCommand) Name() string { return "runserver" }
func (c *runserverCommand) Help() string {
	return "Start the web server on [addr:]port (default " + c.p.Settings.Addr + ")."
}
func (c *runserverCommand) SetFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.skipChecks, "skip-checks", false, "Skip system checks.")
	// Django's autoreloader has no Go counterpart (the binary is compiled);
	// the flag is accepted so that habits and scripts keep working.
	fs.Bool("noreload", false, "Accepted for compatibility; Jazz never reloads.")
}

func (c *runserverCommand) Run(ctx context.Context, io *manage.IO, args []string) error {
	if len(args) > 1 {
		return manage.Usagef("runserver takes at most one argument, [addr:]port")
	}
	addr := c.p.Settings.Addr
	if len(args) == 1 {
		var err error
		if addr, err = parseAddr(args[0]); err != nil {
			return manage.Usagef("%v", err)
		}
	}
	if !c.skipChecks {
		io.Printf("Performing system checks...\n\n")
		msgs := c.p.Checks.Run(ctx, checks.RunOptions{Silenced: c.p.Settings.SilencedSystemChecks})
		checks.Report(io.Stdout, msgs, 0)
		io.Printf("\n")
		c.p.warnUnapplied(ctx, io)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("that port is already in use (%s)", addr)
		}
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	io.Printf("%s\nJazz version %s, using settings %q\nStarting server at http://%s/\nQuit the server with CONTROL-C.\n",
		time.Now().Format("January 02, 2006 - 15:04:05"), Version, c.p.Settings.Name, displayAddr(ln.Addr()))
	return c.p.Serve(ctx, ln)
}

// parseAddr accepts Django's forms: "8000", "0:8000" (all interfaces),
// "127.0.0.1:8000", "[::1]:8000" and "localhost:8000".
func parseAddr(s string) (string, error) {
	if !strings.Contains(s, ":") {
		s = "127.0.0.1:" + s
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", fmt.Errorf("%q is not a port or address:port pair", s)
	}
	if host == "0" {
		host = "0.0.0.0"
	}
	if n := len(port); n == 0 || n > 5 || strings.Trim(port, "0123456789") != "" {
		return "", fmt.Errorf("%q is not a valid port number", port)
	}
	return net.JoinHostPort(host, port), nil
}

func displayAddr(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok && t.IP.IsUnspecified() {
		return fmt.Sprintf("0.0.0.0:%d", t.Port)
	}
	return a.String()
}

// Server returns an *http.Server for the project with the timeouts from
// its settings, for programs that manage their own listener or TLS.
func (p *Project) Server() *http.Server {
	s := p.Settings
	return &http.Server{
		Handler:           p,
		ReadHeaderTimeout: s.ReadHeaderTimeout,
		ReadTimeout:       s.ReadTimeout,
		WriteTimeout:      s.WriteTimeout,
		IdleTimeout:       s.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(p.Logger.Handler(), slog.LevelWarn),
	}
}

// Serve serves the project on ln until ctx is cancelled, then shuts down
// gracefully: it stops accepting connections, lets in-flight requests
// finish for up to ShutdownTimeout, and returns nil once they have. If
// requests are still running at the deadline their connections are closed
// and an error says so.
func (p *Project) Serve(ctx context.Context, ln net.Listener) error {
	srv := p.Server()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	p.Logger.Info("shutting down: waiting for in-flight requests", "timeout", p.Settings.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), p.Settings.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: requests still running after %s were cut off: %w", p.Settings.ShutdownTimeout, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// warnUnapplied tells, as Django's runserver does, when the default
// database lacks migrations the project has. It never migrates: that is
// the deployer's decision.
func (p *Project) warnUnapplied(ctx context.Context, io *manage.IO) {
	if p.DB == nil {
		return
	}
	l, err := migrate.Load(p.Apps.All(), nil)
	if err != nil {
		io.Printf("%v\n\n", err)
		return
	}
	keys, err := migrate.Unapplied(ctx, p.DB, l)
	if err != nil {
		io.Printf("Could not check for unapplied migrations: %v\n\n", err)
		return
	}
	if len(keys) == 0 {
		return
	}
	var appsWith []string
	for _, k := range keys {
		if !slices.Contains(appsWith, k.App) {
			appsWith = append(appsWith, k.App)
		}
	}
	io.Printf("You have %d unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): %s.\nRun 'migrate' to apply them.\n\n",
		len(keys), strings.Join(appsWith, ", "))
}
