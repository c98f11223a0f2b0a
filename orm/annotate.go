package orm

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/jazzgo/jazz/db"
)

// Annotation is a value computed by the database for each row of a
// QuerySet, added with Annotate: an [Aggregate] (Count, Sum, Avg, Min,
// Max, optionally with Filter), a [Sub] (Subquery(qs).As("name")), a
// condition (Q(...).As("name"), Exists(qs).As("name")) or an expression
// (F("views").Mul(2).As("name")). Its Key names it in results, filters and
// ordering.
type Annotation interface {
	// Key is the annotation's name.
	Key() string
	annotation() *annotation
}

// annotation is the compiled-to-be form of every Annotation.
type annotation struct {
	name string
	agg  *Aggregate
	sub  *Sub
	cond *Cond
	expr *Expr
}

func (a Aggregate) annotation() *annotation { return &annotation{name: a.Key(), agg: &a} }

// Named is a condition or an expression with a name, made by Cond.As or
// Expr.As, for Annotate.
type Named struct{ a annotation }

// Key is the name given to As.
func (n Named) Key() string { return n.a.name }

func (n Named) annotation() *annotation { a := n.a; return &a }

// As names the condition as an annotation: each row gets true when c
// holds for it, false otherwise (Exists(qs).As("has_comments")).
func (c Cond) As(name string) Named { return Named{annotation{name: name, cond: &c}} }

// As names the expression as an annotation (F("views").Mul(2).As("double")).
// Its values have the type of the first field in it.
func (e Expr) As(name string) Named { return Named{annotation{name: name, expr: &e}} }

// Filter returns a restricted to the rows matching every one of conds,
// Django's filter= argument: Count("id").Filter(Q("status", "published")).
// It compiles to CASE WHEN inside the aggregate, which every database
// understands and which counts exactly as FILTER (WHERE ...) does.
func (a Aggregate) Filter(conds ...Cond) Aggregate {
	c := And(conds...)
	if len(conds) == 1 {
		c = conds[0]
	}
	a.filter = &c
	return a
}

// Annotate adds computed values to each row. On a QuerySet of objects,
// aggregates group the rows by every selected column (one row per object,
// as Django does) and the values are read with AllAnnotated or
// IterAnnotated; All and Iter run the same query and drop them. After
// ValuesQuery, aggregates group by the ValuesQuery fields instead and
// Values returns one map per group:
//
//	Posts.All().ValuesQuery("status").Annotate(orm.Count("id").As("n")).Values(ctx)
//	// [{"status": "draft", "n": 2}, {"status": "published", "n": 3}]
//
// Filter, Exclude, Where and OrderBy may name an annotation like a field
// ("n__gt", "-n"). A condition on an aggregate becomes HAVING, any other
// stays in WHERE. An annotation name must be a plain identifier (ASCII
// letters, digits and inner underscores; "__" is allowed, as in the
// default keys "views__sum") that is no field of the model and no other
// annotation's; a mistake is returned by the method that runs the query.
// Annotations are compiled in order, so one may refer to an earlier one
// (F("n").Mul(2).As("twice")).
func (qs QuerySet[T]) Annotate(anns ...Annotation) QuerySet[T] {
	n := qs.clone()
	out := make([]*annotation, 0, len(n.q.annots)+len(anns))
	out = append(out, n.q.annots...)
	for _, a := range anns {
		out = append(out, a.annotation())
	}
	n.q.annots = out
	return n
}

// ValuesQuery returns the QuerySet restricted to fields (query names or
// paths across foreign keys): Values, ValuesList and FlatList called
// without fields return them, Annotate groups by them, and a Subquery or
// an "__in" filter selects them. With no fields it selects every field.
func (qs QuerySet[T]) ValuesQuery(fields ...string) QuerySet[T] {
	n := qs.clone()
	n.q.fields = slices.Clone(fields)
	return n
}

// Annotated is one object of an annotated QuerySet with the values the
// database computed for it, keyed by annotation Key. Values hold the Go
// base types documented on Values (int64 for Count, bool for conditions);
// nil for NULL.
type Annotated[T any] struct {
	Object *T
	Values map[string]any
}

// AllAnnotated runs the query and returns every object with its
// annotations. The caller owns the slice.
func (qs QuerySet[T]) AllAnnotated(ctx context.Context) ([]Annotated[T], error) {
	var out []Annotated[T]
	for a, err := range qs.IterAnnotated(ctx) {
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// annotCols is the compiled annotation list of one query, with its
// conditions split between WHERE and HAVING.
type annotCols struct {
	names     []string
	sql       []string
	fields    []*FieldInfo
	kinds     []db.Kind
	aggregate bool
	where     []Cond
	having    []Cond
}

func validAlias(s string) bool {
	if s == "" || len(s) > 60 {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return !strings.HasPrefix(s, "_") && !strings.HasSuffix(s, "_")
}

// annotate compiles q's annotations (first, because they come first in
// the SQL text and "?" placeholders bind in text order) and sorts q's
// conditions into WHERE and HAVING.
func (c *compiler) annotate(q *query) (*annotCols, error) {
	ac := &annotCols{where: q.where}
	if len(q.annots) == 0 {
		return ac, nil
	}
	c.annots = nil
	for _, a := range q.annots {
		switch {
		case !validAlias(a.name):
			return nil, &FieldError{Model: c.m.Name, Name: a.name, Reason: "an annotation name must be a plain identifier (letters, digits, inner underscores); name it with .As(\"name\")"}
		case slices.Contains(ac.names, a.name):
			return nil, &FieldError{Model: c.m.Name, Name: a.name, Reason: "two annotations have this name; rename one with .As"}
		}
		if _, clash := c.m.Field(a.name); clash {
			return nil, &FieldError{Model: c.m.Name, Name: a.name, Reason: "the annotation conflicts with a field of the model; rename it with .As"}
		}
		s, f, kind, agg, err := c.annotSQL(a)
		if err != nil {
			return nil, err
		}
		c.annots = append(c.annots, a)
		ac.names = append(ac.names, a.name)
		ac.sql = append(ac.sql, s)
		ac.fields = append(ac.fields, f)
		ac.kinds = append(ac.kinds, kind)
		ac.aggregate = ac.aggregate || agg
	}
	ac.where = nil
	for _, cd := range q.where {
		if c.aggregates(cd) {
			ac.having = append(ac.having, cd)
		} else {
			ac.where = append(ac.where, cd)
		}
	}
	return ac, nil
}

// selectList writes ", expr AS alias" for every annotation.
func (ac *annotCols) selectList(b *strings.Builder, d db.Dialect) {
	for i, s := range ac.sql {
		b.WriteString(", ")
		b.WriteString(s)
		b.WriteString(" AS ")
		b.WriteString(d.Quote(ac.names[i]))
	}
}

// having compiles the HAVING conditions; "" when there are none.
func (c *compiler) having(ac *annotCols) (string, error) {
	if ac == nil || len(ac.having) == 0 {
		return "", nil
	}
	return c.where(ac.having)
}

// writeGroup writes GROUP BY the first n select columns (by position,
// which all three databases accept and which keeps JSON and text columns
// out of the SQL twice) and HAVING.
func (ac *annotCols) writeGroup(b *strings.Builder, n int, having string) {
	if ac == nil {
		return
	}
	if ac.aggregate && n > 0 {
		b.WriteString(" GROUP BY ")
		for i := 1; i <= n; i++ {
			if i > 1 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(i))
		}
	}
	if having != "" {
		b.WriteString(" HAVING ")
		b.WriteString(having)
	}
}

// annotationNamed returns the annotation the path starts with, and the
// rest of the path.
func (c *compiler) annotationNamed(path string) (*annotation, []string) {
	if len(c.annots) == 0 {
		return nil, nil
	}
	// Default keys contain "__" ("views__sum"): take the longest name the
	// path starts with.
	var best *annotation
	for _, a := range c.annots {
		if (path == a.name || strings.HasPrefix(path, a.name+"__")) && (best == nil || len(a.name) > len(best.name)) {
			best = a
		}
	}
	if best == nil {
		return nil, nil
	}
	if rest := strings.TrimPrefix(path[len(best.name):], "__"); rest != "" {
		return best, strings.Split(rest, "__")
	}
	return best, nil
}

// isAggregate reports whether the annotation aggregates rows.
func (c *compiler) isAggregate(a *annotation) bool {
	switch {
	case a.agg != nil:
		return true
	case a.cond != nil:
		return c.aggregates(*a.cond)
	case a.expr != nil:
		return c.exprAggregates(*a.expr)
	}
	return false
}

func (c *compiler) exprAggregates(e Expr) bool {
	switch e.op {
	case 0:
		a, _ := c.annotationNamed(e.name)
		return a != nil && c.isAggregate(a)
	case 'v', 'o':
		return false
	}
	return c.exprAggregates(e.args[0]) || c.exprAggregates(e.args[1])
}

// aggregates reports whether cd refers to an aggregate annotation, so it
// belongs in HAVING.
func (c *compiler) aggregates(cd Cond) bool {
	switch cd.op {
	case condLeaf:
		if a, _ := c.annotationNamed(cd.path); a != nil && c.isAggregate(a) {
			return true
		}
		if e, ok := cd.value.(Expr); ok {
			return c.exprAggregates(e)
		}
		return false
	case condExists:
		return false
	}
	for _, k := range cd.kids {
		if c.aggregates(k) {
			return true
		}
	}
	return false
}

// annotSQL compiles one annotation: its SQL, the field and kind its values
// are read as, and whether it aggregates.
func (c *compiler) annotSQL(a *annotation) (string, *FieldInfo, db.Kind, bool, error) {
	switch {
	case a.agg != nil:
		s, f, kind, err := c.aggregateSQL(*a.agg)
		return s, f, kind, true, err
	case a.sub != nil:
		s, f, kind, err := c.subquerySQL(a.sub)
		return s, f, kind, false, err
	case a.cond != nil:
		s, err := c.cond(*a.cond, false)
		if err != nil {
			return "", nil, 0, false, err
		}
		return "CASE WHEN " + s + " THEN 1 ELSE 0 END", nil, db.KindBool, c.aggregates(*a.cond), nil
	case a.expr != nil:
		s, f, err := c.expr(*a.expr, nil)
		if err != nil {
			return "", nil, 0, false, err
		}
		kind := db.KindInvalid
		if f != nil {
			kind = f.Kind
			if kind == db.KindAuto {
				kind = db.KindInt64
			}
		}
		return s, f, kind, c.exprAggregates(*a.expr), nil
	}
	return "", nil, 0, false, fmt.Errorf("orm: %s: empty annotation %q", c.m.Label, a.name)
}

// aggregateSQL compiles FN([DISTINCT] col), with the aggregate's filter as
// CASE WHEN cond THEN col END (NULLs are skipped by every aggregate).
func (c *compiler) aggregateSQL(a Aggregate) (string, *FieldInfo, db.Kind, error) {
	fn := strings.ToUpper(a.fn)
	var arg string
	var f *FieldInfo
	kind := db.KindInt64
	if a.field == "*" {
		if a.fn != "count" {
			return "", nil, 0, fmt.Errorf("orm: %s: only Count takes \"*\"", c.m.Label)
		}
		arg = "*"
	} else {
		r, err := c.m.resolvePath(a.field, false)
		if err != nil {
			return "", nil, 0, err
		}
		if arg, err = c.column(r); err != nil {
			return "", nil, 0, err
		}
		f = r.field
		kind = aggKind(a.fn, f.Kind)
	}
	if a.filter != nil {
		cond, err := c.cond(*a.filter, false)
		if err != nil {
			return "", nil, 0, err
		}
		if arg == "*" {
			arg = "1"
		}
		arg = "CASE WHEN " + cond + " THEN " + arg + " ELSE NULL END"
	}
	if a.distinct {
		arg = "DISTINCT " + arg
	}
	return fn + "(" + arg + ")", f, kind, nil
}

// annotationLeaf compiles a filter on an annotation ("n__gte").
func (c *compiler) annotationLeaf(a *annotation, rest []string, cd Cond) (string, error) {
	lhs, f, kind, _, err := c.annotSQL(a)
	if err != nil {
		return "", err
	}
	op := "exact"
	switch len(rest) {
	case 0:
	case 1:
		op = rest[0]
	default:
		op = strings.Join(rest, "__")
	}
	pseudo := &FieldInfo{Model: c.m, Name: a.name, QueryName: a.name, Kind: kind, Null: true}
	if !slices.Contains(lookups, op) {
		return "", &FieldError{Model: c.m.Name, Name: op, Kind: "lookup", Field: a.name, Valid: lookups}
	}
	value := cd.value
	if kind == db.KindBool {
		// A condition annotation is CASE WHEN ... THEN 1 ELSE 0 END.
		kind, pseudo.Kind = db.KindInt64, db.KindInt64
		if b, ok := value.(bool); ok {
			value = 0
			if b {
				value = 1
			}
		}
	}
	vf := pseudo
	if f != nil && f.Kind == kind {
		vf = f
	}
	if kind == db.KindInvalid {
		vf = nil
	}
	return c.comparison(pseudo, vf, kind, op, lhs, value)
}

// annotValue converts a scanned annotation value to its documented Go type.
func annotValue(d db.Dialect, f *FieldInfo, kind db.Kind, raw any) (any, error) {
	switch {
	case raw == nil:
		return nil, nil
	case kind == db.KindBool:
		if b, ok := raw.(bool); ok {
			return b, nil
		}
		n, err := asInt(raw)
		if err != nil {
			return nil, fmt.Errorf("orm: reading a condition annotation: %w", err)
		}
		return n != 0, nil
	case kind == db.KindInvalid:
		if b, ok := raw.([]byte); ok {
			return string(b), nil
		}
		return raw, nil
	}
	return outValue(d, f, kind, raw)
}

// outCol is how one column of a values query is read.
type outCol struct {
	f    *FieldInfo
	kind db.Kind
}

// Modes of valuesSQL.
const (
	valuesTop    = iota // Values, ValuesList, FlatList
	valuesSub           // a scalar or "__in" subquery
	valuesExists        // EXISTS (SELECT 1 ...)
)

// valuesSQL compiles the SELECT of a values query: fields (else q.fields,
// else every field; in a subquery, else the annotations, else the key),
// then annotations, grouped by the fields when an annotation aggregates.
func (c *compiler) valuesSQL(q *query, fields []string, mode int) (string, []outCol, []string, error) {
	ac, err := c.annotate(q)
	if err != nil {
		return "", nil, nil, err
	}
	keys := fields
	if len(keys) == 0 {
		keys = q.fields
	}
	if len(keys) == 0 {
		switch {
		case mode == valuesTop:
			keys = c.m.names
		case mode == valuesSub && len(ac.sql) == 0:
			keys = []string{c.m.PK.QueryName}
		}
	}
	var b strings.Builder
	b.WriteString("SELECT ")
	if q.distinct && mode != valuesExists {
		b.WriteString("DISTINCT ")
	}
	var outs []outCol
	var names []string
	if mode == valuesExists {
		b.WriteString("1")
	} else {
		for i, k := range keys {
			r, err := c.m.resolvePath(k, false)
			if err != nil {
				return "", nil, nil, err
			}
			col, err := c.column(r)
			if err != nil {
				return "", nil, nil, err
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(col)
			kind := r.field.Kind
			outs = append(outs, outCol{f: r.field, kind: kind})
		}
		names = append(slices.Clone(keys), ac.names...)
		if len(keys) == 0 {
			// Annotations only: drop the leading ", ".
			var sb strings.Builder
			ac.selectList(&sb, c.d)
			b.WriteString(strings.TrimPrefix(sb.String(), ", "))
		} else {
			ac.selectList(&b, c.d)
		}
		for i := range ac.sql {
			outs = append(outs, outCol{f: ac.fields[i], kind: ac.kinds[i]})
		}
	}
	where, err := c.where(ac.where)
	if err != nil {
		return "", nil, nil, err
	}
	having, err := c.having(ac)
	if err != nil {
		return "", nil, nil, err
	}
	orderSQL := ""
	if mode != valuesExists {
		order := q.order
		if !q.ordered && !ac.aggregate {
			// Django drops Meta.ordering from GROUP BY queries too: it
			// would add columns to the groups.
			order = c.m.Meta.Ordering
		}
		if orderSQL, err = c.orderBy(order); err != nil {
			return "", nil, nil, err
		}
	}
	c.from(&b)
	writeWhere(&b, where, q.none)
	if mode != valuesExists {
		ac.writeGroup(&b, len(keys), having)
	} else if having != "" {
		return "", nil, nil, fmt.Errorf("orm: %s: Exists cannot filter on an aggregate annotation", c.m.Label)
	}
	b.WriteString(orderSQL)
	if lo := c.d.LimitOffset(q.limit, q.offset); lo != "" {
		b.WriteString(" ")
		b.WriteString(lo)
	}
	return b.String(), outs, names, nil
}

// runValues runs a values query built by valuesSQL and calls fn per row
// with the converted values (fn must copy the row to keep it).
func runValues(ctx context.Context, conn db.Querier, m *ModelInfo, q *query, fields []string, fn func([]string, []any)) ([]string, error) {
	d := conn.Dialect()
	c := newCompiler(d, m)
	sqlText, outs, keys, err := c.valuesSQL(q, fields, valuesTop)
	if err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, sqlText, c.args...)
	if err != nil {
		return nil, fmt.Errorf("orm: querying %s: %w", m.Label, err)
	}
	defer rows.Close()
	raw := make([]any, len(outs))
	dests := make([]any, len(outs))
	for i := range raw {
		dests[i] = &raw[i]
	}
	row := make([]any, len(outs))
	for rows.Next() {
		if err := rows.Scan(dests...); err != nil {
			return nil, fmt.Errorf("orm: reading %s: %w", m.Label, err)
		}
		for i, o := range outs {
			if row[i], err = annotValue(d, o.f, o.kind, raw[i]); err != nil {
				return nil, err
			}
		}
		fn(keys, row)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("orm: reading %s: %w", m.Label, db.ClassifyError(d, err))
	}
	return keys, nil
}

// orderPart compiles one ordering term: a field path or annotation name,
// "-" for descending, and an optional ":nulls_first" or ":nulls_last".
func (c *compiler) orderPart(o string) (string, error) {
	spec, nulls, hasNulls := strings.Cut(o, ":")
	desc := strings.HasPrefix(spec, "-")
	name := strings.TrimPrefix(spec, "-")
	if name == "" {
		return "", c.m.unknownField(o)
	}
	var col string
	if a, rest := c.annotationNamed(name); a != nil && len(rest) == 0 {
		// The select list names it: ordering by the alias binds no
		// parameter twice, and every database accepts it.
		col = c.d.Quote(a.name)
	} else {
		r, err := c.m.resolvePath(name, false)
		if err != nil {
			return "", err
		}
		if col, err = c.column(r); err != nil {
			return "", err
		}
	}
	if hasNulls {
		switch nulls {
		case "nulls_first":
			return c.d.NullsOrder(col, desc, true), nil
		case "nulls_last":
			return c.d.NullsOrder(col, desc, false), nil
		}
		return "", &FieldError{Model: c.m.Name, Name: o, Reason: "unknown ordering option; use \":nulls_first\" or \":nulls_last\""}
	}
	if desc {
		return col + " DESC", nil
	}
	return col + " ASC", nil
}

// grouped reports whether the query needs wrapping to be counted.
func (q *query) grouped() bool { return len(q.annots) > 0 }

// countWrapped counts the rows of an annotated QuerySet by counting its
// SELECT as a subquery, so GROUP BY and HAVING apply.
func (qs QuerySet[T]) countWrapped(ctx context.Context) (int64, error) {
	conn, plan, err := qs.prepare(ctx)
	if err != nil {
		return 0, err
	}
	var n int64
	if err := scanOne(ctx, conn, "SELECT COUNT(*) FROM ("+plan.sql+") "+conn.Dialect().Quote("sub"), plan.args, &n); err != nil {
		return 0, fmt.Errorf("orm: counting %s: %w", plan.slots[0].info.Label, err)
	}
	return n, nil
}

// IterAnnotated runs the query and streams the objects with their
// annotations, one row at a time, like Iter. An error ends the sequence
// with a zero Annotated and the error.
func (qs QuerySet[T]) IterAnnotated(ctx context.Context) iter.Seq2[Annotated[T], error] {
	return func(yield func(Annotated[T], error) bool) {
		conn, plan, err := qs.prepare(ctx)
		if err != nil {
			yield(Annotated[T]{}, err)
			return
		}
		label := plan.slots[0].info.Label
		d := conn.Dialect()
		rows, err := conn.QueryContext(ctx, plan.sql, plan.args...)
		if err != nil {
			yield(Annotated[T]{}, fmt.Errorf("orm: querying %s: %w", label, err))
			return
		}
		defer rows.Close()
		rs := newRowScanner(d, plan)
		n := len(plan.cols)
		for rows.Next() {
			obj := new(T)
			if err := rs.scan(rows, unsafe.Pointer(obj)); err != nil {
				yield(Annotated[T]{}, fmt.Errorf("orm: reading %s: %w", label, err))
				return
			}
			vals := make(map[string]any, len(plan.ann.names))
			for i, name := range plan.ann.names {
				v, err := annotValue(d, plan.ann.fields[i], plan.ann.kinds[i], *(rs.dests[n+i].(*any)))
				if err != nil {
					yield(Annotated[T]{}, err)
					return
				}
				vals[name] = v
			}
			if !yield(Annotated[T]{Object: obj, Values: vals}, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(Annotated[T]{}, fmt.Errorf("orm: reading %s: %w", label, db.ClassifyError(d, err)))
		}
	}
}

// needsAggregateQuery reports whether Aggregate must compile through
// aggregateQuery: an aggregate has a filter, or the QuerySet annotations.
func needsAggregateQuery(q *query, aggs []Aggregate) bool {
	if len(q.annots) > 0 {
		return true
	}
	for _, a := range aggs {
		if a.filter != nil {
			return true
		}
	}
	return false
}

// aggregateQuery is Aggregate for aggregates with a filter: the select
// list is compiled before WHERE, so parameters bind in text order.
func (qs QuerySet[T]) aggregateQuery(ctx context.Context, aggs []Aggregate) (map[string]any, error) {
	info, err := qs.m.Info()
	if err != nil {
		return nil, err
	}
	if len(qs.q.annots) > 0 {
		return nil, fmt.Errorf("orm: Aggregate %s: aggregating over annotations is not supported yet; aggregate in the Annotate itself, or use Values", info.Label)
	}
	if qs.q.limit >= 0 || qs.q.offset > 0 {
		return nil, fmt.Errorf("orm: Aggregate %s: aggregating a QuerySet with Limit or Offset is not supported yet", info.Label)
	}
	conn, err := qs.conn(ctx, false)
	if err != nil {
		return nil, err
	}
	d := conn.Dialect()
	c := newCompiler(d, info)
	outs := make([]outCol, len(aggs))
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, a := range aggs {
		s, f, kind, err := c.aggregateSQL(a)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s)
		outs[i] = outCol{f: f, kind: kind}
	}
	where, err := c.where(qs.q.where)
	if err != nil {
		return nil, err
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
		v, err := annotValue(d, outs[i].f, outs[i].kind, raw[i])
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
