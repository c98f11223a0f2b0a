package migrate

import (
	"context"
	"fmt"

	"github.com/jazzgo/jazz/db"
)

// CollectSQL returns the statements that applying (or, with backwards,
// unapplying) the migration key runs on d's dialect, without running
// them: what sqlmigrate prints. Each operation's statements come after a
// comment line naming it ("-- Add field slug to Post"); a RunGo, whose
// statements cannot be known without running it, is only such a line
// ("-- (Go code: Fill slugs)"). Lines that start with "--" are comments;
// the others are statements without a final ";". d is used only to read
// the catalog when an editor needs to, and may be nil for editors that
// do not. The states come from the loader, never from the database.
func CollectSQL(ctx context.Context, d *db.DB, l *Loader, key Key, backwards bool) ([]string, error) {
	m := l.Get(key)
	if m == nil {
		return nil, fmt.Errorf("migrate: unknown migration %s", key)
	}
	var dialect db.Dialect
	var q db.Querier
	if d != nil {
		dialect, q = d.Dialect(), d
	}
	if dialect == nil {
		return nil, fmt.Errorf("migrate: CollectSQL needs a database for its dialect")
	}
	b, err := BackendFor(dialect)
	if err != nil {
		return nil, err
	}
	before, err := l.stateBefore(key)
	if err != nil {
		return nil, err
	}
	states := []*State{before}
	for i, op := range m.Operations {
		next := states[i].Clone()
		if err := op.State(m.App, next); err != nil {
			return nil, fmt.Errorf("migrate: %s, operation %d (%s): %w", m, i+1, op.Describe(), err)
		}
		states = append(states, next)
	}
	ed := b.Editor(q, dialect, true)
	var out []string
	n := len(m.Operations)
	for j := range n {
		i := j
		if backwards {
			i = n - 1 - j
		}
		op := m.Operations[i]
		if backwards && !op.Reversible() {
			return nil, fmt.Errorf("migrate: cannot unapply %s: operation %d (%s) is irreversible: %w", m, i+1, op.Describe(), ErrIrreversible)
		}
		if g, ok := runGo(op); ok {
			out = append(out, "-- (Go code: "+g.Describe()+")")
			continue
		}
		out = append(out, "-- "+op.Describe())
		seen := len(ed.Statements())
		var err error
		if backwards {
			err = op.Backwards(ctx, ed, m.App, states[i+1], states[i])
		} else {
			err = op.Forwards(ctx, ed, m.App, states[i], states[i+1])
		}
		if err != nil {
			return nil, fmt.Errorf("migrate: %s, operation %d (%s): %w", m, i+1, op.Describe(), err)
		}
		out = append(out, ed.Statements()[seen:]...)
	}
	return out, nil
}

func runGo(op Operation) (RunGo, bool) {
	switch o := op.(type) {
	case RunGo:
		return o, true
	case *RunGo:
		return *o, true
	}
	return RunGo{}, false
}
