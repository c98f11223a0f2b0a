package orm

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// ManyToMany is a many-to-many relation to the model T (Django's
// ManyToManyField). It has no column: the links are rows of a through
// model, made by the ORM (table "<app>_<model>_<field>", say
// "blog_post_tags", with a foreign key to each side, unique together, and
// created by CreateTables) or named with the through option (a model of
// the same app, or "app.Model", with a ForeignKey to each side).
//
//	Tags orm.ManyToMany[Tag] `jazz:"related_name=posts"`
//	Members orm.ManyToMany[User] `jazz:"through=Membership"`
//
// The field belongs to the object it sits in: objects the ORM loads,
// creates or saves are bound to it, and then Add, Remove, Set, Clear, All
// and Query work on that object's links. An object built by hand and
// never saved or loaded is not bound; its methods return an error saying
// so. Each change runs in one transaction with its m2m_changed receivers
// (OnM2MChanged). Lookups cross the field both ways
// (Posts.Filter("tags__name", "go"), Tags.Filter("posts__title", "x")).
//
// A ManyToMany value is owned by its object: it is not safe for concurrent
// use, and a copy of the struct keeps working on the original object's
// links. Changing links through an explicit through model inserts rows
// built with that model's defaults; its other fields are left to them.
type ManyToMany[T any] struct {
	owner  unsafe.Pointer
	field  *FieldInfo
	objs   []*T
	loaded bool
}

// m2mHeader mirrors the layout of every ManyToMany[T], so the ORM can bind
// and fill one without knowing T.
type m2mHeader struct {
	owner  unsafe.Pointer
	field  *FieldInfo
	objs   []unsafe.Pointer
	loaded bool
}

// m2mRelation is implemented by every ManyToMany[T]; registration uses it
// to find the target type.
type m2mRelation interface{ m2mTarget() reflect.Type }

func (ManyToMany[T]) m2mTarget() reflect.Type { return reflect.TypeFor[T]() }

// bindM2M points every ManyToMany field of the object at base back at it.
func bindM2M(info *ModelInfo, base unsafe.Pointer) {
	for _, f := range info.ManyToMany {
		h := (*m2mHeader)(unsafe.Add(base, f.offset))
		h.owner, h.field = base, f
	}
}

// Loaded returns the targets PrefetchRelated loaded; ok is false when
// they were not loaded (or a change through this field since made them
// stale). The caller must not modify
// the slice.
func (m *ManyToMany[T]) Loaded() (objs []*T, ok bool) { return m.objs, m.loaded }

// ownerPK returns the bound object's model and key, or an error.
func (m *ManyToMany[T]) ownerPK() (*ModelInfo, int64, error) {
	if m.field == nil {
		return nil, 0, fmt.Errorf("orm: ManyToMany[%s] is not bound to an object: Create, Save or load the object through the ORM first", reflect.TypeFor[T]())
	}
	f := m.field
	if f.Through == nil {
		return nil, 0, fmt.Errorf("orm: %s.%s: the relation is not resolved (is its through model registered?)", f.Model.Label, f.Name)
	}
	pk := pkInt(f.Model, m.owner)
	if pk == 0 {
		return nil, 0, fmt.Errorf("orm: %s.%s: the %s is not saved yet; save it before changing its links", f.Model.Label, f.Name, f.Model.Name)
	}
	return f.Model, pk, nil
}

// Query returns a QuerySet of the targets linked to the object, to
// refine further (Filter, OrderBy...). It ignores what PrefetchRelated
// loaded unless it is run unrefined with All.
func (m *ManyToMany[T]) Query() QuerySet[T] {
	qs := NewManager[T]().All()
	_, pk, err := m.ownerPK()
	if err != nil {
		return qs.Where(errCond(err))
	}
	qs = qs.Filter(reverseQueryName(m.field), pk)
	if m.loaded {
		set := *(*[]unsafe.Pointer)(unsafe.Pointer(&m.objs))
		qs.q.cached = &set
	}
	return qs
}

// All returns the linked targets in the target's default order: what
// PrefetchRelated loaded, without a query, else the result of one query
// (not cached: another All queries again, as Django's all()).
func (m *ManyToMany[T]) All(ctx context.Context) ([]*T, error) {
	if m.loaded {
		return slices.Clone(m.objs), nil
	}
	return m.Query().All(ctx)
}

// IDs returns the keys of the linked targets, in no particular order.
func (m *ManyToMany[T]) IDs(ctx context.Context) ([]int64, error) {
	_, pk, err := m.ownerPK()
	if err != nil {
		return nil, err
	}
	conn, err := querier(ctx)
	if err != nil {
		return nil, err
	}
	return linkedIDs(ctx, conn, m.field, pk, nil)
}

// linkedIDs returns the targets linked to pk, limited to among when it is
// not nil.
func linkedIDs(ctx context.Context, conn db.Querier, f *FieldInfo, pk int64, among []int64) ([]int64, error) {
	d := conn.Dialect()
	var b strings.Builder
	b.WriteString("SELECT ")
	b.WriteString(d.Quote(f.m2mDst.Column))
	b.WriteString(" FROM ")
	b.WriteString(d.Quote(f.Through.DBTable))
	b.WriteString(" WHERE ")
	b.WriteString(d.Quote(f.m2mSrc.Column))
	b.WriteString(" = ")
	b.WriteString(d.Placeholder(1))
	args := []any{pk}
	if among != nil {
		if len(among) == 0 {
			return nil, nil
		}
		b.WriteString(" AND ")
		b.WriteString(d.Quote(f.m2mDst.Column))
		b.WriteString(" IN (")
		for i, id := range among {
			if i > 0 {
				b.WriteString(", ")
			}
			args = append(args, id)
			b.WriteString(d.Placeholder(len(args)))
		}
		b.WriteString(")")
	}
	rows, err := conn.QueryContext(ctx, b.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("orm: reading %s.%s: %w", f.Model.Label, f.Name, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("orm: reading %s.%s: %w", f.Model.Label, f.Name, err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// targetIDs returns the keys of objs, which must be saved.
func targetIDs[T any](f *FieldInfo, objs []*T) ([]int64, error) {
	ids := make([]int64, 0, len(objs))
	for i, o := range objs {
		if o == nil {
			return nil, fmt.Errorf("orm: %s.%s: objs[%d] is nil", f.Model.Label, f.Name, i)
		}
		id := pkInt(f.RelatedModel, unsafe.Pointer(o))
		if id == 0 {
			return nil, fmt.Errorf("orm: %s.%s: objs[%d] (%s) is not saved; save it before linking it", f.Model.Label, f.Name, i, f.RelatedModel.Label)
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// Add links objs (saved objects) to the object. Links that exist already
// are left alone, so adding twice is harmless; m2m_changed receives
// pre_add and post_add with the keys newly linked (no event when there
// are none).
func (m *ManyToMany[T]) Add(ctx context.Context, objs ...*T) error {
	return m.change(ctx, objs, m2mAdd)
}

// change runs op (m2mAdd or m2mRemove) for objs' keys in a transaction,
// and forgets the links loaded before, which op makes stale.
func (m *ManyToMany[T]) change(ctx context.Context, objs []*T,
	op func(ctx context.Context, f *FieldInfo, owner unsafe.Pointer, pk int64, ids []int64) error) error {
	_, pk, err := m.ownerPK()
	if err != nil {
		return err
	}
	ids, err := targetIDs(m.field, objs)
	if err != nil || len(ids) == 0 {
		return err
	}
	m.objs, m.loaded = nil, false
	return db.Atomic(ctx, func(ctx context.Context) error { return op(ctx, m.field, m.owner, pk, ids) })
}

func m2mAdd(ctx context.Context, f *FieldInfo, owner unsafe.Pointer, pk int64, ids []int64) error {
	conn, err := querier(ctx)
	if err != nil {
		return err
	}
	have, err := linkedIDs(ctx, conn, f, pk, ids)
	if err != nil {
		return err
	}
	var missing []int64
	for _, id := range ids {
		if !slices.Contains(have, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if err := sendM2M(ctx, f, owner, M2MEvent{Action: PreAdd, Field: f, PKs: missing}); err != nil {
		return err
	}
	t := f.Through
	if t.AutoCreated {
		d := conn.Dialect()
		ds := t.dialectSQL(d)
		cols := []*FieldInfo{f.m2mSrc, f.m2mDst}
		for start := 0; start < len(missing); start += inChunk {
			chunk := missing[start:min(start+inChunk, len(missing))]
			args := make([]any, 0, 2*len(chunk))
			for _, id := range chunk {
				args = append(args, pk, id)
			}
			if _, err := conn.ExecContext(ctx, insertSQL(d, ds, t, cols, len(chunk), false), args...); err != nil {
				return fmt.Errorf("orm: adding to %s.%s: %w", f.Model.Label, f.Name, err)
			}
		}
	} else {
		for _, id := range missing {
			row := reflect.New(t.Type).UnsafePointer()
			t.applyDefaults(row, true)
			(*fkHeader)(f.m2mSrc.at(row)).id = pk
			(*fkHeader)(f.m2mDst.at(row)).id = id
			if err := saveObject(ctx, t, row, nil, true); err != nil {
				return fmt.Errorf("orm: adding to %s.%s: %w", f.Model.Label, f.Name, err)
			}
		}
	}
	return sendM2M(ctx, f, owner, M2MEvent{Action: PostAdd, Field: f, PKs: missing})
}

// Remove unlinks objs from the object; objects not linked are ignored.
// m2m_changed receives pre_remove and post_remove with the keys given.
func (m *ManyToMany[T]) Remove(ctx context.Context, objs ...*T) error {
	return m.change(ctx, objs, m2mRemove)
}

// m2mRemove deletes the links from pk to ids (to every target when ids is
// nil: a clear).
func m2mRemove(ctx context.Context, f *FieldInfo, owner unsafe.Pointer, pk int64, ids []int64) error {
	conn, err := querier(ctx)
	if err != nil {
		return err
	}
	pre, post := PreRemove, PostRemove
	if ids == nil {
		pre, post = PreClear, PostClear
	}
	if err := sendM2M(ctx, f, owner, M2MEvent{Action: pre, Field: f, PKs: ids}); err != nil {
		return err
	}
	d := conn.Dialect()
	var b strings.Builder
	b.WriteString("DELETE FROM ")
	b.WriteString(d.Quote(f.Through.DBTable))
	b.WriteString(" WHERE ")
	b.WriteString(d.Quote(f.m2mSrc.Column))
	b.WriteString(" = ")
	b.WriteString(d.Placeholder(1))
	args := []any{pk}
	if ids != nil {
		b.WriteString(" AND ")
		b.WriteString(d.Quote(f.m2mDst.Column))
		b.WriteString(" IN (")
		for i, id := range ids {
			if i > 0 {
				b.WriteString(", ")
			}
			args = append(args, id)
			b.WriteString(d.Placeholder(len(args)))
		}
		b.WriteString(")")
	}
	if _, err := conn.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("orm: removing from %s.%s: %w", f.Model.Label, f.Name, err)
	}
	return sendM2M(ctx, f, owner, M2MEvent{Action: post, Field: f, PKs: ids})
}

// Clear unlinks every target from the object; m2m_changed receives
// pre_clear and post_clear.
func (m *ManyToMany[T]) Clear(ctx context.Context) error {
	_, pk, err := m.ownerPK()
	if err != nil {
		return err
	}
	m.objs, m.loaded = nil, false
	return db.Atomic(ctx, func(ctx context.Context) error { return m2mRemove(ctx, m.field, m.owner, pk, nil) })
}

// Set makes objs exactly the linked targets: it removes the links not in
// objs and adds the missing ones (m2m_changed: remove, then add), in one
// transaction. Set with no objs is a Clear done as a remove.
func (m *ManyToMany[T]) Set(ctx context.Context, objs ...*T) error {
	_, pk, err := m.ownerPK()
	if err != nil {
		return err
	}
	ids, err := targetIDs(m.field, objs)
	if err != nil {
		return err
	}
	m.objs, m.loaded = nil, false
	return db.Atomic(ctx, func(ctx context.Context) error {
		conn, err := querier(ctx)
		if err != nil {
			return err
		}
		have, err := linkedIDs(ctx, conn, m.field, pk, nil)
		if err != nil {
			return err
		}
		var drop []int64
		for _, id := range have {
			if !slices.Contains(ids, id) {
				drop = append(drop, id)
			}
		}
		if len(drop) > 0 {
			if err := m2mRemove(ctx, m.field, m.owner, pk, drop); err != nil {
				return err
			}
		}
		if len(ids) == 0 {
			return nil
		}
		return m2mAdd(ctx, m.field, m.owner, pk, ids)
	})
}
