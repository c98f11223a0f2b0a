package orm

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"unsafe"
)

// Raw runs a SELECT written by hand and maps its columns onto new objects
// of the model by name (Django's raw()): a column matches the field whose
// column ("author_id") or query name ("author") it equals, ignoring case.
// A column that matches no field is an error naming it, so a typo cannot
// silently leave a field zero; fields with no column are left zero (as
// with Defer). query is passed to the database as is, in its placeholder
// style ("?" or "$1"); pass every value in args, never in the text. The
// caller owns the returned slice.
func (m *Manager[T]) Raw(ctx context.Context, query string, args ...any) ([]*T, error) {
	var out []*T
	for o, err := range m.RawIter(ctx, query, args...) {
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// RawIter is Raw streamed one row at a time, like QuerySet.Iter.
func (m *Manager[T]) RawIter(ctx context.Context, query string, args ...any) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		info, err := m.Info()
		if err != nil {
			yield(nil, err)
			return
		}
		conn, err := querier(ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		rows, err := conn.QueryContext(ctx, query, args...)
		if err != nil {
			yield(nil, fmt.Errorf("orm: Raw %s: %w", info.Label, err))
			return
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			yield(nil, fmt.Errorf("orm: Raw %s: %w", info.Label, err))
			return
		}
		d := conn.Dialect()
		ds := info.dialectSQL(d)
		plan := &selectPlan{slots: ds.slots[:1]}
		seen := map[*FieldInfo]string{}
		for _, c := range cols {
			f := rawField(info, c)
			if f == nil {
				yield(nil, &FieldError{Model: info.Name, Name: c, Reason: "the raw query returns this column, which matches no field; drop it or alias it to a field's column", Valid: info.names})
				return
			}
			if prev, dup := seen[f]; dup {
				yield(nil, fmt.Errorf("orm: Raw %s: columns %q and %q both map to %s; select it once", info.Label, prev, c, f.QueryName))
				return
			}
			seen[f] = c
			plan.cols = append(plan.cols, colRef{slot: 0, f: f})
		}
		rs := newRowScanner(d, plan)
		for rows.Next() {
			obj := new(T)
			if err := rs.scan(rows, unsafe.Pointer(obj)); err != nil {
				yield(nil, fmt.Errorf("orm: Raw %s: %w", info.Label, err))
				return
			}
			if !yield(obj, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, fmt.Errorf("orm: Raw %s: %w", info.Label, err))
		}
	}
}

// rawField returns the field a raw column maps to, or nil.
func rawField(info *ModelInfo, col string) *FieldInfo {
	for _, f := range info.Fields {
		if f.Column == col || f.QueryName == col {
			return f
		}
	}
	for _, f := range info.Fields {
		if strings.EqualFold(f.Column, col) || strings.EqualFold(f.QueryName, col) {
			return f
		}
	}
	return nil
}
