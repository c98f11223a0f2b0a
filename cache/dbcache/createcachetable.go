package dbcache

import (
	"context"
	"flag"
	"strings"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/manage"
)

// CreateCacheTable is the createcachetable management command: it creates
// the cache tables that do not exist yet and leaves existing ones alone,
// so it is safe to run on every deploy. With --dry-run it prints the SQL
// of the missing tables instead. Positional arguments name the tables to
// create instead of the ones given to [NewCreateCacheTable].
type CreateCacheTable struct {
	d      *db.DB
	tables []string
	dryRun bool
}

// NewCreateCacheTable returns the command for the cache tables the
// project's db:// caches use, all in d.
func NewCreateCacheTable(d *db.DB, tables ...string) *CreateCacheTable {
	return &CreateCacheTable{d: d, tables: tables}
}

// Name returns "createcachetable".
func (*CreateCacheTable) Name() string { return "createcachetable" }

// Help describes the command.
func (*CreateCacheTable) Help() string {
	return "Creates the tables needed to use the database cache backend."
}

// SetFlags declares --dry-run.
func (c *CreateCacheTable) SetFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.dryRun, "dry-run", false, "print the SQL that would be run, and run nothing")
}

// Run creates each missing table, printing one line per table created
// (or its statements with --dry-run). It fails without a database or
// without any table to create.
func (c *CreateCacheTable) Run(ctx context.Context, io *manage.IO, args []string) error {
	tables := c.tables
	if len(args) > 0 {
		tables = args
	}
	if len(tables) == 0 {
		return manage.Usagef("dbcache: no cache tables to create; name them (createcachetable my_cache_table) or configure a db:// cache")
	}
	if c.d == nil {
		return manage.Usagef("dbcache: createcachetable has no database; configure DATABASE_URL")
	}
	seen := map[string]bool{}
	for _, t := range tables {
		if seen[t] {
			continue
		}
		seen[t] = true
		if TableExists(ctx, c.d, t) {
			io.Printf("Cache table %q already exists.\n", t)
			continue
		}
		if c.dryRun {
			io.Printf("%s;\n", strings.Join(TableSQL(c.d.Dialect(), t), ";\n"))
			continue
		}
		if _, err := CreateTable(ctx, c.d, t); err != nil {
			return err
		}
		io.Printf("Cache table %q created.\n", t)
	}
	return nil
}

var _ manage.Command = (*CreateCacheTable)(nil)
