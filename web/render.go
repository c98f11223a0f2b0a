package web

import (
	"bytes"
	"errors"
	"fmt"
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

// maxPooledBuffer is the largest buffer returned to bufPool. A rare huge
// response (or request body) would otherwise stay pinned in the pool and
// cost memory long after it was needed.
const maxPooledBuffer = 64 << 10

func getBuffer() *bytes.Buffer {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	return buf
}

func putBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledBuffer {
		bufPool.Put(buf)
	}
}

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
// A Content-Type already set on w is kept. Errors: [ErrNoRenderer]; the
// renderer's error wrapped with the template name (nothing written yet, so
// it becomes a clean 500); an invalid status; or a [*CommittedError] when
// the client went away while the page was being written.
func RenderStatus(w http.ResponseWriter, r *http.Request, status int, name, block string, data any) error {
	rnd := SiteOf(r).Renderer
	if rnd == nil {
		return ErrNoRenderer
	}
	if err := checkStatus("RenderStatus", status); err != nil {
		return err
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := rnd.Render(buf, r, name, block, data); err != nil {
		if block != "" {
			return fmt.Errorf("web: rendering block %q of template %q: %w", block, name, err)
		}
		return fmt.Errorf("web: rendering template %q: %w", name, err)
	}
	return writeBody(w, status, "text/html; charset=utf-8", false, buf.Bytes())
}

// writeBody writes a complete response whose body is known in advance.
// contentType is used unless w already has one and force is false. A write
// error becomes a *CommittedError: the status line is out, so the caller can
// no longer choose another response, but the error still reaches [Error],
// which logs it quietly instead of writing a second page.
func writeBody(w http.ResponseWriter, status int, contentType string, force bool, body []byte) error {
	h := w.Header()
	if force || h.Get("Content-Type") == "" {
		h.Set("Content-Type", contentType)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, err := w.Write(body)
	return committed(err)
}

// checkStatus rejects, before anything is written, a status that cannot
// carry the body a helper is about to send: codes WriteHeader would panic on,
// 1xx (informational, followed by an implicit 200), and 204, 205 and 304
// (which net/http refuses bodies for). The mistake then becomes a clean 500
// naming the status rather than a truncated response.
func checkStatus(op string, status int) error {
	switch {
	case status < 200 || status > 599:
		return fmt.Errorf("web: %s: HTTP status %d cannot carry a body (use a net/http Status constant from 200 to 599)", op, status)
	case status == http.StatusNoContent || status == http.StatusResetContent || status == http.StatusNotModified:
		return fmt.Errorf("web: %s: HTTP status %d must not have a body (use NoContent or w.WriteHeader)", op, status)
	}
	return nil
}
