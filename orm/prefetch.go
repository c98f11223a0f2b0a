package orm

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// PrefetchRelated loads the objects related to the results through each
// path with one extra query per relation, after the main query, and
// attaches them, so reading them costs no query (Django's
// prefetch_related). A path names a forward ForeignKey or OneToOne
// ("author": ForeignKey.Loaded returns the target), a ManyToMany field
// ("tags": ManyToMany.Loaded and All), or a reverse relation by its
// accessor or query name ("comments", "comment_set", "profile":
// Related(obj, name).All and RelatedOne read the cache). Paths may go
// deeper ("comments__author"), one query per level.
//
// Prefetching applies to All, Get, First and Last; Iter streams without
// it. Reverse and reverse many-to-many sets are cached in the embedded
// orm.Model, so a model that declares its own key cannot receive them
// (an error says so). An unknown path is an error from the method that
// runs the QuerySet.
func (qs QuerySet[T]) PrefetchRelated(paths ...string) QuerySet[T] {
	c := qs.clone()
	c.q.prefetch = append(c.q.prefetch, paths...)
	return c
}

// PrefetchRelated is All().PrefetchRelated(paths...).
func (m *Manager[T]) PrefetchRelated(paths ...string) QuerySet[T] {
	return m.All().PrefetchRelated(paths...)
}

func cachedObjects[T any](set []unsafe.Pointer) []*T {
	out := make([]*T, len(set))
	for i, p := range set {
		out[i] = (*T)(p)
	}
	return out
}

// prefetchObjects runs the prefetch paths for objs.
func prefetchObjects[T any](ctx context.Context, mgr *Manager[T], paths []string, objs []*T) error {
	if len(objs) == 0 {
		return nil
	}
	info, err := mgr.Info()
	if err != nil {
		return err
	}
	conn, err := querier(ctx)
	if err != nil {
		return err
	}
	ptrs := make([]unsafe.Pointer, len(objs))
	for i, o := range objs {
		ptrs[i] = unsafe.Pointer(o)
	}
	return prefetchPaths(ctx, conn, info, ptrs, paths)
}

// prefetchPaths prefetches paths (relative to m) for objs; paths sharing
// their first step share its query.
func prefetchPaths(ctx context.Context, conn db.Querier, m *ModelInfo, objs []unsafe.Pointer, paths []string) error {
	type level struct {
		objs   []unsafe.Pointer
		target *ModelInfo
	}
	done := map[string]level{}
	for _, p := range paths {
		first, rest, _ := strings.Cut(p, "__")
		lv, ok := done[first]
		if !ok {
			got, target, err := prefetchOne(ctx, conn, m, objs, first)
			if err != nil {
				return fmt.Errorf("orm: PrefetchRelated(%q): %w", p, err)
			}
			lv = level{got, target}
			done[first] = lv
		}
		if rest != "" && len(lv.objs) > 0 {
			if err := prefetchPaths(ctx, conn, lv.target, lv.objs, []string{rest}); err != nil {
				return err
			}
		}
	}
	return nil
}

// prefetchOne loads and attaches one relation of m for objs, and returns
// the related objects loaded and their model.
func prefetchOne(ctx context.Context, conn db.Querier, m *ModelInfo, objs []unsafe.Pointer, name string) ([]unsafe.Pointer, *ModelInfo, error) {
	if f, ok := m.Field(name); ok {
		if !f.isFK || f.RelatedModel == nil {
			return nil, nil, &FieldError{Model: m.Name, Name: name, Reason: "not a relation, so there is nothing to prefetch", Valid: m.prefetchNames()}
		}
		got, err := prefetchForward(ctx, conn, f, objs)
		return got, f.RelatedModel, err
	}
	h, ok := m.relHops[name]
	if !ok {
		return nil, nil, &FieldError{Model: m.Name, Name: name, Kind: "relation", Valid: m.prefetchNames()}
	}
	pks := make([]int64, 0, len(objs))
	for _, o := range objs {
		if pk := pkInt(m, o); pk != 0 {
			pks = append(pks, pk)
		}
	}
	key := relKey(h)
	var groups map[int64][]unsafe.Pointer
	var all []unsafe.Pointer
	var err error
	switch {
	case h.m2m != nil && h.rel == nil: // forward many-to-many
		f := h.m2m
		groups, all, err = prefetchThrough(ctx, conn, f.RelatedModel, f.Through, f.m2mSrc, f.m2mDst, pks)
	case h.m2m != nil: // reverse many-to-many
		f := h.m2m
		groups, all, err = prefetchThrough(ctx, conn, f.Model, f.Through, f.m2mDst, f.m2mSrc, pks)
	default: // reverse foreign key or one-to-one
		groups, all, err = prefetchReverse(ctx, conn, h.rel.Field, pks)
	}
	if err != nil {
		return nil, nil, err
	}
	for _, o := range objs {
		set := groups[pkInt(m, o)]
		if h.m2m != nil && h.rel == nil {
			mh := (*m2mHeader)(unsafe.Add(o, h.m2m.offset))
			mh.owner, mh.field, mh.objs, mh.loaded = o, h.m2m, set, true
		}
		c := m.cacheOf(o, true)
		if c == nil {
			if h.m2m != nil && h.rel == nil {
				continue // the field itself holds the set
			}
			return nil, nil, fmt.Errorf("%s does not embed orm.Model, which holds prefetched reverse sets", m.Label)
		}
		if set == nil {
			set = []unsafe.Pointer{}
		}
		c.sets[key] = set
	}
	return all, h.target, nil
}

// prefetchNames lists what PrefetchRelated accepts on m.
func (m *ModelInfo) prefetchNames() []string {
	var out []string
	for _, f := range m.Fields {
		if f.isFK {
			out = append(out, f.QueryName)
		}
	}
	return append(out, m.relationNames()...)
}

// prefetchForward loads the targets of the foreign key f for objs and
// caches each in its ForeignKey.
func prefetchForward(ctx context.Context, conn db.Querier, f *FieldInfo, objs []unsafe.Pointer) ([]unsafe.Pointer, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, o := range objs {
		if id := (*fkHeader)(f.at(o)).id; id != 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	target := f.RelatedModel
	byID := map[int64]unsafe.Pointer{}
	var all []unsafe.Pointer
	for start := 0; start < len(ids); start += inChunk {
		chunk := ids[start:min(start+inChunk, len(ids))]
		got, err := loadObjects(ctx, conn, target, &query{limit: -1, ordered: true, where: []Cond{Q("pk__in", chunk)}})
		if err != nil {
			return nil, err
		}
		for _, o := range got {
			byID[pkInt(target, o)] = o
		}
		all = append(all, got...)
	}
	for _, o := range objs {
		h := (*fkHeader)(f.at(o))
		if t, ok := byID[h.id]; ok {
			h.obj = t
		}
	}
	return all, nil
}

// prefetchReverse loads the objects whose foreign key fk points at one of
// pks, grouped by that key, in their model's default order; each one's
// ForeignKey gets no target (the parent is not re-read).
func prefetchReverse(ctx context.Context, conn db.Querier, fk *FieldInfo, pks []int64) (map[int64][]unsafe.Pointer, []unsafe.Pointer, error) {
	groups := map[int64][]unsafe.Pointer{}
	var all []unsafe.Pointer
	for start := 0; start < len(pks); start += inChunk {
		chunk := pks[start:min(start+inChunk, len(pks))]
		got, err := loadObjects(ctx, conn, fk.Model, &query{limit: -1, where: []Cond{Q(fk.Column+"__in", chunk)}})
		if err != nil {
			return nil, nil, err
		}
		for _, o := range got {
			id := (*fkHeader)(fk.at(o)).id
			groups[id] = append(groups[id], o)
		}
		all = append(all, got...)
	}
	return groups, all, nil
}

// prefetchThrough loads the objects of model other linked through the
// model through to one of pks (ownerFK points at the owners, otherFK at
// other), grouped by owner key, in other's default order: one query
// joining the through table.
func prefetchThrough(ctx context.Context, conn db.Querier, other, through *ModelInfo, ownerFK, otherFK *FieldInfo, pks []int64) (map[int64][]unsafe.Pointer, []unsafe.Pointer, error) {
	d := conn.Dialect()
	groups := map[int64][]unsafe.Pointer{}
	var all []unsafe.Pointer
	for start := 0; start < len(pks); start += inChunk {
		chunk := pks[start:min(start+inChunk, len(pks))]
		c := newCompiler(d, other)
		order, err := c.orderBy(other.Meta.Ordering)
		if err != nil || len(c.joins) > 0 {
			order = "" // an ordering across relations would need more joins
		}
		th := d.Quote("prefetch_through")
		var b strings.Builder
		b.WriteString("SELECT ")
		b.WriteString(c.ds.selAll)
		b.WriteString(", ")
		b.WriteString(th + "." + d.Quote(ownerFK.Column))
		b.WriteString(" FROM ")
		b.WriteString(c.ds.table)
		b.WriteString(" INNER JOIN ")
		b.WriteString(d.Quote(through.DBTable) + " " + th)
		b.WriteString(" ON " + th + "." + d.Quote(otherFK.Column) + " = " + c.ds.qcols[other.PK.Position])
		b.WriteString(" WHERE " + th + "." + d.Quote(ownerFK.Column) + " IN (")
		args := make([]any, len(chunk))
		for i, pk := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			args[i] = pk
			b.WriteString(d.Placeholder(i + 1))
		}
		b.WriteString(")")
		b.WriteString(order)
		rows, err := conn.QueryContext(ctx, b.String(), args...)
		if err != nil {
			return nil, nil, fmt.Errorf("querying %s: %w", other.Label, err)
		}
		plan := &selectPlan{slots: c.ds.slots, cols: c.ds.colRefs}
		rs := newRowScanner(d, plan)
		var owner int64
		rs.dests = append(rs.dests, &owner)
		for rows.Next() {
			obj := reflect.New(other.Type).UnsafePointer()
			if err := rs.scan(rows, obj); err != nil {
				rows.Close()
				return nil, nil, fmt.Errorf("reading %s: %w", other.Label, err)
			}
			groups[owner] = append(groups[owner], obj)
			all = append(all, obj)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("reading %s: %w", other.Label, db.ClassifyError(d, err))
		}
	}
	return groups, all, nil
}
