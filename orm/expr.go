package orm

import "fmt"

// Cond is a filter condition, Django's Q object: a single lookup made with
// Q, or a combination made with And, Or and Not. Conds are immutable values
// and may be built once and reused by many QuerySets; they do not belong
// to a model until a QuerySet compiles them, which is when field names and
// lookups are checked.
type Cond struct {
	op    condOp
	path  string
	value any
	kids  []Cond
	sub   *Sub // condExists
}

type condOp uint8

const (
	condLeaf condOp = iota
	condAnd
	condOr
	condNot
	condExists // subquery.go
	condErr    // reverse.go: value is the error to report
)

// Q returns the condition "lookup matches value", the same as
// Filter(lookup, value): Q("title__icontains", "go"), Q("author__id", 3),
// Q("rating", nil) (IS NULL).
func Q(lookup string, value any) Cond { return Cond{op: condLeaf, path: lookup, value: value} }

// And returns a condition true when every one of conds is; And() with no
// conditions is always true.
func And(conds ...Cond) Cond { return Cond{op: condAnd, kids: append([]Cond(nil), conds...)} }

// Or returns a condition true when any one of conds is; Or() with no
// conditions is always false.
func Or(conds ...Cond) Cond { return Cond{op: condOr, kids: append([]Cond(nil), conds...)} }

// Not negates c. As in Django, a negated comparison on a nullable column
// also matches the rows where the column is NULL.
func Not(c Cond) Cond { return Cond{op: condNot, kids: []Cond{c}} }

// Expr is an SQL expression over the columns of a row: F("views"), or an
// arithmetic combination of expressions and plain values. Use one as a
// filter value (Filter("rating__gt", F("min_rating"))) or an update value
// (Set{"views": F("views").Add(1)}); the arithmetic runs in the database,
// so concurrent updates lose nothing. Exprs are immutable values.
type Expr struct {
	op    byte // 0: field; 'v': value; '+', '-', '*', '/'
	name  string
	value any
	args  []Expr
}

// F refers to the field name (a query name such as "views", or a path
// across foreign keys in filters: "author__karma").
func F(name string) Expr { return Expr{name: name} }

func (e Expr) combine(op byte, v any) Expr {
	rhs, ok := v.(Expr)
	if !ok {
		rhs = Expr{op: 'v', value: v}
	}
	return Expr{op: op, args: []Expr{e, rhs}}
}

// Add returns e + v, where v is an Expr or a value.
func (e Expr) Add(v any) Expr { return e.combine('+', v) }

// Sub returns e - v.
func (e Expr) Sub(v any) Expr { return e.combine('-', v) }

// Mul returns e * v.
func (e Expr) Mul(v any) Expr { return e.combine('*', v) }

// Div returns e / v. Integer operands divide as integers on PostgreSQL and
// SQLite, and give a decimal on MySQL.
func (e Expr) Div(v any) Expr { return e.combine('/', v) }

// String returns a readable form, for error messages and debugging.
func (e Expr) String() string {
	switch e.op {
	case 0:
		return "F(" + e.name + ")"
	case 'v':
		return fmt.Sprint(e.value)
	case 'o':
		return "OuterRef(" + e.name + ")"
	}
	return "(" + e.args[0].String() + " " + string(e.op) + " " + e.args[1].String() + ")"
}

// Set is the new values of an Update: field query name -> value or Expr.
type Set map[string]any

// Aggregate is a summary over the rows of a QuerySet, for Aggregate:
// Count, Sum, Avg, Max, Min. Its result key is "<field>__<function>"
// ("id__count"), as in Django, unless As gives another.
type Aggregate struct {
	fn       string
	field    string
	alias    string
	distinct bool
	filter   *Cond // annotate.go: only the rows matching it count
}

// Count counts the rows where field is not NULL (Count("id") counts every
// row; Count("*") too). Its result is an int64.
func Count(field string) Aggregate { return Aggregate{fn: "count", field: field} }

// Sum adds field up: an int64 for integer fields, a float64 for floats, a
// Decimal for decimals; nil when no row matches.
func Sum(field string) Aggregate { return Aggregate{fn: "sum", field: field} }

// Avg averages field: a float64, or a Decimal for decimal fields; nil when
// no row matches.
func Avg(field string) Aggregate { return Aggregate{fn: "avg", field: field} }

// Max is the largest value of field, in the field's Go type; nil when no
// row matches.
func Max(field string) Aggregate { return Aggregate{fn: "max", field: field} }

// Min is the smallest value of field, as Max.
func Min(field string) Aggregate { return Aggregate{fn: "min", field: field} }

// As returns a with the result key alias.
func (a Aggregate) As(alias string) Aggregate { a.alias = alias; return a }

// Distinct returns a applied to distinct values only (COUNT(DISTINCT x)).
func (a Aggregate) Distinct() Aggregate { a.distinct = true; return a }

// Key is the aggregate's result key.
func (a Aggregate) Key() string {
	if a.alias != "" {
		return a.alias
	}
	f := a.field
	if f == "*" {
		f = "all"
	}
	return f + "__" + a.fn
}
