package orm

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// Manager is the entry point for a model's queries, Django's
// Model.objects. Declare one per model at package level:
//
//	var Posts = orm.NewManager[Post]()
//
// It finds the model's metadata the first time it is used (after
// registration) and keeps it. A Manager is safe for concurrent use.
type Manager[T any] struct {
	info atomic.Pointer[ModelInfo]
}

// NewManager returns the manager of the model T. T need not be registered
// yet; using the manager before it is returns an error wrapping
// ErrNotRegistered.
func NewManager[T any]() *Manager[T] { return &Manager[T]{} }

// Info returns the model's metadata, or an error wrapping ErrNotRegistered.
func (m *Manager[T]) Info() (*ModelInfo, error) {
	if info := m.info.Load(); info != nil {
		return info, nil
	}
	info := Info[T]()
	if info == nil {
		return nil, fmt.Errorf("%w: %s (list it in its app's Models() or call orm.Register)", ErrNotRegistered, reflect.TypeFor[T]())
	}
	m.info.Store(info)
	return info, nil
}

// All returns a QuerySet of every row of the model.
func (m *Manager[T]) All() QuerySet[T] {
	return QuerySet[T]{m: m, q: &query{limit: -1}}
}

// Filter is All().Filter(lookup, value).
func (m *Manager[T]) Filter(lookup string, value any) QuerySet[T] {
	return m.All().Filter(lookup, value)
}

// Exclude is All().Exclude(lookup, value).
func (m *Manager[T]) Exclude(lookup string, value any) QuerySet[T] {
	return m.All().Exclude(lookup, value)
}

// Where is All().Where(conds...).
func (m *Manager[T]) Where(conds ...Cond) QuerySet[T] { return m.All().Where(conds...) }

// OrderBy is All().OrderBy(fields...).
func (m *Manager[T]) OrderBy(fields ...string) QuerySet[T] { return m.All().OrderBy(fields...) }

// SelectRelated is All().SelectRelated(paths...).
func (m *Manager[T]) SelectRelated(paths ...string) QuerySet[T] {
	return m.All().SelectRelated(paths...)
}

// Get is All().Get(ctx, lookupsAndValues...).
func (m *Manager[T]) Get(ctx context.Context, lookupsAndValues ...any) (*T, error) {
	return m.All().Get(ctx, lookupsAndValues...)
}

// Count is All().Count(ctx).
func (m *Manager[T]) Count(ctx context.Context) (int64, error) { return m.All().Count(ctx) }

// Values is All().Values(ctx, fields...).
func (m *Manager[T]) Values(ctx context.Context, fields ...string) ([]map[string]any, error) {
	return m.All().Values(ctx, fields...)
}

// QuerySet is a lazy, immutable description of a query over the model T
// (Django's QuerySet). Every method that refines it returns a new
// QuerySet and leaves the receiver untouched, so a QuerySet can be stored
// and shared between goroutines. Nothing runs until a method that takes a
// ctx: All, Iter, Get, First, Last, Count, Exists, Values, ValuesList,
// FlatList, Aggregate, Update, Delete.
//
// A mistake in a field name or lookup is recorded when the QuerySet is
// built and returned by the method that runs it, as a *FieldError that
// lists the valid names.
//
// The zero QuerySet is not usable: start from a Manager.
type QuerySet[T any] struct {
	m *Manager[T]
	q *query
}

// clone copies the query so the copy can change; slices are cut to their
// length so an append never writes into a shared array.
func (qs QuerySet[T]) clone() QuerySet[T] {
	q := *qs.q
	q.where = q.where[:len(q.where):len(q.where)]
	q.order = q.order[:len(q.order):len(q.order)]
	q.related = q.related[:len(q.related):len(q.related)]
	q.prefetch = q.prefetch[:len(q.prefetch):len(q.prefetch)]
	q.cached = nil // a refined Related set queries again (prefetch.go)
	return QuerySet[T]{m: qs.m, q: &q}
}

// Filter keeps the rows matching lookup, a field path with an optional
// lookup ("status", "title__icontains", "author__username__iexact",
// "created__year__gte"); value is the value to compare with (bound as a
// parameter), an Expr made with F, or nil (IS NULL).
func (qs QuerySet[T]) Filter(lookup string, value any) QuerySet[T] {
	return qs.Where(Q(lookup, value))
}

// Exclude drops the rows matching lookup; see Filter.
func (qs QuerySet[T]) Exclude(lookup string, value any) QuerySet[T] {
	return qs.Where(Not(Q(lookup, value)))
}

// Where keeps the rows matching every one of conds (built with Q, And,
// Or, Not).
func (qs QuerySet[T]) Where(conds ...Cond) QuerySet[T] {
	n := qs.clone()
	n.q.where = append(n.q.where, conds...)
	return n
}

// OrderBy replaces the ordering: field paths, "-" for descending, "?" for
// random ("-created", "author__username"). OrderBy() with no fields
// removes every ordering, including Meta.Ordering.
func (qs QuerySet[T]) OrderBy(fields ...string) QuerySet[T] {
	n := qs.clone()
	n.q.order = slices.Clone(fields)
	n.q.ordered = true
	return n
}

// Limit returns at most n rows (n < 0: no limit).
func (qs QuerySet[T]) Limit(n int64) QuerySet[T] {
	c := qs.clone()
	c.q.limit = n
	return c
}

// Offset skips the first n rows.
func (qs QuerySet[T]) Offset(n int64) QuerySet[T] {
	c := qs.clone()
	c.q.offset = max(n, 0)
	return c
}

// Distinct removes duplicate rows (SELECT DISTINCT).
func (qs QuerySet[T]) Distinct() QuerySet[T] {
	c := qs.clone()
	c.q.distinct = true
	return c
}

// None returns a QuerySet that matches nothing (Django's none()).
func (qs QuerySet[T]) None() QuerySet[T] {
	c := qs.clone()
	c.q.none = true
	return c
}

// SelectRelated loads the targets of the given foreign keys in the same
// query, with a JOIN, and fills each ForeignKey so Loaded and Get return
// them without another query. Paths may go several levels deep
// ("author__profile").
func (qs QuerySet[T]) SelectRelated(paths ...string) QuerySet[T] {
	c := qs.clone()
	c.q.related = append(c.q.related, paths...)
	return c
}

// ForUpdate locks the selected rows until the end of the transaction
// (SELECT ... FOR UPDATE); use it inside db.Atomic. On SQLite the
// transaction already holds the write lock and this adds nothing.
func (qs QuerySet[T]) ForUpdate(opts db.LockOptions) QuerySet[T] {
	c := qs.clone()
	c.q.lock = &opts
	return c
}

// querier returns the connection of ctx.
func querier(ctx context.Context) (db.Querier, error) {
	q := db.FromContext(ctx)
	if q == nil {
		return nil, ErrNoDatabase
	}
	return q, nil
}

// slot is one object built from each row: the model itself (slot 0) or
// a target loaded by SelectRelated.
type slot struct {
	info   *ModelInfo
	parent int
	fk     *FieldInfo
	pkCol  int
}

// selectPlan is a compiled SELECT of model objects.
type selectPlan struct {
	sql   string
	args  []any
	slots []slot
	cols  []colRef
	ann   *annotCols // annotate.go: columns after cols, read by IterAnnotated
}

type colRef struct {
	slot int
	f    *FieldInfo
}

// compileSelect builds the SELECT for qs's objects.
func compileSelect(d db.Dialect, m *ModelInfo, q *query) (*selectPlan, error) {
	c := newCompiler(d, m)
	// Annotations are compiled first: they come first in the SQL text, and
	// "?" placeholders bind in text order.
	ann, err := c.annotate(q)
	if err != nil {
		return nil, err
	}
	where, err := c.where(ann.where)
	if err != nil {
		return nil, err
	}
	plan := &selectPlan{slots: c.ds.slots, cols: c.ds.colRefs, ann: ann}
	if len(q.related) > 0 {
		// Copies: the cached slices are shared by every query.
		plan.slots = slices.Clone(plan.slots)
		plan.cols = slices.Clone(plan.cols)
	}
	var sel strings.Builder
	sel.Grow(len(c.ds.selAll) + len(where) + 64)
	sel.WriteString("SELECT ")
	if q.distinct {
		sel.WriteString("DISTINCT ")
	}
	selList := c.ds.selAll
	if len(q.only) > 0 || len(q.deferred) > 0 {
		if selList, plan.cols, err = c.loadColumns(q); err != nil { // defer.go
			return nil, err
		}
	}
	sel.WriteString(selList)
	var joinSlot map[int]int
	if len(q.related) > 0 {
		joinSlot = map[int]int{}
	}
	for _, path := range q.related {
		var chain []*FieldInfo
		cur := m
		for _, name := range strings.Split(path, "__") {
			f, ok := cur.Field(name)
			if !ok {
				return nil, cur.unknownField(name)
			}
			if !f.isFK {
				return nil, &FieldError{Model: cur.Name, Name: path, Reason: f.QueryName + " is not a foreign key, so SelectRelated cannot follow it"}
			}
			if f.RelatedModel == nil {
				return nil, &FieldError{Model: cur.Name, Name: path, Reason: "the target of " + f.QueryName + " is not registered"}
			}
			chain = append(chain, f)
			cur = f.RelatedModel
		}
		// Select every join of the chain not selected yet (parents first).
		for n := 1; n <= len(chain); n++ {
			if _, _, err := c.joinFor(chain[:n]); err != nil {
				return nil, err
			}
			idx := len(c.joins) - 1
			for i, j := range c.joins {
				if j.fk == chain[n-1] && strings.Count(j.path, "__") == n-1 {
					idx = i
				}
			}
			if _, done := joinSlot[idx]; done {
				continue
			}
			j := c.joins[idx]
			parent := 0
			if j.parent >= 0 {
				parent = joinSlot[j.parent]
			}
			s := slot{info: j.target, parent: parent, fk: j.fk, pkCol: len(plan.cols) + j.target.PK.Position}
			joinSlot[idx] = len(plan.slots)
			for _, f := range j.target.Fields {
				sel.WriteString(", ")
				sel.WriteString(j.alias + "." + d.Quote(f.Column))
				plan.cols = append(plan.cols, colRef{slot: len(plan.slots), f: f})
			}
			plan.slots = append(plan.slots, s)
		}
	}
	ann.selectList(&sel, d)
	having, err := c.having(ann)
	if err != nil {
		return nil, err
	}
	order := q.order
	if !q.ordered {
		order = m.Meta.Ordering
	}
	orderSQL, err := c.orderBy(order)
	if err != nil {
		return nil, err
	}
	c.from(&sel)
	writeWhere(&sel, where, q.none)
	ann.writeGroup(&sel, len(plan.cols), having)
	sel.WriteString(orderSQL)
	if lo := d.LimitOffset(q.limit, q.offset); lo != "" {
		sel.WriteString(" ")
		sel.WriteString(lo)
	}
	if q.lock != nil {
		l, err := d.ForUpdate(*q.lock)
		if err != nil {
			return nil, fmt.Errorf("orm: %s: %w", m.Label, err)
		}
		if l != "" {
			sel.WriteString(" ")
			sel.WriteString(l)
		}
	}
	plan.sql = sel.String()
	plan.args = c.args
	return plan, nil
}

func writeWhere(b *strings.Builder, where string, none bool) {
	switch {
	case none:
		b.WriteString(" WHERE 1 = 0")
	case where != "":
		b.WriteString(" WHERE ")
		b.WriteString(where)
	}
}

// rowScanner scans rows into model objects: one colScan per column, made
// once per query, writing through the field offsets.
type rowScanner struct {
	bases []unsafe.Pointer
	cols  []colScan
	dests []any
	plan  *selectPlan
	// Inline storage for the common case of a model with few columns and
	// no joins, so a query allocates one scanner instead of four.
	basesArr [1]unsafe.Pointer
	colsArr  [12]colScan
	destsArr [12]any
}

type colScan struct {
	rs   *rowScanner
	slot int
	f    *FieldInfo
	d    db.Dialect
	null bool
}

// Scan implements sql.Scanner.
func (s *colScan) Scan(src any) error {
	s.null = src == nil
	return s.f.set(s.rs.bases[s.slot], src, s.d)
}

func newRowScanner(d db.Dialect, plan *selectPlan) *rowScanner {
	rs := &rowScanner{plan: plan}
	if n := len(plan.slots); n <= len(rs.basesArr) {
		rs.bases = rs.basesArr[:n]
	} else {
		rs.bases = make([]unsafe.Pointer, n)
	}
	if n := len(plan.cols); n <= len(rs.colsArr) {
		rs.cols, rs.dests = rs.colsArr[:n], rs.destsArr[:n:n]
	} else {
		rs.cols, rs.dests = make([]colScan, n), make([]any, n)
	}
	for i, c := range plan.cols {
		rs.cols[i] = colScan{rs: rs, slot: c.slot, f: c.f, d: d}
		rs.dests[i] = &rs.cols[i]
	}
	if plan.ann != nil {
		for range plan.ann.sql {
			rs.dests = append(rs.dests, new(any)) // annotations, read by IterAnnotated
		}
	}
	return rs
}

// scan reads the current row into main and the related objects.
func (rs *rowScanner) scan(rows interface{ Scan(...any) error }, main unsafe.Pointer) error {
	rs.bases[0] = main
	for i := 1; i < len(rs.bases); i++ {
		rs.bases[i] = reflect.New(rs.plan.slots[i].info.Type).UnsafePointer()
	}
	if err := rows.Scan(rs.dests...); err != nil {
		return err
	}
	for i := 1; i < len(rs.bases); i++ {
		s := rs.plan.slots[i]
		if rs.cols[s.pkCol].null {
			continue // LEFT JOIN found no target
		}
		h := (*fkHeader)(s.fk.at(rs.bases[s.parent]))
		h.obj = rs.bases[i]
	}
	for i, s := range rs.plan.slots {
		if len(s.info.ManyToMany) > 0 {
			bindM2M(s.info, rs.bases[i]) // m2m.go: Add, Remove... know their object
		}
	}
	return nil
}

// prepare resolves the model and compiles the SELECT.
func (qs QuerySet[T]) prepare(ctx context.Context) (db.Querier, *selectPlan, error) {
	info, err := qs.m.Info()
	if err != nil {
		return nil, nil, err
	}
	conn, err := qs.conn(ctx, qs.q.lock != nil) // using.go
	if err != nil {
		return nil, nil, err
	}
	plan, err := compileSelect(conn.Dialect(), info, qs.q)
	if err != nil {
		return nil, nil, err
	}
	return conn, plan, nil
}

// SQL returns the SELECT the QuerySet runs on dialect d and its
// arguments, for logging, tests and debugging.
func (qs QuerySet[T]) SQL(d db.Dialect) (string, []any, error) {
	info, err := qs.m.Info()
	if err != nil {
		return "", nil, err
	}
	plan, err := compileSelect(d, info, qs.q)
	if err != nil {
		return "", nil, err
	}
	return plan.sql, plan.args, nil
}

// each runs the query and calls fn with every object, in order, until fn
// returns false.
func (qs QuerySet[T]) each(ctx context.Context, fn func(*T) bool) error {
	conn, plan, err := qs.prepare(ctx)
	if err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, plan.sql, plan.args...)
	if err != nil {
		return fmt.Errorf("orm: querying %s: %w", plan.slots[0].info.Label, err)
	}
	defer rows.Close()
	rs := newRowScanner(conn.Dialect(), plan)
	for rows.Next() {
		obj := new(T)
		if err := rs.scan(rows, unsafe.Pointer(obj)); err != nil {
			return fmt.Errorf("orm: reading %s: %w", plan.slots[0].info.Label, err)
		}
		if !fn(obj) {
			return nil
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("orm: reading %s: %w", plan.slots[0].info.Label, db.ClassifyError(conn.Dialect(), err))
	}
	return nil
}

// All runs the query and returns every object. The caller owns the slice.
func (qs QuerySet[T]) All(ctx context.Context) ([]*T, error) {
	if qs.q.cached != nil {
		return cachedObjects[T](*qs.q.cached), nil // prefetch.go
	}
	var out []*T
	if qs.q.limit > 0 && qs.q.limit <= 1000 {
		out = make([]*T, 0, qs.q.limit)
	}
	err := qs.each(ctx, func(o *T) bool { out = append(out, o); return true })
	if err == nil && len(qs.q.prefetch) > 0 {
		err = prefetchObjects(ctx, qs.m, qs.q.prefetch, out) // prefetch.go
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Iter runs the query and streams the objects, one row at a time, without
// holding them all in memory. An error ends the sequence with (nil, err).
// Breaking out of the loop closes the rows.
//
//	for p, err := range Posts.All().Iter(ctx) { ... }
func (qs QuerySet[T]) Iter(ctx context.Context) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		stopped := false
		err := qs.each(ctx, func(o *T) bool {
			if !yield(o, nil) {
				stopped = true
				return false
			}
			return true
		})
		if err != nil && !stopped {
			yield(nil, err)
		}
	}
}

// Get returns the one object matching the QuerySet narrowed by
// lookupsAndValues, alternating lookup paths and values as in Filter
// (Get(ctx, "slug", "hello"), Get(ctx, "pk", 3), or Get(ctx) for the
// QuerySet itself). No match is an error wrapping ErrDoesNotExist, more
// than one an error wrapping ErrMultipleObjectsReturned.
func (qs QuerySet[T]) Get(ctx context.Context, lookupsAndValues ...any) (*T, error) {
	if len(lookupsAndValues)%2 != 0 {
		return nil, fmt.Errorf("orm: Get takes lookup, value pairs; got %d arguments", len(lookupsAndValues))
	}
	n := qs.clone()
	for i := 0; i < len(lookupsAndValues); i += 2 {
		l, ok := lookupsAndValues[i].(string)
		if !ok {
			return nil, fmt.Errorf("orm: Get: argument %d must be a lookup string, not %T", i, lookupsAndValues[i])
		}
		n.q.where = append(n.q.where, Q(l, lookupsAndValues[i+1]))
	}
	if n.q.limit < 0 || n.q.limit > 2 {
		n.q.limit = 2
	}
	if n.q.offset == 0 {
		// Order does not matter for one row; skip the sort.
		n.q.order, n.q.ordered = nil, true
	}
	var buf [2]*T
	found := buf[:0]
	if err := n.each(ctx, func(o *T) bool { found = append(found, o); return true }); err != nil {
		return nil, err
	}
	info, _ := qs.m.Info()
	switch len(found) {
	case 0:
		return nil, notFound(info)
	case 1:
		if len(qs.q.prefetch) > 0 {
			if err := prefetchObjects(ctx, qs.m, qs.q.prefetch, found); err != nil { // prefetch.go
				return nil, err
			}
		}
		return found[0], nil
	}
	return nil, fmt.Errorf("%w: more than one %s matched", ErrMultipleObjectsReturned, info.Name)
}

// First returns the first object in the QuerySet's order (by primary key
// when it has none), or an error wrapping ErrDoesNotExist when it is empty.
func (qs QuerySet[T]) First(ctx context.Context) (*T, error) {
	return qs.edge(ctx, false)
}

// Last returns the last object in the QuerySet's order (by primary key
// when it has none), or an error wrapping ErrDoesNotExist.
func (qs QuerySet[T]) Last(ctx context.Context) (*T, error) {
	return qs.edge(ctx, true)
}

func (qs QuerySet[T]) edge(ctx context.Context, last bool) (*T, error) {
	info, err := qs.m.Info()
	if err != nil {
		return nil, err
	}
	n := qs.clone()
	order := n.q.order
	if !n.q.ordered {
		order = info.Meta.Ordering
	}
	if len(order) == 0 {
		order = []string{"pk"}
	}
	if last {
		rev := make([]string, len(order))
		for i, o := range order {
			switch {
			case o == "?":
				rev[i] = o
			case strings.HasPrefix(o, "-"):
				rev[i] = o[1:]
			default:
				rev[i] = "-" + o
			}
		}
		order = rev
	}
	n.q.order, n.q.ordered, n.q.limit = order, true, 1
	var found *T
	if err := n.each(ctx, func(o *T) bool { found = o; return false }); err != nil {
		return nil, err
	}
	if found == nil {
		return nil, notFound(info)
	}
	if len(qs.q.prefetch) > 0 {
		if err := prefetchObjects(ctx, qs.m, qs.q.prefetch, []*T{found}); err != nil { // prefetch.go
			return nil, err
		}
	}
	return found, nil
}

// Count returns the number of rows the QuerySet matches (SELECT COUNT(*)),
// honouring Limit, Offset and Distinct.
func (qs QuerySet[T]) Count(ctx context.Context) (int64, error) {
	if qs.q.grouped() {
		return qs.countWrapped(ctx) // annotate.go: GROUP BY and HAVING apply
	}
	info, conn, c, where, err := qs.compileWhere(ctx)
	if err != nil {
		return 0, err
	}
	var b strings.Builder
	sliced := qs.q.limit >= 0 || qs.q.offset > 0 || qs.q.distinct
	if sliced {
		b.WriteString("SELECT COUNT(*) FROM (SELECT ")
		if qs.q.distinct {
			b.WriteString("DISTINCT ")
			b.WriteString(c.ds.selAll)
		} else {
			b.WriteString(c.ds.qcols[info.PK.Position])
		}
	} else {
		b.WriteString("SELECT COUNT(*)")
	}
	c.from(&b)
	writeWhere(&b, where, qs.q.none)
	if sliced {
		if lo := c.d.LimitOffset(qs.q.limit, qs.q.offset); lo != "" {
			b.WriteString(" " + lo)
		}
		b.WriteString(") " + c.d.Quote("sub"))
	}
	var n int64
	if err := scanOne(ctx, conn, b.String(), c.args, &n); err != nil {
		return 0, fmt.Errorf("orm: counting %s: %w", info.Label, err)
	}
	return n, nil
}

// Exists reports whether the QuerySet matches any row (cheaper than
// Count).
func (qs QuerySet[T]) Exists(ctx context.Context) (bool, error) {
	if qs.q.grouped() {
		n, err := qs.Limit(1).countWrapped(ctx)
		return n > 0, err
	}
	info, conn, c, where, err := qs.compileWhere(ctx)
	if err != nil {
		return false, err
	}
	var b strings.Builder
	b.WriteString("SELECT 1")
	c.from(&b)
	writeWhere(&b, where, qs.q.none)
	if lo := c.d.LimitOffset(1, qs.q.offset); lo != "" {
		b.WriteString(" " + lo)
	}
	rows, err := conn.QueryContext(ctx, b.String(), c.args...)
	if err != nil {
		return false, fmt.Errorf("orm: querying %s: %w", info.Label, err)
	}
	defer rows.Close()
	found := rows.Next()
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("orm: querying %s: %w", info.Label, err)
	}
	return found, nil
}

func scanOne(ctx context.Context, conn db.Querier, sql string, args []any, dest ...any) error {
	err := conn.QueryRowContext(ctx, sql, args...).Scan(dest...)
	return db.ClassifyError(conn.Dialect(), err)
}

// compileWhere resolves the model and compiles the WHERE clause.
func (qs QuerySet[T]) compileWhere(ctx context.Context) (*ModelInfo, db.Querier, *compiler, string, error) {
	info, err := qs.m.Info()
	if err != nil {
		return nil, nil, nil, "", err
	}
	conn, err := qs.conn(ctx, false)
	if err != nil {
		return nil, nil, nil, "", err
	}
	c := newCompiler(conn.Dialect(), info)
	where, err := c.where(qs.q.where)
	if err != nil {
		return nil, nil, nil, "", err
	}
	return info, conn, c, where, nil
}

// Values returns one map per row with the given fields (query names or
// paths across foreign keys), keyed as written; with no fields, every
// field of the model, keyed by query name. Values have their field's Go
// base type: string, bool, int64 (every integer kind and foreign keys),
// float64, Decimal, time.Time, time.Duration, UUID, []byte, or the
// decoded JSON; nil for NULL.
func (qs QuerySet[T]) Values(ctx context.Context, fields ...string) ([]map[string]any, error) {
	var out []map[string]any
	keys, err := qs.values(ctx, fields, func(keys []string, row []any) {
		m := make(map[string]any, len(keys))
		for i, k := range keys {
			m[k] = row[i]
		}
		out = append(out, m)
	})
	_ = keys
	return out, err
}

// ValuesList returns one slice per row with the given fields, in order (as
// Values, without keys).
func (qs QuerySet[T]) ValuesList(ctx context.Context, fields ...string) ([][]any, error) {
	var out [][]any
	_, err := qs.values(ctx, fields, func(_ []string, row []any) {
		out = append(out, slices.Clone(row))
	})
	return out, err
}

// FlatList returns the value of one field for every row.
func (qs QuerySet[T]) FlatList(ctx context.Context, field string) ([]any, error) {
	var out []any
	_, err := qs.values(ctx, []string{field}, func(_ []string, row []any) {
		out = append(out, row[0])
	})
	return out, err
}

func (qs QuerySet[T]) values(ctx context.Context, fields []string, fn func([]string, []any)) ([]string, error) {
	info, err := qs.m.Info()
	if err != nil {
		return nil, err
	}
	conn, err := qs.conn(ctx, false)
	if err != nil {
		return nil, err
	}
	if len(qs.q.annots) > 0 || len(qs.q.fields) > 0 {
		return runValues(ctx, conn, info, qs.q, fields, fn) // annotate.go
	}
	d := conn.Dialect()
	c := newCompiler(d, info)
	keys := fields
	if len(keys) == 0 {
		keys = info.names
	}
	cols := make([]string, len(keys))
	fs := make([]*FieldInfo, len(keys))
	for i, k := range keys {
		r, err := info.resolvePath(k, false)
		if err != nil {
			return nil, err
		}
		if cols[i], err = c.column(r); err != nil {
			return nil, err
		}
		fs[i] = r.field
	}
	where, err := c.where(qs.q.where)
	if err != nil {
		return nil, err
	}
	order := qs.q.order
	if !qs.q.ordered {
		order = info.Meta.Ordering
	}
	orderSQL, err := c.orderBy(order)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("SELECT ")
	if qs.q.distinct {
		b.WriteString("DISTINCT ")
	}
	b.WriteString(strings.Join(cols, ", "))
	c.from(&b)
	writeWhere(&b, where, qs.q.none)
	b.WriteString(orderSQL)
	if lo := d.LimitOffset(qs.q.limit, qs.q.offset); lo != "" {
		b.WriteString(" " + lo)
	}
	rows, err := conn.QueryContext(ctx, b.String(), c.args...)
	if err != nil {
		return nil, fmt.Errorf("orm: querying %s: %w", info.Label, err)
	}
	defer rows.Close()
	raw := make([]any, len(keys))
	dests := make([]any, len(keys))
	for i := range raw {
		dests[i] = &raw[i]
	}
	row := make([]any, len(keys))
	for rows.Next() {
		if err := rows.Scan(dests...); err != nil {
			return nil, fmt.Errorf("orm: reading %s: %w", info.Label, err)
		}
		for i, f := range fs {
			if row[i], err = outValue(d, f, f.Kind, raw[i]); err != nil {
				return nil, err
			}
		}
		fn(keys, row)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("orm: reading %s: %w", info.Label, err)
	}
	return keys, nil
}

// outValue converts a scanned value to the Go base type of kind, as
// Values documents.
func outValue(d db.Dialect, f *FieldInfo, kind db.Kind, src any) (any, error) {
	if src == nil {
		return nil, nil
	}
	v, err := d.ConvertValue(kind, src)
	if err != nil {
		return nil, fmt.Errorf("orm: reading %s: %w", fieldLabel(f), err)
	}
	if v == nil {
		return nil, nil
	}
	switch kind {
	case db.KindAuto, db.KindInt16, db.KindInt32, db.KindInt64:
		return asInt(v)
	case db.KindChar, db.KindText:
		s, ok := asText(v)
		if !ok {
			return nil, fmt.Errorf("orm: reading %s: unexpected %T", fieldLabel(f), v)
		}
		return s, nil
	case db.KindDecimal:
		switch x := v.(type) {
		case string:
			return ParseDecimal(x)
		case []byte:
			return ParseDecimal(string(x))
		case float64:
			return ParseDecimal(strconv.FormatFloat(x, 'f', -1, 64))
		case int64:
			return ParseDecimal(strconv.FormatInt(x, 10))
		}
	case db.KindUUID:
		return uuidFrom(v)
	case db.KindJSON:
		var raw []byte
		switch x := v.(type) {
		case json.RawMessage:
			raw = x
		case []byte:
			raw = x
		case string:
			raw = []byte(x)
		default:
			return x, nil // already decoded by the dialect
		}
		var out any
		if err := json.Unmarshal(raw, &out); err != nil {
			return nil, fmt.Errorf("orm: reading %s: %w", fieldLabel(f), err)
		}
		return out, nil
	}
	return v, nil
}
