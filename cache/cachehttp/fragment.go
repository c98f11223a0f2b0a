package cachehttp

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/jazzgo/jazz/cache"
	"github.com/jazzgo/jazz/web"
)

// FragmentFunc is the name of the template function [Fragments.Funcs]
// provides.
const FragmentFunc = "cache"

// Fragments caches rendered template fragments (Django's {% cache %} tag).
//
// html/template cannot capture the output of a block from a custom
// function, so a cached fragment is a template of its own (a partial
// file, or any template name the renderer knows), rendered through the
// project's [web.Renderer] and stored as HTML:
//
//	{{cache 300 "sidebar" "partials/sidebar.html" . .user.ID}}
//
// The arguments are the timeout, the fragment's name, the template to
// render, its data (pass . to give the partial the page's dot, request and
// context-processor values included), then any vary-on values: one copy
// is kept per distinct list of values, as in Django. The timeout is a
// number of seconds (an int, a float or a string of digits), a
// time.Duration, or nil for "never expires"; zero or negative renders the
// partial without caching. The result is template.HTML, meant for HTML
// text, not attributes or scripts.
//
// The cache key is [FragmentKey](name, varyOn...), so [InvalidateFragment]
// removes exactly one copy. Reads and writes use the context of the
// request found under "request" in the data, when it is a map holding one
// (the engine's dot does), and context.Background() otherwise.
//
// The renderer is usually the template engine that the functions are
// given to, which cannot exist before them: build the Fragments with a nil
// renderer, pass [Fragments.Funcs] to the engine, then call
// [Fragments.SetRenderer]. A Fragments is safe for concurrent use.
type Fragments struct {
	c        *cache.Cache
	renderer atomic.Pointer[rendererBox]
}

type rendererBox struct{ r web.Renderer }

// NewFragments returns a Fragments storing into c and rendering with r,
// which may be nil until [Fragments.SetRenderer] is called. c must not be
// nil.
func NewFragments(c *cache.Cache, r web.Renderer) *Fragments {
	if c == nil {
		panic("cachehttp: NewFragments with a nil *cache.Cache; build one with cache.New or cache.Open")
	}
	f := &Fragments{c: c}
	f.SetRenderer(r)
	return f
}

// SetRenderer sets the renderer used for cache misses. It is safe to call
// at any time, though usually once at start-up; a nil r makes misses fail
// with an error naming this method.
func (f *Fragments) SetRenderer(r web.Renderer) {
	f.renderer.Store(&rendererBox{r})
}

// FragmentFuncs returns the template functions of a new [Fragments]
// (c, r): a map holding [FragmentFunc], for templates.Options.Funcs. Use
// [NewFragments] when r is the engine the map is for.
func FragmentFuncs(c *cache.Cache, r web.Renderer) template.FuncMap {
	return NewFragments(c, r).Funcs()
}

// Funcs returns a new map holding the [FragmentFunc] function, for
// templates.Options.Funcs; the caller may add to it.
func (f *Fragments) Funcs() template.FuncMap {
	return template.FuncMap{FragmentFunc: f.Render}
}

// Render is the template function: it returns the cached HTML of the
// fragment name with the given vary-on values, rendering tmpl with data
// and storing it for timeout on a miss. See [Fragments] for the argument
// forms. A render error is returned (the page fails, as it would without
// the cache) and nothing is stored; a cache error is returned only when
// the cache is Strict, as a failing cache is otherwise a miss.
func (f *Fragments) Render(timeout any, name, tmpl string, data any, varyOn ...any) (template.HTML, error) {
	ttl, err := fragmentTTL(timeout)
	if err != nil {
		return "", fmt.Errorf("cachehttp: fragment %q: %w", name, err)
	}
	ctx := contextOf(data)
	if ttl <= 0 {
		s, err := f.render(tmpl, data)
		return template.HTML(s), err
	}
	// GetOrSet makes concurrent misses of one fragment render it once.
	var html string
	renderErr := false
	err = f.c.GetOrSet(ctx, FragmentKey(name, varyOn...), &html, ttl, func(context.Context) (any, error) {
		s, err := f.render(tmpl, data)
		renderErr = err != nil
		return s, err
	})
	if err != nil {
		if renderErr {
			return "", err // already names the template
		}
		return "", fmt.Errorf("cachehttp: fragment %q: %w", name, err)
	}
	return template.HTML(html), nil
}

func (f *Fragments) render(tmpl string, data any) (string, error) {
	box := f.renderer.Load()
	if box == nil || box.r == nil {
		return "", errors.New("cachehttp: fragment cache has no renderer; call Fragments.SetRenderer with the template engine after building it")
	}
	var buf bytes.Buffer
	// The data is the page's dot already, so the request is not passed
	// again: context processors would only recompute the same keys.
	if err := box.r.Render(&buf, nil, tmpl, "", data); err != nil {
		return "", fmt.Errorf("cachehttp: rendering fragment template %s: %w", tmpl, err)
	}
	return buf.String(), nil
}

func contextOf(data any) context.Context {
	if m, ok := data.(map[string]any); ok {
		if r, ok := m["request"].(*http.Request); ok && r != nil {
			return r.Context()
		}
	}
	return context.Background()
}

// fragmentTTL converts the template's timeout argument.
func fragmentTTL(v any) (time.Duration, error) {
	secs := func(f float64) time.Duration {
		if f >= math.MaxInt64/float64(time.Second) {
			return cache.Forever
		}
		return time.Duration(f * float64(time.Second))
	}
	switch t := v.(type) {
	case nil:
		return cache.Forever, nil
	case time.Duration:
		return t, nil
	case int:
		return secs(float64(t)), nil
	case int32:
		return secs(float64(t)), nil
	case int64:
		return secs(float64(t)), nil
	case uint:
		return secs(float64(t)), nil
	case uint32:
		return secs(float64(t)), nil
	case uint64:
		return secs(float64(t)), nil
	case float64:
		return secs(t), nil
	case float32:
		return secs(float64(t)), nil
	case string:
		n, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return 0, fmt.Errorf("timeout %q is not a number of seconds", t)
		}
		return secs(n), nil
	}
	return 0, fmt.Errorf("timeout of type %T: give a number of seconds, a time.Duration or nil (never expires)", v)
}

// FragmentKey returns the cache key of the fragment name with the given
// vary-on values, in the format of Django's make_template_fragment_key:
// "template.cache.<name>.<md5 hex>", where the MD5 is taken over each
// value's text (fmt.Sprint) followed by ":". The values 42 and "42" thus
// give the same key. MD5 only spreads the values over a fixed-length key
// here; it protects nothing.
func FragmentKey(name string, varyOn ...any) string {
	h := md5.New()
	for _, v := range varyOn {
		fmt.Fprint(h, v)
		h.Write([]byte{':'})
	}
	return "template.cache." + name + "." + hex.EncodeToString(h.Sum(nil))
}

// InvalidateFragment removes the cached copy of the fragment name for the
// given vary-on values (compared by their text, see [FragmentKey]), so the
// next page renders it afresh; call it when the data behind the fragment
// changes. A missing copy is no error. The error is the cache's (only
// under Strict, or for an invalid key such as a name with spaces).
func InvalidateFragment(ctx context.Context, c *cache.Cache, name string, varyOn ...any) error {
	if _, err := c.Delete(ctx, FragmentKey(name, varyOn...)); err != nil {
		return fmt.Errorf("cachehttp: invalidating fragment %q: %w", name, err)
	}
	return nil
}
