package migrate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
)

// Executor applies and unapplies the migrations of a project on one
// database, and records them there (see [Recorder]). Set the fields, then
// call [Executor.Migrate]; an Executor may be used again, but not by two
// goroutines at once. Two processes (or two Executors) migrating the same
// database at the same time are serialised by the backend's lock, so each
// migration runs once.
type Executor struct {
	// DB is the database to migrate.
	DB *db.DB
	// Apps are the installed apps in InstalledApps order; those that
	// implement [Provider] contribute migrations.
	Apps []apps.App
	// Out receives the progress report, as Django's migrate prints it;
	// nil discards it.
	Out io.Writer
	// Backend replaces the backend registered for the database's dialect
	// (see [BackendFor]); nil uses the registered one.
	Backend Backend
}

// RunOptions are the flags of one [Executor.Migrate] run. The zero value
// applies or unapplies for real.
type RunOptions struct {
	// Fake records (or unrecords) the planned migrations without running
	// them, for a database changed by hand.
	Fake bool
	// FakeInitial records without running an Initial migration whose
	// CreateModel tables all exist already, for a database made before
	// its app had migrations.
	FakeInitial bool
	// Plan prints the plan (see [WritePlan]) and changes nothing; it does
	// not even create the recorder table.
	Plan bool
	// Check changes nothing and returns [ErrUnapplied] when the plan is
	// not empty. With Plan, the plan is printed first.
	Check bool
}

// ErrUnapplied is returned by [Executor.Migrate] with RunOptions.Check
// when some migrations are not applied.
var ErrUnapplied = errors.New("migrate: there are unapplied migrations")

// Migrate brings the database to the targets (see [Loader.Plan]: none
// means every migration applied; {app, ""} means app "zero"; a name may be
// a unique prefix, see [Loader.Find]) and reports progress to Out.
//
// It holds one connection from start to end and takes the backend's lock
// on it, creates the recorder table when missing, and runs each migration
// in its own transaction where the dialect has transactional DDL (unless
// the migration is NonAtomic), recording it in the same transaction.
// Inside the transaction it reads the recorded migrations again and skips
// a migration another process has just applied: on SQLite, the
// transaction's write lock is what serialises processes. Operations get a
// context that carries the transaction (see [db.WithTx]), or the DB when
// there is none, so a RunGo can use the ORM.
//
// A backwards plan with an irreversible operation fails before anything
// runs (the error wraps [ErrIrreversible]); so does an app with conflicting
// migrations ([ErrConflict]) or a recorded migration whose dependency is
// not recorded. Where a migration runs outside a transaction and fails
// midway, the error lists the statements that ran, to fix by hand.
func (e *Executor) Migrate(ctx context.Context, targets []Key, opts RunOptions) (err error) {
	out := e.Out
	if out == nil {
		out = io.Discard
	}
	b := e.Backend
	if b == nil {
		if b, err = BackendFor(e.DB.Dialect()); err != nil {
			return err
		}
	}
	var rec Recorder
	if opts.Plan || opts.Check {
		recorded := map[Key]bool{}
		if rec.Exists(ctx, e.DB) {
			if recorded, err = rec.Applied(ctx, e.DB); err != nil {
				return err
			}
		}
		_, steps, err := e.plan(targets, recorded)
		if err != nil {
			return err
		}
		if opts.Plan {
			WritePlan(out, steps)
		}
		if opts.Check && len(steps) > 0 {
			return ErrUnapplied
		}
		return nil
	}

	conn, err := e.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	unlock, err := b.Lock(ctx, conn)
	if err != nil {
		return fmt.Errorf("migrate: waiting for the migration lock: %w", err)
	}
	defer func() {
		if uerr := unlock(context.WithoutCancel(ctx)); uerr != nil && err == nil {
			err = fmt.Errorf("migrate: releasing the migration lock: %w", uerr)
		}
	}()
	if err := rec.Ensure(ctx, conn); err != nil {
		return err
	}
	recorded, err := rec.Applied(ctx, conn)
	if err != nil {
		return err
	}
	l, steps, err := e.plan(targets, recorded)
	if err != nil {
		return err
	}
	writeHeader(out, l, targets)
	if !opts.Fake {
		if err := checkReversible(steps); err != nil {
			return err
		}
	}
	fmt.Fprintln(out, "Running migrations:")
	if len(steps) == 0 {
		fmt.Fprintln(out, "  No migrations to apply.")
	}
	r := &runner{e: e, b: b, conn: conn, d: e.DB.Dialect(), out: out, opts: opts}
	if len(steps) > 0 {
		applied := l.Applied(recorded)
		if steps[0].Backwards {
			snaps := map[Key]*State{}
			for _, s := range steps {
				snaps[s.Migration.Key()] = nil
			}
			if _, err := l.stateOf(applied, snaps); err != nil {
				return err
			}
			for _, s := range steps {
				if _, err := r.step(ctx, s, snaps[s.Migration.Key()]); err != nil {
					return err
				}
			}
		} else {
			state, err := l.stateOf(applied, nil)
			if err != nil {
				return err
			}
			for _, s := range steps {
				if state, err = r.step(ctx, s, state); err != nil {
					return err
				}
			}
		}
	}
	if err := r.recordSquashed(ctx, l); err != nil {
		return err
	}
	if opts.Fake {
		return nil
	}
	return e.postMigrate(ctx)
}

// PostMigrator is implemented by an app with work to do after every
// migrate run, forwards or backwards, even one with nothing to apply:
// Django's post_migrate signal, which auth uses to create the permissions
// of new models. It runs in InstalledApps order with the database in ctx
// (db.FromContext); it must be idempotent.
type PostMigrator interface {
	PostMigrate(ctx context.Context) error
}

func (e *Executor) postMigrate(ctx context.Context) error {
	ctx = db.WithDB(ctx, e.DB)
	for _, a := range e.Apps {
		if pm, ok := a.(PostMigrator); ok {
			if err := pm.PostMigrate(ctx); err != nil {
				return fmt.Errorf("migrate: after migrating, app %s: %w", a.Label(), err)
			}
		}
	}
	return nil
}

// plan loads the migrations for what is recorded and plans the run.
func (e *Executor) plan(targets []Key, recorded map[Key]bool) (*Loader, []Step, error) {
	l, err := Load(e.Apps, recorded)
	if err != nil {
		return nil, nil, err
	}
	applied := l.Applied(recorded)
	if err := l.checkConsistent(applied); err != nil {
		return nil, nil, err
	}
	resolved := make([]Key, len(targets))
	for i, t := range targets {
		if t.Name != "" {
			if t, err = l.Find(t.App, t.Name); err != nil {
				return nil, nil, err
			}
		}
		resolved[i] = t
	}
	steps, err := l.Plan(resolved, applied)
	return l, steps, err
}

// writeHeader says what the run is for, as Django does. Targets that are
// exactly the leaves of their app read as "Apply all migrations: app".
func writeHeader(out io.Writer, l *Loader, targets []Key) {
	fmt.Fprintln(out, "Operations to perform:")
	var whole []string
	if len(targets) == 0 {
		whole = l.Apps()
	}
	byApp := map[string][]Key{}
	for _, t := range targets {
		if t.Name != "" {
			if k, err := l.Find(t.App, t.Name); err == nil {
				t = k
			}
		}
		byApp[t.App] = append(byApp[t.App], t)
	}
	for app, ts := range byApp {
		leaves := l.Leaves(app)
		if len(ts) == len(leaves) && !slices.ContainsFunc(ts, func(k Key) bool { return !slices.Contains(leaves, k) }) {
			whole = append(whole, app)
			delete(byApp, app)
		}
	}
	if len(whole) > 0 {
		slices.Sort(whole)
		fmt.Fprintf(out, "  Apply all migrations: %s\n", strings.Join(whole, ", "))
	}
	for _, t := range targets {
		if _, ok := byApp[t.App]; !ok {
			continue
		}
		if t.Name == "" {
			fmt.Fprintf(out, "  Unapply all migrations: %s\n", t.App)
			continue
		}
		if k, err := l.Find(t.App, t.Name); err == nil {
			t = k
		}
		fmt.Fprintf(out, "  Target specific migration: %s, from %s\n", t.Name, t.App)
	}
}

// runner runs the steps of one Migrate call.
type runner struct {
	e    *Executor
	b    Backend
	conn *db.Conn
	d    db.Dialect
	out  io.Writer
	opts RunOptions
	rec  Recorder
}

// step runs one migration, in either direction. before is the state the
// migration's operations start from when applied; step returns the state
// they end with.
func (r *runner) step(ctx context.Context, s Step, before *State) (*State, error) {
	m := s.Migration
	verb := "Applying"
	if s.Backwards {
		verb = "Unapplying"
	}
	fmt.Fprintf(r.out, "  %s %s...", verb, m)
	start := time.Now()

	// states[i] is the state before operation i, states[len] after the
	// last: operations get their own from and to.
	states := make([]*State, 0, len(m.Operations)+1)
	states = append(states, before)
	cur := before
	for i, op := range m.Operations {
		next := cur.Clone()
		if err := op.State(m.App, next); err != nil {
			fmt.Fprintln(r.out, " FAILED")
			return nil, fmt.Errorf("migrate: %s, operation %d (%s): %w", m, i+1, op.Describe(), err)
		}
		states = append(states, next)
		cur = next
	}

	fake := r.opts.Fake
	if !fake && !s.Backwards && r.opts.FakeInitial && m.Initial {
		fake = r.tablesExist(ctx, m, cur)
	}
	if fake {
		if err := r.record(ctx, r.conn, s); err != nil {
			fmt.Fprintln(r.out, " FAILED")
			return nil, err
		}
		fmt.Fprintln(r.out, " FAKED")
		return cur, nil
	}
	skipped, err := r.run(ctx, s, states)
	if err != nil {
		fmt.Fprintln(r.out, " FAILED")
		return nil, err
	}
	if skipped {
		fmt.Fprintln(r.out, " SKIPPED (done by another process)")
		return cur, nil
	}
	fmt.Fprintf(r.out, " OK (%d ms)\n", time.Since(start).Milliseconds())
	return cur, nil
}

// tablesExist reports whether m creates at least one model and every
// table it creates exists already (for --fake-initial). It probes outside
// any transaction.
func (r *runner) tablesExist(ctx context.Context, m *Migration, after *State) bool {
	found := false
	for _, op := range m.Operations {
		var name string
		switch o := op.(type) {
		case CreateModel:
			name = o.Name
		case *CreateModel:
			name = o.Name
		default:
			continue
		}
		model := after.Model(label(m.App, name))
		if model == nil {
			// Deleted again later in the same migration: nothing to find.
			continue
		}
		if !tableExists(ctx, r.conn, model.Table) {
			return false
		}
		found = true
	}
	return found
}

// run runs the operations of one step and records it, in a transaction
// where the dialect allows. skipped is true when, inside the transaction,
// the step turns out to be done already.
func (r *runner) run(ctx context.Context, s Step, states []*State) (skipped bool, err error) {
	m := s.Migration
	restore, err := r.b.Prepare(ctx, r.conn)
	if err != nil {
		return false, fmt.Errorf("migrate: preparing for %s: %w", m, err)
	}
	defer func() {
		if rerr := restore(context.WithoutCancel(ctx)); rerr != nil && err == nil {
			err = fmt.Errorf("migrate: after %s: %w", m, rerr)
		}
	}()

	var q db.Querier = r.conn
	opctx := db.WithDB(ctx, r.e.DB)
	atomic := r.d.Features().TransactionalDDL && !m.NonAtomic
	if atomic {
		tx, err := r.conn.BeginTx(ctx, nil)
		if err != nil {
			return false, fmt.Errorf("migrate: starting the transaction of %s: %w", m, err)
		}
		committed := false
		defer func() {
			if !committed {
				tx.Rollback()
			}
		}()
		q, opctx = tx, db.WithTx(opctx, tx)
		recorded, err := r.rec.Applied(ctx, tx)
		if err != nil {
			return false, err
		}
		if isApplied(m, recorded) == !s.Backwards {
			return true, nil
		}
		if err := r.operate(opctx, q, s, states); err != nil {
			return false, err
		}
		if err := tx.Commit(); err != nil {
			return false, fmt.Errorf("migrate: committing %s: %w", m, err)
		}
		committed = true
		return false, nil
	}
	return false, r.operate(opctx, q, s, states)
}

// operate runs the operations of s on q, checks foreign keys and records
// the step.
func (r *runner) operate(ctx context.Context, q db.Querier, s Step, states []*State) error {
	m := s.Migration
	ed := r.b.Editor(q, r.d, false)
	n := len(m.Operations)
	for j := range n {
		var err error
		i := j
		if s.Backwards {
			i = n - 1 - j
			err = m.Operations[i].Backwards(ctx, ed, m.App, states[i+1], states[i])
		} else {
			err = m.Operations[i].Forwards(ctx, ed, m.App, states[i], states[i+1])
		}
		if err != nil {
			err = fmt.Errorf("migrate: %s %s, operation %d (%s): %w", verbing(s), m, i+1, m.Operations[i].Describe(), err)
			return r.halfDone(q, m, ed, err)
		}
	}
	if err := r.b.CheckForeignKeys(ctx, q); err != nil {
		return r.halfDone(q, m, ed, fmt.Errorf("migrate: %s %s: %w", verbing(s), m, err))
	}
	if err := r.record(ctx, q, s); err != nil {
		return r.halfDone(q, m, ed, err)
	}
	return nil
}

func verbing(s Step) string {
	if s.Backwards {
		return "unapplying"
	}
	return "applying"
}

// halfDone returns err as a *[HalfMigratedError] when the migration ran
// outside a transaction and sent statements to the database: they are not
// undone, and whoever fixes the database by hand needs to know them.
func (r *runner) halfDone(q db.Querier, m *Migration, ed Editor, err error) error {
	if _, inTx := q.(*db.Tx); inTx {
		return err
	}
	ran := ed.Statements()
	if len(ran) == 0 {
		return err
	}
	return &HalfMigratedError{Migration: m.Key(), Statements: ran, Err: err}
}

// HalfMigratedError reports a migration that failed outside a transaction
// (MySQL, or a NonAtomic migration) after some of its statements ran. Its
// message lists them, to be undone or completed by hand before recording
// the migration with migrate --fake.
type HalfMigratedError struct {
	Migration Key
	// Statements were sent to the database, in order; the last one may
	// be the one that failed.
	Statements []string
	Err        error
}

// Error returns Err's message followed by the statements.
func (e *HalfMigratedError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	fmt.Fprintf(&b, "\nThe database may be left half-migrated: these statements of %s ran (the last one may be the one that failed):\n", e.Migration)
	for _, s := range e.Statements {
		fmt.Fprintf(&b, "    %s;\n", s)
	}
	b.WriteString("Fix the database by hand, then record the migration as it stands with migrate --fake.")
	return b.String()
}

// Unwrap returns Err.
func (e *HalfMigratedError) Unwrap() error { return e.Err }

// record records s (or, going backwards, unrecords it), with every
// migration it replaces.
func (r *runner) record(ctx context.Context, q db.Querier, s Step) error {
	keys := append([]Key{s.Migration.Key()}, s.Migration.Replaces...)
	for _, k := range keys {
		var err error
		if s.Backwards {
			err = r.rec.Unrecord(ctx, q, k)
		} else {
			err = r.rec.Record(ctx, q, k)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// recordSquashed records each squashed migration in use whose replaced
// migrations are all recorded while it is not (they were applied one by
// one before the squash existed), as Django does.
func (r *runner) recordSquashed(ctx context.Context, l *Loader) error {
	recorded, err := r.rec.Applied(ctx, r.conn)
	if err != nil {
		return err
	}
	// Load again: a squashed migration left out because its replaced
	// migrations were partly applied is in use now that they all are.
	if l, err = l.Reload(recorded); err != nil {
		return err
	}
	for _, m := range l.Order() {
		if len(m.Replaces) > 0 && !recorded[m.Key()] && allIn(m.Replaces, recorded) {
			if err := r.rec.Record(ctx, r.conn, m.Key()); err != nil {
				return err
			}
		}
	}
	return nil
}

// isApplied reports whether recorded holds m, or all m replaces.
func isApplied(m *Migration, recorded map[Key]bool) bool {
	return recorded[m.Key()] || (len(m.Replaces) > 0 && allIn(m.Replaces, recorded))
}

// Unapplied returns the migrations of l not applied on d, in dependency
// order, for a warning at start-up. It creates nothing: when the recorder
// table is missing, every migration is unapplied.
func Unapplied(ctx context.Context, d *db.DB, l *Loader) ([]Key, error) {
	var rec Recorder
	recorded := map[Key]bool{}
	if rec.Exists(ctx, d) {
		var err error
		if recorded, err = rec.Applied(ctx, d); err != nil {
			return nil, err
		}
	}
	l, err := l.Reload(recorded)
	if err != nil && !errors.Is(err, ErrConflict) {
		return nil, err
	}
	applied := l.Applied(recorded)
	var out []Key
	for _, m := range l.Order() {
		if !applied[m.Key()] {
			out = append(out, m.Key())
		}
	}
	return out, nil
}
