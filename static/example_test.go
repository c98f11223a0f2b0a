package static_test

import (
	"context"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/static"
)

// blog is an app that contributes static files.
type blog struct{ apps.Base }

func (blog) Static() fs.FS {
	return fstest.MapFS{"blog/blog.css": {Data: []byte(".post { color: navy; }")}}
}

// Collect static files with hashed names and link them from templates.
func Example() {
	root, err := os.MkdirTemp("", "staticroot")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(root)

	files, err := static.New(static.Options{
		URL:  "/static/",
		Root: root,
		Dirs: []fs.FS{fstest.MapFS{
			"css/site.css": {Data: []byte(`body { background: url("../img/bg.png"); }`)},
			"img/bg.png":   {Data: []byte("not really a png")},
		}},
		Apps: []apps.App{blog{apps.Base{Name: "blog"}}},
	})
	if err != nil {
		panic(err)
	}
	defer files.Close()

	res, err := files.Collect(context.Background(), static.CollectOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(res.Copied), "files copied")
	fmt.Println(files.URL("css/site.css"))
	fmt.Println(files.URL("blog/blog.css"))
	css, _ := os.ReadFile(filepath.Join(root, "css", "site.css"))
	fmt.Println(string(css))
	// Output:
	// 3 files copied
	// /static/css/site.af7edb8dee96.css
	// /static/blog/blog.5586a58fff1e.css
	// body { background: url("../img/bg.a4f84feadf4c.png"); }
}

// Without collectstatic (a single binary with embedded files), the handler
// serves straight from the finders.
func ExampleFiles_Handler() {
	files, err := static.New(static.Options{
		Dirs: []fs.FS{fstest.MapFS{"js/app.js": {Data: []byte("console.log('hi')")}}},
	})
	if err != nil {
		panic(err)
	}
	w := httptest.NewRecorder()
	files.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/static/js/app.js", nil))
	fmt.Println(w.Code, w.Header().Get("Content-Type"), w.Header().Get("Cache-Control"))
	fmt.Println(w.Body.String())

	w = httptest.NewRecorder()
	files.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/static/../secret", nil))
	fmt.Println(w.Code)
	// Output:
	// 200 text/javascript; charset=utf-8 public, max-age=60
	// console.log('hi')
	// 404
}
