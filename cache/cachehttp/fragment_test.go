package cachehttp_test

import (
	"context"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jazzgo/jazz/cache/cachehttp"
	"github.com/jazzgo/jazz/templates"
)

// TestFragmentsWithEngine renders pages through the real template engine:
// a miss renders the partial, a hit returns the stored HTML even though
// the data changed, another vary-on value is another copy, and
// InvalidateFragment makes the next page render it again.
func TestFragmentsWithEngine(t *testing.T) {
	clk := newClock()
	c := newCache(t, clk)
	f := cachehttp.NewFragments(c, nil)
	eng, err := templates.New(templates.Options{
		Dirs: []fs.FS{fstest.MapFS{
			"page.html":             {Data: []byte(`<main>{{cache 300 "sidebar" "partials/sidebar.html" . .user}}</main>`)},
			"partials/sidebar.html": {Data: []byte(`<aside>{{.user}} has {{.count}} posts</aside>`)},
		}},
		Funcs: f.Funcs(),
	})
	if err != nil {
		t.Fatal(err)
	}
	f.SetRenderer(eng)

	render := func(user string, count int) string {
		t.Helper()
		var b strings.Builder
		r := httptest.NewRequest("GET", "/", nil)
		if err := eng.Render(&b, r, "page.html", "", map[string]any{"user": user, "count": count}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if got, want := render("<ann>", 1), "<main><aside>&lt;ann&gt; has 1 posts</aside></main>"; got != want {
		t.Fatalf("miss = %q, want %q", got, want)
	}
	if got, want := render("<ann>", 2), "<main><aside>&lt;ann&gt; has 1 posts</aside></main>"; got != want {
		t.Fatalf("hit = %q, want the stored %q", got, want)
	}
	if got, want := render("bob", 5), "<main><aside>bob has 5 posts</aside></main>"; got != want {
		t.Fatalf("other vary-on value = %q, want %q", got, want)
	}
	if err := cachehttp.InvalidateFragment(context.Background(), c, "sidebar", "<ann>"); err != nil {
		t.Fatal(err)
	}
	if got, want := render("<ann>", 3), "<main><aside>&lt;ann&gt; has 3 posts</aside></main>"; got != want {
		t.Fatalf("after invalidation = %q, want %q", got, want)
	}
	if got, want := render("bob", 9), "<main><aside>bob has 5 posts</aside></main>"; got != want {
		t.Fatalf("invalidation touched another copy: %q, want %q", got, want)
	}
	clk.Advance(301 * time.Second)
	if got, want := render("bob", 9), "<main><aside>bob has 9 posts</aside></main>"; got != want {
		t.Fatalf("after expiry = %q, want %q", got, want)
	}
}

// countingRenderer is a web.Renderer over one html/template set that
// counts its renders.
type countingRenderer struct {
	set     *template.Template
	renders atomic.Int64
	fail    error
}

func (c *countingRenderer) Render(w io.Writer, r *http.Request, name, block string, data any) error {
	c.renders.Add(1)
	if c.fail != nil {
		return c.fail
	}
	return c.set.ExecuteTemplate(w, name, data)
}

func TestFragmentRules(t *testing.T) {
	clk := newClock()
	c := newCache(t, clk)
	f := cachehttp.NewFragments(c, nil)
	rend := &countingRenderer{set: template.Must(template.New("side").Parse(`<b>{{.}}</b>`))}

	if _, err := f.Render(60, "side", "side", "x"); err == nil || !strings.Contains(err.Error(), "SetRenderer") {
		t.Fatalf("render without a renderer: err = %v, want one naming SetRenderer", err)
	}
	f.SetRenderer(rend)

	for _, timeout := range []any{60, int64(60), 60.0, "60", time.Minute, nil} {
		key := []any{timeout}
		html, err := f.Render(timeout, "side", "side", "x", key...)
		if err != nil || html != "<b>x</b>" {
			t.Fatalf("timeout %#v: %q, %v", timeout, html, err)
		}
		n := rend.renders.Load()
		if _, err := f.Render(timeout, "side", "side", "y", key...); err != nil || rend.renders.Load() != n {
			t.Errorf("timeout %#v: second call rendered again (err %v)", timeout, err)
		}
	}
	// Zero renders every time and stores nothing.
	n := rend.renders.Load()
	for range 2 {
		if html, _ := f.Render(0, "zero", "side", "z"); html != "<b>z</b>" {
			t.Fatalf("timeout 0 gave %q", html)
		}
	}
	if rend.renders.Load() != n+2 {
		t.Error("timeout 0 cached the fragment")
	}
	if _, err := f.Render([]int{1}, "bad", "side", nil); err == nil {
		t.Error("a timeout of a wrong type was accepted")
	}
	if _, err := f.Render("soon", "bad", "side", nil); err == nil {
		t.Error("a non-numeric timeout string was accepted")
	}

	// A render error fails the page and stores nothing.
	rend.fail = errors.New("boom")
	if _, err := f.Render(60, "broken", "side", nil); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("render error = %v", err)
	}
	rend.fail = nil
	if html, err := f.Render(60, "broken", "side", "ok"); err != nil || html != "<b>ok</b>" {
		t.Fatalf("after a failed render: %q, %v", html, err)
	}
	// A name the cache rejects is an error, not a panic.
	if _, err := f.Render(60, "has space", "side", nil); err == nil {
		t.Error("a fragment name with a space was accepted")
	}
	if err := cachehttp.InvalidateFragment(context.Background(), c, "never-stored", 1); err != nil {
		t.Errorf("invalidating a missing fragment: %v", err)
	}
}

// TestFragmentSingleFlight: concurrent misses render once.
func TestFragmentSingleFlight(t *testing.T) {
	c := newCache(t, newClock())
	gate := make(chan struct{})
	var renders atomic.Int64
	f := cachehttp.NewFragments(c, rendererFunc(func(w io.Writer, name string, data any) error {
		renders.Add(1)
		<-gate
		_, err := io.WriteString(w, "<nav></nav>")
		return err
	}))
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if html, err := f.Render(60, "nav", "nav.html", nil); err != nil || html != "<nav></nav>" {
				t.Errorf("got %q, %v", html, err)
			}
		})
	}
	// Let the callers pile up on the one computation, then release it.
	for renders.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	close(gate)
	wg.Wait()
	if n := renders.Load(); n != 1 {
		// Callers that arrive after the value is stored hit the cache, so
		// any count above one means two computations overlapped.
		t.Fatalf("rendered %d times, want 1", n)
	}
}

type rendererFunc func(w io.Writer, name string, data any) error

func (f rendererFunc) Render(w io.Writer, _ *http.Request, name, _ string, data any) error {
	return f(w, name, data)
}

func TestFragmentKey(t *testing.T) {
	// Django: make_template_fragment_key("sidebar", ["ann", 42]) hashes
	// "ann:42:"; with no values it is the MD5 of nothing.
	if got, want := cachehttp.FragmentKey("sidebar"), "template.cache.sidebar.d41d8cd98f00b204e9800998ecf8427e"; got != want {
		t.Errorf("FragmentKey(sidebar) = %q, want %q", got, want)
	}
	if got, want := cachehttp.FragmentKey("sidebar", "ann", 42), "template.cache.sidebar.e36a726097149107467a95b86ebd4205"; got != want {
		t.Errorf("FragmentKey(sidebar, ann, 42) = %q, want %q", got, want)
	}
	if cachehttp.FragmentKey("s", 42) != cachehttp.FragmentKey("s", "42") {
		t.Error("42 and \"42\" should give one key, as str() does in Django")
	}
	// As in Django, the separator is not escaped, so these alias.
	if cachehttp.FragmentKey("s", "a:b") != cachehttp.FragmentKey("s", "a", "b") {
		t.Error("the key format differs from Django's")
	}
	if cachehttp.FragmentKey("s", 1) == cachehttp.FragmentKey("t", 1) || cachehttp.FragmentKey("s", 1) == cachehttp.FragmentKey("s", 2) {
		t.Error("distinct fragments share a key")
	}
}
