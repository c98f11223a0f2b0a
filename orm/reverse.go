package orm

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// ReverseRelation is a relation seen from the model it points at: the
// ForeignKey, OneToOne or ManyToMany field Field of the model Model
// points at this one. It is read-only metadata, built at registration.
type ReverseRelation struct {
	// Field is the relation field on the other model.
	Field *FieldInfo
	// Model is the model holding Field (Field.Model).
	Model *ModelInfo
	// Name is the accessor Related takes: related_name, else
	// "<model>_set" ("post_set"), or "<model>" for a OneToOne
	// ("profile"), as Django names them.
	Name string
	// QueryName is the name lookups use ("posts__title"):
	// related_name, else "<model>" ("comment__text").
	QueryName string
	// Multiple is false for a OneToOne, whose reverse side is at most
	// one object.
	Multiple bool
}

// relHop is what a reverse or many-to-many name of a model joins
// through: the hops (synthetic reverse hops and real foreign keys) and the
// model it reaches.
type relHop struct {
	hops   []*FieldInfo
	target *ModelInfo
	rel    *ReverseRelation // nil for a forward many-to-many field
	m2m    *FieldInfo       // the ManyToMany field (either direction)
}

// Relation returns the reverse relation or many-to-many field of m named
// name (a reverse accessor such as "posts" or "comment_set", a reverse
// query name, or a ManyToMany field's query or Go name). For a forward
// ManyToMany, rel is nil and field is the field; for a reverse relation,
// rel is set and field is rel.Field. ok is false when there is none.
func (m *ModelInfo) Relation(name string) (rel *ReverseRelation, field *FieldInfo, ok bool) {
	for _, f := range m.ManyToMany {
		if f.QueryName == name || f.Name == name {
			return nil, f, true
		}
	}
	for _, r := range m.Reverse {
		if r.Name == name || r.QueryName == name {
			return r, r.Field, true
		}
	}
	return nil, nil, false
}

// relationNames lists the reverse and many-to-many names of m, for error
// messages.
func (m *ModelInfo) relationNames() []string {
	var out []string
	for _, f := range m.ManyToMany {
		out = append(out, f.QueryName)
	}
	for _, r := range m.Reverse {
		out = append(out, r.Name)
	}
	return out
}

// autoThroughRow is the memory layout of a row of an automatic through
// model: the key, then the two foreign keys (each laid out as fkHeader).
type autoThroughRow struct {
	ID  int64
	Src fkHeader
	Dst fkHeader
}

// autoThrough builds the through model of the ManyToMany field f of m:
// table "<model table>_<field>", an automatic key and two cascading
// foreign keys, unique together.
func autoThrough(m *ModelInfo, f *FieldInfo) *ModelInfo {
	target := f.RelatedModel
	name := m.Name + "_" + f.Name
	t := &ModelInfo{
		Label:       m.App + "." + name,
		App:         m.App,
		Name:        name,
		DBTable:     m.DBTable + "_" + f.QueryName,
		Type:        reflect.TypeFor[autoThroughRow](),
		AutoCreated: true,
		byName:      map[string]*FieldInfo{},
		checked:     true,
	}
	srcName, dstName := strings.ToLower(m.Name), strings.ToLower(target.Name)
	if m == target {
		srcName, dstName = "from_"+srcName, "to_"+dstName
	}
	var row autoThroughRow
	t.PK = &FieldInfo{Model: t, Name: "ID", QueryName: "id", Column: "id", Kind: db.KindAuto,
		GoType: reflect.TypeFor[int64](), PrimaryKey: true, Blank: true, rep: repInt64, VerboseName: "ID"}
	fk := func(q string, to *ModelInfo, off uintptr) *FieldInfo {
		return &FieldInfo{Model: t, Name: q, QueryName: q, Column: q + "_id", Kind: db.KindInt64,
			GoType: reflect.TypeFor[fkHeader](), Index: true, Editable: true, VerboseName: verboseName(q),
			RelatedModel: to, RelatedType: to.Type, OnDelete: Cascade, RelatedName: "+",
			rep: repFK, isFK: true, offset: off}
	}
	src := fk(srcName, m, unsafe.Offsetof(row.Src))
	dst := fk(dstName, target, unsafe.Offsetof(row.Dst))
	t.Fields = []*FieldInfo{t.PK, src, dst}
	for i, x := range t.Fields {
		x.Position = i
		t.names = append(t.names, x.QueryName)
		t.byName[x.QueryName] = x
		t.byName[x.Name] = x
		if x.isFK {
			t.byName[x.Column] = x
		}
	}
	t.Meta = Meta{
		UniqueTogether:    [][]string{{src.QueryName, dst.QueryName}},
		VerboseName:       m.Meta.VerboseName + "-" + target.Meta.VerboseName + " relationship",
		VerboseNamePlural: m.Meta.VerboseName + "-" + target.Meta.VerboseName + " relationships",
	}
	f.m2mSrc, f.m2mDst = src, dst
	return t
}

// ThroughFields returns the two foreign keys of the through model of the
// ManyToMany field f: source points at the model that declares f
// (f.Model), target at f's target (f.RelatedModel). For a field that
// points at its own model, source is the through model's first foreign
// key to it and target the second ("from_<model>" and "to_<model>" in an
// automatic through model). Both are nil when f is not a ManyToMany field
// or its through model is not resolved yet (f.Through is nil).
func (f *FieldInfo) ThroughFields() (source, target *FieldInfo) {
	if !f.m2m || f.Through == nil {
		return nil, nil
	}
	return f.m2mSrc, f.m2mDst
}

// explicitThrough finds, in the through model t of f, the foreign key to
// f's model and the one to its target (for a self-referencing field, the
// first and the second foreign key to the model).
func explicitThrough(m *ModelInfo, f *FieldInfo, t *ModelInfo) error {
	var src, dst *FieldInfo
	for _, x := range t.Fields {
		if !x.isFK {
			continue
		}
		switch {
		case x.RelatedModel == m && src == nil:
			src = x
		case x.RelatedModel == f.RelatedModel && dst == nil:
			dst = x
		}
	}
	if src == nil || dst == nil {
		return fmt.Errorf("orm: %s.%s: the through model %s needs a ForeignKey to %s and one to %s", m.Label, f.Name, t.Label, m.Label, f.RelatedModel.Label)
	}
	f.m2mSrc, f.m2mDst = src, dst
	return nil
}

// linkRelationsLocked gives ManyToMany fields their through models and
// rebuilds every model's reverse relations, then checks that reverse
// names clash with nothing. It runs after each registration, under
// registry.mu; on error the relations stay as they were.
func linkRelationsLocked(strict bool) (*ModelInfo, error) {
	for _, m := range registry.order {
		for _, f := range m.ManyToMany {
			if f.RelatedModel == nil || f.Through != nil {
				continue
			}
			if f.ThroughName == "" {
				t := autoThrough(m, f)
				if prev, ok := registry.byTable[t.DBTable]; ok {
					return m, fmt.Errorf("orm: %s.%s: its through table %q is the table of %s; set Meta.Table on one", m.Label, f.Name, t.DBTable, prev.Label)
				}
				f.Through = t
				continue
			}
			label := f.ThroughName
			if !strings.Contains(label, ".") {
				label = m.App + "." + label
			}
			t := registry.byLabel[strings.ToLower(label)]
			if t == nil || len(t.pending) > 0 {
				if strict {
					return m, fmt.Errorf("orm: %s.%s: through model %q is not registered; add it to its app's Models()", m.Label, f.Name, f.ThroughName)
				}
				continue
			}
			if err := explicitThrough(m, f, t); err != nil {
				return m, err
			}
			f.Through = t
		}
	}

	type built struct {
		reverse  []*ReverseRelation
		incoming []*FieldInfo
		hops     map[string]relHop
	}
	next := map[*ModelInfo]*built{}
	get := func(m *ModelInfo) *built {
		b := next[m]
		if b == nil {
			b = &built{hops: map[string]relHop{}}
			next[m] = b
		}
		return b
	}
	addReverse := func(target *ModelInfo, f *FieldInfo, hops []*FieldInfo) {
		lower := strings.ToLower(f.Model.Name)
		r := &ReverseRelation{Field: f, Model: f.Model, Name: f.RelatedName, QueryName: f.RelatedName, Multiple: !f.OneToOne}
		if r.Name == "" {
			r.Name, r.QueryName = lower+"_set", lower
			if f.OneToOne {
				r.Name = lower
			}
		}
		b := get(target)
		if strings.HasSuffix(f.RelatedName, "+") {
			// Django's "+": no reverse accessor. Related still needs a
			// way back for a forward many-to-many, under a name no
			// caller can write (field names never hold "+" or ".").
			r.Name = "+" + f.Model.Label + "." + f.Name
			r.QueryName = r.Name
		} else {
			b.reverse = append(b.reverse, r)
		}
		for i, h := range hops {
			if h.reverse != nil && h.Model == target {
				hh := *h
				hh.Name, hh.QueryName = r.QueryName, r.QueryName
				hops[i] = &hh
			}
		}
		m2m := (*FieldInfo)(nil)
		if f.m2m {
			m2m = f
		}
		b.hops[r.QueryName] = relHop{hops: hops, target: f.Model, rel: r, m2m: m2m}
		if r.Name != r.QueryName {
			b.hops[r.Name] = b.hops[r.QueryName]
		}
	}
	// revHop is the synthetic step from the model `from` back along fk.
	revHop := func(from *ModelInfo, fk *FieldInfo, many bool) *FieldInfo {
		return &FieldInfo{Model: from, Name: fk.Model.Name, QueryName: strings.ToLower(fk.Model.Name),
			RelatedModel: fk.Model, Null: true, reverse: fk, many: many, Kind: db.KindInvalid, Position: -1}
	}
	for _, m := range registry.order {
		get(m)
		for _, f := range m.Fields {
			if !f.isFK || f.RelatedModel == nil {
				continue
			}
			t := f.RelatedModel
			get(t).incoming = append(get(t).incoming, f)
			addReverse(t, f, []*FieldInfo{revHop(t, f, !f.OneToOne)})
		}
		for _, f := range m.ManyToMany {
			if f.Through == nil {
				continue
			}
			t := f.RelatedModel
			if f.Through.AutoCreated {
				// Automatic through rows are not in registry.order: their
				// foreign keys are counted here, for the collector.
				get(m).incoming = append(get(m).incoming, f.m2mSrc)
				get(t).incoming = append(get(t).incoming, f.m2mDst)
			}
			fwd := revHop(m, f.m2mSrc, true)
			fwd.Name, fwd.QueryName = f.Name, f.QueryName
			get(m).hops[f.QueryName] = relHop{hops: []*FieldInfo{fwd, f.m2mDst}, target: t, m2m: f}
			if f.Name != f.QueryName {
				get(m).hops[f.Name] = get(m).hops[f.QueryName]
			}
			addReverse(t, f, []*FieldInfo{revHop(t, f.m2mDst, true), f.m2mSrc})
		}
	}
	// Clashes: a reverse name may not hide a field or another relation.
	for m, b := range next {
		seen := map[string]string{}
		for _, f := range m.Fields {
			seen[f.QueryName] = "field " + f.Name
			seen[f.Name] = "field " + f.Name
		}
		for _, f := range m.ManyToMany {
			if prev, dup := seen[f.QueryName]; dup {
				return m, fmt.Errorf("orm: %s.%s: the name %q is already the %s; rename one", m.Label, f.Name, f.QueryName, prev)
			}
			seen[f.QueryName] = "field " + f.Name
		}
		for _, r := range b.reverse {
			what := fmt.Sprintf("reverse accessor of %s.%s", r.Model.Label, r.Field.Name)
			names := []string{r.Name}
			if r.QueryName != r.Name {
				names = append(names, r.QueryName)
			}
			for _, n := range names {
				if prev, dup := seen[n]; dup {
					return r.Model, fmt.Errorf("orm: %s.%s: reverse name %q on %s clashes with the %s; set or change related_name on %s.%s",
						r.Model.Label, r.Field.Name, n, m.Label, prev, r.Model.Label, r.Field.Name)
				}
				seen[n] = what
			}
		}
	}
	for m, b := range next {
		m.Reverse, m.incoming, m.relHops = b.reverse, b.incoming, b.hops
	}
	return nil, nil
}

// toMany reports whether a join chain crosses a relation that may match
// several rows (a reverse foreign key or a many-to-many).
func toMany(chain []*FieldInfo) bool {
	for _, f := range chain {
		if f.many {
			return true
		}
	}
	return false
}

// joinOn returns the ON condition of a join: the target's key equals the
// parent's foreign key (a forward hop), or the target's foreign key equals
// the parent's key (a reverse hop).
func (c *compiler) joinOn(j join) string {
	if rev := j.fk.reverse; rev != nil {
		return j.alias + "." + c.d.Quote(rev.Column) + " = " + c.qualifier(j.parent) + "." + c.d.Quote(j.fk.Model.PK.Column)
	}
	return j.alias + "." + c.d.Quote(j.target.PK.Column) + " = " + c.qualifier(j.parent) + "." + c.d.Quote(j.fk.Column)
}

// manySubquery compiles a condition across a to-many relation as
// "key IN (the keys of the rows having a related row that matches)".
// Unlike a plain JOIN this returns each row once, and under Exclude (NOT)
// it drops every row with a matching related row, as Django's exclude
// does. Each condition gets its own subquery, so
// Where(And(Q("posts__title", a), Q("posts__views", 1))) may be satisfied
// by two different posts (Django's chained-filter() meaning). The inner
// SELECT is wrapped in a derived table because MySQL refuses a subquery
// on the table a DELETE or UPDATE changes.
func (c *compiler) manySubquery(cd Cond) (string, error) {
	sub := newCompiler(c.d, c.m)
	sub.inMany = true
	sub.args = c.args
	cond, err := sub.leaf(cd, false)
	c.args = sub.args
	if err != nil {
		return "", err
	}
	outerPK, err := c.column(resolved{field: c.m.PK})
	if err != nil {
		return "", err
	}
	k := c.d.Quote("k")
	var b strings.Builder
	b.WriteString(outerPK)
	b.WriteString(" IN (SELECT ")
	b.WriteString(k)
	b.WriteString(" FROM (SELECT ")
	b.WriteString(sub.ds.qcols[c.m.PK.Position])
	b.WriteString(" AS ")
	b.WriteString(k)
	sub.from(&b)
	b.WriteString(" WHERE ")
	b.WriteString(cond)
	b.WriteString(") ")
	b.WriteString(c.d.Quote("many"))
	b.WriteString(")")
	return b.String(), nil
}

// errCond is a condition that fails to compile with err, so a QuerySet
// built from bad arguments reports them when it runs.
func errCond(err error) Cond { return Cond{op: condErr, value: err} }

// relatedCache holds the sets PrefetchRelated loaded onto one object,
// by relation name.
type relatedCache struct {
	sets map[string][]unsafe.Pointer
}

// cacheOf returns the prefetch cache of the object at base (nil when the
// model does not embed orm.Model); with create, it makes one.
func (m *ModelInfo) cacheOf(base unsafe.Pointer, create bool) *relatedCache {
	if !m.hasModel {
		return nil
	}
	mp := (*Model)(unsafe.Add(base, m.modelOff))
	if mp.related == nil && create {
		mp.related = &relatedCache{sets: map[string][]unsafe.Pointer{}}
	}
	return mp.related
}

// objectInfo returns the model and address of obj, a non-nil pointer to a
// registered model struct.
func objectInfo(obj any) (*ModelInfo, unsafe.Pointer, error) {
	rv := reflect.ValueOf(obj)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil, nil, fmt.Errorf("orm: want a non-nil pointer to a model, got %T", obj)
	}
	info := infoOf(rv.Type().Elem())
	if info == nil {
		return nil, nil, fmt.Errorf("%w: %s (list it in its app's Models() or call orm.Register)", ErrNotRegistered, rv.Type().Elem())
	}
	return info, rv.UnsafePointer(), nil
}

// Related returns the objects of model T related to obj through obj's
// relation name: a reverse foreign key by its accessor or query name
// (Related[Post](user, "posts"), Related[Comment](post, "comment_set")),
// a reverse OneToOne, or a ManyToMany in either direction
// (Related[Tag](post, "tags"), Related[Post](tag, "posts")). The result
// is an ordinary QuerySet, to refine further.
//
// When PrefetchRelated loaded name onto obj, the QuerySet's All returns
// those objects without a query, as long as it is not refined (any
// Filter, OrderBy, Limit... queries the database again). A bad name, a T
// that is not the relation's model, or an unsaved obj is reported by the
// method that runs the QuerySet.
func Related[T any](obj any, name string) QuerySet[T] {
	qs := NewManager[T]().All()
	info, base, err := objectInfo(obj)
	if err != nil {
		return qs.Where(errCond(err))
	}
	h, ok := info.relHops[name]
	if !ok {
		return qs.Where(errCond(&FieldError{Model: info.Name, Name: name, Kind: "relation", Valid: info.relationNames()}))
	}
	if h.target.Type != reflect.TypeFor[T]() {
		return qs.Where(errCond(fmt.Errorf("orm: %s.%s leads to %s, not %s", info.Label, name, h.target.Label, reflect.TypeFor[T]())))
	}
	pk := pkInt(info, base)
	if pk == 0 {
		return qs.Where(errCond(fmt.Errorf("orm: %s.%s: the %s is not saved, so it has no related objects yet", info.Label, name, info.Name)))
	}
	// The path back from T to obj's model: the reverse of name.
	back := backPath(h)
	qs = qs.Filter(back, pk)
	if c := info.cacheOf(base, false); c != nil {
		if set, ok := c.sets[relKey(h)]; ok {
			qs.q.cached = &set
		}
	}
	return qs
}

// RelatedOne returns the one object of model T related to obj through a
// reverse OneToOne (RelatedOne[Profile](ctx, user, "profile")), from the
// PrefetchRelated cache when it was loaded. No such object is an error
// wrapping ErrDoesNotExist.
func RelatedOne[T any](ctx context.Context, obj any, name string) (*T, error) {
	qs := Related[T](obj, name)
	if qs.q.cached != nil {
		if set := *qs.q.cached; len(set) > 0 {
			return (*T)(set[0]), nil
		}
		info, err := qs.m.Info()
		if err != nil {
			return nil, err
		}
		return nil, notFound(info)
	}
	return qs.Get(ctx)
}

// backPath is the lookup path, from the model a relation leads to, back
// to the model the relation starts from.
func backPath(h relHop) string {
	switch {
	case h.rel == nil: // forward many-to-many: the target's reverse name
		return reverseQueryName(h.m2m)
	case h.m2m != nil: // reverse many-to-many: the field itself
		return h.m2m.QueryName
	}
	return h.rel.Field.QueryName // reverse foreign key: the key itself
}

// reverseQueryName is the lookup name of f seen from its target. A
// relation hidden with "+" still gets a name the joins understand.
func reverseQueryName(f *FieldInfo) string {
	for _, r := range f.RelatedModel.Reverse {
		if r.Field == f {
			return r.QueryName
		}
	}
	return "+" + f.Model.Label + "." + f.Name
}

// relKey is the cache key of a relation: stable for both names of it.
func relKey(h relHop) string {
	if h.rel != nil {
		return "r:" + h.rel.Model.Label + "." + h.rel.Field.Name
	}
	return "m:" + h.m2m.Name
}
