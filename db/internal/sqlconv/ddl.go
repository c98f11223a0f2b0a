package sqlconv

import (
	"strings"

	"github.com/jazzgo/jazz/db"
)

// DDL builds CREATE TABLE and CREATE INDEX statements; each dialect fills
// in what differs.
type DDL struct {
	Quote      func(string) string
	ColumnType func(db.Column) (string, error)
	// AutoPK follows the type of an auto-incrementing primary key column
	// ("PRIMARY KEY AUTOINCREMENT" on SQLite).
	AutoPK string
	// Deferrable makes foreign keys DEFERRABLE INITIALLY DEFERRED.
	Deferrable bool
	// TableSuffix ends CREATE TABLE (MySQL's ENGINE and charset).
	TableSuffix string
	// PartialIndexes: CREATE INDEX ... WHERE is understood. Without it a
	// partial unique constraint is left out (it cannot be expressed) and a
	// partial plain index covers the whole table.
	PartialIndexes bool
	// MaxName is the longest identifier the database accepts.
	MaxName int
	// IndexColumn renders one column of an index, for prefix lengths; nil
	// quotes the name.
	IndexColumn func(t db.Table, col string) string
}

// CreateTable returns CREATE TABLE for t, then its CREATE INDEX
// statements. A column whose type is invalid is written with the error
// text in place of the type, so the statement fails at the database with
// the reason; run [db.Dialect.ColumnType] first to report it properly.
func (d DDL) CreateTable(t db.Table) []string {
	q := d.Quote
	var pks []string
	for _, c := range t.Columns {
		if c.PrimaryKey {
			pks = append(pks, c.Name)
		}
	}
	var defs []string
	for _, c := range t.Columns {
		typ, err := d.ColumnType(c)
		if err != nil {
			typ = "<" + err.Error() + ">"
		}
		var b strings.Builder
		b.WriteString(q(c.Name))
		b.WriteByte(' ')
		b.WriteString(typ)
		if !c.Null || c.PrimaryKey {
			b.WriteString(" NOT NULL")
		}
		if c.Default != "" {
			b.WriteString(" DEFAULT ")
			b.WriteString(c.Default)
		}
		if c.PrimaryKey && len(pks) == 1 {
			if c.Kind == db.KindAuto && d.AutoPK != "" {
				b.WriteString(" " + d.AutoPK)
			} else {
				b.WriteString(" PRIMARY KEY")
			}
		}
		if c.Unique && !c.PrimaryKey {
			b.WriteString(" UNIQUE")
		}
		if c.Check != "" {
			b.WriteString(" CHECK (" + c.Check + ")")
		}
		defs = append(defs, b.String())
	}
	if len(pks) > 1 {
		defs = append(defs, "PRIMARY KEY ("+d.quoteAll(pks)+")")
	}
	for _, u := range t.Uniques {
		if u.Where != "" {
			continue // a partial unique index, created below
		}
		defs = append(defs, d.constraint(u.Name)+"UNIQUE ("+d.quoteAll(u.Columns)+")")
	}
	for _, c := range t.Checks {
		defs = append(defs, d.constraint(c.Name)+"CHECK ("+c.Expr+")")
	}
	for _, c := range t.Columns {
		if c.References == nil {
			continue
		}
		name := d.Name(t.Name, c.Name, "fk", c.References.Table, c.References.Column)
		fk := "CONSTRAINT " + q(name) + " FOREIGN KEY (" + q(c.Name) + ") REFERENCES " +
			q(c.References.Table) + " (" + q(c.References.Column) + ")"
		if d.Deferrable {
			fk += " DEFERRABLE INITIALLY DEFERRED"
		}
		defs = append(defs, fk)
	}
	stmts := []string{"CREATE TABLE " + q(t.Name) + " (\n    " + strings.Join(defs, ",\n    ") + "\n)" + d.TableSuffix}
	for _, u := range t.Uniques {
		if u.Where == "" || !d.PartialIndexes {
			continue
		}
		name := u.Name
		if name == "" {
			name = d.Name(append([]string{t.Name}, append(u.Columns, "uniq")...)...)
		}
		stmts = append(stmts, "CREATE UNIQUE INDEX "+q(name)+" ON "+q(t.Name)+" ("+d.indexColumns(t, u.Columns)+") WHERE "+u.Where)
	}
	for _, ix := range t.Indexes {
		if ix.Unique && ix.Where != "" && !d.PartialIndexes {
			continue
		}
		name := ix.Name
		if name == "" {
			name = d.Name(append([]string{t.Name}, append(ix.Columns, "idx")...)...)
		}
		s := "CREATE "
		if ix.Unique {
			s += "UNIQUE "
		}
		s += "INDEX " + q(name) + " ON " + q(t.Name) + " (" + d.indexColumns(t, ix.Columns) + ")"
		if ix.Where != "" && d.PartialIndexes {
			s += " WHERE " + ix.Where
		}
		stmts = append(stmts, s)
	}
	return stmts
}

func (d DDL) constraint(name string) string {
	if name == "" {
		return ""
	}
	return "CONSTRAINT " + d.Quote(name) + " "
}

func (d DDL) quoteAll(cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = d.Quote(c)
	}
	return strings.Join(out, ", ")
}

func (d DDL) indexColumns(t db.Table, cols []string) string {
	if d.IndexColumn == nil {
		return d.quoteAll(cols)
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = d.IndexColumn(t, c)
	}
	return strings.Join(out, ", ")
}

// Name joins parts with "_" into an identifier, shortened to MaxName with
// a hash of the whole so that distinct long names stay distinct.
func (d DDL) Name(parts ...string) string { return db.ShortName(d.MaxName, parts...) }

// EscapeLike escapes \, % and _ with a backslash, for LIKE ... ESCAPE '\'.
func EscapeLike(s string) string {
	if !strings.ContainsAny(s, `\%_`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\', '%', '_':
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// QuoteWith quotes ident with the quote character q, doubling any q
// inside it.
func QuoteWith(ident string, q byte) string {
	qs := string(q)
	return qs + strings.ReplaceAll(ident, qs, qs+qs) + qs
}

// NullsOrderEmulated orders NULLs first or last without NULLS FIRST/LAST
// syntax, by sorting on "expr IS NULL" before expr.
func NullsOrderEmulated(expr string, desc, nullsFirst bool) string {
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	nulls := " ASC"
	if nullsFirst {
		nulls = " DESC"
	}
	return "(" + expr + " IS NULL)" + nulls + ", " + expr + dir
}

// NullsOrderSyntax writes expr ASC|DESC NULLS FIRST|LAST.
func NullsOrderSyntax(expr string, desc, nullsFirst bool) string {
	s := expr + " ASC"
	if desc {
		s = expr + " DESC"
	}
	if nullsFirst {
		return s + " NULLS FIRST"
	}
	return s + " NULLS LAST"
}

// JoinQuoted joins already quoted names with ", ".
func JoinQuoted(names []string) string { return strings.Join(names, ", ") }
