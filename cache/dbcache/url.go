package dbcache

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/db"
)

// Opener returns a [cache.OpenFunc] for db:// URLs that finds the database
// through lookup (usually (*db.Databases).Get). There is no init-time
// registration: a registry filled in init cannot know the project's
// databases, so the project wires it once at start-up, after opening
// them:
//
//	cache.Register("db", dbcache.Opener(databases.Get))
//
// The URL is db://table[?database=alias&max_entries=N&cull_frequency=N&call_timeout=2s];
// database defaults to "default". The table must exist (createcachetable).
func Opener(lookup func(alias string) (*db.DB, error)) cache.OpenFunc {
	return func(u *url.URL, _ cache.Options) (cache.Backend, error) {
		return OpenURL(u, lookup)
	}
}

// OpenURL makes a backend from a db:// URL; see [Opener].
func OpenURL(u *url.URL, lookup func(alias string) (*db.DB, error)) (*Backend, error) {
	if lookup == nil {
		return nil, fmt.Errorf("dbcache: no database lookup for %s; pass the project's databases (Databases.Get)", u.Redacted())
	}
	if err := cache.CheckQuery(u, "database", "max_entries", "cull_frequency", "call_timeout"); err != nil {
		return nil, err
	}
	table := u.Host
	if p := strings.Trim(u.Path, "/"); p != "" {
		if table != "" {
			return nil, fmt.Errorf("dbcache: URL %s: write the table as db://tablename", u.Redacted())
		}
		table = p
	}
	if table == "" {
		return nil, fmt.Errorf("dbcache: URL %s names no table; write db://my_cache_table", u.Redacted())
	}
	var opts Options
	var err error
	if opts.MaxEntries, err = cache.IntParam(u, "max_entries", 0); err != nil {
		return nil, err
	}
	if opts.CullFrequency, err = cache.IntParam(u, "cull_frequency", 0); err != nil {
		return nil, err
	}
	if v := u.Query().Get("call_timeout"); v != "" {
		if opts.Timeout, err = time.ParseDuration(v); err != nil || opts.Timeout <= 0 {
			return nil, fmt.Errorf("dbcache: call_timeout=%q in %s must be a positive duration such as 2s", v, u.Redacted())
		}
	}
	alias := u.Query().Get("database")
	if alias == "" {
		alias = "default"
	}
	d, err := lookup(alias)
	if err != nil {
		return nil, fmt.Errorf("dbcache: URL %s: database %q: %w", u.Redacted(), alias, err)
	}
	return New(d, table, opts)
}
