package cachehttp

import (
	"bufio"
	"net"
	"net/http"
	"time"
)

// NeverCache wraps h so that its responses tell every cache not to keep
// them (Django's never_cache): Expires now, unless the view set one, and
// "Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private"
// merged into whatever the view set. The headers are patched just before
// the response header is written, so they win over the view's own. The
// result is safe for concurrent use when h is.
func NeverCache(h http.Handler) http.Handler {
	return patchBefore(h, func(hdr http.Header) { PatchNeverCache(hdr, time.Now()) })
}

// VaryOnHeaders wraps h so that its responses list headers in Vary
// (Django's vary_on_headers), merged with any Vary the view set; see
// [PatchVary]. Caches, this package's included, then keep one copy per
// combination of those request headers' values. With no headers it
// returns h unchanged.
func VaryOnHeaders(h http.Handler, headers ...string) http.Handler {
	if len(headers) == 0 {
		return h
	}
	headers = append([]string(nil), headers...) // the caller keeps its slice
	return patchBefore(h, func(hdr http.Header) { PatchVary(hdr, headers...) })
}

// VaryOnCookie is VaryOnHeaders(h, "Cookie"): the response differs per
// user (Django's vary_on_cookie). [Site] and [CachePage] store such
// responses only when [SiteOptions.CacheVaryCookie] is set.
func VaryOnCookie(h http.Handler) http.Handler { return VaryOnHeaders(h, "Cookie") }

// CacheControl returns a middleware that merges opts into the
// Cache-Control header of every response (Django's cache_control), with
// [PatchCacheControl], just before the header is written. The middleware
// is safe for concurrent use.
func CacheControl(opts CacheControlOptions) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return patchBefore(h, func(hdr http.Header) { PatchCacheControl(hdr, opts) })
	}
}

// patchBefore runs patch on the response headers once, when h first
// writes the header, a body byte or flushes, or when it returns having
// written nothing (net/http then sends an empty 200 that must carry the
// headers too).
func patchBefore(h http.Handler, patch func(http.Header)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pw := &patchWriter{w: w, patch: patch}
		h.ServeHTTP(pw, r)
		pw.apply()
	})
}

// patchWriter applies a header patch at the moment the header leaves. It
// forwards Flush, Hijack and Unwrap so streaming views keep working.
type patchWriter struct {
	w     http.ResponseWriter
	patch func(http.Header)
	done  bool
}

func (p *patchWriter) apply() {
	if !p.done {
		p.done = true
		p.patch(p.w.Header())
	}
}

func (p *patchWriter) Header() http.Header { return p.w.Header() }

func (p *patchWriter) WriteHeader(code int) {
	if code >= 200 || code == http.StatusSwitchingProtocols {
		p.apply()
	}
	p.w.WriteHeader(code)
}

func (p *patchWriter) Write(b []byte) (int, error) {
	p.apply()
	return p.w.Write(b)
}

func (p *patchWriter) Flush() { _ = p.FlushError() }

func (p *patchWriter) FlushError() error {
	p.apply()
	return http.NewResponseController(p.w).Flush()
}

func (p *patchWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	p.done = true // nothing will be written through us any more
	return http.NewResponseController(p.w).Hijack()
}

func (p *patchWriter) Unwrap() http.ResponseWriter { return p.w }
