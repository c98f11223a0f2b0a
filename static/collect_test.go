package static

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestCollect(t *testing.T) {
	f := newTestFiles(t, Options{})
	var log bytes.Buffer
	res, err := f.Collect(context.Background(), CollectOptions{Verbosity: 2, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"css/base.css", "css/site.css", "css/theme/colors.css", "css/theme/dark.css",
		"fonts/f.woff2", "img/bg.png", "img/logo.png", "js/app.js", "blog/app.js", "blog/blog.css"}
	if !slices.Equal(res.Copied, wantNames) {
		t.Errorf("Copied = %v\nwant      %v", res.Copied, wantNames)
	}
	if res.PostProcessed != len(wantNames) || len(res.Unmodified) != 0 {
		t.Errorf("PostProcessed = %d, Unmodified = %v", res.PostProcessed, res.Unmodified)
	}
	if len(res.Hidden) != 1 || res.Hidden[0] != (Hidden{Name: "img/logo.png", Origin: `app "blog"`, By: "Dirs[0]"}) {
		t.Errorf("Hidden = %+v", res.Hidden)
	}
	if !strings.Contains(log.String(), "img/logo.png") || !strings.Contains(log.String(), "Post-processed 'css/site.css' as 'css/site.") {
		t.Errorf("verbose log misses lines:\n%s", log.String())
	}

	// Every hashed name carries the md5 of the final content, and both
	// copies hold the same bytes.
	for _, name := range wantNames {
		hashed := res.Paths[name]
		plain, hb := readRoot(t, f, name), readRoot(t, f, hashed)
		if !bytes.Equal(plain, hb) {
			t.Errorf("%s and %s differ", name, hashed)
		}
		if want := hashedName(name, md5hex(hb)[:12]); hashed != want {
			t.Errorf("%s hashed as %s, want %s (md5 of final content)", name, hashed, want)
		}
	}
	if got := readRoot(t, f, "img/logo.png"); !bytes.Contains(got, []byte("project logo")) {
		t.Errorf("the project's file must win over the app's: %q", got)
	}
	for _, name := range []string{".hidden", "img/logo.png~"} {
		if _, err := os.Stat(filepath.Join(f.root, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s was collected", name)
		}
	}

	// The manifest is Django's format.
	var m struct {
		Paths   map[string]string `json:"paths"`
		Version string            `json:"version"`
	}
	if err := json.Unmarshal(readRoot(t, f, manifestName), &m); err != nil {
		t.Fatal(err)
	}
	if m.Version != "1.1" || len(m.Paths) != len(wantNames) || m.Paths["js/app.js"] != res.Paths["js/app.js"] {
		t.Errorf("manifest = %+v", m)
	}

	// References point to the hashed names of the final files.
	p := res.Paths
	base := func(name string) string { return filepath.Base(p[name]) }
	site := string(readRoot(t, f, "css/site.css"))
	for _, want := range []string{
		`@import "` + base("css/base.css") + `";`,
		`@import url('theme/` + base("css/theme/dark.css") + `') screen;`,
		`url("../img/` + base("img/bg.png") + `?v=1#top")`,
		`url(data:image/png;base64,AAAA)`,
		`url(https://cdn.example.com/a.png)`,
		`url(//cdn.example.com/b.png)`,
		`url('../fonts/` + base("fonts/f.woff2") + `?#iefix') format("woff2")`,
		`url(#blur)`,
		`/* url(missing.png) is only a comment */`,
		`content: "url(nope.png)";`,
		`url(/static/` + p["img/logo.png"] + `)`,
		`url(/media/x.png)`,
	} {
		if !strings.Contains(site, want) {
			t.Errorf("site.css lacks %s:\n%s", want, site)
		}
	}
	if got, want := string(readRoot(t, f, "css/base.css")), "@import \"theme/"+base("css/theme/colors.css")+"\";\nh1 { background-image: url( '../img/"+base("img/logo.png")+"' ); }\n"; got != want {
		t.Errorf("base.css =\n%s\nwant\n%s", got, want)
	}
	if got := string(readRoot(t, f, "css/theme/dark.css")); !strings.Contains(got, "URL(../../img/"+base("img/logo.png")+")") {
		t.Errorf("dark.css = %s", got)
	}
	if got := string(readRoot(t, f, "blog/blog.css")); !strings.Contains(got, "url(../img/"+base("img/logo.png")+")") {
		t.Errorf("blog.css = %s", got)
	}

	// Text gets a gzip copy when smaller; binary and tiny files do not.
	for _, name := range []string{"js/app.js", p["js/app.js"], "css/site.css", p["css/site.css"]} {
		zr, err := gzip.NewReader(bytes.NewReader(readRoot(t, f, name+".gz")))
		if err != nil {
			t.Fatalf("%s.gz: %v", name, err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, readRoot(t, f, name)) {
			t.Errorf("%s.gz does not decompress to %s (err %v)", name, name, err)
		}
	}
	for _, name := range []string{"img/bg.png.gz", "blog/app.js.gz", p["blog/app.js"] + ".gz"} {
		if _, err := os.Stat(filepath.Join(f.root, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s should not exist", name)
		}
	}
}

func TestCollectDependencyOrder(t *testing.T) {
	// Changing a stylesheet imported two levels down changes the hash of
	// every stylesheet above it, and of nothing else.
	collect := func(colors string) map[string]string {
		project, app := testTree()
		project["css/theme/colors.css"] = &fstest.MapFile{Data: []byte(colors)}
		f, err := New(Options{Root: t.TempDir(), Dirs: []fs.FS{project, app}})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		res, err := f.Collect(context.Background(), CollectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return res.Paths
	}
	a, b := collect(":root{--c:red}"), collect(":root{--c:blue}")
	for _, name := range []string{"css/theme/colors.css", "css/base.css", "css/site.css"} {
		if a[name] == b[name] {
			t.Errorf("%s kept its hash %s after an imported file changed", name, a[name])
		}
	}
	for _, name := range []string{"css/theme/dark.css", "img/logo.png", "blog/blog.css"} {
		if a[name] != b[name] {
			t.Errorf("%s changed hash though nothing it uses changed", name)
		}
	}
}

func TestCollectIdempotent(t *testing.T) {
	f := newTestFiles(t, Options{})
	first, err := f.Collect(context.Background(), CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Age every file; a re-run that rewrote anything would refresh its time.
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	filepath.WalkDir(f.root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	second, err := f.Collect(context.Background(), CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Copied) != 0 || len(second.Unmodified) != len(first.Copied) {
		t.Errorf("re-run copied %v, left %d unmodified", second.Copied, len(second.Unmodified))
	}
	if !maps_equal(first.Paths, second.Paths) {
		t.Error("re-run produced a different manifest")
	}
	filepath.WalkDir(f.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") {
			t.Errorf("temporary file left behind: %s", p)
		}
		if fi, _ := d.Info(); !fi.ModTime().Equal(old) {
			t.Errorf("%s was rewritten by an idempotent re-run", p)
		}
		return nil
	})
	// A changed file is rewritten, and only it.
	os.WriteFile(filepath.Join(f.root, "img", "bg.png"), []byte("tampered"), 0o644)
	third, err := f.Collect(context.Background(), CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(third.Copied, []string{"img/bg.png"}) {
		t.Errorf("after tampering Copied = %v", third.Copied)
	}
}

func maps_equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestCollectClearAndDryRun(t *testing.T) {
	f := newTestFiles(t, Options{})
	os.MkdirAll(filepath.Join(f.root, "old"), 0o755)
	stale := filepath.Join(f.root, "old", "stale.css")
	os.WriteFile(stale, []byte("old"), 0o644)

	res, err := f.Collect(context.Background(), CollectOptions{DryRun: true, Clear: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Copied) == 0 {
		t.Error("dry run reports nothing to copy")
	}
	if _, err := os.Stat(filepath.Join(f.root, "css")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("dry run wrote files")
	}
	if _, err := os.Stat(stale); err != nil {
		t.Error("dry run cleared Root")
	}
	if _, err := f.Collect(context.Background(), CollectOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err != nil {
		t.Error("a run without Clear removed an old file")
	}
	if _, err := f.Collect(context.Background(), CollectOptions{Clear: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Error("Clear kept an old file")
	}
}

func TestCollectErrors(t *testing.T) {
	ctx := context.Background()
	f, _ := New(Options{})
	if _, err := f.Collect(ctx, CollectOptions{}); err == nil || !strings.Contains(err.Error(), "StaticRoot") {
		t.Errorf("no Root: error = %v, want one naming StaticRoot", err)
	}

	collect := func(files fstest.MapFS) error {
		f, err := New(Options{Root: t.TempDir(), Dirs: []fs.FS{files}})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		_, err = f.Collect(ctx, CollectOptions{})
		return err
	}
	err := collect(fstest.MapFS{"css/a.css": {Data: []byte(`a{background:url("../img/missing.png?x#y")}`)}})
	var re *RefError
	if !errors.As(err, &re) || re.CSS != "css/a.css" || re.Target != "img/missing.png" ||
		!strings.Contains(err.Error(), "css/a.css") || !strings.Contains(err.Error(), "img/missing.png") {
		t.Errorf("missing reference: error = %v", err)
	}
	err = collect(fstest.MapFS{"a.css": {Data: []byte(`a{background:url(../../outside.png)}`)}})
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "outside") {
		t.Errorf("reference above the tree: error = %v", err)
	}
	err = collect(fstest.MapFS{
		"a.css": {Data: []byte(`@import "b.css";`)},
		"b.css": {Data: []byte(`@import url(c.css);`)},
		"c.css": {Data: []byte(`@import "a.css";`)},
	})
	if err == nil || !strings.Contains(err.Error(), "a.css -> b.css -> c.css -> a.css") {
		t.Errorf("cycle: error = %v", err)
	}
	err = collect(fstest.MapFS{manifestName: {Data: []byte(`{}`)}})
	if err == nil || !strings.Contains(err.Error(), "rename") {
		t.Errorf("a source file named like the manifest: error = %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	g := newTestFiles(t, Options{})
	if _, err := g.Collect(cancelled, CollectOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: error = %v", err)
	}
}

func TestCollectRemovesStaleGzip(t *testing.T) {
	root := t.TempDir()
	big := strings.Repeat("body{color:red}\n", 50)
	run := func(css string) *CollectResult {
		f, err := New(Options{Root: root, Dirs: []fs.FS{fstest.MapFS{"a.css": {Data: []byte(css)}}}})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		res, err := f.Collect(context.Background(), CollectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	run(big)
	if _, err := os.Stat(filepath.Join(root, "a.css.gz")); err != nil {
		t.Fatal("no gzip copy of a compressible file")
	}
	run("a{}") // too small to compress: the old .gz would be served stale
	if _, err := os.Stat(filepath.Join(root, "a.css.gz")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("stale a.css.gz kept")
	}
}
