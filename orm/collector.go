package orm

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// Collection is what deleting some objects would remove, found by
// following on_delete through every relation (Django's Collector), as the
// admin's delete confirmation page lists it. Collect builds one without
// deleting anything; Delete builds one and carries it out.
type Collection struct {
	// Models lists the objects that would be deleted, one entry per
	// model, in the order they would be deleted (objects that point at
	// others first).
	Models []CollectedModel
	// Updated lists the objects that would be kept but changed: foreign
	// keys with on_delete set_null or set_default.
	Updated []CollectedUpdate
	// Protected lists the objects that forbid the delete through
	// on_delete=protect; Restricted those that forbid it through
	// on_delete=restrict and are not deleted by another cascade. Err
	// reports either.
	Protected  []Blocker
	Restricted []Blocker

	c *collector
}

// CollectedModel is one model's part of a Collection.
type CollectedModel struct {
	Model *ModelInfo
	// Objects are pointers to the model's structs (*Post), or nil for the
	// rows of an automatic many-to-many through model, which are only
	// counted.
	Objects []any
	// Count is the number of rows.
	Count int64
}

// CollectedUpdate is a foreign key that deleting sets to NULL (Value nil)
// or to its default on Objects.
type CollectedUpdate struct {
	Field   *FieldInfo
	Value   any
	Objects []any
}

// Blocker is a set of objects that stop a delete, and the foreign key
// through which they do.
type Blocker struct {
	Field   *FieldInfo
	Objects []any
}

// Err returns a *ProtectedError when some objects are protected, else a
// *RestrictedError when some are restricted, else nil.
func (c *Collection) Err() error {
	if len(c.Protected) > 0 {
		return &ProtectedError{Blockers: c.Protected, deleting: c.rootLabel()}
	}
	if len(c.Restricted) > 0 {
		return &RestrictedError{Blockers: c.Restricted, deleting: c.rootLabel()}
	}
	return nil
}

// Result returns the counts a Delete of the collection reports: Total
// rows and rows per model label.
func (c *Collection) Result() DeleteResult {
	r := DeleteResult{ByModel: map[string]int64{}}
	for _, m := range c.Models {
		if m.Count > 0 {
			r.ByModel[m.Model.Label] += m.Count
			r.Total += m.Count
		}
	}
	return r
}

func (c *Collection) rootLabel() string {
	if c.c != nil && len(c.c.order) > 0 {
		return c.c.order[0].Label
	}
	return "the objects"
}

// ProtectedError is returned by Delete (and Collection.Err) when objects
// point at what is being deleted through a foreign key with
// on_delete=protect. Nothing is deleted. Blockers name the protected
// objects and the keys.
type ProtectedError struct {
	Blockers []Blocker
	deleting string
}

// Error names the objects that protect the delete.
func (e *ProtectedError) Error() string {
	return blockerMessage("protected", e.deleting, e.Blockers)
}

// RestrictedError is returned by Delete when objects point at what is
// being deleted through a foreign key with on_delete=restrict and are not
// themselves deleted by a cascade from the same Delete. Nothing is
// deleted.
type RestrictedError struct {
	Blockers []Blocker
	deleting string
}

// Error names the objects that restrict the delete.
func (e *RestrictedError) Error() string {
	return blockerMessage("restricted", e.deleting, e.Blockers)
}

func blockerMessage(kind, deleting string, bs []Blocker) string {
	var b strings.Builder
	fmt.Fprintf(&b, "orm: cannot delete some %s objects: they are referenced through %s foreign keys: ", deleting, kind)
	for i, bl := range bs {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s by ", bl.Field)
		for j, o := range bl.Objects {
			if j > 0 {
				b.WriteString(", ")
			}
			if j == 10 {
				fmt.Fprintf(&b, "and %d more", len(bl.Objects)-10)
				break
			}
			b.WriteString(describe(bl.Field.Model, o))
		}
	}
	b.WriteString(" (delete or reassign those first)")
	return b.String()
}

// describe names an object for messages: "blog.Post 3", with its
// String() when it has one.
func describe(m *ModelInfo, o any) string {
	s := m.Label
	if rv := reflect.ValueOf(o); rv.Kind() == reflect.Pointer && !rv.IsNil() {
		if v, err := m.PK.get(rv.UnsafePointer()); err == nil {
			s += " " + fmt.Sprint(pkText(v))
		}
	}
	if st, ok := o.(fmt.Stringer); ok {
		s += " (" + strconv.Quote(st.String()) + ")"
	}
	return s
}

func pkText(v any) any {
	if b, ok := v.([16]byte); ok {
		return UUID(b).String()
	}
	return v
}

// collector walks relations from the objects to delete.
type collector struct {
	conn  db.Querier
	order []*ModelInfo // discovery order
	sets  map[*ModelInfo]*collected
	// fast are the automatic through rows to delete, by foreign key.
	fast       map[*FieldInfo][]int64
	fastOrder  []*FieldInfo
	updates    []update
	protected  []blocked
	restricted []blocked
}

type collected struct {
	seen   map[any]bool
	levels [][]unsafe.Pointer // batches in discovery order
}

type update struct {
	fk    *FieldInfo
	value any
	objs  []unsafe.Pointer
}

type blocked struct {
	fk   *FieldInfo
	objs []unsafe.Pointer
}

func newCollector(conn db.Querier) *collector {
	return &collector{conn: conn, sets: map[*ModelInfo]*collected{}, fast: map[*FieldInfo][]int64{}}
}

// add records objs of m and returns those not seen before.
func (c *collector) add(m *ModelInfo, objs []unsafe.Pointer) []unsafe.Pointer {
	s := c.sets[m]
	if s == nil {
		s = &collected{seen: map[any]bool{}}
		c.sets[m] = s
		c.order = append(c.order, m)
	}
	var fresh []unsafe.Pointer
	for _, o := range objs {
		k, _ := m.PK.get(o)
		if s.seen[k] {
			continue
		}
		s.seen[k] = true
		fresh = append(fresh, o)
	}
	if len(fresh) > 0 {
		s.levels = append(s.levels, fresh)
	}
	return fresh
}

func (c *collector) has(m *ModelInfo, o unsafe.Pointer) bool {
	s := c.sets[m]
	if s == nil {
		return false
	}
	k, _ := m.PK.get(o)
	return s.seen[k]
}

// inChunk is how many keys go in one IN list: well under every database's
// parameter limit.
const inChunk = 500

// collect follows every relation pointing at objs (of model m), breadth
// first, recording cascades, blockers and updates.
func (c *collector) collect(ctx context.Context, m *ModelInfo, objs []unsafe.Pointer) error {
	type item struct {
		m    *ModelInfo
		objs []unsafe.Pointer
	}
	queue := []item{{m, c.add(m, objs)}}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		if len(it.m.incoming) == 0 || len(it.objs) == 0 {
			continue
		}
		pks := make([]int64, len(it.objs))
		for i, o := range it.objs {
			pks[i] = pkInt(it.m, o)
		}
		for _, fk := range it.m.incoming {
			if fk.Model.AutoCreated {
				if _, ok := c.fast[fk]; !ok {
					c.fastOrder = append(c.fastOrder, fk)
				}
				c.fast[fk] = append(c.fast[fk], pks...)
				continue
			}
			if fk.OnDelete == DoNothing {
				continue
			}
			rows, err := c.referring(ctx, fk, pks)
			if err != nil {
				return err
			}
			if len(rows) == 0 {
				continue
			}
			switch fk.OnDelete {
			case Cascade:
				if fresh := c.add(fk.Model, rows); len(fresh) > 0 {
					queue = append(queue, item{fk.Model, fresh})
				}
			case Protect:
				c.protected = append(c.protected, blocked{fk, rows})
			case Restrict:
				c.restricted = append(c.restricted, blocked{fk, rows})
			case SetNull:
				c.updates = append(c.updates, update{fk, nil, rows})
			case SetDefault:
				c.updates = append(c.updates, update{fk, fk.Default, rows})
			}
		}
	}
	return nil
}

// referring loads the objects of fk's model whose fk is one of pks.
func (c *collector) referring(ctx context.Context, fk *FieldInfo, pks []int64) ([]unsafe.Pointer, error) {
	var out []unsafe.Pointer
	for start := 0; start < len(pks); start += inChunk {
		chunk := pks[start:min(start+inChunk, len(pks))]
		q := &query{limit: -1, ordered: true, where: []Cond{Q(fk.Column+"__in", chunk)}}
		objs, err := loadObjects(ctx, c.conn, fk.Model, q)
		if err != nil {
			return nil, err
		}
		out = append(out, objs...)
	}
	return out, nil
}

// loadObjects runs q over m and returns the objects as untyped pointers.
func loadObjects(ctx context.Context, conn db.Querier, m *ModelInfo, q *query) ([]unsafe.Pointer, error) {
	d := conn.Dialect()
	plan, err := compileSelect(d, m, q)
	if err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, plan.sql, plan.args...)
	if err != nil {
		return nil, fmt.Errorf("orm: querying %s: %w", m.Label, err)
	}
	defer rows.Close()
	rs := newRowScanner(d, plan)
	var out []unsafe.Pointer
	for rows.Next() {
		obj := reflect.New(m.Type).UnsafePointer()
		if err := rs.scan(rows, obj); err != nil {
			return nil, fmt.Errorf("orm: reading %s: %w", m.Label, err)
		}
		out = append(out, obj)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("orm: reading %s: %w", m.Label, db.ClassifyError(d, err))
	}
	return out, nil
}

// deletionOrder returns the collected models with every model before the
// models it points at, so that databases checking foreign keys at once
// (MySQL) accept each DELETE. A cycle between two models keeps discovery
// order.
func (c *collector) deletionOrder() []*ModelInfo {
	state := map[*ModelInfo]int{}
	var out []*ModelInfo
	var visit func(m *ModelInfo)
	visit = func(m *ModelInfo) {
		if state[m] != 0 {
			return
		}
		state[m] = 1
		for _, fk := range m.incoming {
			if _, in := c.sets[fk.Model]; in && fk.Model != m {
				visit(fk.Model)
			}
		}
		state[m] = 2
		out = append(out, m)
	}
	for _, m := range c.order {
		visit(m)
	}
	return out
}

// collection turns the walk into the public Collection; through rows are
// counted with countFast (nil: not counted, for a real delete).
func (c *collector) collection(ctx context.Context, countFast bool) (*Collection, error) {
	col := &Collection{c: c}
	if countFast {
		for _, fk := range c.fastOrder {
			n, err := c.fastRows(ctx, fk, false)
			if err != nil {
				return nil, err
			}
			if n > 0 {
				col.Models = append(col.Models, CollectedModel{Model: fk.Model, Count: n})
			}
		}
	}
	for _, m := range c.deletionOrder() {
		cm := CollectedModel{Model: m}
		for _, lvl := range c.sets[m].levels {
			for _, o := range lvl {
				cm.Objects = append(cm.Objects, reflect.NewAt(m.Type, o).Interface())
			}
		}
		cm.Count = int64(len(cm.Objects))
		col.Models = append(col.Models, cm)
	}
	for _, u := range c.updates {
		cu := CollectedUpdate{Field: u.fk, Value: u.value}
		for _, o := range u.objs {
			if !c.has(u.fk.Model, o) {
				cu.Objects = append(cu.Objects, reflect.NewAt(u.fk.Model.Type, o).Interface())
			}
		}
		if len(cu.Objects) > 0 {
			col.Updated = append(col.Updated, cu)
		}
	}
	for _, b := range c.protected {
		col.Protected = append(col.Protected, c.blocker(b, false))
	}
	for _, b := range c.restricted {
		// Django's RESTRICT: allowed when the restricting object is
		// itself deleted through another cascade of the same delete.
		if bl := c.blocker(b, true); len(bl.Objects) > 0 {
			col.Restricted = append(col.Restricted, bl)
		}
	}
	return col, nil
}

func (c *collector) blocker(b blocked, skipDeleted bool) Blocker {
	bl := Blocker{Field: b.fk}
	for _, o := range b.objs {
		if skipDeleted && c.has(b.fk.Model, o) {
			continue
		}
		bl.Objects = append(bl.Objects, reflect.NewAt(b.fk.Model.Type, o).Interface())
	}
	return bl
}

// fastRows counts, or deletes, the automatic through rows of fk.
func (c *collector) fastRows(ctx context.Context, fk *FieldInfo, del bool) (int64, error) {
	d := c.conn.Dialect()
	pks := c.fast[fk]
	var total int64
	for start := 0; start < len(pks); start += inChunk {
		chunk := pks[start:min(start+inChunk, len(pks))]
		var b strings.Builder
		if del {
			b.WriteString("DELETE FROM ")
		} else {
			b.WriteString("SELECT COUNT(*) FROM ")
		}
		b.WriteString(d.Quote(fk.Model.DBTable))
		b.WriteString(" WHERE ")
		b.WriteString(d.Quote(fk.Column))
		b.WriteString(" IN (")
		args := make([]any, len(chunk))
		for i, pk := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(d.Placeholder(i + 1))
			args[i] = pk
		}
		b.WriteString(")")
		if !del {
			var n int64
			if err := scanOne(ctx, c.conn, b.String(), args, &n); err != nil {
				return 0, fmt.Errorf("orm: counting %s: %w", fk.Model.Label, err)
			}
			total += n
			continue
		}
		res, err := c.conn.ExecContext(ctx, b.String(), args...)
		if err != nil {
			return 0, fmt.Errorf("orm: deleting %s: %w", fk.Model.Label, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// execKeys runs "<head> WHERE <pk> IN (...)" over the keys of objs, in
// chunks, and returns the rows affected. head's own arguments come first.
func (c *collector) execKeys(ctx context.Context, m *ModelInfo, head string, headArgs []any, objs []unsafe.Pointer) (int64, error) {
	d := c.conn.Dialect()
	var total int64
	for start := 0; start < len(objs); start += inChunk {
		chunk := objs[start:min(start+inChunk, len(objs))]
		args := append([]any(nil), headArgs...)
		var b strings.Builder
		b.WriteString(head)
		b.WriteString(" WHERE ")
		b.WriteString(d.Quote(m.PK.Column))
		b.WriteString(" IN (")
		for i, o := range chunk {
			v, err := bindField(d, m.PK, o)
			if err != nil {
				return 0, err
			}
			args = append(args, v)
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(d.Placeholder(len(args)))
		}
		b.WriteString(")")
		res, err := c.conn.ExecContext(ctx, b.String(), args...)
		if err != nil {
			return 0, err
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// run carries out the collection: pre_delete receivers, through rows,
// updates, deletes (each model's batches newest first, so a tree deletes
// its leaves before their parents), post_delete receivers. It runs inside
// the caller's transaction. rootsDeleted reports how many rows of the
// first batch of the first model were deleted.
func (c *collector) run(ctx context.Context, col *Collection) (res DeleteResult, rootsDeleted int64, err error) {
	res = DeleteResult{ByModel: map[string]int64{}}
	d := c.conn.Dialect()
	order := c.deletionOrder()
	for _, m := range order {
		for _, lvl := range c.sets[m].levels {
			for _, o := range lvl {
				if err := sendDelete(ctx, m, o, true); err != nil {
					return res, 0, err
				}
			}
		}
	}
	for _, fk := range c.fastOrder {
		n, err := c.fastRows(ctx, fk, true)
		if err != nil {
			return res, 0, err
		}
		if n > 0 {
			res.ByModel[fk.Model.Label] += n
			res.Total += n
		}
	}
	for _, u := range col.Updated {
		m := u.Field.Model
		objs := make([]unsafe.Pointer, len(u.Objects))
		for i, o := range u.Objects {
			objs[i] = reflect.ValueOf(o).UnsafePointer()
		}
		var val any
		if u.Value != nil {
			if val, err = d.BindValue(u.Field.Kind, u.Value); err != nil {
				return res, 0, fmt.Errorf("orm: %s: %w", u.Field, err)
			}
		}
		head := "UPDATE " + d.Quote(m.DBTable) + " SET " + d.Quote(u.Field.Column) + " = " + d.Placeholder(1)
		if _, err := c.execKeys(ctx, m, head, []any{val}, objs); err != nil {
			return res, 0, fmt.Errorf("orm: updating %s.%s on delete: %w", m.Label, u.Field.Name, err)
		}
		for _, o := range objs {
			h := (*fkHeader)(u.Field.at(o))
			h.obj = nil
			h.id, _ = u.Value.(int64)
		}
	}
	root := c.order[0]
	for _, m := range order {
		levels := c.sets[m].levels
		for i := len(levels) - 1; i >= 0; i-- {
			n, err := c.execKeys(ctx, m, "DELETE FROM "+d.Quote(m.DBTable), nil, levels[i])
			if err != nil {
				return res, 0, fmt.Errorf("orm: deleting %s: %w", m.Label, err)
			}
			if m == root && i == 0 {
				rootsDeleted = n
			}
			if n > 0 {
				res.ByModel[m.Label] += n
				res.Total += n
			}
		}
	}
	for _, m := range order {
		for _, lvl := range c.sets[m].levels {
			for _, o := range lvl {
				if err := sendDelete(ctx, m, o, false); err != nil {
					return res, 0, err
				}
			}
		}
	}
	return res, rootsDeleted, nil
}

// clearKeys sets the automatic keys of the deleted objects to zero, as
// Django clears the key of deleted instances, once the transaction has
// committed (a database may refuse the delete only at COMMIT). UUID and
// string keys are kept: the caller chose them.
func (c *collector) clearKeys() {
	for m, s := range c.sets {
		if m.PK.Kind != db.KindAuto {
			continue
		}
		for _, lvl := range s.levels {
			for _, o := range lvl {
				*(*int64)(m.PK.at(o)) = 0
			}
		}
	}
}

// Collectable is what Collect and Delete take besides model pointers: a
// QuerySet of any model.
type Collectable interface {
	collectRoots(ctx context.Context, conn db.Querier) (*ModelInfo, []unsafe.Pointer, error)
}

func (qs QuerySet[T]) collectRoots(ctx context.Context, conn db.Querier) (*ModelInfo, []unsafe.Pointer, error) {
	info, err := qs.m.Info()
	if err != nil {
		return nil, nil, err
	}
	if qs.q.limit >= 0 || qs.q.offset > 0 {
		return nil, nil, fmt.Errorf("orm: Delete %s: cannot delete a QuerySet with Limit or Offset", info.Label)
	}
	if qs.q.none {
		return info, nil, nil
	}
	q := *qs.q
	q.order, q.ordered, q.related, q.prefetch, q.cached = nil, true, nil, nil, nil
	objs, err := loadObjects(ctx, conn, info, &q)
	return info, objs, err
}

// roots gathers what targets name: model pointers (*Post) and QuerySets.
func roots(ctx context.Context, conn db.Querier, targets []any) ([]*ModelInfo, [][]unsafe.Pointer, error) {
	var ms []*ModelInfo
	var objs [][]unsafe.Pointer
	put := func(m *ModelInfo, o []unsafe.Pointer) {
		for i, x := range ms {
			if x == m {
				objs[i] = append(objs[i], o...)
				return
			}
		}
		ms = append(ms, m)
		objs = append(objs, o)
	}
	for _, t := range targets {
		if qs, ok := t.(Collectable); ok {
			m, o, err := qs.collectRoots(ctx, conn)
			if err != nil {
				return nil, nil, err
			}
			put(m, o)
			continue
		}
		m, base, err := objectInfo(t)
		if err != nil {
			return nil, nil, err
		}
		if m.PK.isZero(base) {
			return nil, nil, fmt.Errorf("orm: deleting %s: the object has no primary key (it was never saved)", m.Label)
		}
		put(m, []unsafe.Pointer{base})
	}
	return ms, objs, nil
}

func collectAll(ctx context.Context, conn db.Querier, targets []any) (*collector, error) {
	ms, objs, err := roots(ctx, conn, targets)
	if err != nil {
		return nil, err
	}
	c := newCollector(conn)
	for i, m := range ms {
		if err := c.collect(ctx, m, objs[i]); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Collect reports what Delete(ctx, targets...) would delete, update and
// refuse, without changing anything: targets are pointers to saved model
// objects (*Post) and QuerySets, of any models. It follows every relation
// pointing at them (on_delete cascade recursively, set_null, set_default,
// protect, restrict; many-to-many through rows), running one SELECT per
// relation and batch. The Collection is a snapshot: rows may change
// before a later Delete.
func Collect(ctx context.Context, targets ...any) (*Collection, error) {
	conn, err := querier(ctx)
	if err != nil {
		return nil, err
	}
	c, err := collectAll(ctx, conn, targets)
	if err != nil {
		return nil, err
	}
	return c.collection(ctx, true)
}

// Delete deletes targets (pointers to saved model objects and QuerySets,
// of any models) and everything on_delete says goes with them, in one
// transaction (db.Atomic: a savepoint inside the caller's transaction):
// cascades recursively, set_null and set_default updates, the
// many-to-many through rows, with pre_delete and post_delete receivers
// around it. The deletion runs in the ORM, not the database, so it
// behaves the same on SQLite, PostgreSQL and MySQL/MariaDB.
//
// Objects protected by on_delete=protect make it fail with a
// *ProtectedError naming them, and objects restricted by
// on_delete=restrict (and not deleted by another cascade of this Delete)
// with a *RestrictedError; then nothing is deleted. do_nothing leaves the
// rows pointing at the deleted ones, so the database refuses the delete
// (an error wrapping db.ErrForeignKey) unless the caller fixes them in the
// same transaction. The deleted objects' automatic keys are set to zero.
//
// The result counts the rows deleted, per model label ("blog.Post").
// Deleting models that point at each other in a cycle may fail on
// MySQL/MariaDB, whose foreign keys are checked at once.
func Delete(ctx context.Context, targets ...any) (DeleteResult, error) {
	var res DeleteResult
	var c *collector
	err := db.Atomic(ctx, func(ctx context.Context) error {
		conn, err := querier(ctx)
		if err != nil {
			return err
		}
		c, err = collectAll(ctx, conn, targets)
		if err != nil {
			return err
		}
		if len(c.order) == 0 {
			res = DeleteResult{ByModel: map[string]int64{}}
			return nil
		}
		col, err := c.collection(ctx, false)
		if err != nil {
			return err
		}
		if err := col.Err(); err != nil {
			return err
		}
		res, _, err = c.run(ctx, col)
		return err
	})
	if err != nil {
		if errors.Is(err, db.ErrNoDatabase) {
			return DeleteResult{}, ErrNoDatabase
		}
		return DeleteResult{}, err
	}
	c.clearKeys()
	return res, nil
}

// deleteOne is Manager.Delete: the collector when something may point at
// obj or receivers listen, else one DELETE.
func deleteOne(ctx context.Context, info *ModelInfo, base unsafe.Pointer) error {
	if info.PK.isZero(base) {
		return fmt.Errorf("orm: deleting %s: the object has no primary key (it was never saved)", info.Label)
	}
	var c *collector
	err := db.Atomic(ctx, func(ctx context.Context) error {
		conn, err := querier(ctx)
		if err != nil {
			return err
		}
		c = newCollector(conn)
		if err := c.collect(ctx, info, []unsafe.Pointer{base}); err != nil {
			return err
		}
		col, err := c.collection(ctx, false)
		if err != nil {
			return err
		}
		if err := col.Err(); err != nil {
			return err
		}
		_, n, err := c.run(ctx, col)
		if err == nil && n == 0 {
			return notFound(info)
		}
		return err
	})
	if errors.Is(err, db.ErrNoDatabase) {
		return ErrNoDatabase
	}
	if err == nil {
		c.clearKeys()
	}
	return err
}

// needsCollector reports whether deleting rows of info must go through
// the collector.
func needsCollector(info *ModelInfo) bool {
	return len(info.incoming) > 0 || hasDeleteReceivers(info)
}
