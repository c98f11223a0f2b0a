package orm

import (
	"context"
	"iter"
	"unsafe"
)

// DefaultChunkSize is the chunk size Iterator uses when given zero or
// less, Django's default for iterator().
const DefaultChunkSize = 2000

// Iterator streams the QuerySet's objects with memory bounded by
// chunkSize, whatever the number of rows (Django's iterator()). When the
// QuerySet is ordered by primary key only, or not at all (no OrderBy and
// no Meta.Ordering), and is neither sliced, locked nor annotated, it reads
// chunkSize rows per query, each chunk starting after the last key of the
// one before (keyset pagination): the connection is free between chunks,
// so the loop body may run other queries, even inside a transaction on
// PostgreSQL, and a chunk never costs more than an index range scan. Rows
// inserted or deleted meanwhile may or may not be seen. Any other
// QuerySet streams through one cursor, exactly like Iter, which holds one
// row at a time but keeps the connection busy until the loop ends.
// Objects are not retained: each is garbage once the loop body drops it.
// An error ends the sequence with (nil, err).
func (qs QuerySet[T]) Iterator(ctx context.Context, chunkSize int) iter.Seq2[*T, error] {
	if chunkSize <= 0 {
		chunkSize = DefaultChunkSize
	}
	return func(yield func(*T, error) bool) {
		info, err := qs.m.Info()
		if err != nil {
			yield(nil, err)
			return
		}
		order, ok := keysetOrder(info, qs.q)
		if !ok {
			for o, err := range qs.Iter(ctx) {
				if !yield(o, err) {
					return
				}
			}
			return
		}
		cmp := "pk__gt"
		if order == "-pk" {
			cmp = "pk__lt"
		}
		page := qs.OrderBy(order).Limit(int64(chunkSize))
		var last any
		for {
			cur := page
			if last != nil {
				cur = page.Filter(cmp, last)
			}
			objs, err := cur.All(ctx)
			if err != nil {
				yield(nil, err)
				return
			}
			for i, o := range objs {
				objs[i] = nil // the caller alone decides how long o lives
				if !yield(o, nil) {
					return
				}
				if i == len(objs)-1 {
					if last, err = pkValue(info, unsafe.Pointer(o)); err != nil {
						yield(nil, err)
						return
					}
				}
			}
			if len(objs) < chunkSize {
				return
			}
		}
	}
}

// keysetOrder returns "pk" or "-pk" when q can be read in key order by
// chunks.
func keysetOrder(info *ModelInfo, q *query) (string, bool) {
	if q.limit >= 0 || q.offset > 0 || q.lock != nil || len(q.annots) > 0 {
		return "", false
	}
	order := q.order
	if !q.ordered {
		order = info.Meta.Ordering
	}
	switch len(order) {
	case 0:
		return "pk", true
	case 1:
		desc := len(order[0]) > 0 && order[0][0] == '-'
		name := order[0]
		if desc {
			name = name[1:]
		}
		if f, ok := info.Field(name); ok && f.PrimaryKey {
			if desc {
				return "-pk", true
			}
			return "pk", true
		}
	}
	return "", false
}
