package orm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// now is the timestamp written by auto_now and auto_now_add: UTC and
// truncated to the microsecond, which every database keeps, so the value
// in memory equals the value read back.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

func timeFor(f *FieldInfo, t time.Time) time.Time {
	if f.Kind == db.KindDate {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return t
}

// prepareInsert fills auto_now(_add) fields and the defaults of fields
// still at their zero value.
func (m *ModelInfo) prepareInsert(base unsafe.Pointer, t time.Time) {
	m.applyDefaults(base, false)
	for _, f := range m.Fields {
		if f.AutoNow || f.AutoNowAdd {
			store(f.at(base), f.ptr, timeFor(f, t))
		}
	}
}

// bindField reads and binds one field of the struct at base.
func bindField(d db.Dialect, f *FieldInfo, base unsafe.Pointer) (any, error) {
	v, err := f.get(base)
	if err != nil || v == nil {
		return nil, err
	}
	bv, err := d.BindValue(f.Kind, v)
	if err != nil {
		return nil, fmt.Errorf("orm: %s: %w", f, err)
	}
	return bv, nil
}

// autoPK reports whether the object still needs a key from the database.
func (m *ModelInfo) autoPK(base unsafe.Pointer) bool {
	return m.PK.Kind == db.KindAuto && m.PK.isZero(base)
}

// checkKey refuses to insert the struct at base when its key is neither
// automatic nor set.
func (m *ModelInfo) checkKey(base unsafe.Pointer, op string) error {
	if m.PK.Kind == db.KindAuto || !m.PK.isZero(base) {
		return nil
	}
	if m.PK.rep == repUUID {
		return fmt.Errorf("%w: %s %s: %s is the zero UUID; give it a value or tag it default=uuid4", ErrNoKey, op, m.Label, m.PK.Name)
	}
	return fmt.Errorf("%w: %s %s: %s is empty; give it a value", ErrNoKey, op, m.Label, m.PK.Name)
}

// insertSQL returns the INSERT for fields (and the RETURNING of the key
// when returning).
func insertSQL(d db.Dialect, ds *dialectSQL, m *ModelInfo, fields []*FieldInfo, rows int, returning bool) string {
	var b strings.Builder
	if len(fields) == 0 {
		b.WriteString(d.InsertDefaults(ds.table))
	} else {
		b.WriteString("INSERT INTO ")
		b.WriteString(ds.table)
		b.WriteString(" (")
		for i, f := range fields {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(ds.cols[f.Position])
		}
		b.WriteString(") VALUES ")
		n := 0
		for r := 0; r < rows; r++ {
			if r > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for i := range fields {
				if i > 0 {
					b.WriteString(", ")
				}
				n++
				b.WriteString(d.Placeholder(n))
			}
			b.WriteByte(')')
		}
	}
	if returning {
		if r := d.Returning([]string{ds.cols[m.PK.Position]}); r != "" {
			b.WriteString(" ")
			b.WriteString(r)
		}
	}
	return b.String()
}

// insert writes one new row from the struct at base and fills its key.
func insert(ctx context.Context, conn db.Querier, m *ModelInfo, base unsafe.Pointer) error {
	d := conn.Dialect()
	ds := m.dialectSQL(d)
	m.prepareInsert(base, now())
	if err := m.checkKey(base, "creating"); err != nil {
		return err
	}
	auto := m.autoPK(base)
	fields := ds.insCol
	if !auto && m.PK.Kind == db.KindAuto {
		fields = append([]*FieldInfo{m.PK}, fields...)
	}
	args := make([]any, len(fields))
	for i, f := range fields {
		v, err := bindField(d, f, base)
		if err != nil {
			return err
		}
		args[i] = v
	}
	var sqlText string
	if auto && len(fields) == len(ds.insCol) {
		sqlText = ds.insertOne(d, m)
	} else {
		sqlText = insertSQL(d, ds, m, fields, 1, auto && d.Features().CanReturnRows)
	}
	if !auto {
		if _, err := conn.ExecContext(ctx, sqlText, args...); err != nil {
			return fmt.Errorf("orm: creating %s: %w", m.Label, err)
		}
		return nil
	}
	var id int64
	if d.Features().CanReturnRows {
		if err := scanOne(ctx, conn, sqlText, args, &id); err != nil {
			return fmt.Errorf("orm: creating %s: %w", m.Label, err)
		}
	} else {
		res, err := conn.ExecContext(ctx, sqlText, args...)
		if err != nil {
			return fmt.Errorf("orm: creating %s: %w", m.Label, err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("orm: creating %s: reading the new id: %w", m.Label, err)
		}
	}
	*(*int64)(m.PK.at(base)) = id
	return nil
}

// insertOne returns (and caches) the single-row INSERT with the key
// returned, the statement every Create runs.
func (ds *dialectSQL) insertOne(d db.Dialect, m *ModelInfo) string {
	if s := ds.insOne.Load(); s != nil {
		return *s
	}
	s := insertSQL(d, ds, m, ds.insCol, 1, d.Features().CanReturnRows)
	ds.insOne.Store(&s)
	return s
}

// Create inserts obj as a new row: it fills auto_now and auto_now_add
// fields, applies the defaults of fields still at their zero value (so a
// bool with default=true cannot be created false this way: set it after
// New, or Save it), and sets an automatic primary key from the database
// (RETURNING where supported, else LastInsertId). A key that is not
// automatic (a string or orm.UUID) is inserted as the caller set it; a
// zero one is an error wrapping ErrNoKey. Database errors are wrapped, so
// errors.Is(err, db.ErrUniqueViolation) works (an existing key included).
func (m *Manager[T]) Create(ctx context.Context, obj *T) error {
	info, err := m.Info()
	if err != nil {
		return err
	}
	return saveObject(ctx, info, unsafe.Pointer(obj), nil, true) // signals.go
}

// Save writes obj: an INSERT when its primary key is zero (see Create;
// a zero key that is not automatic is an error wrapping ErrNoKey), else an
// UPDATE of every field (auto_now fields refreshed). With fields (query or
// Go names), only those columns are updated, as Django's update_fields;
// auto_now fields are then refreshed only when listed. Saving an object
// whose key is set but whose row does not exist inserts it with that key
// (without fields) or fails with ErrDoesNotExist (with fields): as in
// Django, this is how an object with a natural key (a string or UUID the
// caller chose) is created or overwritten by one call.
//
// With pre_save or post_save receivers registered for T (see OnPreSave),
// the write and the receivers run in one transaction.
func (m *Manager[T]) Save(ctx context.Context, obj *T, fields ...string) error {
	info, err := m.Info()
	if err != nil {
		return err
	}
	return saveObject(ctx, info, unsafe.Pointer(obj), fields, false) // signals.go
}

// saveRow is Save without signals; created reports an INSERT.
func saveRow(ctx context.Context, conn db.Querier, info *ModelInfo, base unsafe.Pointer, fields []string) (created bool, err error) {
	if info.PK.isZero(base) {
		return true, insert(ctx, conn, info, base)
	}
	d := conn.Dialect()
	ds := info.dialectSQL(d)
	var update []*FieldInfo
	if len(fields) == 0 {
		for _, f := range info.Fields {
			if !f.PrimaryKey {
				update = append(update, f)
			}
		}
	} else {
		for _, name := range fields {
			f, ok := info.Field(name)
			if !ok {
				return false, info.unknownField(name)
			}
			if f.PrimaryKey {
				return false, fmt.Errorf("orm: saving %s: the primary key cannot be in update fields", info.Label)
			}
			if !slices.Contains(update, f) {
				update = append(update, f)
			}
		}
	}
	t := now()
	for _, f := range update {
		if f.AutoNow {
			store(f.at(base), f.ptr, timeFor(f, t))
		}
	}
	args := make([]any, 0, len(update)+1)
	var b strings.Builder
	b.WriteString("UPDATE ")
	b.WriteString(ds.table)
	b.WriteString(" SET ")
	for i, f := range update {
		v, err := bindField(d, f, base)
		if err != nil {
			return false, err
		}
		args = append(args, v)
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(ds.cols[f.Position])
		b.WriteString(" = ")
		b.WriteString(d.Placeholder(len(args)))
	}
	pkv, err := bindField(d, info.PK, base)
	if err != nil {
		return false, err
	}
	args = append(args, pkv)
	b.WriteString(" WHERE ")
	b.WriteString(ds.cols[info.PK.Position])
	b.WriteString(" = ")
	b.WriteString(d.Placeholder(len(args)))
	// A model with no column besides its key has nothing to update:
	// whether its row exists decides, as below.
	if len(update) > 0 {
		res, err := conn.ExecContext(ctx, b.String(), args...)
		if err != nil {
			return false, fmt.Errorf("orm: saving %s: %w", info.Label, err)
		}
		if n, err := res.RowsAffected(); err == nil && n > 0 {
			return false, nil
		}
	}
	// Zero rows: the row is missing, or (MySQL) nothing changed. Ask.
	var one int64
	err = scanOne(ctx, conn, "SELECT 1 FROM "+ds.table+" WHERE "+ds.cols[info.PK.Position]+" = "+d.Placeholder(1), []any{pkv}, &one)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, errNoRows) {
		return false, fmt.Errorf("orm: saving %s: %w", info.Label, err)
	}
	if len(fields) > 0 {
		return false, fmt.Errorf("orm: saving %s with update fields: %w", info.Label, notFound(info))
	}
	return true, insert(ctx, conn, info, base)
}

// Delete deletes obj's row by primary key and sets an automatic key back
// to zero. A missing row is an error wrapping ErrDoesNotExist. When other
// models point at T, or delete receivers are registered, it follows
// on_delete like the package-level Delete (cascades, protect, restrict,
// set_null...) in one transaction; use that function for the counts.
func (m *Manager[T]) Delete(ctx context.Context, obj *T) error {
	info, err := m.Info()
	if err != nil {
		return err
	}
	base := unsafe.Pointer(obj)
	if info.PK.isZero(base) {
		return fmt.Errorf("orm: deleting %s: the object has no primary key (it was never saved)", info.Label)
	}
	if needsCollector(info) {
		return deleteOne(ctx, info, base) // collector.go
	}
	conn, err := querier(ctx)
	if err != nil {
		return err
	}
	d := conn.Dialect()
	ds := info.dialectSQL(d)
	pkv, err := bindField(d, info.PK, base)
	if err != nil {
		return err
	}
	res, err := conn.ExecContext(ctx, "DELETE FROM "+ds.table+" WHERE "+ds.cols[info.PK.Position]+" = "+d.Placeholder(1), pkv)
	if err != nil {
		return fmt.Errorf("orm: deleting %s: %w", info.Label, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound(info)
	}
	if info.PK.Kind == db.KindAuto {
		*(*int64)(info.PK.at(base)) = 0
	}
	return nil
}

// BulkCreate inserts objs with as few statements as the database's
// parameter limit allows (Features.MaxPlaceholders), inside one
// transaction when it takes more than one. Like Create, it fills
// auto_now(_add) fields and defaults; it sets the automatic keys where the
// database returns them from a multi-row INSERT (PostgreSQL, SQLite), and
// leaves them zero elsewhere (MySQL/MariaDB). Either every object has a
// key already or none has; with a key that is not automatic (a string or
// orm.UUID), every object needs one (ErrNoKey). Nil entries are an error.
func (m *Manager[T]) BulkCreate(ctx context.Context, objs []*T) error {
	info, err := m.Info()
	if err != nil {
		return err
	}
	if len(objs) == 0 {
		return nil
	}
	conn, err := querier(ctx)
	if err != nil {
		return err
	}
	d := conn.Dialect()
	ds := info.dialectSQL(d)
	t := now()
	withKey := 0
	for i, o := range objs {
		if o == nil {
			return fmt.Errorf("orm: BulkCreate %s: objs[%d] is nil", info.Label, i)
		}
		base := unsafe.Pointer(o)
		info.prepareInsert(base, t)
		if err := info.checkKey(base, "BulkCreate"); err != nil {
			return fmt.Errorf("%w (objs[%d])", err, i)
		}
		if !info.autoPK(base) {
			withKey++
		}
	}
	fields := ds.insCol
	auto := info.PK.Kind == db.KindAuto
	switch {
	case auto && withKey == len(objs):
		fields = append([]*FieldInfo{info.PK}, fields...)
		auto = false
	case auto && withKey > 0:
		return fmt.Errorf("orm: BulkCreate %s: %d of %d objects already have a primary key; give every object one or none", info.Label, withKey, len(objs))
	}
	if len(fields) == 0 {
		return fmt.Errorf("orm: BulkCreate %s: the model has no columns to insert; use Create", info.Label)
	}
	feats := d.Features()
	maxp := feats.MaxPlaceholders
	if maxp <= 0 {
		maxp = 999
	}
	batch := min(max(maxp/len(fields), 1), 1000)
	returning := auto && feats.CanReturnRowsFromBulkInsert && feats.CanReturnRows
	run := func(ctx context.Context) error {
		conn, err := querier(ctx)
		if err != nil {
			return err
		}
		args := make([]any, 0, min(batch, len(objs))*len(fields))
		for start := 0; start < len(objs); start += batch {
			chunk := objs[start:min(start+batch, len(objs))]
			args = args[:0]
			for _, o := range chunk {
				base := unsafe.Pointer(o)
				for _, f := range fields {
					v, err := bindField(d, f, base)
					if err != nil {
						return err
					}
					args = append(args, v)
				}
			}
			key := bulkKey{rows: len(chunk), withPK: len(fields) != len(ds.insCol), returned: returning}
			var sqlText string
			if v, ok := ds.bulk.Load(key); ok {
				sqlText = v.(string)
			} else {
				sqlText = insertSQL(d, ds, info, fields, len(chunk), returning)
				ds.bulk.Store(key, sqlText)
			}
			if !returning {
				if _, err := conn.ExecContext(ctx, sqlText, args...); err != nil {
					return fmt.Errorf("orm: BulkCreate %s: %w", info.Label, err)
				}
				continue
			}
			if err := scanKeys(ctx, conn, info, sqlText, args, chunk); err != nil {
				return err
			}
		}
		return nil
	}
	if len(objs) <= batch {
		return run(ctx)
	}
	return db.Atomic(ctx, run)
}

func scanKeys[T any](ctx context.Context, conn db.Querier, info *ModelInfo, sqlText string, args []any, chunk []*T) error {
	rows, err := conn.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return fmt.Errorf("orm: BulkCreate %s: %w", info.Label, err)
	}
	defer rows.Close()
	// Scan straight into each object's key field: a local id would escape
	// to the heap on every row.
	var extra int64 // more rows than objects: read and dropped
	i := 0
	for rows.Next() {
		dst := &extra
		if i < len(chunk) {
			dst = (*int64)(info.PK.at(unsafe.Pointer(chunk[i])))
		}
		if err := rows.Scan(dst); err != nil {
			return fmt.Errorf("orm: BulkCreate %s: reading ids: %w", info.Label, err)
		}
		i++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("orm: BulkCreate %s: %w", info.Label, db.ClassifyError(conn.Dialect(), err))
	}
	return nil
}

// GetOrCreate returns the object matching cond, or creates one: a new T
// gets the values of cond's exact lookups (Q("slug", "x"), And(...) of
// them), then defaults runs on it (nil is allowed), then it is inserted
// in a savepoint. If a concurrent request created it first (a unique
// violation), the existing row is fetched and returned. created reports
// whether this call inserted it.
func (m *Manager[T]) GetOrCreate(ctx context.Context, cond Cond, defaults func(*T)) (obj *T, created bool, err error) {
	info, err := m.Info()
	if err != nil {
		return nil, false, err
	}
	qs := m.All().Where(cond)
	obj, err = qs.Get(ctx)
	if err == nil || !errors.Is(err, ErrDoesNotExist) {
		return obj, false, err
	}
	obj = new(T)
	if err := info.assignExact(unsafe.Pointer(obj), cond); err != nil {
		return nil, false, err
	}
	if defaults != nil {
		defaults(obj)
	}
	err = db.Atomic(ctx, func(ctx context.Context) error { return m.Create(ctx, obj) })
	if err == nil {
		return obj, true, nil
	}
	if errors.Is(err, db.ErrUniqueViolation) {
		if existing, gerr := qs.Get(ctx); gerr == nil {
			return existing, false, nil
		}
	}
	return nil, false, err
}

// assignExact copies the values of cond's exact lookups on the model's own
// fields into the struct at base.
func (m *ModelInfo) assignExact(base unsafe.Pointer, cond Cond) error {
	switch cond.op {
	case condAnd:
		for _, k := range cond.kids {
			if err := m.assignExact(base, k); err != nil {
				return err
			}
		}
		return nil
	case condLeaf:
	default:
		return nil
	}
	r, err := m.resolvePath(cond.path, true)
	if err != nil {
		return err
	}
	if len(r.chain) > 0 || (len(r.rest) > 0 && r.rest[0] != "exact") || cond.value == nil {
		return nil
	}
	if _, isExpr := cond.value.(Expr); isExpr {
		return nil
	}
	return r.field.assign(base, cond.value)
}

// assign stores a caller's value (as accepted by Filter) in the field.
func (f *FieldInfo) assign(base unsafe.Pointer, v any) error {
	nv, err := normalize(f, f.Kind, v)
	if err != nil {
		return err
	}
	if nv == nil {
		f.setZero(f.at(base))
		return nil
	}
	if b, ok := nv.([16]byte); ok {
		nv = UUID(b)
	}
	if err := f.setConverted(f.at(base), nv); err != nil {
		return fmt.Errorf("orm: %s: %w", f, err)
	}
	return nil
}

// Update sets the given fields on every row the QuerySet matches, in one
// UPDATE statement, and returns the number of rows matched (MySQL counts
// the rows changed). Values are plain values or F() expressions
// (Set{"views": F("views").Add(1)}), computed by the database so
// concurrent updates lose nothing. auto_now fields are not touched, as in
// Django. A sliced QuerySet (Limit/Offset) cannot be updated.
func (qs QuerySet[T]) Update(ctx context.Context, set Set) (int64, error) {
	info, err := qs.m.Info()
	if err != nil {
		return 0, err
	}
	if len(set) == 0 {
		return 0, nil
	}
	if qs.q.limit >= 0 || qs.q.offset > 0 {
		return 0, fmt.Errorf("orm: Update %s: cannot update a QuerySet with Limit or Offset", info.Label)
	}
	conn, err := qs.conn(ctx, true) // using.go
	if err != nil {
		return 0, err
	}
	d := conn.Dialect()
	c := newCompiler(d, info)
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys) // deterministic SQL
	var b strings.Builder
	b.WriteString("UPDATE ")
	b.WriteString(c.ds.table)
	b.WriteString(" SET ")
	c.noJoins = true
	for i, k := range keys {
		f, ok := info.Field(k)
		if !ok {
			return 0, info.unknownField(k)
		}
		var rhs string
		if e, ok := set[k].(Expr); ok {
			rhs, _, err = c.expr(e, f)
		} else {
			rhs, err = c.bind(f, f.Kind, set[k])
		}
		if err != nil {
			return 0, err
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.ds.cols[f.Position])
		b.WriteString(" = ")
		b.WriteString(rhs)
	}
	c.noJoins = false
	if err := c.filteredRows(&b, qs.q); err != nil {
		return 0, err
	}
	res, err := conn.ExecContext(ctx, b.String(), c.args...)
	if err != nil {
		return 0, fmt.Errorf("orm: updating %s: %w", info.Label, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("orm: updating %s: %w", info.Label, err)
	}
	return n, nil
}

// filteredRows writes the WHERE of an UPDATE or DELETE. Conditions across
// relations need joins, which UPDATE and DELETE cannot take portably, so
// they select the keys in a subquery (wrapped once more, because MySQL
// refuses a subquery on the table being changed).
func (c *compiler) filteredRows(b *strings.Builder, q *query) error {
	where, err := c.where(q.where)
	if err != nil {
		return err
	}
	if len(c.joins) == 0 {
		writeWhere(b, where, q.none)
		return nil
	}
	pk := c.ds.qcols[c.m.PK.Position]
	b.WriteString(" WHERE ")
	b.WriteString(c.ds.cols[c.m.PK.Position])
	b.WriteString(" IN (SELECT ")
	b.WriteString(c.d.Quote("k"))
	b.WriteString(" FROM (SELECT ")
	b.WriteString(pk)
	b.WriteString(" AS ")
	b.WriteString(c.d.Quote("k"))
	c.from(b)
	writeWhere(b, where, q.none)
	b.WriteString(") ")
	b.WriteString(c.d.Quote("sub"))
	b.WriteString(")")
	return nil
}

// DeleteResult reports what a delete removed: Total rows, and the rows per
// model label ("blog.Post": 3), cascades and many-to-many through rows
// included.
type DeleteResult struct {
	Total   int64
	ByModel map[string]int64
}

// Delete deletes every row the QuerySet matches and reports how many, per
// model. When other models point at T, or delete receivers are
// registered, it loads the rows and follows on_delete as the
// package-level Delete does (cascades, protect, restrict, set_null,
// through rows, signals; one transaction); otherwise it is one DELETE
// statement. A sliced QuerySet cannot be deleted.
func (qs QuerySet[T]) Delete(ctx context.Context) (DeleteResult, error) {
	info, err := qs.m.Info()
	if err != nil {
		return DeleteResult{}, err
	}
	if qs.q.limit >= 0 || qs.q.offset > 0 {
		return DeleteResult{}, fmt.Errorf("orm: Delete %s: cannot delete a QuerySet with Limit or Offset", info.Label)
	}
	if needsCollector(info) {
		return Delete(ctx, qs) // collector.go
	}
	conn, err := qs.conn(ctx, true) // using.go
	if err != nil {
		return DeleteResult{}, err
	}
	c := newCompiler(conn.Dialect(), info)
	var b strings.Builder
	b.WriteString("DELETE FROM ")
	b.WriteString(c.ds.table)
	if err := c.filteredRows(&b, qs.q); err != nil {
		return DeleteResult{}, err
	}
	res, err := conn.ExecContext(ctx, b.String(), c.args...)
	if err != nil {
		return DeleteResult{}, fmt.Errorf("orm: deleting %s: %w", info.Label, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return DeleteResult{}, fmt.Errorf("orm: deleting %s: %w", info.Label, err)
	}
	return DeleteResult{Total: n, ByModel: map[string]int64{info.Label: n}}, nil
}

// Aggregate computes aggs over the rows the QuerySet matches and returns
// them by key ("id__count", "rating__avg", or the As alias). Result types
// are documented on Count, Sum, Avg, Max and Min.
func (qs QuerySet[T]) Aggregate(ctx context.Context, aggs ...Aggregate) (map[string]any, error) {
	if needsAggregateQuery(qs.q, aggs) {
		return qs.aggregateQuery(ctx, aggs) // annotate.go: filter=, annotations
	}
	info, conn, c, where, err := qs.compileWhere(ctx)
	if err != nil {
		return nil, err
	}
	if len(aggs) == 0 {
		return map[string]any{}, nil
	}
	if qs.q.limit >= 0 || qs.q.offset > 0 {
		return nil, fmt.Errorf("orm: Aggregate %s: aggregating a QuerySet with Limit or Offset is not supported yet", info.Label)
	}
	d := c.d
	kinds := make([]db.Kind, len(aggs))
	fields := make([]*FieldInfo, len(aggs))
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, a := range aggs {
		if i > 0 {
			b.WriteString(", ")
		}
		fn := strings.ToUpper(a.fn)
		b.WriteString(fn)
		b.WriteString("(")
		if a.distinct {
			b.WriteString("DISTINCT ")
		}
		if a.field == "*" {
			if a.fn != "count" {
				return nil, fmt.Errorf("orm: Aggregate %s: only Count takes \"*\"", info.Label)
			}
			b.WriteString("*")
			kinds[i] = db.KindInt64
		} else {
			r, err := info.resolvePath(a.field, false)
			if err != nil {
				return nil, err
			}
			col, err := c.column(r)
			if err != nil {
				return nil, err
			}
			b.WriteString(col)
			f := r.field
			fields[i] = f
			kinds[i] = aggKind(a.fn, f.Kind)
		}
		b.WriteString(")")
	}
	c.from(&b)
	writeWhere(&b, where, qs.q.none)
	raw := make([]any, len(aggs))
	dests := make([]any, len(aggs))
	for i := range raw {
		dests[i] = &raw[i]
	}
	if err := scanOne(ctx, conn, b.String(), c.args, dests...); err != nil {
		return nil, fmt.Errorf("orm: aggregating %s: %w", info.Label, err)
	}
	out := make(map[string]any, len(aggs))
	for i, a := range aggs {
		v, err := outValue(d, fields[i], kinds[i], raw[i])
		if err != nil {
			return nil, err
		}
		if a.fn == "count" && v == nil {
			v = int64(0)
		}
		out[a.Key()] = v
	}
	return out, nil
}

func aggKind(fn string, k db.Kind) db.Kind {
	switch fn {
	case "count":
		return db.KindInt64
	case "avg":
		if k == db.KindDecimal {
			return db.KindDecimal
		}
		return db.KindFloat64
	case "sum":
		switch k {
		case db.KindAuto, db.KindInt16, db.KindInt32, db.KindInt64:
			return db.KindInt64
		}
	}
	if k == db.KindAuto {
		return db.KindInt64
	}
	return k
}

var errNoRows = sql.ErrNoRows
