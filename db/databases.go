package db

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
)

// Config describes one database of a project: the primary's URL, the
// URLs of its read replicas, and pool options shared by all of them.
type Config struct {
	URL      string
	Replicas []string
	Options
}

// Router picks the database alias for a model's reads and writes (Django's
// database routers). An empty answer means "default".
type Router interface {
	DBForRead(model string) string
	DBForWrite(model string) string
}

// Databases holds a project's databases by alias, each a primary with
// optional read replicas. It is safe for concurrent use; build it once at
// start-up with [OpenDatabases] and close it on shutdown.
type Databases struct {
	dbs    map[string]*group
	router Router
}

type group struct {
	primary  *DB
	replicas []*DB
	next     atomic.Uint64
}

// OpenDatabases opens every database of cfg (primaries and replicas),
// which must have a "default" alias. router may be nil (every model uses
// "default"). When one database fails to open, those already opened are
// closed and the error names the alias.
func OpenDatabases(ctx context.Context, cfg map[string]Config, router Router) (*Databases, error) {
	if _, ok := cfg["default"]; !ok {
		return nil, errors.New(`db: Databases has no "default" entry; add one (e.g. DATABASE_URL=sqlite:///db.sqlite3)`)
	}
	ds := &Databases{dbs: make(map[string]*group, len(cfg)), router: router}
	for alias, c := range cfg {
		g := &group{}
		ds.dbs[alias] = g
		var err error
		if g.primary, err = open(ctx, alias, c.URL, c.Options); err != nil {
			ds.Close()
			return nil, fmt.Errorf("db: database %q: %w", alias, err)
		}
		for i, r := range c.Replicas {
			rd, err := open(ctx, alias, r, c.Options)
			if err != nil {
				ds.Close()
				return nil, fmt.Errorf("db: database %q, replica %d: %w", alias, i+1, err)
			}
			g.replicas = append(g.replicas, rd)
		}
	}
	return ds, nil
}

// Aliases returns the configured aliases, sorted.
func (ds *Databases) Aliases() []string {
	out := make([]string, 0, len(ds.dbs))
	for a := range ds.dbs {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

func (ds *Databases) group(alias string) (*group, error) {
	if alias == "" {
		alias = "default"
	}
	g, ok := ds.dbs[alias]
	if !ok {
		return nil, fmt.Errorf("db: no database with alias %q (configured: %v); add it to Databases", alias, ds.Aliases())
	}
	return g, nil
}

// Get returns the primary database of alias ("" means "default"), or an
// error naming the configured aliases.
func (ds *Databases) Get(alias string) (*DB, error) {
	g, err := ds.group(alias)
	if err != nil {
		return nil, err
	}
	return g.primary, nil
}

// ForWrite is [Databases.Get]: writes always go to the primary.
func (ds *Databases) ForWrite(alias string) (*DB, error) { return ds.Get(alias) }

// ForRead returns a read replica of alias, taking them in turn, or the
// primary when it has none. Replicas lag behind the primary: read inside a
// transaction (through [FromContext]) when a read must see your writes.
func (ds *Databases) ForRead(alias string) (*DB, error) {
	g, err := ds.group(alias)
	if err != nil {
		return nil, err
	}
	if len(g.replicas) == 0 {
		return g.primary, nil
	}
	i := g.next.Add(1) - 1
	return g.replicas[i%uint64(len(g.replicas))], nil
}

// ForModelRead returns the database for reading model ("app.Model"): the
// router's choice, or "default", through [Databases.ForRead].
func (ds *Databases) ForModelRead(model string) (*DB, error) {
	alias := "default"
	if ds.router != nil {
		if a := ds.router.DBForRead(model); a != "" {
			alias = a
		}
	}
	return ds.ForRead(alias)
}

// ForModelWrite returns the primary database for writing model: the
// router's choice, or "default".
func (ds *Databases) ForModelWrite(model string) (*DB, error) {
	alias := "default"
	if ds.router != nil {
		if a := ds.router.DBForWrite(model); a != "" {
			alias = a
		}
	}
	return ds.Get(alias)
}

// Close closes every database and returns their errors joined.
func (ds *Databases) Close() error {
	var errs []error
	for _, g := range ds.dbs {
		if g.primary != nil {
			errs = append(errs, g.primary.Close())
		}
		for _, r := range g.replicas {
			errs = append(errs, r.Close())
		}
	}
	return errors.Join(errs...)
}
