package orm

import (
	"fmt"
	"strconv"

	"github.com/jazzgo/jazz/db"
)

// Sub is a QuerySet used inside another query, made by Subquery: as a
// filter value (Filter("id__in", sub), Filter("views__gt", sub)) or, named
// with As, as an annotation. It selects the fields of the inner
// QuerySet's ValuesQuery, else its annotations, else its primary key; a
// Sub compared with a value or used as an annotation must select exactly
// one column and return at most one row (use Limit(1)). Refer to the
// outer query's row with OuterRef. A Sub is an immutable value.
//
// MySQL and MariaDB refuse LIMIT in a subquery compared with "__in".
type Sub struct {
	info  func() (*ModelInfo, error)
	q     *query
	alias string
}

// Subquery returns qs as a subquery. Passing a QuerySet directly as a
// filter value is the same as passing Subquery(qs).
func Subquery[T any](qs QuerySet[T]) Sub {
	return Sub{info: qs.m.Info, q: qs.q}
}

// As names the subquery as an annotation.
func (s Sub) As(name string) Sub { s.alias = name; return s }

// Key is the name given by As.
func (s Sub) Key() string { return s.alias }

func (s Sub) annotation() *annotation { return &annotation{name: s.alias, sub: &s} }

// subquery lets a QuerySet be a filter value.
func (qs QuerySet[T]) subquery() Sub { return Subquery(qs) }

type subqueryer interface{ subquery() Sub }

func subOf(v any) (Sub, bool) {
	switch x := v.(type) {
	case Sub:
		return x, true
	case subqueryer:
		return x.subquery(), true
	}
	return Sub{}, false
}

// Exists returns the condition "qs matches at least one row", usually
// correlated with OuterRef:
//
//	Posts.Where(orm.Exists(Comments.Filter("post", orm.OuterRef("id"))))
//
// Negate it with Not; name it with As to annotate each row with a bool.
func Exists[T any](qs QuerySet[T]) Cond {
	s := Subquery(qs)
	return Cond{op: condExists, sub: &s}
}

// OuterRef refers to a field of the outer query's row from inside a
// Subquery or Exists (Django's OuterRef): Filter("post", OuterRef("id")).
// Used outside a subquery, the query fails with an error saying so.
func OuterRef(name string) Expr { return Expr{op: 'o', name: name} }

// inner returns a compiler for a subquery of c: its tables get aliases of
// their own (so the same table may appear inside and outside), and its
// parameters continue c's.
func (c *compiler) inner(s *Sub) (*compiler, error) {
	if s.info == nil || s.q == nil {
		return nil, fmt.Errorf("orm: %s: the zero Sub is not a subquery; make one with orm.Subquery(qs)", c.m.Label)
	}
	m, err := s.info()
	if err != nil {
		return nil, err
	}
	c.nsub++
	in := &compiler{d: c.d, m: m, ds: m.dialectSQL(c.d), outer: c, args: c.args}
	in.prefix = c.prefix + "s" + strconv.Itoa(c.nsub) + "_"
	in.base = c.d.Quote(in.prefix + "t0")
	return in, nil
}

// subquerySQL compiles s as "(SELECT ...)" and returns how its one column
// reads.
func (c *compiler) subquerySQL(s *Sub) (string, *FieldInfo, db.Kind, error) {
	in, err := c.inner(s)
	if err != nil {
		return "", nil, 0, err
	}
	sqlText, outs, _, err := in.valuesSQL(s.q, nil, valuesSub)
	c.args = in.args
	if err != nil {
		return "", nil, 0, err
	}
	if len(outs) != 1 {
		return "", nil, 0, fmt.Errorf("orm: subquery of %s selects %d columns; select one with ValuesQuery(field)", in.m.Label, len(outs))
	}
	return "(" + sqlText + ")", outs[0].f, outs[0].kind, nil
}

// exists compiles EXISTS (SELECT 1 ...).
func (c *compiler) exists(cd Cond) (string, error) {
	if cd.sub == nil {
		return "", fmt.Errorf("orm: %s: empty Exists condition", c.m.Label)
	}
	in, err := c.inner(cd.sub)
	if err != nil {
		return "", err
	}
	sqlText, _, _, err := in.valuesSQL(cd.sub.q, nil, valuesExists)
	c.args = in.args
	if err != nil {
		return "", err
	}
	return "EXISTS (" + sqlText + ")", nil
}

// subComparison compiles "lhs IN (SELECT ...)" or a comparison with a
// scalar subquery.
func (c *compiler) subComparison(f *FieldInfo, op, lhs string, s Sub) (string, error) {
	switch op {
	case "in", "exact", "gt", "gte", "lt", "lte":
	default:
		return "", fmt.Errorf("orm: %s: lookup %q does not take a subquery (use in, exact, gt, gte, lt or lte)", f, op)
	}
	rhs, _, _, err := c.subquerySQL(&s)
	if err != nil {
		return "", err
	}
	if op == "in" {
		return lhs + " IN " + rhs, nil
	}
	return c.operator(f, op, lhs, rhs)
}

// outerRef compiles OuterRef(name): a column of the enclosing query.
func (c *compiler) outerRef(e Expr) (string, *FieldInfo, error) {
	if c.outer == nil {
		return "", nil, fmt.Errorf("orm: %s: OuterRef(%q) is only valid inside Subquery or Exists", c.m.Label, e.name)
	}
	if a, rest := c.outer.annotationNamed(e.name); a != nil && len(rest) == 0 {
		// The outer compiler binds into this one's argument list.
		c.outer.args = c.args
		s, f, _, _, err := c.outer.annotSQL(a)
		c.args = c.outer.args
		return s, f, err
	}
	r, err := c.outer.m.resolvePath(e.name, false)
	if err != nil {
		return "", nil, err
	}
	col, err := c.outer.column(r)
	return col, r.field, err
}
