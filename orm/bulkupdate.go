package orm

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// BulkUpdate writes the given fields of objs to their rows with as few
// statements as the database's parameter limit allows: one
// UPDATE ... SET col = CASE pk WHEN ... THEN ... END ... WHERE pk IN (...)
// per batch, inside one transaction when it takes more than one (a single
// UPDATE per row would cost a round trip each). fields (query or Go names,
// at least one, not the primary key) are required, as in Django; auto_now
// fields are written as they are in the objects, not refreshed. Every
// object must have a primary key; nil entries are an error. It returns the
// number of rows matched (MySQL and MariaDB count only the rows whose
// values changed).
func (m *Manager[T]) BulkUpdate(ctx context.Context, objs []*T, fields ...string) (int64, error) {
	info, err := m.Info()
	if err != nil {
		return 0, err
	}
	if len(fields) == 0 {
		return 0, fmt.Errorf("orm: BulkUpdate %s: name the fields to update", info.Label)
	}
	var fs []*FieldInfo
	for _, name := range fields {
		f, err := info.ownField(name, "BulkUpdate")
		if err != nil {
			return 0, err
		}
		if f.PrimaryKey {
			return 0, fmt.Errorf("orm: BulkUpdate %s: the primary key cannot be updated", info.Label)
		}
		if !slices.Contains(fs, f) {
			fs = append(fs, f)
		}
	}
	for i, o := range objs {
		if o == nil {
			return 0, fmt.Errorf("orm: BulkUpdate %s: objs[%d] is nil", info.Label, i)
		}
		if info.PK.isZero(unsafe.Pointer(o)) {
			return 0, fmt.Errorf("orm: BulkUpdate %s: objs[%d] has no primary key (save it first)", info.Label, i)
		}
	}
	if len(objs) == 0 {
		return 0, nil
	}
	conn, err := querier(ctx)
	if err != nil {
		return 0, err
	}
	d := conn.Dialect()
	maxp := d.Features().MaxPlaceholders
	if maxp <= 0 {
		maxp = 999
	}
	batch := min(max(maxp/(2*len(fs)+1), 1), 500)
	var total int64
	run := func(ctx context.Context) error {
		conn, err := querier(ctx)
		if err != nil {
			return err
		}
		for start := 0; start < len(objs); start += batch {
			chunk := objs[start:min(start+batch, len(objs))]
			sqlText, args, err := bulkUpdateSQL(d, info, fs, chunk)
			if err != nil {
				return err
			}
			res, err := conn.ExecContext(ctx, sqlText, args...)
			if err != nil {
				return fmt.Errorf("orm: BulkUpdate %s: %w", info.Label, err)
			}
			if n, err := res.RowsAffected(); err == nil {
				total += n
			}
		}
		return nil
	}
	if len(objs) <= batch {
		err = run(ctx)
	} else {
		err = db.Atomic(ctx, run)
	}
	if err != nil {
		return 0, err
	}
	return total, nil
}

// bulkUpdateSQL builds the UPDATE of one batch.
func bulkUpdateSQL[T any](d db.Dialect, info *ModelInfo, fs []*FieldInfo, chunk []*T) (string, []any, error) {
	ds := info.dialectSQL(d)
	pkCol := ds.cols[info.PK.Position]
	keys := make([]any, len(chunk))
	for i, o := range chunk {
		k, err := bindField(d, info.PK, unsafe.Pointer(o))
		if err != nil {
			return "", nil, err
		}
		keys[i] = k
	}
	args := make([]any, 0, len(chunk)*(2*len(fs)+1))
	var b strings.Builder
	b.WriteString("UPDATE ")
	b.WriteString(ds.table)
	b.WriteString(" SET ")
	for fi, f := range fs {
		if fi > 0 {
			b.WriteString(", ")
		}
		cast := ""
		if traitsOf(d).typedCase {
			t, err := d.ColumnType(db.Column{Name: f.Column, Kind: f.Kind, MaxLength: f.MaxLength, MaxDigits: f.MaxDigits, Decimals: f.DecimalPlaces})
			if err != nil {
				return "", nil, fmt.Errorf("orm: BulkUpdate %s: %w", f, err)
			}
			cast = t
		}
		b.WriteString(ds.cols[f.Position])
		b.WriteString(" = CASE ")
		b.WriteString(pkCol)
		for i, o := range chunk {
			v, err := bindField(d, f, unsafe.Pointer(o))
			if err != nil {
				return "", nil, err
			}
			args = append(args, keys[i])
			b.WriteString(" WHEN ")
			b.WriteString(d.Placeholder(len(args)))
			args = append(args, v)
			b.WriteString(" THEN ")
			if cast != "" {
				b.WriteString("CAST(" + d.Placeholder(len(args)) + " AS " + cast + ")")
			} else {
				b.WriteString(d.Placeholder(len(args)))
			}
		}
		b.WriteString(" END")
	}
	b.WriteString(" WHERE ")
	b.WriteString(pkCol)
	b.WriteString(" IN (")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		args = append(args, k)
		b.WriteString(d.Placeholder(len(args)))
	}
	b.WriteString(")")
	return b.String(), args, nil
}

// UpdateOrCreate updates the object matching cond with defaults, or
// creates it (Django's update_or_create). In a transaction, the matching
// row is locked (SELECT ... FOR UPDATE where the database has row locks),
// the defaults are assigned and only those fields (and auto_now fields)
// are saved. With no match, a new T gets cond's exact lookups and the
// defaults and is inserted in a savepoint; if a concurrent call inserted
// it first (a unique violation), that row is updated instead. Defaults
// values are plain values as Filter takes them (not F expressions).
// created reports whether the row was inserted. More than one match is an
// error wrapping ErrMultipleObjectsReturned.
func (m *Manager[T]) UpdateOrCreate(ctx context.Context, cond Cond, defaults Set) (obj *T, created bool, err error) {
	info, err := m.Info()
	if err != nil {
		return nil, false, err
	}
	keys := make([]string, 0, len(defaults))
	for k, v := range defaults {
		if _, ok := v.(Expr); ok {
			return nil, false, fmt.Errorf("orm: UpdateOrCreate %s: default %q is an expression; use QuerySet.Update for F()", info.Label, k)
		}
		f, err := info.ownField(k, "UpdateOrCreate")
		if err != nil {
			return nil, false, err
		}
		if f.PrimaryKey {
			return nil, false, fmt.Errorf("orm: UpdateOrCreate %s: defaults cannot set the primary key", info.Label)
		}
		keys = append(keys, f.QueryName)
	}
	slices.Sort(keys)
	for _, f := range info.Fields {
		if f.AutoNow && !slices.Contains(keys, f.QueryName) {
			keys = append(keys, f.QueryName)
		}
	}
	apply := func(o *T) error {
		for k, v := range defaults {
			f, _ := info.Field(k)
			if err := f.assign(unsafe.Pointer(o), v); err != nil {
				return err
			}
		}
		return nil
	}
	update := func(ctx context.Context) (bool, error) {
		found, err := m.All().Where(cond).ForUpdate(db.LockOptions{}).Get(ctx)
		if errors.Is(err, ErrDoesNotExist) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if err := apply(found); err != nil {
			return false, err
		}
		if len(keys) > 0 {
			if err := m.Save(ctx, found, keys...); err != nil {
				return false, err
			}
		}
		obj = found
		return true, nil
	}
	err = db.Atomic(ctx, func(ctx context.Context) error {
		ok, err := update(ctx)
		if err != nil || ok {
			return err
		}
		n := new(T)
		if err := info.assignExact(unsafe.Pointer(n), cond); err != nil {
			return err
		}
		if err := apply(n); err != nil {
			return err
		}
		err = db.Atomic(ctx, func(ctx context.Context) error { return m.Create(ctx, n) })
		if err == nil {
			obj, created = n, true
			return nil
		}
		if !errors.Is(err, db.ErrUniqueViolation) {
			return err
		}
		// Lost a race with another insert: update the winner's row.
		ok, uerr := update(ctx)
		if uerr != nil {
			return uerr
		}
		if !ok {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return obj, created, nil
}
