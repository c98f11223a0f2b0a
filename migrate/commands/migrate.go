package commands

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/migrate"
)

// Migrate returns the migrate command:
//
//	migrate [app [NAME|zero]] [--fake] [--fake-initial] [--plan] [--check] [--database alias] [--noinput]
//
// With no app it applies every unapplied migration; with an app, that
// app's (and what they depend on); with a NAME (or a unique prefix of
// one, "0002") it applies up to it or unapplies what came after it; with
// zero it unapplies all of the app and whatever depends on it. --check
// exits with status 1, changing nothing, when migrations are unapplied.
func Migrate(o Options) manage.Command { return &migrateCommand{o: o} }

type migrateCommand struct {
	o                                   Options
	fake, fakeInitial, plan, check, yes bool
	database                            string
}

func (*migrateCommand) Name() string { return "migrate" }

func (*migrateCommand) Help() string {
	return "Updates the database schema: applies the migrations, or unapplies them back to one ([app [NAME|zero]])."
}

func (c *migrateCommand) SetFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.fake, "fake", false, "Record the migrations as applied (or unapplied) without running them.")
	fs.BoolVar(&c.fakeInitial, "fake-initial", false, "Record an initial migration as applied without running it when all the tables it creates exist.")
	fs.BoolVar(&c.plan, "plan", false, "Show the operations that would run, and change nothing.")
	fs.BoolVar(&c.check, "check", false, "Exit with status 1 when migrations are unapplied, and change nothing.")
	fs.StringVar(&c.database, "database", "default", "The database to migrate.")
	fs.BoolVar(&c.yes, "noinput", false, "Ask no questions (migrate asks none; accepted for scripts).")
}

func (c *migrateCommand) Run(ctx context.Context, io *manage.IO, args []string) error {
	if len(args) > 2 {
		return manage.Usagef("expected at most an app label and a migration name, got %d arguments", len(args))
	}
	d, err := c.o.database(c.database)
	if err != nil {
		return err
	}
	var targets []migrate.Key
	if len(args) > 0 {
		if targets, err = c.targets(args); err != nil {
			return err
		}
	}
	x := &migrate.Executor{DB: d, Apps: c.o.Apps, Out: io.Stdout}
	err = x.Migrate(ctx, targets, migrate.RunOptions{Fake: c.fake, FakeInitial: c.fakeInitial, Plan: c.plan, Check: c.check})
	if errors.Is(err, migrate.ErrUnapplied) {
		return &manage.ExitError{Code: 1}
	}
	return err
}

// targets turns "app [NAME|zero]" into executor targets, checking the app
// here so that a typo gets a message about the app, not a migration.
func (c *migrateCommand) targets(args []string) ([]migrate.Key, error) {
	app := args[0]
	if !installed(c.o, app) {
		return nil, fmt.Errorf("no installed app with label %q", app)
	}
	l, err := migrate.Load(c.o.Apps, nil)
	if err != nil && !errors.Is(err, migrate.ErrConflict) {
		return nil, err
	}
	if len(l.Migrations(app)) == 0 {
		return nil, fmt.Errorf("app %q does not have migrations", app)
	}
	switch {
	case len(args) == 1:
		// The app's leaves; the executor reports that as "Apply all
		// migrations: app".
		return l.Leaves(app), nil
	case args[1] == "zero":
		return []migrate.Key{{App: app}}, nil
	}
	return []migrate.Key{{App: app, Name: args[1]}}, nil
}

func installed(o Options, label string) bool {
	for _, a := range o.Apps {
		if a.Label() == label {
			return true
		}
	}
	return false
}
