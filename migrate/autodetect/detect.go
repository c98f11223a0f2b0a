package autodetect

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jazzgo/jazz/migrate"
)

// Changes are the new migrations Detect proposes, by app label. An app's
// migrations are in the order they must be written (usually one; two or
// more when relations between apps form a cycle). Each migration has its
// App, Name, Dependencies, Operations and Initial set.
type Changes map[string][]*migrate.Migration

// Apps returns the labels of the apps with changes, sorted.
func (c Changes) Apps() []string { return slices.Sorted(maps.Keys(c)) }

// Options tell Detect about the migrations that exist already and how to
// name the new ones.
type Options struct {
	// Leaves maps an app label to the name of its current leaf migration;
	// an app missing from it has no migrations yet, so its first new
	// migration is its initial one.
	Leaves map[string]string
	// Highest maps an app label to the highest number among its
	// migrations; when an app is missing, the number of its leaf is used.
	Highest map[string]int
	// Apps, when not empty, keeps only the changes of these apps and of
	// the apps their new migrations depend on (makemigrations blog).
	Apps []string
	// Name replaces the part of each new migration's name after its
	// number (makemigrations --name).
	Name string
	// Now dates automatic names ("auto_20261125_1450"); zero means
	// time.Now.
	Now time.Time
}

// Detect compares old, the state the existing migrations build, with
// new, the state of the models today, and returns the migrations that
// turn one into the other: for each app, the smallest correct list of
// operations, ordered so that every relation's target exists first and
// every model is deleted after the relations to it are gone. q decides
// what the states alone cannot: renames and one-off values for existing
// rows. Neither state is changed.
//
// The error wraps the questioner's error (ErrAborted when the user
// quits); any other error means the states could not be reconciled.
func Detect(old, new *migrate.State, q Questioner, opts Options) (Changes, error) {
	if len(opts.Apps) > 0 {
		q = onlyApps{q: q, apps: opts.Apps}
	}
	d := &detector{
		old:        old,
		new:        new,
		cur:        old.Clone(),
		q:          q,
		ops:        map[string][]*genOp{},
		provides:   map[string]*genOp{},
		removesRef: map[string][]*genOp{},
		renamed:    map[string]string{},
	}
	if err := d.run(); err != nil {
		return nil, err
	}
	if err := d.verify(); err != nil {
		return nil, err
	}
	return d.arrange(opts)
}

// genOp is one generated operation with what it waits for.
type genOp struct {
	app string
	op  migrate.Operation
	// refs are the labels of models of other apps the operation needs.
	refs []string
	// chunk is the migration the operation ended up in.
	chunk *chunk
}

type detector struct {
	old, new *migrate.State
	// cur is old with every operation generated so far applied.
	cur *migrate.State
	q   Questioner
	ops map[string][]*genOp
	// provides maps a lower-case label to the operation that makes the
	// model exist under it in this run (CreateModel or RenameModel).
	provides map[string]*genOp
	// removesRef maps a lower-case label to the operations that stop a
	// field from pointing at the model: a DeleteModel of it waits for them.
	removesRef map[string][]*genOp
	// renamed maps the lower-case old label of a renamed model to its new
	// label.
	renamed map[string]string
	// created holds the lower-case labels of models created in this run.
	created map[string]bool
}

func lower(s string) string { return strings.ToLower(s) }

func appOf(label string) string {
	app, _, _ := strings.Cut(label, ".")
	return app
}

func qualify(app, name string) string {
	if strings.Contains(name, ".") {
		return name
	}
	return app + "." + name
}

// targets returns the labels a field needs to exist: its relation's
// target and through model.
func targets(f *migrate.Field) []string {
	var out []string
	if f.To != "" {
		out = append(out, f.To)
	}
	if f.Through != "" {
		out = append(out, f.Through)
	}
	return out
}

// emit applies op to the working state and records it.
func (d *detector) emit(app string, op migrate.Operation) error {
	g := &genOp{app: app, op: op}
	// What the operation stops pointing at, read before it runs.
	var dropped []*migrate.Field
	switch o := op.(type) {
	case migrate.RemoveField:
		if m := d.cur.Model(qualify(app, o.Model)); m != nil {
			dropped = append(dropped, m.Field(o.Name))
		}
	case migrate.AlterField:
		if m := d.cur.Model(qualify(app, o.Model)); m != nil {
			dropped = append(dropped, m.Field(o.Name))
		}
	case migrate.DeleteModel:
		if m := d.cur.Model(qualify(app, o.Name)); m != nil {
			for i := range m.Fields {
				dropped = append(dropped, &m.Fields[i])
			}
		}
	}
	for _, f := range dropped {
		if f == nil {
			continue
		}
		for _, t := range targets(f) {
			d.removesRef[lower(t)] = append(d.removesRef[lower(t)], g)
		}
	}
	if err := op.State(app, d.cur); err != nil {
		return fmt.Errorf("autodetect: %s: %s: %w", app, op.Describe(), err)
	}
	var fields []migrate.Field
	switch o := op.(type) {
	case migrate.CreateModel:
		fields = o.Fields
		d.provides[lower(qualify(app, o.Name))] = g
	case migrate.RenameModel:
		d.provides[lower(qualify(app, o.New))] = g
	case migrate.AddField:
		fields = []migrate.Field{o.Field}
	case migrate.AlterField:
		fields = []migrate.Field{o.Field}
	}
	for i := range fields {
		for _, t := range targets(&fields[i]) {
			if appOf(t) != app && !slices.Contains(g.refs, t) {
				g.refs = append(g.refs, t)
			}
		}
	}
	d.ops[app] = append(d.ops[app], g)
	return nil
}

// apps returns every app label of both states, sorted.
func (d *detector) apps() []string {
	set := map[string]bool{}
	for _, m := range d.old.Models() {
		set[m.App] = true
	}
	for _, m := range d.new.Models() {
		set[m.App] = true
	}
	return slices.Sorted(maps.Keys(set))
}

func (d *detector) run() error {
	apps := d.apps()
	// Models only in cur or only in new, per app, before renames.
	removed := map[string][]*migrate.ModelState{}
	added := map[string][]*migrate.ModelState{}
	for _, m := range d.cur.Models() {
		if d.new.Model(m.Label()) == nil {
			removed[m.App] = append(removed[m.App], m)
		}
	}
	for _, m := range d.new.Models() {
		if d.cur.Model(m.Label()) == nil {
			added[m.App] = append(added[m.App], m)
		}
	}

	// Renamed models, for every app first: a rename retargets relations
	// everywhere, which the comparisons below rely on.
	for _, app := range apps {
		matched := map[*migrate.ModelState]bool{}
		var stillAdded []*migrate.ModelState
	next:
		for _, nm := range added[app] {
			for _, om := range removed[app] {
				if matched[om] {
					continue
				}
				ok, err := d.q.RenameModel(om, nm, sameModelFields(om, nm))
				if err != nil {
					return fmt.Errorf("autodetect: %w", err)
				}
				if ok {
					matched[om] = true
					d.renamed[lower(om.Label())] = nm.Label()
					if err := d.emit(app, migrate.RenameModel{Old: om.Name, New: nm.Name}); err != nil {
						return err
					}
					continue next
				}
			}
			stillAdded = append(stillAdded, nm)
		}
		added[app] = stillAdded
		removed[app] = slices.DeleteFunc(removed[app], func(m *migrate.ModelState) bool { return matched[m] })
	}

	d.created = map[string]bool{}
	for _, app := range apps {
		for _, m := range added[app] {
			d.created[lower(m.Label())] = true
		}
	}

	// Existing models whose table name changed.
	for _, app := range apps {
		for _, nm := range d.new.AppModels(app) {
			cm := d.cur.Model(nm.Label())
			if cm == nil || d.created[lower(nm.Label())] || cm.Table == nm.Table {
				continue
			}
			table := nm.Table
			if table == migrate.DefaultTable(app, nm.Name) {
				table = ""
			}
			if err := d.emit(app, migrate.AlterModelTable{Name: nm.Name, Table: table}); err != nil {
				return err
			}
		}
	}

	// New models, targets first; fields that cannot be created with their
	// model are added right after the app's new models.
	deferred := map[string][]addLater{}
	for _, app := range apps {
		later, err := d.createModels(app, added[app])
		if err != nil {
			return err
		}
		deferred[app] = later
	}
	for _, app := range apps {
		for _, a := range deferred[app] {
			if err := d.emit(app, migrate.AddField{Model: a.model, Field: a.field}); err != nil {
				return err
			}
		}
	}

	// Changes inside existing models (and the table-level parts of new
	// models that waited for deferred fields).
	for _, app := range apps {
		if err := d.renameFields(app); err != nil {
			return err
		}
	}
	for _, app := range apps {
		if err := d.removeTableParts(app); err != nil {
			return err
		}
	}
	for _, app := range apps {
		if err := d.fields(app); err != nil {
			return err
		}
	}
	for _, app := range apps {
		if err := d.addTableParts(app); err != nil {
			return err
		}
	}
	for _, app := range apps {
		if err := d.deleteModels(app, removed[app]); err != nil {
			return err
		}
	}
	return nil
}

// sameModelFields reports whether two models have the same fields, a
// reference to the model itself counting as the same under either name.
func sameModelFields(a, b *migrate.ModelState) bool {
	if len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		f, g := a.Fields[i], b.Fields[i]
		if strings.EqualFold(f.To, a.Label()) {
			f.To = b.Label()
		}
		if !f.Equal(&g) {
			return false
		}
	}
	return true
}

// sameFieldDefinition reports whether old, given new's name, is new:
// the same field apart from its name and the column derived from it.
func sameFieldDefinition(old, new *migrate.Field) bool {
	f := *old
	f.Name = new.Name
	if f.Column == "" && new.Column == old.ColumnName() {
		// The column was kept explicitly: still the same definition.
		f.Column = new.Column
	}
	return f.Equal(new)
}

// reachesByFK reports whether the new model from leads to the new model
// to through foreign keys between new models.
func reachesByFK(models map[string]*migrate.ModelState, from, to string) bool {
	seen := map[string]bool{}
	var walk func(k string) bool
	walk = func(k string) bool {
		if k == to {
			return true
		}
		if seen[k] {
			return false
		}
		seen[k] = true
		for _, f := range models[k].Fields {
			if t := lower(f.To); f.Type.IsRelation() && models[t] != nil && walk(t) {
				return true
			}
		}
		return false
	}
	return walk(from)
}

type addLater struct {
	model string
	field migrate.Field
}

// createModels emits the CreateModel operations of one app's new models,
// each after the models its foreign keys point at. A foreign key in a
// cycle, a ManyToMany to a model created later, and any relation to a
// model that another app creates in this run are left out of the
// CreateModel and returned, to be added afterwards.
func (d *detector) createModels(app string, models []*migrate.ModelState) ([]addLater, error) {
	if len(models) == 0 {
		return nil, nil
	}
	byLabel := map[string]*migrate.ModelState{}
	for _, m := range models {
		byLabel[lower(m.Label())] = m
	}
	const (
		visiting = 1
		done     = 2
	)
	mark := map[string]int{}
	cyclic := map[*migrate.Field]bool{}
	var order []*migrate.ModelState
	var visit func(m *migrate.ModelState)
	visit = func(m *migrate.ModelState) {
		key := lower(m.Label())
		mark[key] = visiting
		for i := range m.Fields {
			f := &m.Fields[i]
			if !f.Type.IsRelation() {
				continue
			}
			t := lower(f.To)
			target, ok := byLabel[t]
			if !ok || t == key {
				continue
			}
			switch mark[t] {
			case visiting:
				cyclic[f] = true
			case 0:
				visit(target)
			}
		}
		// A ManyToMany can be created with its model when its targets
		// exist: create them first, unless they point back at m.
		for i := range m.Fields {
			f := &m.Fields[i]
			if f.Type != migrate.ManyToMany {
				continue
			}
			for _, t := range targets(f) {
				t = lower(t)
				if target, ok := byLabel[t]; ok && t != key && mark[t] == 0 && !reachesByFK(byLabel, t, key) {
					visit(target)
				}
			}
		}
		mark[key] = done
		order = append(order, m)
	}
	for _, m := range models {
		if mark[lower(m.Label())] == 0 {
			visit(m)
		}
	}

	var later []addLater
	emitted := map[string]bool{}
	for _, m := range order {
		key := lower(m.Label())
		emitted[key] = true
		op := migrate.CreateModel{Name: m.Name}
		var left []string
		for i := range m.Fields {
			f := &m.Fields[i]
			wait := cyclic[f]
			for _, t := range targets(f) {
				lt := lower(t)
				if lt == key {
					continue
				}
				if appOf(t) != app && d.created[lt] {
					wait = true
				}
				if f.Type == migrate.ManyToMany && byLabel[lt] != nil && !emitted[lt] {
					wait = true
				}
			}
			if wait {
				later = append(later, addLater{model: m.Name, field: *f})
				left = append(left, f.Name)
				continue
			}
			op.Fields = append(op.Fields, *f)
		}
		if m.Table != migrate.DefaultTable(app, m.Name) {
			op.Table = m.Table
		}
		uses := func(names []string) bool {
			for _, n := range names {
				if slices.Contains(left, n) {
					return true
				}
			}
			return false
		}
		for _, u := range m.UniqueTogether {
			if !uses(u) {
				op.UniqueTogether = append(op.UniqueTogether, slices.Clone(u))
			}
		}
		for _, ix := range m.Indexes {
			if !uses(ix.Fields) {
				op.Indexes = append(op.Indexes, migrate.Index{Name: ix.Name, Fields: slices.Clone(ix.Fields)})
			}
		}
		for _, c := range m.Constraints {
			if !uses(c.Fields) {
				c.Fields = slices.Clone(c.Fields)
				op.Constraints = append(op.Constraints, c)
			}
		}
		if err := d.emit(app, op); err != nil {
			return nil, err
		}
	}
	return later, nil
}

// pairs returns the models of app present in both cur and new, by name.
func (d *detector) pairs(app string) [][2]*migrate.ModelState {
	var out [][2]*migrate.ModelState
	for _, nm := range d.new.AppModels(app) {
		if cm := d.cur.Model(nm.Label()); cm != nil {
			out = append(out, [2]*migrate.ModelState{cm, nm})
		}
	}
	return out
}

func (d *detector) renameFields(app string) error {
	for _, p := range d.pairs(app) {
		cm, nm := p[0], p[1]
		var removed, added []*migrate.Field
		for i := range cm.Fields {
			if nm.Field(cm.Fields[i].Name) == nil {
				removed = append(removed, &cm.Fields[i])
			}
		}
		for i := range nm.Fields {
			if cm.Field(nm.Fields[i].Name) == nil {
				added = append(added, &nm.Fields[i])
			}
		}
		if len(removed) == 0 || len(added) == 0 {
			continue
		}
		// Ask about copies: emitting a rename replaces cm in cur.
		removed = cloneFields(removed)
		model := cm.Clone()
		matched := map[string]bool{}
	next:
		for _, nf := range added {
			for _, of := range removed {
				if matched[of.Name] || (of.Type == migrate.ManyToMany) != (nf.Type == migrate.ManyToMany) {
					continue
				}
				ok, err := d.q.RenameField(model, of, nf, sameFieldDefinition(of, nf))
				if err != nil {
					return fmt.Errorf("autodetect: %w", err)
				}
				if ok {
					matched[of.Name] = true
					if err := d.emit(app, migrate.RenameField{Model: nm.Name, Old: of.Name, New: nf.Name}); err != nil {
						return err
					}
					continue next
				}
			}
		}
	}
	return nil
}

func cloneFields(fs []*migrate.Field) []*migrate.Field {
	out := make([]*migrate.Field, len(fs))
	for i, f := range fs {
		c := *f
		out[i] = &c
	}
	return out
}

func sameConstraint(a, b migrate.Constraint) bool {
	return a.Name == b.Name && a.Condition == b.Condition && a.Check == b.Check && slices.Equal(a.Fields, b.Fields)
}

func sameIndex(a, b migrate.Index) bool {
	return a.Name == b.Name && slices.Equal(a.Fields, b.Fields)
}

// removeTableParts removes the indexes and constraints that are gone or
// changed, before the fields they use go.
func (d *detector) removeTableParts(app string) error {
	for _, p := range d.pairs(app) {
		cm, nm := p[0], p[1]
		for _, ix := range cm.Indexes {
			if !slices.ContainsFunc(nm.Indexes, func(n migrate.Index) bool { return sameIndex(ix, n) }) {
				if err := d.emit(app, migrate.RemoveIndex{Model: nm.Name, Index: ix}); err != nil {
					return err
				}
			}
		}
		for _, c := range cm.Constraints {
			if !slices.ContainsFunc(nm.Constraints, func(n migrate.Constraint) bool { return sameConstraint(c, n) }) {
				if err := d.emit(app, migrate.RemoveConstraint{Model: nm.Name, Constraint: c}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// fields removes, adds and alters fields of existing models.
func (d *detector) fields(app string) error {
	for _, p := range d.pairs(app) {
		cm, nm := p[0].Clone(), p[1]
		for _, of := range cm.Fields {
			nf := nm.Field(of.Name)
			if nf != nil && (nf.Type == migrate.ManyToMany) == (of.Type == migrate.ManyToMany) {
				continue
			}
			if err := d.emit(app, migrate.RemoveField{Model: nm.Name, Name: of.Name}); err != nil {
				return err
			}
		}
		for i := range nm.Fields {
			nf := &nm.Fields[i]
			if d.cur.Model(nm.Label()).Field(nf.Name) != nil {
				continue
			}
			op := migrate.AddField{Model: nm.Name, Field: *nf}
			if needsFill(nf) {
				v, err := d.q.OneOffDefault(nm, nf, false)
				if err != nil {
					return fmt.Errorf("autodetect: %w", err)
				}
				op.Fill = v
			}
			if err := d.emit(app, op); err != nil {
				return err
			}
		}
		for i := range nm.Fields {
			nf := &nm.Fields[i]
			of := cm.Field(nf.Name)
			if of == nil || of.Equal(nf) || (nf.Type == migrate.ManyToMany) != (of.Type == migrate.ManyToMany) {
				continue
			}
			op := migrate.AlterField{Model: nm.Name, Name: nf.Name, Field: *nf}
			if of.Null && needsFill(nf) {
				v, err := d.q.OneOffDefault(nm, nf, true)
				if err != nil {
					return fmt.Errorf("autodetect: %w", err)
				}
				op.Fill = v
			}
			if err := d.emit(app, op); err != nil {
				return err
			}
		}
	}
	return nil
}

// needsFill reports whether existing rows need a value for f when it is
// added or made NOT NULL.
func needsFill(f *migrate.Field) bool {
	return !f.Null && !f.HasDefault() && f.Type != migrate.ManyToMany && f.Type != migrate.Auto
}

func sameUniqueTogether(a, b [][]string) bool {
	return slices.EqualFunc(a, b, func(x, y []string) bool { return slices.Equal(x, y) })
}

// addTableParts sets unique-together sets and adds the indexes and
// constraints that are new or changed, once their fields exist.
func (d *detector) addTableParts(app string) error {
	for _, p := range d.pairs(app) {
		cm, nm := p[0], p[1]
		if !sameUniqueTogether(cm.UniqueTogether, nm.UniqueTogether) {
			var ut [][]string
			for _, u := range nm.UniqueTogether {
				ut = append(ut, slices.Clone(u))
			}
			if err := d.emit(app, migrate.AlterUniqueTogether{Model: nm.Name, UniqueTogether: ut}); err != nil {
				return err
			}
		}
		for _, ix := range nm.Indexes {
			if !slices.ContainsFunc(cm.Indexes, func(c migrate.Index) bool { return sameIndex(ix, c) }) {
				ix.Fields = slices.Clone(ix.Fields)
				if err := d.emit(app, migrate.AddIndex{Model: nm.Name, Index: ix}); err != nil {
					return err
				}
			}
		}
		for _, c := range nm.Constraints {
			if !slices.ContainsFunc(cm.Constraints, func(o migrate.Constraint) bool { return sameConstraint(c, o) }) {
				c.Fields = slices.Clone(c.Fields)
				if err := d.emit(app, migrate.AddConstraint{Model: nm.Name, Constraint: c}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// deleteModels deletes one app's removed models, those that point at
// others first; a cycle of foreign keys is broken by removing one of
// them first.
func (d *detector) deleteModels(app string, models []*migrate.ModelState) error {
	left := map[string]bool{}
	for _, m := range models {
		left[lower(m.Label())] = true
	}
	pointedAt := func(label string) bool {
		for other := range left {
			if other == label {
				continue
			}
			for _, f := range d.cur.Model(other).Fields {
				for _, t := range targets(&f) {
					if lower(t) == label {
						return true
					}
				}
			}
		}
		return false
	}
	for len(left) > 0 {
		progress := false
		for _, key := range slices.Sorted(maps.Keys(left)) {
			if pointedAt(key) {
				continue
			}
			if err := d.emit(app, migrate.DeleteModel{Name: d.cur.Model(key).Name}); err != nil {
				return err
			}
			delete(left, key)
			progress = true
		}
		if progress {
			continue
		}
		// Every model left is pointed at: break the cycle at the first
		// relation between two of them.
		key := slices.Sorted(maps.Keys(left))[0]
		m := d.cur.Model(key)
		broke := false
		for _, f := range m.Fields {
			for _, t := range targets(&f) {
				if left[lower(t)] && lower(t) != key {
					if err := d.emit(app, migrate.RemoveField{Model: m.Name, Name: f.Name}); err != nil {
						return err
					}
					broke = true
					break
				}
			}
			if broke {
				break
			}
		}
		if !broke {
			// Nothing of m points at the others: some other model of the
			// cycle does; delete m's referrers' field on the next pass.
			for other := range left {
				om := d.cur.Model(other)
				for _, f := range om.Fields {
					for _, t := range targets(&f) {
						if lower(t) == key && other != key {
							if err := d.emit(app, migrate.RemoveField{Model: om.Name, Name: f.Name}); err != nil {
								return err
							}
							broke = true
							break
						}
					}
					if broke {
						break
					}
				}
				if broke {
					break
				}
			}
		}
		if !broke {
			return fmt.Errorf("autodetect: %s: cannot order the deletion of %s", app, strings.Join(slices.Sorted(maps.Keys(left)), ", "))
		}
	}
	return nil
}

// verify checks that the generated operations turn old into new: a
// failure is a bug in the detector, reported rather than written.
func (d *detector) verify() error {
	var problems []string
	for _, nm := range d.new.Models() {
		cm := d.cur.Model(nm.Label())
		if cm == nil {
			problems = append(problems, nm.Label()+" is missing")
			continue
		}
		if diff := ModelDiff(cm, nm); diff != "" {
			problems = append(problems, nm.Label()+": "+diff)
		}
	}
	for _, cm := range d.cur.Models() {
		if d.new.Model(cm.Label()) == nil {
			problems = append(problems, cm.Label()+" was not deleted")
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("autodetect: internal error: the operations do not reproduce the models: %s", strings.Join(problems, "; "))
	}
	return nil
}

// ModelDiff describes how two states of a model differ, ignoring the
// order of fields, indexes and constraints; "" means they are the same.
// Tests use it to compare the state that operations build with the one
// expected.
func ModelDiff(a, b *migrate.ModelState) string {
	var out []string
	if a.Name != b.Name {
		out = append(out, fmt.Sprintf("name %s != %s", a.Name, b.Name))
	}
	if a.Table != b.Table {
		out = append(out, fmt.Sprintf("table %s != %s", a.Table, b.Table))
	}
	for i := range b.Fields {
		f := a.Field(b.Fields[i].Name)
		switch {
		case f == nil:
			out = append(out, "no field "+b.Fields[i].Name)
		case !f.Equal(&b.Fields[i]):
			out = append(out, fmt.Sprintf("field %s: %+v != %+v", f.Name, *f, b.Fields[i]))
		}
	}
	for i := range a.Fields {
		if b.Field(a.Fields[i].Name) == nil {
			out = append(out, "extra field "+a.Fields[i].Name)
		}
	}
	if !sameUniqueTogether(a.UniqueTogether, b.UniqueTogether) {
		out = append(out, fmt.Sprintf("unique together %v != %v", a.UniqueTogether, b.UniqueTogether))
	}
	sameSet := func(n int, m int, has func(i int) bool) bool {
		if n != m {
			return false
		}
		for i := range n {
			if !has(i) {
				return false
			}
		}
		return true
	}
	if !sameSet(len(a.Indexes), len(b.Indexes), func(i int) bool {
		return slices.ContainsFunc(b.Indexes, func(x migrate.Index) bool { return sameIndex(a.Indexes[i], x) })
	}) {
		out = append(out, fmt.Sprintf("indexes %v != %v", a.Indexes, b.Indexes))
	}
	if !sameSet(len(a.Constraints), len(b.Constraints), func(i int) bool {
		return slices.ContainsFunc(b.Constraints, func(x migrate.Constraint) bool { return sameConstraint(a.Constraints[i], x) })
	}) {
		out = append(out, fmt.Sprintf("constraints %v != %v", a.Constraints, b.Constraints))
	}
	return strings.Join(out, ", ")
}

// chunk is one new migration being assembled.
type chunk struct {
	m    *migrate.Migration
	deps []*chunk      // new migrations of other apps it follows
	ext  []migrate.Key // existing migrations it follows
	prev *chunk        // the app's previous new migration
}

// ErrUnorderable is returned when relations between apps cannot be put
// in an order of migrations.
var ErrUnorderable = errors.New("autodetect: cannot order the operations of the apps into migrations")

// arrange splits each app's operations into migrations whose
// dependencies are satisfied, optimizes and names them.
func (d *detector) arrange(opts Options) (Changes, error) {
	pending := map[string][]*genOp{}
	for app, ops := range d.ops {
		if len(ops) > 0 {
			pending[app] = ops
		}
	}
	apps := slices.Sorted(maps.Keys(pending))
	last := map[string]*chunk{}
	byApp := map[string][]*chunk{}
	chop := false
	for len(pending) > 0 {
		progress := false
		for _, app := range apps {
			ops := pending[app]
			if len(ops) == 0 {
				continue
			}
			n := 0
			for _, g := range ops {
				if !d.ready(g) {
					break
				}
				n++
			}
			if n == 0 || (n < len(ops) && !chop) {
				continue
			}
			c := &chunk{m: &migrate.Migration{App: app}, prev: last[app]}
			for _, g := range ops[:n] {
				g.chunk = c
				c.m.Operations = append(c.m.Operations, g.op)
				for _, dep := range d.waitsFor(g) {
					if dep.app != app && !slices.Contains(c.deps, dep.chunk) {
						c.deps = append(c.deps, dep.chunk)
					}
				}
				for _, r := range g.refs {
					if d.provides[lower(r)] != nil {
						continue
					}
					if leaf := opts.Leaves[appOf(r)]; leaf != "" {
						k := migrate.Key{App: appOf(r), Name: leaf}
						if !slices.Contains(c.ext, k) {
							c.ext = append(c.ext, k)
						}
					}
				}
			}
			last[app] = c
			byApp[app] = append(byApp[app], c)
			if n == len(ops) {
				delete(pending, app)
			} else {
				pending[app] = ops[n:]
			}
			progress = true
		}
		if !progress {
			if chop {
				return nil, ErrUnorderable
			}
			chop = true
		} else {
			chop = false
		}
	}

	keep := d.keep(byApp, opts.Apps)
	for app, ok := range keep {
		if !ok {
			continue
		}
		for _, c := range byApp[app] {
			for _, op := range c.m.Operations {
				if f, ok := fillOf(op); ok && f == (unasked{}) {
					return nil, fmt.Errorf("autodetect: the changes asked for need a migration of app %s that needs a value for existing rows (%s); run makemigrations for %s too",
						app, op.Describe(), app)
				}
			}
		}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	changes := Changes{}
	for _, app := range slices.Sorted(maps.Keys(byApp)) {
		if !keep[app] {
			continue
		}
		num := opts.Highest[app]
		if _, ok := opts.Highest[app]; !ok {
			num = Number(opts.Leaves[app])
		}
		for i, c := range byApp[app] {
			num++
			c.m.Operations = Optimize(app, c.m.Operations)
			c.m.Initial = i == 0 && opts.Leaves[app] == ""
			c.m.Name = Name(c.m, num, opts.Name, now)
			changes[app] = append(changes[app], c.m)
		}
	}
	for _, app := range slices.Sorted(maps.Keys(byApp)) {
		for _, c := range byApp[app] {
			var deps []migrate.Key
			if c.prev != nil {
				deps = append(deps, c.prev.m.Key())
			} else if leaf := opts.Leaves[app]; leaf != "" {
				deps = append(deps, migrate.Key{App: app, Name: leaf})
			}
			var others []migrate.Key
			for _, o := range c.deps {
				others = append(others, o.m.Key())
			}
			others = append(others, c.ext...)
			slices.SortFunc(others, func(a, b migrate.Key) int {
				return strings.Compare(a.String(), b.String())
			})
			others = slices.Compact(others)
			c.m.Dependencies = append(deps, others...)
		}
	}
	return changes, nil
}

// waitsFor returns the generated operations of other apps that g must
// follow.
func (d *detector) waitsFor(g *genOp) []*genOp {
	var out []*genOp
	for _, r := range g.refs {
		if p := d.provides[lower(r)]; p != nil && p.app != g.app {
			out = append(out, p)
		}
	}
	if del, ok := g.op.(migrate.DeleteModel); ok {
		for _, o := range d.removesRef[lower(qualify(g.app, del.Name))] {
			if o.app != g.app {
				out = append(out, o)
			}
		}
	}
	return out
}

// ready reports whether everything g waits for is in a migration.
func (d *detector) ready(g *genOp) bool {
	for _, o := range d.waitsFor(g) {
		if o.chunk == nil {
			return false
		}
	}
	return true
}

// keep returns the apps whose changes are kept: those asked for and those
// their new migrations depend on.
func (d *detector) keep(byApp map[string][]*chunk, want []string) map[string]bool {
	keep := map[string]bool{}
	if len(want) == 0 {
		for app := range byApp {
			keep[app] = true
		}
		return keep
	}
	var visit func(app string)
	visit = func(app string) {
		if keep[app] {
			return
		}
		keep[app] = true
		for _, c := range byApp[app] {
			for _, dep := range c.deps {
				visit(dep.m.App)
			}
		}
	}
	for _, app := range want {
		if _, ok := byApp[app]; ok {
			visit(app)
		}
	}
	return keep
}

// onlyApps asks q only about the apps named (makemigrations blog): the
// other apps' migrations are dropped unless needed, so their renames are
// answered no and their one-off values left unasked.
type onlyApps struct {
	q    Questioner
	apps []string
}

// unasked stands for a one-off value that was not asked for.
type unasked struct{}

func (o onlyApps) RenameModel(old, new *migrate.ModelState, similar bool) (bool, error) {
	if !slices.Contains(o.apps, old.App) {
		return false, nil
	}
	return o.q.RenameModel(old, new, similar)
}

func (o onlyApps) RenameField(m *migrate.ModelState, old, new *migrate.Field, similar bool) (bool, error) {
	if !slices.Contains(o.apps, m.App) {
		return false, nil
	}
	return o.q.RenameField(m, old, new, similar)
}

func (o onlyApps) OneOffDefault(m *migrate.ModelState, f *migrate.Field, alter bool) (any, error) {
	if !slices.Contains(o.apps, m.App) {
		return unasked{}, nil
	}
	return o.q.OneOffDefault(m, f, alter)
}

func fillOf(op migrate.Operation) (any, bool) {
	switch o := op.(type) {
	case migrate.AddField:
		return o.Fill, true
	case migrate.AlterField:
		return o.Fill, true
	}
	return nil, false
}
