package migrate

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jazzgo/jazz/apps"
)

// Loader is the migration graph of a project: every installed app's
// migrations, checked and put in one dependency order. It is immutable
// after [Load] and safe for concurrent use. The migrations it returns are
// its own copies (App filled in, dependencies redirected around squashed
// migrations); callers must not change them.
type Loader struct {
	src     []apps.App
	labels  []string       // apps with migrations, in InstalledApps order
	appPos  map[string]int // every app's position in InstalledApps
	g       *graph
	byApp   map[string][]*Migration // in use, sorted by name
	applied map[Key]bool            // as given to Load; nil if none

	// replacedBy maps each migration replaced by a squashed migration in
	// use to that squashed migration, so a name given on the command line
	// still finds it, even after the replaced files are deleted.
	replacedBy map[Key]Key
	// unsquashed maps a squashed migration left out (its replaced
	// migrations are only partly applied) to the last one it replaces.
	unsquashed map[Key]Key
}

// ErrConflict is matched by the error of [Load] when an app's migrations
// have more than one leaf; see [ConflictError].
var ErrConflict = errors.New("migrate: conflicting migrations")

// ConflictError reports apps whose migration graph has more than one
// leaf: two migrations were made from the same parent, usually on two
// branches. One of them must be made to depend on the other (or a merge
// migration must depend on both). errors.Is(err, ErrConflict) is true.
type ConflictError struct {
	// Leaves maps each conflicting app's label to its leaf names, sorted.
	Leaves map[string][]string
	apps   []string // labels in InstalledApps order
}

// Error returns Django's message after the package name: "migrate:
// Conflicting migrations detected; multiple leaf nodes in the migration
// graph: (0002_a, 0002_b in blog)", and how to fix it.
func (e *ConflictError) Error() string {
	parts := make([]string, 0, len(e.apps))
	for _, app := range e.apps {
		parts = append(parts, strings.Join(e.Leaves[app], ", ")+" in "+app)
	}
	return "migrate: Conflicting migrations detected; multiple leaf nodes in the migration graph: (" +
		strings.Join(parts, "; ") + "). Make one of them depend on the other, or add a migration that depends on all of them"
}

// Is reports whether target is ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// Load builds the migration graph of the apps in list that implement
// [Provider], in list order. applied is what the database has recorded
// (see [Recorder]); it only decides, for a squashed migration, whether
// the squashed migration or the ones it replaces are used: nil, or none
// or all of the replaced applied, uses the squashed one (and dependencies
// on a replaced migration are redirected to it); some but not all applied
// uses the replaced ones and leaves the squashed one out.
//
// It fails, naming the migration, on an empty or duplicate name, a
// dependency on an unknown migration or app, and a dependency cycle. When
// an app has more than one leaf it returns a *[ConflictError] together
// with the Loader, which is complete and may still be read (showmigrations
// does); code that runs migrations must stop.
func Load(list []apps.App, applied map[Key]bool) (*Loader, error) {
	l := &Loader{
		src:        list,
		appPos:     map[string]int{},
		byApp:      map[string][]*Migration{},
		applied:    applied,
		replacedBy: map[Key]Key{},
		unsquashed: map[Key]Key{},
	}
	all := map[Key]*Migration{}
	var keys []Key // in app order then name: every loop below is deterministic
	for i, a := range list {
		label := a.Label()
		l.appPos[label] = i
		p, ok := a.(Provider)
		if !ok {
			continue
		}
		ms := p.Migrations()
		if len(ms) == 0 {
			continue
		}
		l.labels = append(l.labels, label)
		var appKeys []Key
		for _, src := range ms {
			if src == nil {
				return nil, fmt.Errorf("migrate: app %s returns a nil migration", label)
			}
			if src.Name == "" {
				return nil, fmt.Errorf("migrate: app %s has a migration without a name", label)
			}
			m := *src
			m.App = label
			m.Dependencies = qualify(label, src.Dependencies)
			m.Replaces = qualify(label, src.Replaces)
			k := m.Key()
			if all[k] != nil {
				return nil, fmt.Errorf("migrate: app %s has two migrations named %s", label, m.Name)
			}
			all[k] = &m
			appKeys = append(appKeys, k)
		}
		slices.SortFunc(appKeys, func(a, b Key) int { return strings.Compare(a.Name, b.Name) })
		keys = append(keys, appKeys...)
	}

	if err := l.squash(all, keys); err != nil {
		return nil, err
	}

	// Dependencies on a replaced migration go to what stands for it now.
	for _, k := range keys {
		m := all[k]
		if m == nil {
			continue
		}
		var deps []Key
		for _, d := range m.Dependencies {
			if s, ok := l.replacedBy[d]; ok {
				d = s
			} else if last, ok := l.unsquashed[d]; ok {
				d = last
			}
			if d != k && !slices.Contains(deps, d) {
				deps = append(deps, d)
			}
		}
		m.Dependencies = deps
	}

	g := &graph{nodes: make(map[Key]*node, len(all))}
	for _, k := range keys {
		if m := all[k]; m != nil {
			g.nodes[k] = &node{m: m, key: k, app: l.appPos[k.App]}
			l.byApp[k.App] = append(l.byApp[k.App], m)
		}
	}
	for _, k := range keys {
		n := g.nodes[k]
		if n == nil {
			continue
		}
		for _, d := range n.m.Dependencies {
			p := g.nodes[d]
			if p == nil {
				return nil, l.unknownDependency(n.m, d)
			}
			n.parents = append(n.parents, p)
			p.children = append(p.children, n)
		}
	}
	if err := g.sort(); err != nil {
		return nil, err
	}
	l.g = g
	return l, l.conflicts()
}

// qualify copies keys, filling an empty App with app: a migration may
// name a dependency in its own app by name alone.
func qualify(app string, keys []Key) []Key {
	if keys == nil {
		return nil
	}
	out := make([]Key, len(keys))
	for i, k := range keys {
		if k.App == "" {
			k.App = app
		}
		out[i] = k
	}
	return out
}

// squash decides, for each squashed migration, whether it or the
// migrations it replaces are used, and removes the others from all.
func (l *Loader) squash(all map[Key]*Migration, keys []Key) error {
	for _, k := range keys {
		s := all[k]
		if s == nil || len(s.Replaces) == 0 {
			continue
		}
		done, present := 0, 0
		for _, r := range s.Replaces {
			if l.applied[r] {
				done++
			}
			if all[r] != nil {
				present++
			}
		}
		partly := l.applied != nil && done > 0 && done < len(s.Replaces)
		if !partly {
			for _, r := range s.Replaces {
				delete(all, r)
				l.replacedBy[r] = k
			}
			continue
		}
		if present < len(s.Replaces) {
			return fmt.Errorf("migrate: %s replaces migrations of which only some are applied, and some of those it replaces are missing: restore them, run migrate, then remove them again", k)
		}
		delete(all, k)
		l.unsquashed[k] = s.Replaces[len(s.Replaces)-1]
	}
	return nil
}

func (l *Loader) unknownDependency(m *Migration, d Key) error {
	if _, ok := l.appPos[d.App]; !ok {
		return fmt.Errorf("migrate: %s depends on %s, but there is no installed app %s (add it to InstalledApps)", m, d, d.App)
	}
	if len(l.byApp[d.App]) == 0 {
		return fmt.Errorf("migrate: %s depends on %s, but app %s has no migrations (run makemigrations %s)", m, d, d.App, d.App)
	}
	return fmt.Errorf("migrate: %s depends on %s, which does not exist", m, d)
}

func (l *Loader) conflicts() error {
	var e *ConflictError
	for _, app := range l.labels {
		leaves := l.Leaves(app)
		if len(leaves) < 2 {
			continue
		}
		if e == nil {
			e = &ConflictError{Leaves: map[string][]string{}}
		}
		e.apps = append(e.apps, app)
		for _, k := range leaves {
			e.Leaves[app] = append(e.Leaves[app], k.Name)
		}
	}
	if e == nil {
		return nil
	}
	return e
}

// Apps returns the labels of the apps that have migrations, in
// InstalledApps order. The slice is the caller's.
func (l *Loader) Apps() []string { return slices.Clone(l.labels) }

// Migrations returns the migrations of app in use, sorted by name (a
// squashed migration in use stands for those it replaces, which are not
// listed). It returns nil for an app without migrations. The slice is
// the caller's; the migrations are not.
func (l *Loader) Migrations(app string) []*Migration { return slices.Clone(l.byApp[app]) }

// Get returns the migration k in use, or nil when there is none (a
// replaced migration whose squashed migration is used is not in use).
func (l *Loader) Get(k Key) *Migration {
	if n := l.g.nodes[k]; n != nil {
		return n.m
	}
	return nil
}

// Resolve returns the migration in use that stands for k: k itself, the
// squashed migration used in its place, or, for a squashed migration left
// out, the last migration it replaces. ok is false when k is unknown.
func (l *Loader) Resolve(k Key) (Key, bool) {
	if s, ok := l.replacedBy[k]; ok {
		k = s
	} else if last, ok := l.unsquashed[k]; ok {
		k = last
	}
	return k, l.g.nodes[k] != nil
}

// Find returns the key of app's migration named name, or, when no name
// matches exactly, of the one migration whose name starts with name
// ("0002"). A replaced migration is found too and resolved as [Resolve]
// does. The error says whether nothing or several migrations match.
func (l *Loader) Find(app, name string) (Key, error) {
	if _, ok := l.appPos[app]; !ok {
		return Key{}, fmt.Errorf("migrate: no installed app with label %q", app)
	}
	var names []string
	for _, m := range l.byApp[app] {
		names = append(names, m.Name)
	}
	for k := range l.replacedBy {
		if k.App == app {
			names = append(names, k.Name)
		}
	}
	for k := range l.unsquashed {
		if k.App == app {
			names = append(names, k.Name)
		}
	}
	slices.Sort(names)
	var match []string
	for _, n := range names {
		if n == name {
			match = []string{n}
			break
		}
		if strings.HasPrefix(n, name) {
			match = append(match, n)
		}
	}
	switch len(match) {
	case 0:
		if len(names) == 0 {
			return Key{}, fmt.Errorf("migrate: app %s has no migrations", app)
		}
		return Key{}, fmt.Errorf("migrate: cannot find a migration matching %q from app %s (it has %s)", name, app, strings.Join(names, ", "))
	case 1:
		k, _ := l.Resolve(Key{app, match[0]})
		return k, nil
	}
	return Key{}, fmt.Errorf("migrate: more than one migration of app %s matches %q (%s): give more of the name", app, name, strings.Join(match, ", "))
}

// Leaves returns the migrations of app that no other migration of the
// app depends on, sorted by name: one, unless the app has a conflict.
func (l *Loader) Leaves(app string) []Key {
	return l.ends(app, func(n *node) []*node { return n.children })
}

// Roots returns the migrations of app that depend on no other migration
// of the app, sorted by name.
func (l *Loader) Roots(app string) []Key {
	return l.ends(app, func(n *node) []*node { return n.parents })
}

func (l *Loader) ends(app string, next func(*node) []*node) []Key {
	var out []Key
	for _, m := range l.byApp[app] {
		n := l.g.nodes[m.Key()]
		if !slices.ContainsFunc(next(n), func(o *node) bool { return o.key.App == app }) {
			out = append(out, n.key)
		}
	}
	return out
}

// Order returns every migration in use in the one dependency order the
// Loader keeps: dependencies first, ties broken by app order then name.
func (l *Loader) Order() []*Migration {
	out := make([]*Migration, len(l.g.order))
	for i, n := range l.g.order {
		out[i] = n.m
	}
	return out
}

// Forwards returns the plan that applies target: target and every
// migration it depends on, directly or not, in dependency order. It
// returns nil for an unknown target. Filtering out the applied ones is
// the caller's business.
func (l *Loader) Forwards(target Key) []*Migration {
	n := l.g.nodes[target]
	if n == nil {
		return nil
	}
	return migrations(l.g.ancestors(n))
}

// Backwards returns the plan that unapplies target: target and every
// migration that depends on it, directly or not, that applied holds (see
// [Loader.Applied]), dependents first. It returns nil for an unknown
// target.
func (l *Loader) Backwards(target Key, applied map[Key]bool) []*Migration {
	n := l.g.nodes[target]
	if n == nil {
		return nil
	}
	var out []*Migration
	ds := l.g.descendants(n)
	for i := len(ds) - 1; i >= 0; i-- {
		if applied[ds[i].key] {
			out = append(out, ds[i].m)
		}
	}
	return out
}

func migrations(ns []*node) []*Migration {
	out := make([]*Migration, len(ns))
	for i, n := range ns {
		out[i] = n.m
	}
	return out
}

// Applied returns which migrations in use count as applied given what the
// recorder holds: those recorded, and each squashed migration whose
// replaced migrations are all recorded. Recorded migrations that are not
// in use (deleted from the code, or replaced) are left out.
func (l *Loader) Applied(recorded map[Key]bool) map[Key]bool {
	out := map[Key]bool{}
	for _, n := range l.g.order {
		if recorded[n.key] || (len(n.m.Replaces) > 0 && allIn(n.m.Replaces, recorded)) {
			out[n.key] = true
		}
	}
	return out
}

func allIn(keys []Key, set map[Key]bool) bool {
	for _, k := range keys {
		if !set[k] {
			return false
		}
	}
	return true
}

// State returns the project state after the targets and every migration
// they depend on: their operations replayed in dependency order. With no
// targets it is the state after every app's leaves. An unknown target is
// an error. The state is the caller's.
func (l *Loader) State(targets ...Key) (*State, error) {
	s := NewState()
	if len(targets) == 0 {
		return s, replay(s, l.g.order)
	}
	want := map[*node]bool{}
	for _, t := range targets {
		n := l.g.nodes[t]
		if n == nil {
			return nil, fmt.Errorf("migrate: State: unknown migration %s", t)
		}
		for _, a := range l.g.ancestors(n) {
			want[a] = true
		}
	}
	var ns []*node
	for _, n := range l.g.order {
		if want[n] {
			ns = append(ns, n)
		}
	}
	return s, replay(s, ns)
}

// stateBefore returns the state k's operations start from: what its
// dependencies, and nothing else, leave.
func (l *Loader) stateBefore(k Key) (*State, error) {
	n := l.g.nodes[k]
	if n == nil {
		return nil, fmt.Errorf("migrate: unknown migration %s", k)
	}
	ns := l.g.ancestors(n)
	s := NewState()
	return s, replay(s, ns[:len(ns)-1])
}

// stateOf returns the state of a database where the migrations of set
// are applied, replayed in dependency order; before each migration of
// snap it stores a copy of the state reached so far.
func (l *Loader) stateOf(set map[Key]bool, snap map[Key]*State) (*State, error) {
	s := NewState()
	for _, n := range l.g.order {
		if !set[n.key] {
			continue
		}
		if _, ok := snap[n.key]; ok {
			snap[n.key] = s.Clone()
		}
		if err := n.m.Apply(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func replay(s *State, ns []*node) error {
	for _, n := range ns {
		if err := n.m.Apply(s); err != nil {
			return err
		}
	}
	return nil
}

// Reload loads the same apps again for what the database has recorded;
// see [Load].
func (l *Loader) Reload(applied map[Key]bool) (*Loader, error) {
	return Load(l.src, applied)
}
