package migrate

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/jazzgo/jazz/db"
)

// Migration is one step of an app's schema history: the operations that
// move the database from the state after its dependencies to the next.
// makemigrations writes them as Go source in the app's migrations package;
// the app returns them from Migrations (see Provider).
type Migration struct {
	// App is the app label. Files leave it empty: the loader fills it
	// from the app that provides the migration.
	App string
	// Name is the migration's name ("0001_initial", "0002_post_slug");
	// its number orders the app's migrations for people, Dependencies
	// order them for the executor.
	Name string
	// Dependencies are the migrations that must be applied first: the
	// app's previous migration and, for relations to other apps, theirs.
	Dependencies []Key
	// Operations run in order.
	Operations []Operation
	// Replaces lists the migrations a squashed migration stands for. A
	// database that applied all of them treats this one as applied; a
	// database that applied none applies this one instead.
	Replaces []Key
	// Initial marks the migration that creates an app's first tables, for
	// migrate --fake-initial.
	Initial bool
	// NonAtomic runs the migration outside a transaction even where the
	// database has transactional DDL (for a RunGo that manages its own).
	NonAtomic bool
}

// Key names a migration: app label and migration name.
type Key struct {
	App  string
	Name string
}

// String returns "app.name".
func (k Key) String() string { return k.App + "." + k.Name }

// Key returns the migration's key.
func (m *Migration) Key() Key { return Key{m.App, m.Name} }

// String returns "app.name".
func (m *Migration) String() string { return m.Key().String() }

// Provider is implemented by an app that has migrations. The app's
// generated migrations package has an All function to return:
//
//	func (*App) Migrations() []*migrate.Migration { return migrations.All() }
type Provider interface {
	Migrations() []*Migration
}

// List collects one app's migrations. The migrations package that
// makemigrations writes declares one List, and each migration file adds
// its migration to it while the package initialises:
//
//	var _ = all.Add(&migrate.Migration{Name: "0001_initial", ...})
type List struct {
	ms []*Migration
}

// Add adds m and returns it. It is meant for package initialisation only.
func (l *List) Add(m *Migration) *Migration {
	l.ms = append(l.ms, m)
	return m
}

// All returns the migrations sorted by name.
func (l *List) All() []*Migration {
	out := slices.Clone(l.ms)
	slices.SortFunc(out, func(a, b *Migration) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Apply replays the migration's operations on s (which changes), for app.
func (m *Migration) Apply(s *State) error {
	for i, op := range m.Operations {
		if err := op.State(m.App, s); err != nil {
			return fmt.Errorf("migrate: %s, operation %d (%s): %w", m, i+1, op.Describe(), err)
		}
	}
	return nil
}

// Editor changes a database schema. Operations describe changes as states
// (the model before and after); an Editor turns that into the statements
// of its dialect, including SQLite's table rebuild for what ALTER TABLE
// cannot do. Get one from a [Backend].
type Editor interface {
	// Dialect is the dialect the statements are written for.
	Dialect() db.Dialect
	// Querier runs statements: the migration's transaction, or the
	// connection when there is none. It is nil when collecting only.
	Querier() db.Querier
	// CreateModel creates m's table, its indexes and constraints, and the
	// automatic through tables of its ManyToMany fields. s is the state
	// that contains m (relations are resolved in it).
	CreateModel(ctx context.Context, s *State, m *ModelState) error
	// DeleteModel drops m's table and its automatic through tables. s is
	// the state that contains m.
	DeleteModel(ctx context.Context, s *State, m *ModelState) error
	// AlterModel makes the database match c.New where it matched c.Old:
	// table name, columns, types, nullability, defaults for existing
	// rows, uniques, indexes, checks, foreign keys and the automatic
	// through tables of ManyToMany fields, keeping every row.
	AlterModel(ctx context.Context, c Change) error
	// Exec runs (or, collecting, records) one statement.
	Exec(ctx context.Context, query string) error
	// Statements returns every statement run or collected so far.
	Statements() []string
}

// Change is what AlterModel needs: the model before and after, each with
// the whole state it lives in (for the tables of related models).
type Change struct {
	From, To *State
	Old, New *ModelState
	// Renamed maps old field names to new ones; any other field present
	// only in Old was removed, only in New was added.
	Renamed map[string]string
	// Fill gives, by new field name, the value for existing rows of a
	// field that is added NOT NULL or becomes NOT NULL, when the field
	// has no default to use.
	Fill map[string]any
}

// Backend is what migrations need from one database dialect beyond its
// SQL: a schema editor, a lock that serialises migrate runs, and the
// session set-up around each migration's transaction. migrate/schema
// registers the first-party ones for "sqlite", "postgres" and "mysql".
type Backend interface {
	// Editor returns an editor that runs statements on q, or with
	// collect only records them (sqlmigrate; q may then be nil or a
	// connection used only to read the catalog).
	Editor(q db.Querier, d db.Dialect, collect bool) Editor
	// Lock waits for and takes the lock that lets one process at a time
	// migrate this database, on the session c; unlock releases it.
	Lock(ctx context.Context, c *db.Conn) (unlock func(context.Context) error, err error)
	// Prepare readies the session c for a migration's transaction
	// (SQLite turns foreign key enforcement off so tables can be rebuilt)
	// and returns what undoes it.
	Prepare(ctx context.Context, c *db.Conn) (restore func(context.Context) error, err error)
	// CheckForeignKeys reports rows whose foreign keys point nowhere,
	// before a migration commits (SQLite's foreign_key_check); others
	// return nil.
	CheckForeignKeys(ctx context.Context, q db.Querier) error
}

var backends = struct {
	sync.RWMutex
	m map[string]Backend
}{m: map[string]Backend{}}

// RegisterBackend makes b the migration backend for the dialect named
// name. It is called from init functions.
func RegisterBackend(name string, b Backend) {
	backends.Lock()
	defer backends.Unlock()
	backends.m[name] = b
}

// BackendFor returns the migration backend of dialect d.
func BackendFor(d db.Dialect) (Backend, error) {
	backends.RLock()
	defer backends.RUnlock()
	b, ok := backends.m[d.Name()]
	if !ok {
		return nil, fmt.Errorf("migrate: no schema editor for the %s dialect (import github.com/jazzgo/jazz/migrate/schema)", d.Name())
	}
	return b, nil
}
