package static

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// CollectOptions tunes [Files.Collect]. The zero value collects quietly,
// keeping files already in Root.
type CollectOptions struct {
	// Clear removes everything in Root before collecting, so files that
	// no longer exist in any source disappear.
	Clear bool
	// DryRun does everything except touching Root; the result says what
	// would have been done.
	DryRun bool
	// Verbosity 2 or more writes one line per file to Log (copied,
	// unmodified, post-processed, hidden); lower values write nothing.
	Verbosity int
	// Log receives the verbose lines; nil discards them.
	Log io.Writer
}

// CollectResult says what [Files.Collect] did. Names are static file
// names ("css/site.css") in collection order.
type CollectResult struct {
	// Root is the absolute path of StaticRoot.
	Root string
	// Copied lists the files written (new or changed content).
	Copied []string
	// Unmodified lists the files whose copies in Root already had the
	// right content and were left untouched.
	Unmodified []string
	// PostProcessed counts the files given a hashed copy (all of them).
	PostProcessed int
	// Hidden lists files skipped because an earlier source has the name.
	Hidden []Hidden
	// Paths is the manifest written: name -> hashed name. The caller owns it.
	Paths map[string]string
}

// compressible lists the extensions worth a precompressed .gz copy: text
// formats. Images, fonts in woff/woff2 and archives are compressed already.
var compressible = map[string]bool{
	".css": true, ".js": true, ".mjs": true, ".cjs": true, ".json": true, ".map": true,
	".svg": true, ".html": true, ".htm": true, ".xhtml": true, ".txt": true, ".xml": true,
	".csv": true, ".tsv": true, ".md": true, ".ico": true, ".ttf": true, ".otf": true,
	".eot": true, ".wasm": true, ".webmanifest": true, ".rss": true, ".atom": true,
	".yaml": true, ".yml": true,
}

// Collect copies every file the finders list into Root (the first source
// that has a name wins) and, for each, a content-hashed copy
// "name.<12 hex of md5>.ext". Stylesheets have their url() and @import
// references rewritten to the hashed names first, in dependency order, so a
// stylesheet's hash covers the hashes of what it references; the unhashed
// and hashed copies of a file hold the same bytes. A reference to a file
// no source has is a [*RefError]; an @import cycle is an error too.
// Text files also get a gzip copy ("name.gz") when that is smaller; a stale
// one is removed when it is not. Finally Root/staticfiles.json maps each
// name to its hashed name, in Django's manifest format.
//
// Every write goes to a temporary file renamed into place, through an
// os.Root, so nothing is written outside Root and readers never see half a
// file. A file whose content in Root is already right is not rewritten.
// After a successful run (not a dry run) f serves and links the new
// manifest. Collect fails when Root is "" and stops at the first error,
// or when ctx is done. Concurrent calls run one after the other.
func (f *Files) Collect(ctx context.Context, opts CollectOptions) (*CollectResult, error) {
	if f.root == "" {
		return nil, errors.New(`static: StaticRoot (static.Options.Root) is not set; set it to the directory collectstatic should fill, such as "staticfiles"`)
	}
	f.collectMu.Lock()
	defer f.collectMu.Unlock()

	abs, err := filepath.Abs(f.root)
	if err != nil {
		abs = f.root
	}
	files, hidden, err := f.list()
	if err != nil {
		return nil, err
	}
	res := &CollectResult{Root: abs, Hidden: hidden, Paths: make(map[string]string, len(files))}
	logf := func(format string, args ...any) {
		if opts.Verbosity >= 2 && opts.Log != nil {
			fmt.Fprintf(opts.Log, format+"\n", args...)
		}
	}
	for _, h := range hidden {
		logf("Found another file with the path '%s' in %s; it is ignored because %s has it first.", h.Name, h.Origin, h.By)
	}

	p := &planner{f: f, files: make(map[string]*plan, len(files))}
	for _, fd := range files {
		if fd.name == manifestName {
			return nil, fmt.Errorf("static: %s has a file named %s, the name of the manifest collectstatic writes; rename the file", fd.src.Origin, manifestName)
		}
		p.files[fd.name] = &plan{found: fd, css: path.Ext(fd.name) == ".css"}
	}
	for _, fd := range files {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("static: collect: %w", err)
		}
		if _, err := p.hash(fd.name, nil); err != nil {
			return nil, err
		}
		res.Paths[fd.name] = p.files[fd.name].hashed
	}

	root, err := openRoot(f.root, opts.DryRun)
	if err != nil {
		return nil, err
	}
	keepRoot := false
	defer func() {
		if root != nil && !keepRoot {
			root.Close()
		}
	}()
	if opts.Clear && !opts.DryRun {
		if err := clearRoot(root); err != nil {
			return nil, fmt.Errorf("static: clear StaticRoot %s: %w", abs, err)
		}
	}

	w := &writer{root: root, dry: opts.DryRun}
	for _, fd := range files {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("static: collect: %w", err)
		}
		pl := p.files[fd.name]
		changed, err := w.file(pl, p.files)
		if err != nil {
			return nil, fmt.Errorf("static: collect %s from %s: %w", fd.name, fd.src.Origin, err)
		}
		if changed {
			res.Copied = append(res.Copied, fd.name)
			logf("Copying '%s' from %s", fd.name, fd.src.Origin)
		} else {
			res.Unmodified = append(res.Unmodified, fd.name)
			logf("Skipping '%s' (not modified)", fd.name)
		}
		res.PostProcessed++
		logf("Post-processed '%s' as '%s'", fd.name, pl.hashed)
	}
	data, err := encodeManifest(res.Paths)
	if err != nil {
		return nil, err
	}
	if _, err := w.put(manifestName, data, md5.Sum(data)); err != nil {
		return nil, fmt.Errorf("static: write %s: %w", manifestName, err)
	}

	if !opts.DryRun {
		// Serve the new manifest. An existing handle on Root stays in use
		// (requests may hold it); it names the same directory.
		sroot := root
		if old := f.state.Load(); old != nil && old.root != nil {
			sroot = old.root
		} else {
			keepRoot = true
		}
		f.state.Store(newServed(sroot, res.Paths, f.url))
	}
	return res, nil
}

// openRoot creates dir if needed and opens it. In a dry run nothing is
// created, and a missing dir gives a nil root (nothing to compare with).
func openRoot(dir string, dry bool) (*os.Root, error) {
	if !dry {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("static: create StaticRoot: %w", err)
		}
	}
	root, err := os.OpenRoot(dir)
	if dry && errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("static: open StaticRoot: %w", err)
	}
	return root, nil
}

// clearRoot removes everything inside root, but not root itself, which a
// running server may hold open.
func clearRoot(root *os.Root) error {
	entries, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := root.RemoveAll(e.Name()); err != nil {
			return err
		}
	}
	return nil
}

// plan is one file's outcome: its final content hash and name, and for a
// stylesheet its rewritten bytes.
type plan struct {
	found
	css    bool
	sum    [md5.Size]byte
	hashed string
	data   []byte // rewritten stylesheet; nil for other files
	done   bool
}

// planner computes hashes, stylesheets after the files they reference.
type planner struct {
	f     *Files
	files map[string]*plan
}

// hash returns the final hash of name, computing what it depends on first.
// stack holds the stylesheets being rewritten, to report cycles.
func (p *planner) hash(name string, stack []string) (*plan, error) {
	pl := p.files[name]
	if pl.done {
		return pl, nil
	}
	for i, s := range stack {
		if s == name {
			return nil, fmt.Errorf("static: stylesheets reference each other in a cycle (%s); a hashed name cannot depend on itself, break the cycle",
				strings.Join(append(stack[i:], name), " -> "))
		}
	}
	if !pl.css {
		sum, err := fileSum(pl.src.FS, name)
		if err != nil {
			return nil, fmt.Errorf("static: read %s from %s: %w", name, pl.src.Origin, err)
		}
		pl.sum = sum
	} else {
		src, err := fs.ReadFile(pl.src.FS, name)
		if err != nil {
			return nil, fmt.Errorf("static: read %s from %s: %w", name, pl.src.Origin, err)
		}
		stack = append(stack, name)
		out, err := rewriteCSS(src, func(ref string) (string, error) {
			rp, suffix := splitRef(ref)
			target, ok := p.f.refTarget(name, rp)
			if !ok {
				return ref, nil
			}
			dep, found := p.files[target]
			if !found {
				return "", &RefError{CSS: name, Ref: ref, Target: target}
			}
			dp, err := p.hash(dep.name, stack)
			if err != nil {
				return "", err
			}
			return hashedRef(rp, dp.hashed) + suffix, nil
		})
		if err != nil {
			return nil, err
		}
		pl.data = out
		pl.sum = md5.Sum(out)
	}
	pl.hashed = hashedName(name, hex.EncodeToString(pl.sum[:])[:hashLen])
	pl.done = true
	return pl, nil
}

func fileSum(fsys fs.FS, name string) ([md5.Size]byte, error) {
	var sum [md5.Size]byte
	fh, err := fsys.Open(name)
	if err != nil {
		return sum, err
	}
	defer fh.Close()
	h := md5.New()
	if _, err := io.Copy(h, fh); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// writer puts files into Root, skipping those already right.
type writer struct {
	root *os.Root // nil only in a dry run against a missing Root
	dry  bool
}

// file writes pl's copies: name, hashed name and their .gz. It reports
// whether anything had to be written.
func (w *writer) file(pl *plan, all map[string]*plan) (bool, error) {
	data := pl.data
	ext := path.Ext(pl.name)
	if data == nil && compressible[ext] {
		var err error
		if data, err = fs.ReadFile(pl.src.FS, pl.name); err != nil {
			return false, err
		}
	}
	changed := false
	for _, out := range []string{pl.name, pl.hashed} {
		var c bool
		var err error
		if data != nil {
			c, err = w.put(out, data, pl.sum)
		} else {
			c, err = w.copy(out, pl, pl.sum)
		}
		if err != nil {
			return false, err
		}
		changed = changed || c
	}
	if !compressible[ext] {
		return changed, nil
	}
	var gz []byte
	if _, isSource := all[pl.name+".gz"]; !isSource {
		var err error
		if gz, err = gzipBytes(data); err != nil {
			return false, err
		}
	}
	for _, out := range []string{pl.name + ".gz", pl.hashed + ".gz"} {
		if _, isSource := all[out]; isSource {
			continue // a source file of that name wins over our copy
		}
		if gz == nil || len(gz) >= len(data) {
			if err := w.remove(out); err != nil {
				return false, err
			}
			continue
		}
		c, err := w.put(out, gz, md5.Sum(gz))
		if err != nil {
			return false, err
		}
		changed = changed || c
	}
	return changed, nil
}

// gzipBytes compresses data with the best compression and an empty
// header (no name, no time), so the same input gives the same bytes and an
// unchanged file is recognised on the next run.
func gzipBytes(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// same reports whether Root already has name with the content sum.
func (w *writer) same(name string, size int64, sum [md5.Size]byte) bool {
	if w.root == nil {
		return false
	}
	fi, err := w.root.Stat(filepath.FromSlash(name))
	if err != nil || !fi.Mode().IsRegular() || (size >= 0 && fi.Size() != size) {
		return false
	}
	got, err := fileSum(w.root.FS(), name)
	return err == nil && got == sum
}

// put writes data to name unless it is already there.
func (w *writer) put(name string, data []byte, sum [md5.Size]byte) (bool, error) {
	if w.same(name, int64(len(data)), sum) {
		return false, nil
	}
	if w.dry {
		return true, nil
	}
	return true, writeAtomic(w.root, name, bytes.NewReader(data))
}

// copy streams pl's source file to name unless it is already there, so a
// large image or video is never held in memory.
func (w *writer) copy(name string, pl *plan, sum [md5.Size]byte) (bool, error) {
	if w.same(name, -1, sum) {
		return false, nil
	}
	if w.dry {
		return true, nil
	}
	fh, err := pl.src.FS.Open(pl.name)
	if err != nil {
		return false, err
	}
	defer fh.Close()
	return true, writeAtomic(w.root, name, fh)
}

// remove deletes a stale generated file; a missing one is fine.
func (w *writer) remove(name string) error {
	if w.dry || w.root == nil {
		return nil
	}
	err := w.root.Remove(filepath.FromSlash(name))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// writeAtomic writes r to a temporary dot-file beside name (never served,
// never collected) and renames it over name, all inside root.
func writeAtomic(root *os.Root, name string, r io.Reader) (err error) {
	name = filepath.FromSlash(name)
	dir, base := filepath.Split(name)
	if dir != "" {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	var rnd [6]byte
	rand.Read(rnd[:])
	tmp := filepath.Join(dir, ".tmp-"+base+"-"+hex.EncodeToString(rnd[:]))
	fh, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			root.Remove(tmp)
		}
	}()
	if _, err = io.Copy(fh, r); err != nil {
		fh.Close()
		return err
	}
	// Sync before rename so a crash leaves the old file or the new one,
	// never an empty one under the real name.
	if err = fh.Sync(); err != nil {
		fh.Close()
		return err
	}
	if err = fh.Close(); err != nil {
		return err
	}
	return root.Rename(tmp, name)
}
