package autodetect

import (
	"slices"
	"strings"

	"github.com/jazzgo/jazz/migrate"
)

// Optimize returns a shorter list of operations of app's migration that
// builds the same state: a field added to a model created in the same
// list is folded into its CreateModel, a model created and deleted
// vanishes, an added field that is altered, renamed or removed is added
// as it ends up (or not at all), and consecutive changes to one field
// keep the last. Two operations are combined only when the later one can
// move up to the earlier past every operation between them: those must
// not touch the same models, and RunSQL and RunGo are never passed. ops is
// not changed.
func Optimize(app string, ops []migrate.Operation) []migrate.Operation {
	ops = slices.Clone(ops)
	for {
		changed := false
	scan:
		for i := 0; i < len(ops); i++ {
			for j := i + 1; j < len(ops); j++ {
				res, ok := reduce(app, ops[i], ops[j])
				if ok && movable(app, ops[j], ops[i+1:j]) {
					out := append(slices.Clone(ops[:i]), res...)
					out = append(out, ops[i+1:j]...)
					ops = append(out, ops[j+1:]...)
					changed = true
					break scan
				}
				if barrier(ops[j]) {
					break
				}
			}
		}
		if !changed {
			return ops
		}
	}
}

func barrier(op migrate.Operation) bool {
	switch op.(type) {
	case migrate.RunSQL, migrate.RunGo:
		return true
	}
	return !known(op)
}

func known(op migrate.Operation) bool {
	switch op.(type) {
	case migrate.CreateModel, migrate.DeleteModel, migrate.RenameModel, migrate.AlterModelTable,
		migrate.AddField, migrate.RemoveField, migrate.AlterField, migrate.RenameField,
		migrate.AddIndex, migrate.RemoveIndex, migrate.AddConstraint, migrate.RemoveConstraint,
		migrate.AlterUniqueTogether:
		return true
	}
	return false
}

func same(app, a, b string) bool { return strings.EqualFold(qualify(app, a), qualify(app, b)) }

// subjects returns the labels of the models op changes; lifecycle is
// true when it creates, deletes or renames them.
func subjects(app string, op migrate.Operation) (labels []string, lifecycle bool) {
	q := func(n string) string { return strings.ToLower(qualify(app, n)) }
	switch o := op.(type) {
	case migrate.CreateModel:
		return []string{q(o.Name)}, true
	case migrate.DeleteModel:
		return []string{q(o.Name)}, true
	case migrate.RenameModel:
		return []string{q(o.Old), q(o.New)}, true
	case migrate.AlterModelTable:
		return []string{q(o.Name)}, false
	case migrate.AddField:
		return []string{q(o.Model)}, false
	case migrate.RemoveField:
		return []string{q(o.Model)}, false
	case migrate.AlterField:
		return []string{q(o.Model)}, false
	case migrate.RenameField:
		return []string{q(o.Model)}, false
	case migrate.AddIndex:
		return []string{q(o.Model)}, false
	case migrate.RemoveIndex:
		return []string{q(o.Model)}, false
	case migrate.AddConstraint:
		return []string{q(o.Model)}, false
	case migrate.RemoveConstraint:
		return []string{q(o.Model)}, false
	case migrate.AlterUniqueTogether:
		return []string{q(o.Model)}, false
	}
	return nil, false
}

// relTargets returns the lower-case labels the fields op defines point at.
func relTargets(op migrate.Operation) []string {
	var fields []migrate.Field
	switch o := op.(type) {
	case migrate.CreateModel:
		fields = o.Fields
	case migrate.AddField:
		fields = []migrate.Field{o.Field}
	case migrate.AlterField:
		fields = []migrate.Field{o.Field}
	}
	var out []string
	for i := range fields {
		for _, t := range targets(&fields[i]) {
			out = append(out, strings.ToLower(t))
		}
	}
	return out
}

// independent reports whether a and b may run in either order.
func independent(app string, a, b migrate.Operation) bool {
	if barrier(a) || barrier(b) {
		return false
	}
	sa, la := subjects(app, a)
	sb, lb := subjects(app, b)
	for _, s := range sa {
		if slices.Contains(sb, s) {
			return false
		}
	}
	ta, tb := relTargets(a), relTargets(b)
	for _, s := range sa {
		if la && slices.Contains(tb, s) {
			return false
		}
	}
	for _, s := range sb {
		if lb && slices.Contains(ta, s) {
			return false
		}
	}
	// A removed or altered field may have pointed at a model that is
	// deleted or renamed: the operation does not say, so keep the order.
	dropsRef := func(op migrate.Operation) bool {
		switch op.(type) {
		case migrate.RemoveField, migrate.AlterField:
			return true
		}
		return false
	}
	if (la && dropsRef(b)) || (lb && dropsRef(a)) {
		return false
	}
	return true
}

// movable reports whether op can move before every operation of between.
func movable(app string, op migrate.Operation, between []migrate.Operation) bool {
	for _, b := range between {
		if !independent(app, op, b) {
			return false
		}
	}
	return true
}

// reduce combines a with b, the later operation, into the operations
// that replace both at a's place.
func reduce(app string, a, b migrate.Operation) ([]migrate.Operation, bool) {
	switch x := a.(type) {
	case migrate.CreateModel:
		return reduceCreate(app, x, b)
	case migrate.AddField:
		switch y := b.(type) {
		case migrate.RemoveField:
			if same(app, x.Model, y.Model) && x.Field.Name == y.Name {
				return nil, true
			}
		case migrate.AlterField:
			if same(app, x.Model, y.Model) && x.Field.Name == y.Name {
				f := y.Field
				f.Name = y.Name
				fill := y.Fill
				if fill == nil {
					fill = x.Fill
				}
				if f.Null || f.HasDefault() {
					fill = nil
				}
				return []migrate.Operation{migrate.AddField{Model: x.Model, Field: f, Fill: fill}}, true
			}
		case migrate.RenameField:
			if same(app, x.Model, y.Model) && x.Field.Name == y.Old {
				return []migrate.Operation{migrate.AddField{Model: x.Model, Field: renamed(x.Field, y.New), Fill: x.Fill}}, true
			}
		}
	case migrate.AlterField:
		switch y := b.(type) {
		case migrate.AlterField:
			if same(app, x.Model, y.Model) && x.Name == y.Name {
				if y.Fill == nil {
					y.Fill = x.Fill
				}
				return []migrate.Operation{y}, true
			}
		case migrate.RemoveField:
			if same(app, x.Model, y.Model) && x.Name == y.Name {
				return []migrate.Operation{y}, true
			}
		}
	}
	return nil, false
}

// renamed returns f named name, its column following when it was
// derived from the old name.
func renamed(f migrate.Field, name string) migrate.Field {
	if f.Column != "" && f.Column == (&migrate.Field{Name: f.Name, Type: f.Type}).ColumnName() {
		f.Column = ""
	}
	f.Name = name
	return f
}

func reduceCreate(app string, c migrate.CreateModel, b migrate.Operation) ([]migrate.Operation, bool) {
	one := func(c migrate.CreateModel) ([]migrate.Operation, bool) { return []migrate.Operation{c}, true }
	c = cloneCreate(c)
	switch y := b.(type) {
	case migrate.DeleteModel:
		if same(app, c.Name, y.Name) {
			return nil, true
		}
	case migrate.RenameModel:
		if same(app, c.Name, y.Old) {
			old := qualify(app, c.Name)
			if c.Table == migrate.DefaultTable(app, c.Name) {
				c.Table = ""
			}
			c.Name = y.New
			for i := range c.Fields {
				f := &c.Fields[i]
				if strings.EqualFold(f.To, old) {
					f.To = qualify(app, y.New)
				}
				if strings.EqualFold(f.Through, old) {
					f.Through = qualify(app, y.New)
				}
			}
			return one(c)
		}
	case migrate.AlterModelTable:
		if same(app, c.Name, y.Name) {
			c.Table = y.Table
			return one(c)
		}
	case migrate.AddField:
		if same(app, c.Name, y.Model) && !slices.ContainsFunc(c.Fields, func(f migrate.Field) bool { return f.Name == y.Field.Name }) {
			c.Fields = append(c.Fields, y.Field)
			return one(c)
		}
	case migrate.AlterField:
		if same(app, c.Name, y.Model) {
			for i := range c.Fields {
				if c.Fields[i].Name == y.Name {
					f := y.Field
					f.Name = y.Name
					c.Fields[i] = f
					return one(c)
				}
			}
		}
	case migrate.RemoveField:
		if same(app, c.Name, y.Model) {
			n := len(c.Fields)
			c.Fields = slices.DeleteFunc(c.Fields, func(f migrate.Field) bool { return f.Name == y.Name })
			if len(c.Fields) == n {
				return nil, false
			}
			uses := func(names []string) bool { return slices.Contains(names, y.Name) }
			c.UniqueTogether = slices.DeleteFunc(c.UniqueTogether, uses)
			c.Indexes = slices.DeleteFunc(c.Indexes, func(ix migrate.Index) bool { return uses(ix.Fields) })
			c.Constraints = slices.DeleteFunc(c.Constraints, func(k migrate.Constraint) bool { return uses(k.Fields) })
			return one(c)
		}
	case migrate.RenameField:
		if same(app, c.Name, y.Model) {
			i := slices.IndexFunc(c.Fields, func(f migrate.Field) bool { return f.Name == y.Old })
			if i < 0 || slices.ContainsFunc(c.Fields, func(f migrate.Field) bool { return f.Name == y.New }) {
				return nil, false
			}
			c.Fields[i] = renamed(c.Fields[i], y.New)
			c.RenameField(y.Old, y.New)
			return one(c)
		}
	case migrate.AddIndex:
		if same(app, c.Name, y.Model) {
			c.Indexes = append(c.Indexes, migrate.Index{Name: y.Index.Name, Fields: slices.Clone(y.Index.Fields)})
			return one(c)
		}
	case migrate.AddConstraint:
		if same(app, c.Name, y.Model) {
			k := y.Constraint
			k.Fields = slices.Clone(k.Fields)
			c.Constraints = append(c.Constraints, k)
			return one(c)
		}
	case migrate.AlterUniqueTogether:
		if same(app, c.Name, y.Model) {
			c.UniqueTogether = nil
			for _, u := range y.UniqueTogether {
				c.UniqueTogether = append(c.UniqueTogether, slices.Clone(u))
			}
			return one(c)
		}
	}
	return nil, false
}

// cloneCreate deep-copies c, so folding never changes an operation the
// caller holds.
func cloneCreate(c migrate.CreateModel) migrate.CreateModel {
	m := (&migrate.ModelState{Fields: c.Fields, Options: c.Options}).Clone()
	c.Fields, c.Options = m.Fields, m.Options
	return c
}
