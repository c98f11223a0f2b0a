package jazz

import (
	"context"
	"fmt"
	"github.com/jazzgo/jazz/auth"
	migratecmd "github.com/jazzgo/jazz/migrate/commands"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/storage"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/cache/dbcache"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/orm/fixtures"
)

// Version is the Jazz release.
const Version = "0.1.0"

// Run is a project's main function, Django's manage.py: it applies the
// environment overrides to s, assembles the project and runs the command
// named by os.Args (runserver when there is none), then exits with the
// command's status. A settings or start-up error is printed to stderr and
// exits 1.
//
//	func main() { jazz.Run(settings) }
func Run(s Settings) {
	os.Exit(run(s, os.Args[1:], os.Environ()))
}

// RunCommand runs one management command (args as on the command line,
// e.g. "migrate") on a project built from s and the environment, and
// returns its exit status; Run is RunCommand with the process's arguments,
// then os.Exit. A site uses it to do something before serving, as the
// reference site migrates its demo database.
func RunCommand(s Settings, args ...string) int {
	return run(s, args, os.Environ())
}

func run(s Settings, args, environ []string) int {
	s, err := FromEnv(s, environ)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	p, err := New(s)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer p.Close()
	if len(args) == 0 {
		args = []string{"runserver"}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return p.Main(ctx, args, &manage.IO{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Interactive: isTerminal(os.Stdin),
	})
}

// Main runs the management command args[0] with the rest as its arguments
// and returns the exit status. The context's cancellation (SIGINT or
// SIGTERM under [Run]) asks long-running commands such as runserver to stop
// gracefully.
func (p *Project) Main(ctx context.Context, args []string, stdio *manage.IO) int {
	return manage.Main(p.Context(ctx), filepath.Base(os.Args[0]), p.commands, args, stdio)
}

// Context returns ctx carrying what requests carry, the project's default
// database and cache (where ctx has none of its own), for code that runs
// outside a request: commands, background jobs, tests.
func (p *Project) Context(ctx context.Context) context.Context {
	if p.DB != nil && db.FromContext(ctx) == nil {
		ctx = db.WithDB(ctx, p.DB)
		ctx = orm.WithDatabases(ctx, p.Databases)
	}
	if cache.FromContext(ctx) == nil {
		ctx = cache.WithCache(ctx, p.Cache)
	}
	if mail.FromContext(ctx) == nil {
		ctx = mail.WithMailer(ctx, p.Mailer)
	}
	if p.Media != nil && storage.FromContext(ctx) == nil {
		ctx = storage.WithStorage(ctx, p.Media)
	}
	if p.state != nil && p.state.auth != nil {
		// Commands such as createsuperuser hash with the project's hashers.
		ctx = auth.WithConfig(ctx, *p.state.auth)
	}
	return ctx
}

// Commands returns every management command the project offers: the
// framework's and the installed apps'.
func (p *Project) Commands() []manage.Command { return p.commands }

func (p *Project) buildCommands() error {
	cmds := []manage.Command{
		&runserverCommand{p: p},
		manage.CheckCommand(p.Checks, p.Settings.SilencedSystemChecks),
		versionCommand{},
	}
	cmds = append(cmds, p.Static.Commands()...)
	cmds = append(cmds, mail.NewSendTestEmail(p.Mailer))
	if st := p.state.store; st != nil {
		cmds = append(cmds, sessions.ClearSessionsCommand(st))
	}
	cmds = append(cmds, migratecmd.All(migratecmd.Options{Apps: p.Apps.All(), Databases: p.Databases})...)
	if p.DB != nil {
		cmds = append(cmds, dbcache.NewCreateCacheTable(p.DB, p.cacheTables()...),
			fixtures.DumpDataCommand(), fixtures.LoadDataCommand())
	}
	for _, a := range p.Apps.All() {
		if cp, ok := a.(manage.Provider); ok {
			cmds = append(cmds, cp.Commands()...)
		}
	}
	if _, err := manage.Index(cmds); err != nil {
		return fmt.Errorf("jazz: commands: %w", err)
	}
	p.commands = cmds
	return nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
