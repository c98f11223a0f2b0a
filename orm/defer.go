package orm

import (
	"context"
	"fmt"
	"strings"
	"unsafe"
)

// Only returns the QuerySet loading only the given fields of the model
// (query or Go names) plus the primary key; every other field of the
// objects is left at its zero value. Go cannot load a field lazily when
// it is first read, so a deferred field stays zero until Manager.Refresh
// loads it: save such an object with update fields (Save(ctx, obj,
// "title")), or a plain Save writes the zeros back. Only replaces an
// earlier Only; Defer still removes fields from it. Objects loaded by
// SelectRelated are loaded whole. Values and ValuesList are unaffected.
func (qs QuerySet[T]) Only(fields ...string) QuerySet[T] {
	n := qs.clone()
	n.q.only = append([]string(nil), fields...)
	return n
}

// Defer returns the QuerySet leaving the given fields unloaded (zero);
// see Only for what that means. Calls add up; Defer() with no fields
// clears them. The primary key is always loaded.
func (qs QuerySet[T]) Defer(fields ...string) QuerySet[T] {
	n := qs.clone()
	if len(fields) == 0 {
		n.q.deferred = nil
		return n
	}
	n.q.deferred = append(append([]string(nil), n.q.deferred...), fields...)
	return n
}

// ownField resolves a field of the model itself for Only, Defer and
// Refresh.
func (m *ModelInfo) ownField(name, method string) (*FieldInfo, error) {
	if strings.Contains(name, "__") {
		return nil, &FieldError{Model: m.Name, Name: name, Reason: method + " takes the model's own fields; objects from SelectRelated are loaded whole", Valid: m.names}
	}
	f, ok := m.Field(name)
	if !ok {
		return nil, m.unknownField(name)
	}
	return f, nil
}

// loadColumns returns the select list and scan plan of the main model's
// columns that Only and Defer leave loaded.
func (c *compiler) loadColumns(q *query) (string, []colRef, error) {
	m := c.m
	load := make([]bool, len(m.Fields))
	if len(q.only) == 0 {
		for i := range load {
			load[i] = true
		}
	}
	for _, name := range q.only {
		f, err := m.ownField(name, "Only")
		if err != nil {
			return "", nil, err
		}
		load[f.Position] = true
	}
	for _, name := range q.deferred {
		f, err := m.ownField(name, "Defer")
		if err != nil {
			return "", nil, err
		}
		load[f.Position] = false
	}
	load[m.PK.Position] = true
	var b strings.Builder
	cols := make([]colRef, 0, len(m.Fields))
	for i, f := range m.Fields {
		if !load[i] {
			continue
		}
		if len(cols) > 0 {
			b.WriteString(", ")
		}
		col, err := c.column(resolved{field: f})
		if err != nil {
			return "", nil, err
		}
		b.WriteString(col)
		cols = append(cols, colRef{slot: 0, f: f})
	}
	return b.String(), cols, nil
}

// pkValue returns the primary key of the struct at base as callers pass
// it: int64, UUID or string.
func pkValue(info *ModelInfo, base unsafe.Pointer) (any, error) {
	v, err := info.PK.get(base)
	if err != nil {
		return nil, err
	}
	if b, ok := v.([16]byte); ok {
		return UUID(b), nil
	}
	return v, nil
}

// Refresh reloads obj's fields from its row (Django's refresh_from_db):
// the given fields only, or every field. It is how a field left zero by
// Only or Defer is loaded. A missing row is an error wrapping
// ErrDoesNotExist and leaves obj untouched; an object without a primary
// key is an error.
func (m *Manager[T]) Refresh(ctx context.Context, obj *T, fields ...string) error {
	info, err := m.Info()
	if err != nil {
		return err
	}
	base := unsafe.Pointer(obj)
	if info.PK.isZero(base) {
		return fmt.Errorf("orm: refreshing %s: the object has no primary key (save it first)", info.Label)
	}
	key, err := pkValue(info, base)
	if err != nil {
		return err
	}
	qs := m.All().Filter("pk", key).OrderBy()
	if len(fields) > 0 {
		for _, f := range fields {
			if _, err := info.ownField(f, "Refresh"); err != nil {
				return err
			}
		}
		qs = qs.Only(fields...)
	}
	conn, plan, err := qs.prepare(ctx)
	if err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, plan.sql, plan.args...)
	if err != nil {
		return fmt.Errorf("orm: refreshing %s: %w", info.Label, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return fmt.Errorf("orm: refreshing %s: %w", info.Label, err)
		}
		return notFound(info)
	}
	// Scan into a copy so a failure leaves obj as it was.
	tmp := *obj
	if err := newRowScanner(conn.Dialect(), plan).scan(rows, unsafe.Pointer(&tmp)); err != nil {
		return fmt.Errorf("orm: refreshing %s: %w", info.Label, err)
	}
	*obj = tmp
	return rows.Close()
}

// InBulk returns the objects of qs whose primary keys are in keys, by key
// (Django's in_bulk). K is the key's Go type: int64 for the automatic key,
// UUID for a UUID key, string for a string key; another type is an
// error. Keys that match nothing
// are absent from the map. Long key lists are split to fit the database's
// parameter limit. qs may not be sliced.
func InBulk[K comparable, T any](ctx context.Context, qs QuerySet[T], keys []K) (map[K]*T, error) {
	info, err := qs.m.Info()
	if err != nil {
		return nil, err
	}
	if qs.q.limit >= 0 || qs.q.offset > 0 {
		return nil, fmt.Errorf("orm: InBulk %s: cannot use a QuerySet with Limit or Offset", info.Label)
	}
	out := make(map[K]*T, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	conn, err := qs.conn(ctx, false)
	if err != nil {
		return nil, err
	}
	batch := conn.Dialect().Features().MaxPlaceholders - 100 // room for qs's own parameters
	if batch <= 0 {
		batch = 899
	}
	batch = min(batch, 5000)
	base := qs.OrderBy()
	for start := 0; start < len(keys); start += batch {
		chunk := keys[start:min(start+batch, len(keys))]
		var kerr error
		err := base.Filter("pk__in", chunk).each(ctx, func(o *T) bool {
			v, err := pkValue(info, unsafe.Pointer(o))
			if err != nil {
				kerr = err
				return false
			}
			k, ok := v.(K)
			if !ok {
				kerr = fmt.Errorf("orm: InBulk %s: keys are %T but the primary key is %T; pass keys of that type", info.Label, *new(K), v)
				return false
			}
			out[k] = o
			return true
		})
		if err == nil {
			err = kerr
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// InBulk returns the objects of the QuerySet with the given int64 primary
// keys, by key; see the function InBulk, which also takes UUID and string
// keys.
func (qs QuerySet[T]) InBulk(ctx context.Context, ids []int64) (map[int64]*T, error) {
	return InBulk(ctx, qs, ids)
}
