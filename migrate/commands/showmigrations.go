package commands

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"

	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/migrate"
)

// ShowMigrations returns the showmigrations command:
//
//	showmigrations [app ...] [--plan] [--database alias]
//
// It lists each app's migrations in order with [X] for applied and [ ]
// for unapplied ones ([-] for a squashed migration whose replaced
// migrations are applied but which is not recorded yet), apps in
// alphabetical order; --plan lists every migration in the order migrate
// would apply them. It never changes the database.
func ShowMigrations(o Options) manage.Command { return &showMigrations{o: o} }

type showMigrations struct {
	o        Options
	plan     bool
	database string
}

func (*showMigrations) Name() string { return "showmigrations" }

func (*showMigrations) Help() string {
	return "Shows the migrations of each app ([app ...]) and whether they are applied."
}

func (c *showMigrations) SetFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.plan, "plan", false, "List the migrations in the order they apply, with their apps.")
	fs.StringVar(&c.database, "database", "default", "The database to read.")
}

func (c *showMigrations) Run(ctx context.Context, io *manage.IO, args []string) error {
	for _, a := range args {
		if !installed(c.o, a) {
			return fmt.Errorf("no installed app with label %q", a)
		}
	}
	d, err := c.o.database(c.database)
	if err != nil {
		return err
	}
	var rec migrate.Recorder
	recorded := map[migrate.Key]bool{}
	if rec.Exists(ctx, d) {
		if recorded, err = rec.Applied(ctx, d); err != nil {
			return err
		}
	}
	l, err := migrate.Load(c.o.Apps, recorded)
	if err != nil && !errors.Is(err, migrate.ErrConflict) {
		return err
	}
	applied := l.Applied(recorded)
	if c.plan {
		return c.showPlan(io, l, applied, args)
	}
	labels := args
	if len(labels) == 0 {
		for _, a := range c.o.Apps {
			if _, ok := a.(migrate.Provider); ok {
				labels = append(labels, a.Label())
			}
		}
		slices.Sort(labels)
	}
	for _, app := range labels {
		io.Printf("%s\n", app)
		shown := false
		for _, m := range l.Order() {
			if m.App != app {
				continue
			}
			shown = true
			title := m.Name
			if n := len(m.Replaces); n > 0 {
				title += fmt.Sprintf(" (%d squashed migrations)", n)
			}
			switch {
			case !applied[m.Key()]:
				io.Printf(" [ ] %s\n", title)
			case !recorded[m.Key()]:
				io.Printf(" [-] %s Run 'migrate' to finish recording.\n", title)
			default:
				io.Printf(" [X] %s\n", title)
			}
		}
		if !shown {
			io.Printf(" (no migrations)\n")
		}
	}
	return nil
}

func (c *showMigrations) showPlan(io *manage.IO, l *migrate.Loader, applied map[migrate.Key]bool, labels []string) error {
	plan := l.Order()
	if len(labels) > 0 {
		var targets []migrate.Key
		for _, app := range labels {
			targets = append(targets, l.Leaves(app)...)
		}
		// Every migration, so the plan is the order those targets need.
		steps, err := l.Plan(targets, nil)
		if err != nil {
			return err
		}
		plan = plan[:0:0]
		for _, s := range steps {
			plan = append(plan, s.Migration)
		}
	}
	for _, m := range plan {
		mark := " "
		if applied[m.Key()] {
			mark = "X"
		}
		io.Printf("[%s]  %s\n", mark, m)
	}
	if len(plan) == 0 {
		io.Printf("(no migrations)\n")
	}
	return nil
}
