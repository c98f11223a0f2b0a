package templates

import (
	"errors"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"
	"text/template/parse"
)

// page is one template name fully built: its own html/template set holding
// the inheritance chain resolved into a single tree per block, plus every
// file it includes. Pages share nothing, so a block override in one page can
// never leak into another, and executing a page needs no lock of ours.
type page struct {
	name   string
	entry  *template.Template
	blocks map[string]*template.Template // the page's blocks after overrides
	chain  []string                      // the page, then its ancestors
	deps   []*file                       // every file used, for Debug mode
}

// builder assembles one page. Names inside the set are internal: the page's
// blocks keep their own names (so {{template "content"}} reads naturally in
// error messages), a parent's version of an overridden block is named
// "content (base.html)", an included file is named by its file name, and an
// included file's blocks by "file.html#block", so that an included template's
// blocks stay its own, as in Django.
type builder struct {
	l        *loader
	pageName string
	trees    map[string]*parse.Tree // internal name -> rewritten copy
	identity map[string]string      // internal name -> what it was built from
	composed map[string]bool        // files composed (page and includes)
	deps     map[string]*file
	blocks   []string
	chain    []string
}

// buildPage builds the page name. A nil page with a nil error means no
// template of that name exists.
func buildPage(l *loader, name string, funcs template.FuncMap) (*page, error) {
	f, err := l.load(name)
	if err != nil || f == nil {
		return nil, err
	}
	b := &builder{
		l: l, pageName: name,
		trees:    make(map[string]*parse.Tree),
		identity: make(map[string]string),
		composed: make(map[string]bool),
		deps:     make(map[string]*file),
	}
	if err := b.compose(name, true); err != nil {
		return nil, err
	}
	root := template.New(name).Funcs(funcs)
	for _, n := range sortedKeys(b.trees) {
		if _, err := root.AddParseTree(n, b.trees[n]); err != nil {
			return nil, fmt.Errorf("templates: %s: adding %q: %w", name, n, err)
		}
	}
	p := &page{name: name, entry: root.Lookup(name), blocks: make(map[string]*template.Template, len(b.blocks)), chain: b.chain}
	for _, blk := range b.blocks {
		p.blocks[blk] = root.Lookup(blk)
	}
	for _, n := range sortedKeys(b.deps) {
		p.deps = append(p.deps, b.deps[n])
	}
	return p, nil
}

// chainOf returns name's inheritance chain: the file, its parent, and so on
// up to a file that extends nothing.
func (b *builder) chainOf(name string) ([]*file, error) {
	f, err := b.l.load(name)
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, &notFoundError{name: name}
	}
	chain := []*file{f}
	seen := map[string]int{name: 0}
	for f.parent != "" {
		p, err := b.l.load(f.parent)
		if err != nil {
			return nil, err
		}
		if p == nil {
			// Keyed by the file at fault, so New reports it once even
			// though every page below it runs into it too.
			return nil, &keyedError{key: "parent\x00" + f.name, err: fmt.Errorf("templates: %s: extends %q, which is in no template directory nor any installed app (chain: %s); check the name",
				f.extLoc, f.parent, chainString(chain, f.parent))}
		}
		if i, ok := seen[p.name]; ok {
			return nil, fmt.Errorf("templates: extends cycle: %s; one of these must stop extending", cycleString(chain[i:]))
		}
		seen[p.name] = len(chain)
		chain = append(chain, p)
		f = p
	}
	return chain, nil
}

func chainString(chain []*file, last string) string {
	var sb strings.Builder
	for _, f := range chain {
		sb.WriteString(f.name)
		sb.WriteString(" -> ")
	}
	sb.WriteString(last)
	return sb.String()
}

// cycleString names a cycle starting from its smallest member, so every page
// that runs into the same cycle reports the same message (New reports it
// once).
func cycleString(cycle []*file) string {
	start := 0
	for i, f := range cycle {
		if f.name < cycle[start].name {
			start = i
		}
	}
	rot := append(slices.Clone(cycle[start:]), cycle[:start]...)
	return chainString(rot, rot[0].name)
}

// work is one tree waiting to be copied into the set.
type work struct {
	tree     *parse.Tree
	level    int    // index in the chain of the file the tree comes from
	internal string // its name in the set
	identity string
}

// compose adds the file name, with its inheritance resolved, to the set. The
// page itself (isPage) exposes its blocks under their own names; an included
// file's blocks are namespaced by the file name.
func (b *builder) compose(name string, isPage bool) error {
	b.composed[name] = true
	chain, err := b.chainOf(name)
	if err != nil {
		return err
	}
	for _, f := range chain {
		b.deps[f.name] = f
		if isPage {
			b.chain = append(b.chain, f.name)
		}
	}
	// The most derived definition of each block wins: walk from the root
	// base down so that children overwrite their ancestors.
	owner := make(map[string]int)
	for i := len(chain) - 1; i >= 0; i-- {
		for d := range chain[i].defs {
			owner[d] = i
		}
	}
	prefix := ""
	if !isPage {
		prefix = name + "#"
	}
	internal := func(def string, level int) string {
		if owner[def] != level {
			return prefix + def + " (" + chain[level].name + ")"
		}
		return prefix + def
	}
	identity := func(def string, level int) string {
		return prefix + "\x00" + chain[level].name + "\x00" + def
	}

	root := len(chain) - 1
	queue := []work{{tree: chain[root].main, level: root, internal: name, identity: prefix + "\x00" + chain[root].name}}
	if isPage {
		// Every block of the page is built, used or not, so that Render can
		// execute any of them on its own.
		b.blocks = sortedKeys(owner)
		for _, d := range b.blocks {
			queue = append(queue, work{chain[owner[d]].defs[d], owner[d], d, identity(d, owner[d])})
		}
	}
	for len(queue) > 0 {
		w := queue[0]
		queue = queue[1:]
		if id, ok := b.identity[w.internal]; ok {
			if id != w.identity {
				return fmt.Errorf("templates: %s: the name %q is used both by a block and by an included template; rename the block", b.pageName, w.internal)
			}
			continue
		}
		b.identity[w.internal] = w.identity
		t := w.tree.Copy()
		t.Name = w.internal
		b.trees[w.internal] = t

		var errs []error
		walk(t.Root, func(n parse.Node) {
			tn, ok := n.(*parse.TemplateNode)
			if !ok {
				return
			}
			ref := tn.Name
			switch {
			case strings.HasPrefix(ref, superPrefix):
				def := ref[len(superPrefix):]
				j := -1
				for k := w.level + 1; k < len(chain); k++ {
					if _, ok := chain[k].defs[def]; ok {
						j = k
						break
					}
				}
				if j < 0 {
					loc, _ := t.ErrorContext(tn)
					errs = append(errs, fmt.Errorf("templates: %s: {{template %q}}: no parent of %s defines a block %q to call", loc, ref, chain[w.level].name, def))
					return
				}
				tn.Name = internal(def, j)
				queue = append(queue, work{chain[j].defs[def], j, tn.Name, identity(def, j)})
			case hasKey(owner, ref):
				lvl := owner[ref]
				tn.Name = internal(ref, lvl)
				queue = append(queue, work{chain[lvl].defs[ref], lvl, tn.Name, identity(ref, lvl)})
			default:
				// Not a block of this chain, so a template file to include.
				if b.composed[ref] {
					return // already in the set (or being composed: recursion)
				}
				f, err := b.l.load(ref)
				if err != nil {
					errs = append(errs, err)
					return
				}
				if f == nil {
					loc, _ := t.ErrorContext(tn)
					errs = append(errs, fmt.Errorf("templates: %s: {{template %q}} names neither a block of %s or its parents nor a template file; declare the block with {{block %q .}}{{end}} or fix the file name",
						loc, ref, chain[w.level].name, ref))
					return
				}
				if err := b.compose(ref, false); err != nil {
					errs = append(errs, err)
				}
			}
		})
		if len(errs) > 0 {
			return errors.Join(errs...)
		}
	}
	return nil
}

// keyedError is an error that New reports once per key, whatever its text.
type keyedError struct {
	key string
	err error
}

func (e *keyedError) Error() string { return e.err.Error() }
func (e *keyedError) Unwrap() error { return e.err }

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
