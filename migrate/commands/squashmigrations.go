package commands

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/migrate/autodetect"
)

// SquashMigrations returns the squashmigrations command, Django's
// manage.py squashmigrations: it replaces an app's migrations start..end
// (start defaults to the first) by one whose operations are theirs,
// concatenated and optimized, and whose Replaces lists them, so that new
// databases run fewer operations while databases that applied the old
// ones see the new one as applied.
//
//	squashmigrations app [start] end [--squashed-name N] [--noinput]
//
// The file is named "<start>_squashed_<end>.go" ("0001_squashed_0004_x"
// when start is the first), or "<start number>_<N>.go" with
// --squashed-name. The old migrations stay: delete them (and the
// Replaces list) once every database has applied the squashed one.
func SquashMigrations(o Options) manage.Command { return &squashMigrations{o: o} }

type squashMigrations struct {
	o Options

	squashedName string
	noinput      bool
}

func (*squashMigrations) Name() string { return "squashmigrations" }

func (*squashMigrations) Help() string {
	return "Squashes an existing set of migrations (from first until specified) into a single new one."
}

// ArgsUsage describes the positional arguments.
func (*squashMigrations) ArgsUsage() string { return "app_label [start_migration_name] migration_name" }

func (c *squashMigrations) SetFlags(fs *flag.FlagSet) {
	c.squashedName, c.noinput = "", false
	fs.StringVar(&c.squashedName, "squashed-name", "", "Sets the `name` of the new squashed migration (after its number).")
	fs.BoolVar(&c.noinput, "noinput", false, "Do NOT prompt the user for input of any kind.")
	fs.BoolVar(&c.noinput, "no-input", false, "Same as --noinput.")
}

func (c *squashMigrations) Run(ctx context.Context, io *manage.IO, args []string) error {
	if c.noinput {
		io.Interactive = false
	}
	if len(args) < 2 || len(args) > 3 {
		return manage.Usagef("squashmigrations takes an app label, an optional start migration and an end migration")
	}
	app := args[0]
	var target apps.App
	for _, a := range c.o.Apps {
		if a.Label() == app {
			target = a
		}
	}
	if target == nil {
		return fmt.Errorf("app '%s' could not be found; is it in InstalledApps?", app)
	}
	loader, err := migrate.Load(c.o.Apps, nil)
	if err != nil {
		return err
	}
	endKey, err := loader.Find(app, args[len(args)-1])
	if err != nil {
		return err
	}
	var chain []*migrate.Migration
	for _, m := range loader.Forwards(endKey) {
		if m.App == app {
			chain = append(chain, m)
		}
	}
	if len(args) == 3 {
		startKey, err := loader.Find(app, args[1])
		if err != nil {
			return err
		}
		i := slices.IndexFunc(chain, func(m *migrate.Migration) bool { return m.Key() == startKey })
		if i < 0 {
			return fmt.Errorf("the migration %s cannot be found in the history before %s", startKey, endKey)
		}
		chain = chain[i:]
	}
	if len(chain) == 0 {
		return fmt.Errorf("no migrations of %s to squash up to %s", app, endKey)
	}

	if io.Interactive {
		io.Printf("Will squash the following migrations:\n")
		for _, m := range chain {
			io.Printf(" - %s\n", m.Name)
		}
		io.Printf("Do you wish to proceed? [y/N] ")
		line, _ := bufio.NewReader(io.Stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			return manage.ErrAborted
		}
	}

	inRange := map[migrate.Key]bool{}
	for _, m := range chain {
		inRange[m.Key()] = true
	}
	squashed := &migrate.Migration{App: app, Initial: chain[0].Initial}
	var ops []migrate.Operation
	for _, m := range chain {
		ops = append(ops, m.Operations...)
		if len(m.Replaces) > 0 {
			// Squashing a squash replaces what it replaced.
			squashed.Replaces = append(squashed.Replaces, m.Replaces...)
			for _, r := range m.Replaces {
				inRange[r] = true
			}
		} else {
			squashed.Replaces = append(squashed.Replaces, m.Key())
		}
		squashed.NonAtomic = squashed.NonAtomic || m.NonAtomic
	}
	for _, m := range chain {
		for _, d := range m.Dependencies {
			if d.App == "" {
				d.App = app
			}
			if !inRange[d] && !slices.Contains(squashed.Dependencies, d) {
				squashed.Dependencies = append(squashed.Dependencies, d)
			}
		}
	}
	slices.SortStableFunc(squashed.Dependencies, func(a, b migrate.Key) int {
		if (a.App == app) != (b.App == app) {
			if a.App == app {
				return -1
			}
			return 1
		}
		return strings.Compare(a.String(), b.String())
	})
	squashed.Operations = autodetect.Optimize(app, ops)

	first, last := chain[0], chain[len(chain)-1]
	switch {
	case c.squashedName != "":
		squashed.Name = autodetect.Name(squashed, autodetect.Number(first.Name), c.squashedName, c.o.now())
	case len(args) == 3:
		squashed.Name = autodetect.SafeFileName(first.Name + "_squashed_" + last.Name)
	default:
		squashed.Name = autodetect.SafeFileName(fmt.Sprintf("%04d_squashed_%s", autodetect.Number(first.Name), last.Name))
	}
	if loader.Get(migrate.Key{App: app, Name: squashed.Name}) != nil {
		return fmt.Errorf("migration %s.%s already exists; pick another with --squashed-name", app, squashed.Name)
	}

	mod, err := findModule(c.o.Dir)
	if err != nil {
		return err
	}
	d, err := mod.migrationsDir(target, app)
	if err != nil {
		return err
	}
	src, err := autodetect.Write(squashed, autodetect.WriteOptions{Now: c.o.now(), Package: d.pkg})
	if err != nil {
		return fmt.Errorf("squashmigrations: %w", err)
	}
	file := filepath.Join(d.dir, squashed.Name+".go")
	if err := writeNew(file, src); err != nil {
		return err
	}
	io.Printf("Optimized from %d operations to %d operations.\n", len(ops), len(squashed.Operations))
	io.Printf("Created new squashed migration %s\n", mod.show(file))
	io.Printf("  Commit this migration but leave the old ones in place; new databases will\n" +
		"  apply it instead of them, and databases that applied them treat it as applied.\n" +
		"  Once every database has applied it, delete the migrations it replaces, make any\n" +
		"  migrations that depend on them depend on it, and remove its Replaces list.\n")
	return nil
}
