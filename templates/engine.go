package templates

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"strings"
	"sync"
	texttemplate "text/template"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/web"
)

// Provider is implemented by apps that contribute templates. Templates
// returns the root of the app's template tree (usually an embed.FS or an
// fs.Sub of one); file paths in it are template names, so an app "blog"
// should keep its files under "blog/" to avoid clashing with other apps. A
// nil FS contributes nothing.
type Provider interface {
	Templates() fs.FS
}

// ContextProcessor returns values to add to the dot of every template
// rendered for a request, like Django's context processors. It is called
// once per Render with a non-nil request, in the order given in
// [Options.ContextProcessors]; a later processor's key wins over an earlier
// one's, and the view's data wins over all of them. It must be safe for
// concurrent use. A nil map adds nothing.
type ContextProcessor func(r *http.Request) map[string]any

// Options configures [New]. The zero value is valid and finds no templates.
type Options struct {
	// Dirs are the project's template directories, tried first, in order.
	// A nil entry is an error.
	Dirs []fs.FS
	// Apps are the installed apps in InstalledApps order; those that
	// implement [Provider] are searched after Dirs, in this order.
	Apps []apps.App
	// Funcs are extra template functions (the project adds url, static,
	// csp_nonce...). They are added after the built-in ones, so they may
	// replace a built-in; "extends" is reserved.
	Funcs template.FuncMap
	// ContextProcessors add keys to every template's dot; see
	// [ContextProcessor].
	ContextProcessors []ContextProcessor
	// Debug re-reads the files a page is built from on every Render and
	// rebuilds the page when one changed, so edits show without a restart.
	// Never on in production: it reads files on every request and takes a
	// lock. Without Debug nothing is re-read after New.
	Debug bool
	// Observe, when set, is called by every Render before the template runs,
	// once for the requested name and once for each template it extends
	// (nearest first), with the template's dot. It is meant for the test
	// client; nil in production. data is shared with the template and must
	// not be modified; it may be kept after Render returns.
	Observe func(r *http.Request, name string, data map[string]any)
}

// Engine renders the project's templates. It is built once by [New], is
// immutable afterwards (except for its Debug-mode cache) and is safe for
// concurrent use.
type Engine struct {
	sources []source
	funcs   template.FuncMap
	procs   []ContextProcessor
	observe func(r *http.Request, name string, data map[string]any)
	pages   map[string]*page // every template, built at New

	debug bool
	mu    sync.Mutex // guards live, only in Debug mode
	live  map[string]*page
}

var _ web.Renderer = (*Engine)(nil)

// ErrNotFound is matched (with errors.Is) by the error [Engine.Render]
// returns for a template name that no directory or app provides.
var ErrNotFound = errors.New("templates: template not found")

type notFoundError struct{ name string }

func (e *notFoundError) Error() string {
	return fmt.Sprintf("templates: no template %q in the project's Dirs or in any installed app's Templates(); check the name, and that the app providing it is installed", e.name)
}

func (e *notFoundError) Is(target error) bool { return target == ErrNotFound }

// New finds every template in opts.Dirs and the apps' Templates(), parses
// each file once, resolves inheritance and inclusion, and builds every
// template so that rendering needs no further parsing. It reports all the
// problems it finds at once (syntax errors with file:line, unknown parents,
// extends cycles, {{template}} names that are neither a block nor a file),
// joined into one error, and returns a nil Engine in that case.
func New(opts Options) (*Engine, error) {
	e := &Engine{
		procs:   append([]ContextProcessor(nil), opts.ContextProcessors...),
		observe: opts.Observe,
		debug:   opts.Debug,
		pages:   make(map[string]*page),
	}
	for i, d := range opts.Dirs {
		if d == nil {
			return nil, fmt.Errorf("templates: Options.Dirs[%d] is nil; remove it or give it an fs.FS such as os.DirFS(\"templates\")", i)
		}
		e.sources = append(e.sources, source{fsys: d, desc: fmt.Sprintf("Dirs[%d]", i)})
	}
	for i, a := range opts.Apps {
		if a == nil {
			return nil, fmt.Errorf("templates: Options.Apps[%d] is nil; remove it from the installed apps", i)
		}
		if p, ok := a.(Provider); ok {
			if fsys := p.Templates(); fsys != nil {
				e.sources = append(e.sources, source{fsys: fsys, desc: fmt.Sprintf("app %q", a.Label())})
			}
		}
	}
	for i, p := range e.procs {
		if p == nil {
			return nil, fmt.Errorf("templates: Options.ContextProcessors[%d] is nil", i)
		}
	}
	funcs, err := buildFuncs(opts.Funcs)
	if err != nil {
		return nil, err
	}
	e.funcs = funcs

	names, err := discover(e.sources)
	var errs uniqueErrors
	errs.add(err)
	l := newLoader(e.sources, texttemplate.FuncMap(funcs))
	for _, n := range names {
		_, err := l.load(n)
		errs.add(err)
	}
	for _, n := range names {
		p, err := buildPage(l, n, funcs)
		errs.add(err)
		if p != nil {
			e.pages[n] = p
		}
	}
	if err := errs.join(); err != nil {
		return nil, err
	}
	if e.debug {
		// Start from what New built; each page is checked against the
		// files before use.
		e.live = maps.Clone(e.pages)
	}
	return e, nil
}

// buildFuncs merges the built-in functions with the project's, and checks
// them the way html/template would, but as an error instead of a panic.
func buildFuncs(extra template.FuncMap) (fm template.FuncMap, err error) {
	fm = Funcs()
	fm["extends"] = extendsFunc
	for k, v := range extra {
		if k == "extends" {
			return nil, errors.New("templates: Options.Funcs[\"extends\"]: the name is reserved for template inheritance; choose another name")
		}
		fm[k] = v
	}
	defer func() {
		if r := recover(); r != nil {
			fm, err = nil, fmt.Errorf("templates: Options.Funcs: %v", r)
		}
	}()
	template.New("").Funcs(fm)
	return fm, nil
}

// extendsFunc exists so that {{extends "base.html"}} parses; New accepts it
// only as the first action of a file, where it is never executed.
func extendsFunc(string) (string, error) {
	return "", errors.New("templates: extends must be the first action of a file")
}

// uniqueErrors collects errors in order, dropping repeats: a broken base
// template would otherwise be reported once for every page that extends it.
type uniqueErrors struct {
	list []error
	seen map[string]bool
}

func (u *uniqueErrors) add(err error) {
	if err == nil {
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			u.add(e)
		}
		return
	}
	if u.seen == nil {
		u.seen = make(map[string]bool)
	}
	key := err.Error()
	var k *keyedError
	if errors.As(err, &k) {
		key = k.key
	}
	if !u.seen[key] {
		u.seen[key] = true
		u.list = append(u.list, err)
	}
}

func (u *uniqueErrors) join() error { return errors.Join(u.list...) }

// Has reports whether a template called name exists. Without Debug it
// answers from the templates found at New; with Debug it looks at the files
// now. It is safe for concurrent use.
func (e *Engine) Has(name string) bool {
	if !e.debug {
		return e.pages[name] != nil
	}
	_, _, found, err := lookup(e.sources, name)
	return found && err == nil
}

// Render executes the template name and writes the result to w. It
// implements [web.Renderer] and is safe for concurrent use.
//
// The template's dot is a new map[string]any holding, in order (a later key
// wins): "request" (r); the values of the context processors; and data's
// keys when data is a map[string]any such as [web.Context]. Any other
// non-nil data is available as .data. data itself is never modified. r may
// be nil (rendering outside a request, as for an e-mail); "request" is then
// absent and the context processors are not called.
//
// A non-empty block executes only that block of the page, as the page
// defines it after overrides (a partial for htmx-style updates). An unknown
// name returns an error matching [ErrNotFound]; an unknown block, or an
// execution error, returns an error naming the template. Output already
// written to w before an execution error is not taken back: pass a buffer
// (as web.Render does) when that matters.
func (e *Engine) Render(w io.Writer, r *http.Request, name, block string, data any) error {
	p, err := e.page(name)
	if err != nil {
		return err
	}
	t := p.entry
	if block != "" {
		if t = p.blocks[block]; t == nil {
			return fmt.Errorf("templates: %s has no block %q; its blocks are: %s", name, block, strings.Join(sortedKeys(p.blocks), ", "))
		}
	}
	dot := e.dot(r, data)
	if e.observe != nil {
		for _, n := range p.chain {
			e.observe(r, n, dot)
		}
	}
	if err := t.Execute(w, dot); err != nil {
		if block != "" {
			return fmt.Errorf("templates: rendering block %q of %s: %w", block, name, err)
		}
		return fmt.Errorf("templates: rendering %s: %w", name, err)
	}
	return nil
}

func (e *Engine) dot(r *http.Request, data any) map[string]any {
	m, isMap := data.(map[string]any)
	dot := make(map[string]any, len(m)+4)
	if r != nil {
		dot["request"] = r
		for _, p := range e.procs {
			for k, v := range p(r) {
				dot[k] = v
			}
		}
	}
	switch {
	case isMap:
		for k, v := range m {
			dot[k] = v
		}
	case data != nil:
		dot["data"] = data
	}
	return dot
}

// page returns the built page name: from New's set, or in Debug mode from
// the files as they are now.
func (e *Engine) page(name string) (*page, error) {
	if !e.debug {
		if p := e.pages[name]; p != nil {
			return p, nil
		}
		return nil, &notFoundError{name: name}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if p := e.live[name]; p != nil {
		fresh, err := e.fresh(p)
		if err != nil {
			return nil, err
		}
		if fresh {
			return p, nil
		}
	}
	p, err := buildPage(newLoader(e.sources, texttemplate.FuncMap(e.funcs)), name, e.funcs)
	if err != nil {
		return nil, err
	}
	if p == nil {
		delete(e.live, name)
		return nil, &notFoundError{name: name}
	}
	e.live[name] = p
	return p, nil
}

// fresh reports whether every file p was built from still reads the same
// from the same lookup (an edit, a deletion, or a new file that now shadows
// it all make p stale).
func (e *Engine) fresh(p *page) (bool, error) {
	for _, f := range p.deps {
		text, origin, found, err := lookup(e.sources, f.name)
		if err != nil {
			return false, err
		}
		if !found || text != f.text || origin != f.origin {
			return false, nil
		}
	}
	return true, nil
}
