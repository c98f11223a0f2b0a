package commands

import (
	"context"
	"flag"
	"strings"

	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/migrate"
)

// SQLMigrate returns the sqlmigrate command:
//
//	sqlmigrate app NAME [--backwards] [--database alias]
//
// It prints the SQL that applying (or unapplying) one migration runs on
// the database's dialect, each statement ending in ";", between BEGIN;
// and COMMIT; where the migration runs in a transaction. NAME may be a
// unique prefix ("0002"). Nothing runs: the SQL is collected, with the
// states rebuilt from the migrations, so the database need not be
// migrated; a data migration (RunGo) shows as a comment.
func SQLMigrate(o Options) manage.Command { return &sqlMigrate{o: o} }

type sqlMigrate struct {
	o         Options
	backwards bool
	database  string
}

func (*sqlMigrate) Name() string { return "sqlmigrate" }

func (*sqlMigrate) Help() string {
	return "Prints the SQL of one migration (app NAME) without running it."
}

func (c *sqlMigrate) SetFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.backwards, "backwards", false, "Print the SQL that unapplies the migration.")
	fs.StringVar(&c.database, "database", "default", "The database whose dialect to write.")
}

func (c *sqlMigrate) Run(ctx context.Context, io *manage.IO, args []string) error {
	if len(args) != 2 {
		return manage.Usagef("expected an app label and a migration name")
	}
	d, err := c.o.database(c.database)
	if err != nil {
		return err
	}
	l, err := migrate.Load(c.o.Apps, nil)
	if err != nil {
		return err
	}
	k, err := l.Find(args[0], args[1])
	if err != nil {
		return err
	}
	stmts, err := migrate.CollectSQL(ctx, d, l, k, c.backwards)
	if err != nil {
		return err
	}
	atomic := d.Dialect().Features().TransactionalDDL && !l.Get(k).NonAtomic
	if atomic {
		io.Printf("BEGIN;\n")
	}
	for _, s := range stmts {
		if strings.HasPrefix(s, "--") {
			io.Printf("%s\n", s)
		} else {
			io.Printf("%s;\n", s)
		}
	}
	if atomic {
		io.Printf("COMMIT;\n")
	}
	return nil
}
