package orm

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// lookups are the comparisons a lookup path may end with.
var lookups = []string{"exact", "iexact", "contains", "icontains", "in", "gt", "gte", "lt", "lte",
	"startswith", "istartswith", "endswith", "iendswith", "range", "isnull", "regex", "iregex"}

// transforms extract part of a date or time before the comparison.
var transforms = []string{"date", "year", "month", "day", "week_day", "hour", "minute", "second"}

func isLookupOrTransform(s string) bool {
	return slices.Contains(lookups, s) || slices.Contains(transforms, s)
}

// query is the immutable state behind a QuerySet. Methods copy it before
// changing anything, so QuerySets derived from one another share nothing
// mutable.
type query struct {
	where    []Cond
	order    []string
	ordered  bool // OrderBy was called: Meta.Ordering no longer applies
	limit    int64
	offset   int64
	related  []string
	distinct bool
	lock     *db.LockOptions
	none     bool
	// Set by annotate.go, subquery.go, defer.go and using.go; every
	// change builds a new slice, so clones may share them.
	annots   []*annotation // Annotate, in order
	fields   []string      // ValuesQuery: selected fields (GROUP BY keys when annotated)
	only     []string      // Only
	deferred []string      // Defer
	using    string        // Using: database alias
	// prefetch.go: PrefetchRelated paths; cached holds the objects a
	// prefetch already loaded for a Related set (clone drops it).
	prefetch []string
	cached   *[]unsafe.Pointer
}

// resolved is a field path after its names were checked: the foreign keys
// it crosses, the field it ends at and what follows (transform, lookup).
type resolved struct {
	chain []*FieldInfo
	field *FieldInfo
	rest  []string
}

// resolvePath checks a path such as "author__username__iexact" against
// the metadata. With allowRest false, nothing may follow the field.
func (m *ModelInfo) resolvePath(path string, allowRest bool) (resolved, error) {
	if !strings.Contains(path, "__") {
		// The common case, a plain field name: no split, no allocation.
		if f, ok := m.Field(path); ok {
			return resolved{field: f}, nil
		}
		if _, ok := m.relHops[path]; !ok {
			return resolved{}, m.unknownField(path)
		}
	}
	parts := strings.Split(path, "__")
	var chain []*FieldInfo
	cur := m
	for i := 0; i < len(parts); i++ {
		name := parts[i]
		f, ok := cur.Field(name)
		if h, isRel := cur.relHops[name]; !ok && isRel {
			// A reverse or many-to-many name (reverse.go): join through it;
			// with nothing after it, or only a lookup, compare its key.
			chain = append(chain, h.hops...)
			cur = h.target
			if rest := parts[i+1:]; len(rest) == 0 || isLookupOrTransform(rest[0]) {
				if !allowRest && len(rest) > 0 {
					return resolved{}, &FieldError{Model: cur.Name, Name: path, Reason: "nothing can follow a relation here"}
				}
				return resolved{chain: chain, field: cur.PK, rest: rest}, nil
			}
			continue
		}
		if !ok {
			fe := cur.unknownField(name)
			if cur != m || len(parts) > 1 {
				fe.Name = name
			}
			return resolved{}, fe
		}
		rest := parts[i+1:]
		if f.isFK && name != f.Column && len(rest) > 0 {
			next := rest[0]
			target := f.RelatedModel
			if target == nil {
				return resolved{}, &FieldError{Model: cur.Name, Name: path, Reason: fmt.Sprintf("the target of %s (%s) is not registered", f.QueryName, f.RelatedType)}
			}
			if (next == "pk" || next == target.PK.QueryName || next == target.PK.Name) && (len(rest) == 1 || isLookupOrTransform(rest[1])) {
				// author__id compares the key column: no join needed.
				rest = rest[1:]
			} else if _, isField := target.Field(next); isField || target.relHops[next].target != nil {
				chain = append(chain, f)
				cur = target
				continue
			} else if !isLookupOrTransform(next) {
				return resolved{}, target.unknownField(next)
			}
		}
		if !allowRest && len(rest) > 0 {
			return resolved{}, &FieldError{Model: cur.Name, Name: path, Reason: fmt.Sprintf("%s is not a relation, so nothing can follow it here", f.QueryName), Valid: cur.names}
		}
		return resolved{chain: chain, field: f, rest: rest}, nil
	}
	return resolved{}, m.unknownField(path) // unreachable: parts is never empty
}

// join is a table joined through a foreign key.
type join struct {
	path   string
	alias  string // quoted
	fk     *FieldInfo
	parent int // index into joins, -1 for the main table
	target *ModelInfo
	left   bool
}

// compiler turns a query into SQL for one dialect. Identifiers come from
// the metadata and are quoted by the dialect; every value is a bound
// parameter.
type compiler struct {
	d     db.Dialect
	m     *ModelInfo
	ds    *dialectSQL
	args  []any
	joins []join
	// noJoins is set while compiling UPDATE ... SET, where a path across a
	// relation cannot be expressed portably.
	noJoins bool
	// Subqueries (subquery.go): the enclosing query OuterRef reads, the
	// quoted alias of the main table ("" outside a subquery), the prefix of
	// join aliases, and how many subqueries this one holds.
	outer  *compiler
	base   string
	prefix string
	nsub   int
	// annots are the annotations that filters and ordering may name.
	annots []*annotation
	// inMany is set on the compiler of the subquery that a condition
	// across a to-many relation compiles to (reverse.go).
	inMany bool
}

func newCompiler(d db.Dialect, m *ModelInfo) *compiler {
	return &compiler{d: d, m: m, ds: m.dialectSQL(d)}
}

// param binds v and returns its placeholder.
func (c *compiler) param(v any) string {
	c.args = append(c.args, v)
	return c.d.Placeholder(len(c.args))
}

// joinFor returns the qualifier (quoted table or alias) of the table the
// chain leads to, adding the joins it needs.
func (c *compiler) joinFor(chain []*FieldInfo) (string, *ModelInfo, error) {
	if len(chain) == 0 {
		return c.self(), c.m, nil
	}
	if c.noJoins {
		return "", nil, &FieldError{Model: c.m.Name, Name: chain[0].QueryName, Reason: "an update cannot refer to fields across a relation"}
	}
	parent := -1
	path := ""
	left := false
	for _, fk := range chain {
		if path != "" {
			path += "__"
		}
		path += fk.QueryName
		left = left || fk.Null
		idx := -1
		for i, j := range c.joins {
			if j.path == path {
				idx = i
				break
			}
		}
		if idx < 0 {
			c.joins = append(c.joins, join{
				path:   path,
				alias:  c.d.Quote(c.prefix + "t" + strconv.Itoa(len(c.joins)+1)),
				fk:     fk,
				parent: parent,
				target: fk.RelatedModel,
				left:   left,
			})
			idx = len(c.joins) - 1
		}
		parent = idx
	}
	j := c.joins[parent]
	return j.alias, j.target, nil
}

func (c *compiler) qualifier(idx int) string {
	if idx < 0 {
		return c.self()
	}
	return c.joins[idx].alias
}

// column returns the qualified column of f reached through chain.
func (c *compiler) column(r resolved) (string, error) {
	q, _, err := c.joinFor(r.chain)
	if err != nil {
		return "", err
	}
	if len(r.chain) == 0 {
		if c.base != "" {
			return c.base + "." + c.ds.cols[r.field.Position], nil
		}
		return c.ds.qcols[r.field.Position], nil
	}
	return q + "." + c.d.Quote(r.field.Column), nil
}

// self is the qualifier of the main table: its alias in a subquery.
func (c *compiler) self() string {
	if c.base != "" {
		return c.base
	}
	return c.ds.table
}

// from writes FROM with the joins.
func (c *compiler) from(b *strings.Builder) {
	b.WriteString(" FROM ")
	b.WriteString(c.ds.table)
	if c.base != "" {
		b.WriteString(" ")
		b.WriteString(c.base)
	}
	for _, j := range c.joins {
		if j.left {
			b.WriteString(" LEFT JOIN ")
		} else {
			b.WriteString(" INNER JOIN ")
		}
		b.WriteString(c.d.Quote(j.target.DBTable))
		b.WriteString(" ")
		b.WriteString(j.alias)
		b.WriteString(" ON ")
		b.WriteString(c.joinOn(j)) // reverse.go: forward and reverse hops
	}
}

// where compiles the ANDed conditions; "" when there are none.
func (c *compiler) where(conds []Cond) (string, error) {
	switch len(conds) {
	case 0:
		return "", nil
	case 1:
		return c.cond(conds[0], false)
	}
	return c.cond(Cond{op: condAnd, kids: conds}, false)
}

func (c *compiler) cond(cd Cond, negated bool) (string, error) {
	switch cd.op {
	case condLeaf:
		return c.leaf(cd, negated)
	case condErr:
		return "", cd.value.(error) // reverse.go: a Related set that cannot be built
	case condExists:
		return c.exists(cd)
	case condNot:
		s, err := c.cond(cd.kids[0], !negated)
		if err != nil {
			return "", err
		}
		return "NOT (" + s + ")", nil
	}
	if len(cd.kids) == 0 {
		if cd.op == condAnd {
			return "1 = 1", nil
		}
		return "1 = 0", nil
	}
	sep := " AND "
	if cd.op == condOr {
		sep = " OR "
	}
	parts := make([]string, len(cd.kids))
	for i, k := range cd.kids {
		s, err := c.cond(k, negated)
		if err != nil {
			return "", err
		}
		parts[i] = s
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	return "(" + strings.Join(parts, sep) + ")", nil
}

func (c *compiler) lookupError(f *FieldInfo, name string) error {
	valid := lookups
	if isTimeKind(f.Kind) {
		valid = append(slices.Clone(lookups), transforms...)
	}
	return &FieldError{Model: f.Model.Name, Name: name, Kind: "lookup", Field: f.QueryName, Valid: valid}
}

func isTimeKind(k db.Kind) bool {
	return k == db.KindDate || k == db.KindDateTime || k == db.KindTime
}

func isTextKind(k db.Kind) bool { return k == db.KindChar || k == db.KindText }

// leaf compiles one lookup.
func (c *compiler) leaf(cd Cond, negated bool) (string, error) {
	if a, rest := c.annotationNamed(cd.path); a != nil {
		return c.annotationLeaf(a, rest, cd)
	}
	r, err := c.m.resolvePath(cd.path, true)
	if err != nil {
		return "", err
	}
	if !c.inMany && toMany(r.chain) {
		return c.manySubquery(cd) // reverse.go: no duplicate rows, Django's exclude
	}
	f := r.field
	lhs, err := c.column(r)
	if err != nil {
		return "", err
	}
	kind := f.Kind
	valueField := f // the field whose rules convert the value
	op := "exact"
	rest := r.rest
	if len(rest) > 0 && slices.Contains(transforms, rest[0]) {
		if !isTimeKind(f.Kind) {
			return "", c.lookupError(f, rest[0])
		}
		part := rest[0]
		if lhs, err = c.d.DatePart(part, lhs); err != nil {
			return "", fmt.Errorf("orm: %s: %w", f, err)
		}
		kind, valueField = db.KindInt64, nil
		if part == "date" {
			kind = db.KindDate
		}
		rest = rest[1:]
	}
	switch len(rest) {
	case 0:
	case 1:
		if !slices.Contains(lookups, rest[0]) {
			return "", c.lookupError(f, rest[0])
		}
		op = rest[0]
	default:
		return "", c.lookupError(f, strings.Join(rest, "__"))
	}
	nullable := f.Null
	for _, fk := range r.chain {
		nullable = nullable || fk.Null
	}
	sql, err := c.comparison(f, valueField, kind, op, lhs, cd.value)
	if err != nil {
		return "", err
	}
	// NOT (x = 1) is unknown, not true, when x is NULL; Django's exclude
	// keeps those rows, so a negated comparison on a nullable column says
	// so explicitly.
	if negated && nullable && op != "isnull" && cd.value != nil {
		sql = "(" + sql + " AND " + lhs + " IS NOT NULL)"
	}
	return sql, nil
}

func (c *compiler) comparison(f, vf *FieldInfo, kind db.Kind, op, lhs string, value any) (string, error) {
	if s, ok := subOf(value); ok {
		return c.subComparison(f, op, lhs, s)
	}
	if e, ok := value.(Expr); ok {
		switch op {
		case "exact", "gt", "gte", "lt", "lte":
		default:
			return "", fmt.Errorf("orm: %s: lookup %q does not take an F() expression", f, op)
		}
		rhs, _, err := c.expr(e, f)
		if err != nil {
			return "", err
		}
		return c.operator(f, op, lhs, rhs)
	}
	switch op {
	case "isnull":
		b, ok := value.(bool)
		if !ok {
			return "", fmt.Errorf("orm: %s: isnull takes true or false, not %T", f, value)
		}
		if b {
			return lhs + " IS NULL", nil
		}
		return lhs + " IS NOT NULL", nil
	case "in":
		vals, ok := sliceValues(value)
		if !ok {
			return "", fmt.Errorf("orm: %s: in takes a slice, not %T", f, value)
		}
		if len(vals) == 0 {
			return "1 = 0", nil // matches nothing, without the invalid "IN ()"
		}
		var b strings.Builder
		b.WriteString(lhs)
		b.WriteString(" IN (")
		for i, v := range vals {
			if i > 0 {
				b.WriteString(", ")
			}
			ph, err := c.bind(vf, kind, v)
			if err != nil {
				return "", err
			}
			b.WriteString(ph)
		}
		b.WriteString(")")
		return b.String(), nil
	case "range":
		vals, ok := sliceValues(value)
		if !ok || len(vals) != 2 {
			return "", fmt.Errorf("orm: %s: range takes two values ([]T{low, high}), not %v", f, value)
		}
		lo, err := c.bind(vf, kind, vals[0])
		if err != nil {
			return "", err
		}
		hi, err := c.bind(vf, kind, vals[1])
		if err != nil {
			return "", err
		}
		return lhs + " BETWEEN " + lo + " AND " + hi, nil
	case "contains", "icontains", "startswith", "istartswith", "endswith", "iendswith":
		if !isTextKind(kind) {
			return "", fmt.Errorf("orm: %s: lookup %q needs a text field", f, op)
		}
		s, ok := value.(string)
		if !ok {
			return "", fmt.Errorf("orm: %s: lookup %q takes a string, not %T", f, op, value)
		}
		if strings.IndexByte(s, 0) >= 0 {
			return "", errNUL(f)
		}
		pat := c.d.EscapeLike(s)
		switch strings.TrimPrefix(op, "i") {
		case "contains":
			pat = "%" + pat + "%"
		case "startswith":
			pat = pat + "%"
		case "endswith":
			pat = "%" + pat
		}
		return c.operator(f, op, lhs, c.param(pat))
	case "regex", "iregex":
		s, ok := value.(string)
		if !ok {
			return "", fmt.Errorf("orm: %s: lookup %q takes a string, not %T", f, op, value)
		}
		return c.operator(f, op, lhs, c.param(s))
	}
	if value == nil {
		if op == "exact" || op == "iexact" {
			return lhs + " IS NULL", nil
		}
		return "", fmt.Errorf("orm: %s: lookup %q cannot compare with nil (use isnull)", f, op)
	}
	if op == "iexact" && !isTextKind(kind) {
		op = "exact"
	}
	ph, err := c.bind(vf, kind, value)
	if err != nil {
		return "", err
	}
	return c.operator(f, op, lhs, ph)
}

func (c *compiler) operator(f *FieldInfo, op, lhs, rhs string) (string, error) {
	// The dialect's exact may force a case-sensitive comparison of text
	// (MySQL); other kinds compare with plain operators, which every
	// database understands the same way.
	if !isTextKind(f.Kind) {
		switch op {
		case "exact":
			return lhs + " = " + rhs, nil
		case "gt":
			return lhs + " > " + rhs, nil
		case "gte":
			return lhs + " >= " + rhs, nil
		case "lt":
			return lhs + " < " + rhs, nil
		case "lte":
			return lhs + " <= " + rhs, nil
		}
	}
	s, ok := c.d.Operator(op, lhs, rhs)
	if !ok {
		return "", fmt.Errorf("orm: %s: lookup %q is not supported on %s", f, op, c.d.Name())
	}
	return s, nil
}

// expr compiles an F() expression; hint converts the plain values in it.
func (c *compiler) expr(e Expr, hint *FieldInfo) (string, *FieldInfo, error) {
	switch e.op {
	case 'o':
		return c.outerRef(e)
	case 0:
		if a, rest := c.annotationNamed(e.name); a != nil && len(rest) == 0 {
			s, f, _, _, err := c.annotSQL(a)
			return s, f, err
		}
		r, err := c.m.resolvePath(e.name, false)
		if err != nil {
			return "", nil, err
		}
		col, err := c.column(r)
		return col, r.field, err
	case 'v':
		kind := db.KindInvalid
		if hint != nil {
			kind = hint.Kind
		}
		ph, err := c.bind(hint, kind, e.value)
		return ph, hint, err
	}
	l, lf, err := c.expr(e.args[0], hint)
	if err != nil {
		return "", nil, err
	}
	if lf != nil {
		hint = lf
	}
	r, _, err := c.expr(e.args[1], hint)
	if err != nil {
		return "", nil, err
	}
	return "(" + l + " " + string(e.op) + " " + r + ")", hint, nil
}

// bind converts a caller's value to the field's storage form and binds it.
func (c *compiler) bind(f *FieldInfo, kind db.Kind, v any) (string, error) {
	nv, err := normalize(f, kind, v)
	if err != nil {
		return "", err
	}
	if nv != nil && kind != db.KindInvalid {
		if nv, err = c.d.BindValue(kind, nv); err != nil {
			return "", fmt.Errorf("orm: %s: %w", fieldLabel(f), err)
		}
	}
	return c.param(nv), nil
}

func fieldLabel(f *FieldInfo) string {
	if f == nil {
		return "value"
	}
	return f.String()
}

// normalize turns a value given by the caller into the Go form bound for
// kind (see FieldInfo.get), or explains why it cannot.
func normalize(f *FieldInfo, kind db.Kind, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, nil
		}
		if f != nil && f.isFK && rv.Type().Elem() == f.RelatedType && f.RelatedModel != nil {
			return pkInt(f.RelatedModel, rv.UnsafePointer()), nil
		}
		v = rv.Elem().Interface()
	}
	if fk, ok := v.(interface{ ID() int64 }); ok && f != nil && f.isFK {
		return fk.ID(), nil
	}
	bad := func() (any, error) {
		return nil, fmt.Errorf("orm: %s: cannot use %T (%v) as a %s value", fieldLabel(f), v, v, kindName(kind))
	}
	switch kind {
	case db.KindChar, db.KindText:
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case []byte:
			s = string(x)
		case File:
			s = string(x)
		case Image:
			s = string(x)
		default:
			return bad()
		}
		if strings.IndexByte(s, 0) >= 0 {
			return nil, errNUL(f)
		}
		return s, nil
	case db.KindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return bad()
	case db.KindAuto, db.KindInt16, db.KindInt32, db.KindInt64:
		switch x := v.(type) {
		case string:
			n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
			if err != nil {
				return bad()
			}
			return n, nil
		case float64, float32, bool:
			return bad()
		}
		n, err := asInt(v)
		if err != nil {
			return bad()
		}
		return n, nil
	case db.KindFloat64:
		switch x := v.(type) {
		case float64:
			return x, nil
		case float32:
			return float64(x), nil
		case string:
			n, err := strconv.ParseFloat(x, 64)
			if err != nil {
				return bad()
			}
			return n, nil
		}
		n, err := asInt(v)
		if err != nil {
			return bad()
		}
		return float64(n), nil
	case db.KindDecimal:
		switch x := v.(type) {
		case Decimal:
			return x.String(), nil
		case string:
			d, err := ParseDecimal(x)
			if err != nil {
				return nil, fmt.Errorf("orm: %s: %w", fieldLabel(f), err)
			}
			return d.String(), nil
		case float64, float32:
			return nil, fmt.Errorf("orm: %s: a float cannot be a decimal exactly; pass an orm.Decimal or a string", fieldLabel(f))
		}
		n, err := asInt(v)
		if err != nil {
			return bad()
		}
		return strconv.FormatInt(n, 10), nil
	case db.KindDate, db.KindDateTime, db.KindTime:
		switch x := v.(type) {
		case time.Time:
			return x, nil
		case string:
			t, err := parseTimeText(x)
			if err != nil {
				return bad()
			}
			return t, nil
		}
		return bad()
	case db.KindDuration:
		if d, ok := v.(time.Duration); ok {
			return d, nil
		}
		return bad()
	case db.KindUUID:
		u, err := uuidFrom(v)
		if err != nil {
			return bad()
		}
		return [16]byte(u), nil
	case db.KindBinary:
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
		return bad()
	case db.KindJSON:
		return v, nil
	}
	// No field to go by (a value inside an expression without a field):
	// pass plain values through.
	switch x := v.(type) {
	case Decimal:
		return x.String(), nil
	case UUID:
		return x.String(), nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	}
	return v, nil
}

func kindName(k db.Kind) string {
	names := [...]string{"invalid", "auto", "bool", "int16", "int32", "int64", "float64", "decimal",
		"char", "text", "binary", "date", "datetime", "time", "duration", "uuid", "json"}
	if int(k) >= 0 && int(k) < len(names) {
		return names[k]
	}
	return "kind " + strconv.Itoa(int(k))
}

// sliceValues returns the elements of a slice or array value.
func sliceValues(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	case []int64:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	case []int:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = int64(s)
		}
		return out, true
	case []byte, string, nil:
		return nil, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}

// orderBy compiles the ordering; "" when there is none.
func (c *compiler) orderBy(specs []string) (string, error) {
	if len(specs) == 0 {
		return "", nil
	}
	parts := make([]string, 0, len(specs))
	for _, o := range specs {
		if o == "?" {
			parts = append(parts, c.d.RandomOrder())
			continue
		}
		part, err := c.orderPart(o) // annotate.go: annotations, nulls first/last
		if err != nil {
			return "", err
		}
		parts = append(parts, part)
	}
	return " ORDER BY " + strings.Join(parts, ", "), nil
}

// dialectSQL is the per-dialect text that every query of a model repeats:
// quoted names and the SELECT list, computed once.
type dialectSQL struct {
	table  string   // quoted table
	cols   []string // quoted columns
	qcols  []string // table-qualified quoted columns
	selAll string   // qcols joined
	insert string   // INSERT INTO t (non-auto columns) VALUES (
	insCol []*FieldInfo
	insOne atomic.Pointer[string] // single-row INSERT, built on first use
	bulk   sync.Map               // bulkKey -> multi-row INSERT text
	// slots and colRefs are the scan plan of a query without
	// SelectRelated, shared read-only by every such query.
	slots   []slot
	colRefs []colRef
}

type bulkKey struct {
	rows             int
	withPK, returned bool
}

func (m *ModelInfo) dialectSQL(d db.Dialect) *dialectSQL {
	if v, ok := m.cache.Load(d.Name()); ok {
		return v.(*dialectSQL)
	}
	ds := &dialectSQL{table: d.Quote(m.DBTable)}
	var ins []string
	for _, f := range m.Fields {
		q := d.Quote(f.Column)
		ds.cols = append(ds.cols, q)
		ds.qcols = append(ds.qcols, ds.table+"."+q)
		if f.Kind != db.KindAuto {
			ins = append(ins, q)
			ds.insCol = append(ds.insCol, f)
		}
	}
	ds.selAll = strings.Join(ds.qcols, ", ")
	ds.slots = []slot{{info: m, parent: -1, pkCol: m.PK.Position}}
	for _, f := range m.Fields {
		ds.colRefs = append(ds.colRefs, colRef{slot: 0, f: f})
	}
	ds.insert = "INSERT INTO " + ds.table + " (" + strings.Join(ins, ", ") + ") VALUES "
	v, _ := m.cache.LoadOrStore(d.Name(), ds)
	return v.(*dialectSQL)
}

// errNUL rejects a text value holding a NUL byte: PostgreSQL cannot store
// one and SQLite's LIKE stops at it, so such a filter could only fail or
// match the wrong rows. FullClean rejects them in saved values too.
func errNUL(f *FieldInfo) error {
	return fmt.Errorf("orm: %s: text values cannot contain NUL bytes (reject them as invalid input)", fieldLabel(f))
}
