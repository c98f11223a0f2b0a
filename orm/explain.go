package orm

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jazzgo/jazz/db"
)

// dialectTraits are the differences the ORM's query features need that
// db.Features does not describe (yet): they belong there as flags, and
// live here, in one table keyed by Dialect.Name, until they move. An
// unknown dialect gets the zero traits, which are standard SQL.
type dialectTraits struct {
	// explain is the statement prefix that returns a query plan.
	explain string
	// typedCase: a parameter in CASE ... THEN needs a CAST to the column
	// type, or PostgreSQL resolves the CASE to text and the UPDATE fails.
	typedCase bool
}

var traits = map[string]dialectTraits{
	"sqlite":   {explain: "EXPLAIN QUERY PLAN "},
	"postgres": {explain: "EXPLAIN ", typedCase: true},
	"mysql":    {explain: "EXPLAIN "},
}

func traitsOf(d db.Dialect) dialectTraits {
	t, ok := traits[d.Name()]
	if !ok {
		t.explain = "EXPLAIN "
	}
	return t
}

// Explain returns the database's plan for the QuerySet's SELECT, as text
// (Django's explain()): PostgreSQL's EXPLAIN lines, SQLite's EXPLAIN
// QUERY PLAN details (indented by depth), or MySQL/MariaDB's EXPLAIN
// table as tab-separated lines under a header. The format is the
// database's and changes between versions: read it, don't parse it. The
// query itself does not run (no ANALYZE).
func (qs QuerySet[T]) Explain(ctx context.Context) (string, error) {
	conn, plan, err := qs.prepare(ctx)
	if err != nil {
		return "", err
	}
	label := plan.slots[0].info.Label
	rows, err := conn.QueryContext(ctx, traitsOf(conn.Dialect()).explain+plan.sql, plan.args...)
	if err != nil {
		return "", fmt.Errorf("orm: explaining %s: %w", label, err)
	}
	defer rows.Close()
	text, err := planText(rows)
	if err != nil {
		return "", fmt.Errorf("orm: explaining %s: %w", label, err)
	}
	return text, nil
}

// planText renders the rows of an EXPLAIN.
func planText(rows *sql.Rows) (string, error) {
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	raw := make([]any, len(cols))
	dests := make([]any, len(cols))
	for i := range raw {
		dests[i] = &raw[i]
	}
	detail, parent, id := -1, -1, -1
	for i, c := range cols {
		switch strings.ToLower(c) {
		case "detail":
			detail = i
		case "parent":
			parent = i
		case "id":
			id = i
		}
	}
	sqlitePlan := detail >= 0 && parent >= 0 && id >= 0
	depth := map[string]int{}
	var lines []string
	if !sqlitePlan && len(cols) > 1 {
		lines = append(lines, strings.Join(cols, "\t"))
	}
	for rows.Next() {
		if err := rows.Scan(dests...); err != nil {
			return "", err
		}
		cells := make([]string, len(raw))
		for i, v := range raw {
			switch x := v.(type) {
			case nil:
				cells[i] = "NULL"
			case []byte:
				cells[i] = string(x)
			default:
				cells[i] = fmt.Sprint(x)
			}
		}
		switch {
		case sqlitePlan:
			// SQLite gives a tree as (id, parent): indent by depth.
			dep := 0
			if p, ok := depth[cells[parent]]; ok {
				dep = p + 1
			}
			depth[cells[id]] = dep
			lines = append(lines, strings.Repeat("  ", dep)+cells[detail])
		case len(cells) == 1:
			lines = append(lines, cells[0])
		default:
			lines = append(lines, strings.Join(cells, "\t"))
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return strings.Join(lines, "\n"), nil
}
