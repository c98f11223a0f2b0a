package templates

import (
	"fmt"
	"strings"
	texttemplate "text/template"
	"text/template/parse"
)

// superPrefix starts a {{template}} name that calls the parent's version of
// a block, Django's {{ block.super }}.
const superPrefix = "super:"

// file is one template file, parsed on its own. Its trees are never executed
// directly: every page that uses the file gets copies (html/template rewrites
// the trees it escapes, so they must not be shared between sets).
type file struct {
	name   string
	text   string // kept so Debug mode can tell whether the file changed
	origin string
	main   *parse.Tree            // content outside {{define}}
	defs   map[string]*parse.Tree // {{define}} and {{block}} bodies by name
	parent string                 // the {{extends}} target; "" when none
	extLoc string                 // where the {{extends}} is, for messages
}

// loader finds and parses template files, each at most once.
type loader struct {
	sources []source
	funcs   texttemplate.FuncMap
	files   map[string]*file
	errs    map[string]error
}

func newLoader(sources []source, funcs texttemplate.FuncMap) *loader {
	return &loader{sources: sources, funcs: funcs, files: make(map[string]*file), errs: make(map[string]error)}
}

// load returns the parsed file name. A nil file with a nil error means no
// source has it.
func (l *loader) load(name string) (*file, error) {
	if f, ok := l.files[name]; ok {
		return f, nil
	}
	if err, ok := l.errs[name]; ok {
		return nil, err
	}
	text, origin, found, err := lookup(l.sources, name)
	if err == nil && found {
		var f *file
		f, err = parseFile(name, origin, text, l.funcs)
		if err == nil {
			l.files[name] = f
			return f, nil
		}
	}
	if err != nil {
		l.errs[name] = err
	}
	return nil, err
}

// parseFile parses one template file and finds its {{extends}}.
func parseFile(name, origin, text string, funcs texttemplate.FuncMap) (*file, error) {
	t := texttemplate.New(name).Funcs(funcs)
	if _, err := t.Parse(text); err != nil {
		return nil, fmt.Errorf("templates: %s (from %s): %w", name, origin, err)
	}
	f := &file{name: name, text: text, origin: origin, main: t.Tree, defs: make(map[string]*parse.Tree)}
	for _, d := range t.Templates() {
		if d.Name() == name || d.Tree == nil {
			continue
		}
		if strings.HasPrefix(d.Name(), superPrefix) {
			return nil, fmt.Errorf("templates: %s (from %s): block name %q: names starting with %q are reserved for calling the parent's block; rename it",
				name, origin, d.Name(), superPrefix)
		}
		f.defs[d.Name()] = d.Tree
	}
	if err := f.findExtends(); err != nil {
		return nil, err
	}
	return f, nil
}

// findExtends sets f.parent from a leading {{extends "name"}} and rejects any
// other use of extends, which would otherwise be silently ignored.
func (f *file) findExtends() error {
	first := true
	for _, n := range f.main.Root.Nodes {
		switch n := n.(type) {
		case *parse.CommentNode:
			continue
		case *parse.TextNode:
			if strings.TrimSpace(string(n.Text)) == "" {
				continue
			}
		case *parse.ActionNode:
			if first && usesExtends(n) {
				parent, ok := extendsTarget(n)
				if !ok {
					loc, _ := f.main.ErrorContext(n)
					return fmt.Errorf("templates: %s: extends takes one quoted template name, as in {{extends \"base.html\"}}", loc)
				}
				f.parent = parent
				f.extLoc, _ = f.main.ErrorContext(n)
				first = false
				continue
			}
		}
		first = false
		break
	}
	trees := []*parse.Tree{f.main}
	for _, name := range sortedKeys(f.defs) {
		trees = append(trees, f.defs[name])
	}
	for _, t := range trees {
		var bad parse.Node
		walk(t.Root, func(n parse.Node) {
			if bad != nil {
				return
			}
			if id, ok := n.(*parse.IdentifierNode); ok && id.Ident == "extends" {
				if f.parent != "" && t == f.main && isLeadingExtends(f.main, id) {
					return
				}
				bad = id
			}
		})
		if bad != nil {
			loc, _ := t.ErrorContext(bad)
			return fmt.Errorf("templates: %s: extends must be the first action of the file (only whitespace and comments may precede it)", loc)
		}
	}
	return nil
}

// usesExtends reports whether the action calls extends at its top level.
func usesExtends(a *parse.ActionNode) bool {
	for _, c := range a.Pipe.Cmds {
		if len(c.Args) > 0 {
			if id, ok := c.Args[0].(*parse.IdentifierNode); ok && id.Ident == "extends" {
				return true
			}
		}
	}
	return false
}

// extendsTarget returns the parent name of a well-formed {{extends "x"}}.
func extendsTarget(a *parse.ActionNode) (string, bool) {
	if len(a.Pipe.Decl) != 0 || len(a.Pipe.Cmds) != 1 || len(a.Pipe.Cmds[0].Args) != 2 {
		return "", false
	}
	s, ok := a.Pipe.Cmds[0].Args[1].(*parse.StringNode)
	if !ok {
		return "", false
	}
	return s.Text, true
}

// isLeadingExtends reports whether id is the extends identifier of the
// leading action of t, the one findExtends accepted.
func isLeadingExtends(t *parse.Tree, id *parse.IdentifierNode) bool {
	for _, n := range t.Root.Nodes {
		if a, ok := n.(*parse.ActionNode); ok {
			return len(a.Pipe.Cmds) == 1 && a.Pipe.Cmds[0].Args[0] == parse.Node(id)
		}
	}
	return false
}

// walk calls fn for n and every node below it.
func walk(n parse.Node, fn func(parse.Node)) {
	if n == nil {
		return
	}
	fn(n)
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walk(c, fn)
		}
	case *parse.ActionNode:
		walk(n.Pipe, fn)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			walk(c, fn)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walk(a, fn)
		}
	case *parse.ChainNode:
		walk(n.Node, fn)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.TemplateNode:
		if n.Pipe != nil {
			walk(n.Pipe, fn)
		}
	}
}

func walkBranch(b *parse.BranchNode, fn func(parse.Node)) {
	if b.Pipe != nil {
		walk(b.Pipe, fn)
	}
	if b.List != nil {
		walk(b.List, fn)
	}
	if b.ElseList != nil {
		walk(b.ElseList, fn)
	}
}
