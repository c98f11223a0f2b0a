package static

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/manage"
)

// Provider is implemented by apps that contribute static files. Static
// returns a file system rooted at the app's static directory, usually an
// embed.FS sub-tree, whose top level is namespaced by the app's label
// ("blog/css/blog.css") so that apps do not hide each other's files.
// Returning nil means the app has no static files.
type Provider interface {
	Static() fs.FS
}

// Options configures [New]. The zero value of each field is documented.
type Options struct {
	// URL is the URL prefix static files are served under (Django's
	// STATIC_URL). It must start and end with "/"; "" means "/static/".
	URL string
	// Root is the directory collectstatic writes to and the production
	// handler serves from (Django's STATIC_ROOT). "" makes [Files.Collect]
	// fail with an error naming StaticRoot; the handler then serves from
	// the finders.
	Root string
	// Dirs are the project's own static directories (Django's
	// STATICFILES_DIRS), searched first, in order. Nil entries are an error.
	// Prefer os.Root.FS over os.DirFS: os.DirFS follows symbolic links that
	// lead out of the directory.
	Dirs []fs.FS
	// Apps are searched after Dirs, in order (the InstalledApps order);
	// only those implementing [Provider] contribute files.
	Apps []apps.App
	// Debug serves files straight from the finders without HTTP caching and
	// makes [Files.URL] return unhashed URLs, so edits show up on reload.
	Debug bool
	// Logger receives start-up and collect messages; nil means
	// slog.Default().
	Logger *slog.Logger
}

// Source is one place static files are found: a project directory or an
// app's static file system.
type Source struct {
	// Origin names the source for people: `Dirs[0]` or `app "blog"`.
	Origin string
	// FS holds the files.
	FS fs.FS
}

// Files finds, collects and serves a project's static files. Build it with
// [New]. All methods are safe for concurrent use; [Files.Collect] swaps in
// the manifest it writes atomically, so running requests see either the old
// or the new one.
type Files struct {
	url     string
	root    string
	sources []Source
	debug   bool
	logger  *slog.Logger

	// state is nil until a manifest has been loaded from Root.
	state atomic.Pointer[served]
	// collectMu serialises Collect calls, which write the same files.
	collectMu sync.Mutex
	// etags caches content hashes of files served from the finders
	// (no manifest); keys are limited to names that exist.
	etags sync.Map // string -> finderETag
}

// manifestName is the manifest's file name inside Root, Django's.
const manifestName = "staticfiles.json"

// New checks opts and returns the project's static files. When Root holds
// a staticfiles.json (written by collectstatic), New loads it once, here at
// start-up: a malformed manifest is an error, a missing Root or manifest is
// not (the handler then serves from the finders, so a single binary with
// embedded files works without collectstatic).
func New(opts Options) (*Files, error) {
	u := opts.URL
	if u == "" {
		u = "/static/"
	}
	if !strings.HasPrefix(u, "/") || !strings.HasSuffix(u, "/") {
		return nil, fmt.Errorf("static: Options.URL (StaticURL) is %q; it must start and end with \"/\", such as \"/static/\"", opts.URL)
	}
	f := &Files{url: u, root: opts.Root, debug: opts.Debug, logger: opts.Logger}
	if f.logger == nil {
		f.logger = slog.Default()
	}
	for i, d := range opts.Dirs {
		if d == nil {
			return nil, fmt.Errorf("static: Options.Dirs[%d] (StaticFilesDirs) is nil; remove it or give a file system", i)
		}
		f.sources = append(f.sources, Source{Origin: fmt.Sprintf("Dirs[%d]", i), FS: d})
	}
	for i, a := range opts.Apps {
		if a == nil {
			return nil, fmt.Errorf("static: Options.Apps[%d] is nil", i)
		}
		p, ok := a.(Provider)
		if !ok {
			continue
		}
		if sfs := p.Static(); sfs != nil {
			f.sources = append(f.sources, Source{Origin: fmt.Sprintf("app %q", a.Label()), FS: sfs})
		}
	}
	if f.root != "" {
		if err := f.loadRoot(); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// loadRoot opens Root and reads its manifest, if both exist.
func (f *Files) loadRoot() error {
	root, err := os.OpenRoot(f.root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("static: open StaticRoot %q: %w", f.root, err)
	}
	data, err := root.ReadFile(manifestName)
	if errors.Is(err, fs.ErrNotExist) {
		root.Close()
		return nil
	}
	if err != nil {
		root.Close()
		return fmt.Errorf("static: read %s: %w", filepath.Join(f.root, manifestName), err)
	}
	paths, err := parseManifest(data)
	if err != nil {
		root.Close()
		return fmt.Errorf("static: %s: %w; run collectstatic again to rewrite it", filepath.Join(f.root, manifestName), err)
	}
	f.state.Store(newServed(root, paths, f.url))
	f.logger.Debug("static: manifest loaded", "root", f.root, "files", len(paths))
	return nil
}

// Close releases the handle on Root held for serving. The handler must not
// be used after Close. Close on a Files without a loaded manifest is a
// no-op; it is safe to call more than once.
func (f *Files) Close() error {
	s := f.state.Swap(nil)
	if s == nil || s.root == nil {
		return nil
	}
	return s.root.Close()
}

// URL returns the URL of the static file name ("css/site.css"): the
// hashed name under the URL prefix ("/static/css/site.3f2a9c1b7e4d.css")
// when a manifest is loaded, Debug is off and the manifest lists name;
// otherwise the prefix followed by name, escaped for use in a URL path. A
// leading "/" on name is ignored. URL never fails, so it can be the
// templates' `static` function; a name missing from the manifest is worth
// a system check, not a broken page.
func (f *Files) URL(name string) string {
	name = strings.TrimPrefix(name, "/")
	if !f.debug {
		if s := f.state.Load(); s != nil {
			if u, ok := s.urls[name]; ok {
				return u
			}
		}
	}
	return f.url + escapePath(name)
}

// FuncMap returns the template functions of this package: "static", which
// is [Files.URL]. The map is new on each call; the caller may modify it.
func (f *Files) FuncMap() map[string]any {
	return map[string]any{"static": f.URL}
}

// Sources returns the finders' sources in search order: Dirs, then apps.
// The caller must not modify the returned slice.
func (f *Files) Sources() []Source { return f.sources }

// Find returns the file system and the origin (see [Source]) of the first
// source that has the regular file name, a slash-separated path such as
// "css/site.css". ok is false when no source has it, and for names that
// are not valid ([fs.ValidPath]) or have a dot-file segment. Open the file
// with fsys.Open(name).
func (f *Files) Find(name string) (fsys fs.FS, origin string, ok bool) {
	if !validName(name) {
		return nil, "", false
	}
	for _, s := range f.sources {
		if isRegular(s.FS, name) {
			return s.FS, s.Origin, true
		}
	}
	return nil, "", false
}

// FindAll returns every source that has the regular file name, in search
// order; the first one is the one that is used. It returns nil when none
// has it or the name is not valid (see [Files.Find]).
func (f *Files) FindAll(name string) []Source {
	if !validName(name) {
		return nil
	}
	var out []Source
	for _, s := range f.sources {
		if isRegular(s.FS, name) {
			out = append(out, s)
		}
	}
	return out
}

// Commands returns the management commands of this package: collectstatic
// and findstatic, bound to f.
func (f *Files) Commands() []manage.Command {
	return []manage.Command{&collectStatic{files: f}, &findStatic{files: f}}
}

// escapePath escapes name for a URL path, without allocating in the usual
// case of a name that needs no escaping.
func escapePath(name string) string {
	for i := 0; i < len(name); i++ {
		if !pathSafe(name[i]) {
			return (&url.URL{Path: name}).EscapedPath()
		}
	}
	return name
}

func pathSafe(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~/!$&'()*+,;=:@", c) >= 0
}
