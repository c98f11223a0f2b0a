package migrate

import (
	"cmp"
	"container/heap"
	"fmt"
	"slices"
	"strings"
)

// node is one migration in the dependency graph. Parents are the
// migrations it depends on, children those that depend on it.
type node struct {
	m        *Migration
	key      Key
	app      int // position of the app in InstalledApps, for tie-breaking
	parents  []*node
	children []*node
	pos      int // position in the graph's dependency order
}

// graph holds every migration in use and one fixed dependency order.
type graph struct {
	nodes map[Key]*node
	order []*node // dependency order: parents before children
}

// less orders nodes that are both ready to run: app order, then name.
func (n *node) less(o *node) bool {
	if n.app != o.app {
		return n.app < o.app
	}
	return n.key.Name < o.key.Name
}

type nodeHeap []*node

func (h nodeHeap) Len() int           { return len(h) }
func (h nodeHeap) Less(i, j int) bool { return h[i].less(h[j]) }
func (h nodeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *nodeHeap) Push(x any)        { *h = append(*h, x.(*node)) }
func (h *nodeHeap) Pop() any {
	old := *h
	n := old[len(old)-1]
	*h = old[:len(old)-1]
	return n
}

// sort fixes g.order with Kahn's algorithm, always taking the ready
// migration that comes first by app order then name, so that the order
// is the same on every run and an app's migrations stay together where
// the dependencies allow. It reports a cycle, naming its migrations.
func (g *graph) sort() error {
	waiting := make(map[*node]int, len(g.nodes))
	ready := &nodeHeap{}
	for _, n := range g.nodes {
		waiting[n] = len(n.parents)
		if len(n.parents) == 0 {
			*ready = append(*ready, n)
		}
	}
	heap.Init(ready)
	g.order = make([]*node, 0, len(g.nodes))
	for ready.Len() > 0 {
		n := heap.Pop(ready).(*node)
		n.pos = len(g.order)
		g.order = append(g.order, n)
		for _, c := range n.children {
			if waiting[c]--; waiting[c] == 0 {
				heap.Push(ready, c)
			}
		}
	}
	if len(g.order) == len(g.nodes) {
		return nil
	}
	return fmt.Errorf("migrate: dependency cycle: %s; make one of these migrations stop depending on the next", g.cycle(waiting))
}

// cycle finds one cycle among the nodes left waiting by sort, for the
// error message: "blog.0002_a -> shop.0001_initial -> blog.0002_a".
func (g *graph) cycle(waiting map[*node]int) string {
	var stuck []*node
	for n, w := range waiting {
		if w > 0 {
			stuck = append(stuck, n)
		}
	}
	slices.SortFunc(stuck, func(a, b *node) int {
		if a.less(b) {
			return -1
		}
		if b.less(a) {
			return 1
		}
		return 0
	})
	// Every stuck node has a stuck parent, so walking up parents from any
	// of them must come back to a node already seen.
	seen := map[*node]int{}
	var path []*node
	n := stuck[0]
	for {
		if i, ok := seen[n]; ok {
			path = path[i:]
			break
		}
		seen[n] = len(path)
		path = append(path, n)
		for _, p := range n.parents {
			if waiting[p] > 0 {
				n = p
				break
			}
		}
	}
	// path runs child -> parent; print it in dependency order.
	slices.Reverse(path)
	names := make([]string, 0, len(path)+1)
	for _, n := range path {
		names = append(names, n.key.String())
	}
	names = append(names, names[0])
	return strings.Join(names, " -> ")
}

// ancestors returns n and every migration it depends on, directly or
// not, in dependency order.
func (g *graph) ancestors(n *node) []*node {
	return g.closure(n, func(n *node) []*node { return n.parents })
}

// descendants returns n and every migration that depends on it, directly
// or not, in dependency order.
func (g *graph) descendants(n *node) []*node {
	return g.closure(n, func(n *node) []*node { return n.children })
}

func (g *graph) closure(start *node, next func(*node) []*node) []*node {
	seen := map[*node]bool{start: true}
	stack := []*node{start}
	out := []*node{start}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, m := range next(n) {
			if !seen[m] {
				seen[m] = true
				stack = append(stack, m)
				out = append(out, m)
			}
		}
	}
	slices.SortFunc(out, func(a, b *node) int { return cmp.Compare(a.pos, b.pos) })
	return out
}
