package static

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jazzgo/jazz/apps"
)

// blogApp contributes static files through Provider.
type blogApp struct {
	apps.Base
	files fs.FS
}

func (a *blogApp) Static() fs.FS { return a.files }

// plainApp has no static files.
type plainApp struct{ apps.Base }

// long repeated text compresses well, so it gets a .gz copy.
var appJS = strings.Repeat("console.log('jazz static files');\n", 40)

// testTree returns a project directory and an app file system that
// together exercise the finders and the stylesheet rewriter.
func testTree() (project, app fstest.MapFS) {
	project = fstest.MapFS{
		"css/site.css": {Data: []byte(`@import "base.css";
@import url('theme/dark.css') screen;
body { background: url("../img/bg.png?v=1#top"); }
.x { background: url(data:image/png;base64,AAAA); }
.y { background: url(https://cdn.example.com/a.png); }
.z { background: url(//cdn.example.com/b.png); }
@font-face { src: url('../fonts/f.woff2?#iefix') format("woff2"); }
.svg { filter: url(#blur); }
/* url(missing.png) is only a comment */
.s::before { content: "url(nope.png)"; }
.abs { background: url(/static/img/logo.png); }
.other { background: url(/media/x.png); }
`)},
		"css/base.css":         {Data: []byte("@import \"theme/colors.css\";\nh1 { background-image: url( '../img/logo.png' ); }\n")},
		"css/theme/dark.css":   {Data: []byte("body { color: #eee; } .i { background: URL(../../img/logo.png); }\n")},
		"css/theme/colors.css": {Data: []byte(":root { --c: red; }\n")},
		"img/bg.png":           {Data: []byte("\x89PNG\r\n\x1a\nbackground")},
		"img/logo.png":         {Data: []byte("\x89PNG\r\n\x1a\nproject logo")},
		"fonts/f.woff2":        {Data: []byte("wOF2font")},
		"js/app.js":            {Data: []byte(appJS)},
		".hidden":              {Data: []byte("secret")},
		"img/logo.png~":        {Data: []byte("editor backup")},
	}
	app = fstest.MapFS{
		"img/logo.png":  {Data: []byte("\x89PNG\r\n\x1a\napp logo")},
		"blog/blog.css": {Data: []byte(".b { background: url(../img/logo.png); }\n")},
		"blog/app.js":   {Data: []byte("x")},
	}
	return project, app
}

// newTestFiles returns Files over testTree with Root in a fresh directory.
func newTestFiles(t testing.TB, opts Options) *Files {
	t.Helper()
	project, app := testTree()
	if opts.Root == "" {
		opts.Root = filepath.Join(t.TempDir(), "root")
	}
	if opts.Dirs == nil {
		opts.Dirs = []fs.FS{project}
	}
	if opts.Apps == nil {
		opts.Apps = []apps.App{&plainApp{apps.Base{Name: "plain"}}, &blogApp{apps.Base{Name: "blog"}, app}}
	}
	f, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

func readRoot(t testing.TB, f *Files, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(f.root, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNewValidatesOptions(t *testing.T) {
	for _, u := range []string{"static/", "/static", "static", "http://cdn/static"} {
		if _, err := New(Options{URL: u}); err == nil || !strings.Contains(err.Error(), "StaticURL") {
			t.Errorf("New(URL %q) error = %v, want one naming StaticURL", u, err)
		}
	}
	if _, err := New(Options{Dirs: []fs.FS{nil}}); err == nil || !strings.Contains(err.Error(), "Dirs[0]") {
		t.Errorf("nil dir: error = %v", err)
	}
	if _, err := New(Options{Apps: []apps.App{nil}}); err == nil {
		t.Error("nil app: no error")
	}
	f, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.URL("a.css"); got != "/static/a.css" {
		t.Errorf("default URL prefix: URL = %q", got)
	}
}

func TestNewRejectsBadManifest(t *testing.T) {
	for name, body := range map[string]string{
		"not json":    "{",
		"bad version": `{"paths":{},"version":"9"}`,
		"no paths":    `{"version":"1.1"}`,
		"traversal":   `{"paths":{"a.css":"../../etc/passwd"},"version":"1.1"}`,
		"absolute":    `{"paths":{"/a.css":"a.css"},"version":"1.1"}`,
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			os.WriteFile(filepath.Join(root, manifestName), []byte(body), 0o644)
			_, err := New(Options{Root: root})
			if err == nil || !strings.Contains(err.Error(), manifestName) {
				t.Fatalf("error = %v, want one naming %s", err, manifestName)
			}
		})
	}
	// A missing Root or manifest is fine: the finders serve.
	if _, err := New(Options{Root: filepath.Join(t.TempDir(), "missing")}); err != nil {
		t.Fatal(err)
	}
}

func TestFindOrder(t *testing.T) {
	f := newTestFiles(t, Options{})
	fsys, origin, ok := f.Find("img/logo.png")
	if !ok || origin != "Dirs[0]" {
		t.Fatalf("Find(img/logo.png) = %q, %v; want the project copy", origin, ok)
	}
	if b, _ := fs.ReadFile(fsys, "img/logo.png"); !strings.Contains(string(b), "project logo") {
		t.Errorf("Find returned the wrong file system: %q", b)
	}
	if _, origin, ok := f.Find("blog/blog.css"); !ok || origin != `app "blog"` {
		t.Errorf("Find(blog/blog.css) = %q, %v", origin, ok)
	}
	all := f.FindAll("img/logo.png")
	if len(all) != 2 || all[0].Origin != "Dirs[0]" || all[1].Origin != `app "blog"` {
		t.Errorf("FindAll = %+v", all)
	}
	for _, name := range []string{"", "nope.css", ".hidden", "css", "css/", "../css/site.css", "/css/site.css", "css\\site.css", "css/./site.css"} {
		if _, _, ok := f.Find(name); ok {
			t.Errorf("Find(%q) found something", name)
		}
	}
	if len(f.Sources()) != 2 {
		t.Errorf("Sources = %+v; an app without Provider must not count", f.Sources())
	}
}

func TestURL(t *testing.T) {
	f := newTestFiles(t, Options{})
	if got := f.URL("css/site.css"); got != "/static/css/site.css" {
		t.Errorf("before collect: %q", got)
	}
	if got := f.URL("my file.css"); got != "/static/my%20file.css" {
		t.Errorf("escaping: %q", got)
	}
	res, err := f.Collect(context.Background(), CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := "/static/" + res.Paths["css/site.css"]
	if got := f.URL("css/site.css"); got != want || !strings.HasPrefix(got, "/static/css/site.") {
		t.Errorf("after collect: URL = %q, want %q", got, want)
	}
	if got := f.URL("/css/site.css"); got != want {
		t.Errorf("leading slash: URL = %q, want %q", got, want)
	}
	if got := f.URL("not/collected.js"); got != "/static/not/collected.js" {
		t.Errorf("unknown name: %q", got)
	}
	// A fresh Files (a new process) loads the manifest from Root.
	g, err := New(Options{Root: f.root, URL: "/assets/"})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := g.URL("css/site.css"); got != "/assets/"+res.Paths["css/site.css"] {
		t.Errorf("loaded manifest: %q", got)
	}
	if got := g.FuncMap()["static"].(func(string) string)("js/app.js"); got != "/assets/"+res.Paths["js/app.js"] {
		t.Errorf("FuncMap static: %q", got)
	}
	// Debug links unhashed names, which the debug handler serves.
	d, err := New(Options{Root: f.root, Debug: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := d.URL("css/site.css"); got != "/static/css/site.css" {
		t.Errorf("debug: %q", got)
	}
}
