package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"sync"
)

// Context is the data a view passes to a template. The renderer adds the
// values of the project's context processors (request, debug, STATIC_URL,
// ...) before the view's own keys, so a view's key wins on a clash.
type Context = map[string]any

// ErrNoRenderer is returned by [Render] when the request carries no [Site]
// with a Renderer, which means the handler runs outside a project.
var ErrNoRenderer = errors.New("web: no template renderer on this request (is the handler served by a jazz project?)")

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render renders the template name with data as a 200 text/html response.
// The template is executed into a buffer first, so a template error becomes
// a clean 500 page instead of half a page.
func Render(w http.ResponseWriter, r *http.Request, name string, data any) error {
	return RenderStatus(w, r, http.StatusOK, name, "", data)
}

// RenderBlock renders only the named block of a template, for fragments
// requested by AJAX or htmx (Django 6's template partials).
func RenderBlock(w http.ResponseWriter, r *http.Request, name, block string, data any) error {
	return RenderStatus(w, r, http.StatusOK, name, block, data)
}

// RenderStatus is [Render] with an explicit status code and optional block.
func RenderStatus(w http.ResponseWriter, r *http.Request, status int, name, block string, data any) error {
	rnd := SiteOf(r).Renderer
	if rnd == nil {
		return ErrNoRenderer
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := rnd.Render(buf, r, name, block, data); err != nil {
		return err
	}
	h := w.Header()
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "text/html; charset=utf-8")
	}
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return ignoreWriteError(err)
}

// ignoreWriteError drops errors from writing to the client: once the status
// line is sent there is no better response to give, and a client that went
// away is not a server error.
func ignoreWriteError(error) error { return nil }
