package migrate

import (
	"cmp"
	"fmt"
	"io"
	"slices"
)

// Step is one migration of a plan and the way it goes.
type Step struct {
	Migration *Migration
	// Backwards is true when the step unapplies the migration.
	Backwards bool
}

// Plan returns the steps that bring the database from applied (see
// [Loader.Applied]) to the targets, in the order they must run:
//
//   - no targets: every unapplied migration, dependencies first;
//   - a target {app, name} that is not applied: it and the unapplied
//     migrations it depends on;
//   - a target {app, name} that is applied: the applied migrations of app
//     after it, and every applied migration that depends on them,
//     dependents first (the database goes back to name);
//   - a target {app, ""} ("zero"): every applied migration of app and
//     every applied migration that depends on them, dependents first.
//
// A target may name a replaced migration (see [Loader.Resolve]). A plan
// never mixes directions: targets that would are an error.
func (l *Loader) Plan(targets []Key, applied map[Key]bool) ([]Step, error) {
	if len(targets) == 0 {
		for _, app := range l.labels {
			targets = append(targets, l.Leaves(app)...)
		}
	}
	forwards := map[*node]bool{}
	backwards := map[*node]bool{}
	back := func(k Key) {
		for _, m := range l.Backwards(k, applied) {
			backwards[l.g.nodes[m.Key()]] = true
		}
	}
	for _, t := range targets {
		if t.Name == "" {
			if len(l.byApp[t.App]) == 0 {
				return nil, fmt.Errorf("migrate: app %s has no migrations", t.App)
			}
			for _, r := range l.Roots(t.App) {
				back(r)
			}
			continue
		}
		k, ok := l.Resolve(t)
		if !ok {
			return nil, fmt.Errorf("migrate: unknown migration %s", t)
		}
		n := l.g.nodes[k]
		if !applied[k] {
			for _, a := range l.g.ancestors(n) {
				if !applied[a.key] {
					forwards[a] = true
				}
			}
			continue
		}
		for _, c := range n.children {
			if c.key.App == k.App {
				back(c.key)
			}
		}
	}
	if len(forwards) > 0 && len(backwards) > 0 {
		return nil, fmt.Errorf("migrate: these targets need migrations both applied and unapplied; migrate to them one at a time")
	}
	var ns []*node
	for n := range forwards {
		ns = append(ns, n)
	}
	for n := range backwards {
		ns = append(ns, n)
	}
	slices.SortFunc(ns, func(a, b *node) int { return cmp.Compare(a.pos, b.pos) })
	if len(backwards) > 0 {
		slices.Reverse(ns)
	}
	steps := make([]Step, len(ns))
	for i, n := range ns {
		steps[i] = Step{Migration: n.m, Backwards: len(backwards) > 0}
	}
	return steps, nil
}

// checkConsistent reports an applied migration whose dependency is not
// applied: the database and the code disagree about the history.
func (l *Loader) checkConsistent(applied map[Key]bool) error {
	for _, n := range l.g.order {
		if !applied[n.key] {
			continue
		}
		for _, p := range n.parents {
			if !applied[p.key] {
				return fmt.Errorf("migrate: inconsistent migration history: %s is applied before its dependency %s", n.key, p.key)
			}
		}
	}
	return nil
}

// checkReversible fails, naming the migration and the operation, when a
// backwards plan holds an operation that cannot be undone, so that
// nothing runs.
func checkReversible(steps []Step) error {
	for _, s := range steps {
		if !s.Backwards {
			continue
		}
		for i, op := range s.Migration.Operations {
			if !op.Reversible() {
				return fmt.Errorf("migrate: cannot unapply %s: operation %d (%s) is irreversible: %w", s.Migration, i+1, op.Describe(), ErrIrreversible)
			}
		}
	}
	return nil
}

// WritePlan writes steps as migrate --plan shows them: each migration,
// then its operations indented in the order they run (last first when
// unapplying), "Undo" before those run backwards and "-> IRREVERSIBLE"
// after those that cannot be.
func WritePlan(w io.Writer, steps []Step) {
	fmt.Fprintln(w, "Planned operations:")
	if len(steps) == 0 {
		fmt.Fprintln(w, "  No planned migration operations.")
		return
	}
	for _, s := range steps {
		fmt.Fprintln(w, s.Migration)
		ops := s.Migration.Operations
		if !s.Backwards {
			for _, op := range ops {
				fmt.Fprintln(w, "    "+op.Describe())
			}
			continue
		}
		for i := len(ops) - 1; i >= 0; i-- {
			op := ops[i]
			line := "    Undo " + op.Describe()
			if !op.Reversible() {
				line += " -> IRREVERSIBLE"
			}
			fmt.Fprintln(w, line)
		}
	}
}
