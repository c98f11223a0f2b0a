package cachehttp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults for [SiteOptions].
const (
	// DefaultTimeout is how long a page is kept when SiteOptions.Timeout is
	// zero (Django's CACHE_MIDDLEWARE_SECONDS default).
	DefaultTimeout = 600 * time.Second
	// DefaultMaxSize is the largest body stored when SiteOptions.MaxSize
	// is zero: 1 MB.
	DefaultMaxSize = 1 << 20
)

// SiteOptions configures [Site] and [CachePage]. The zero value is valid.
type SiteOptions struct {
	// KeyPrefix separates these pages from other users of the same cache
	// (Django's CACHE_MIDDLEWARE_KEY_PREFIX), for example two sites on one
	// Redis. It must hold no spaces or control characters.
	KeyPrefix string
	// Timeout is how long a page is kept: [DefaultTimeout] when zero or
	// negative. A response's own max-age (or s-maxage, or Expires) can
	// only shorten it. [CachePage] sets it from its argument.
	Timeout time.Duration
	// CacheVaryCookie stores responses that carry "Vary: Cookie", one copy
	// per distinct Cookie header. Off by default, as such pages are
	// usually personal and the copies would fill the cache with one entry
	// per visitor; turn it on for pages that vary on a cookie with few
	// values (a theme or language choice).
	CacheVaryCookie bool
	// XCache adds "X-Cache: HIT" to responses served from the cache and
	// "X-Cache: MISS" to GET and HEAD responses the view produced, for
	// observability. Off by default.
	XCache bool
	// MaxSize is the largest body, in bytes, that is stored:
	// [DefaultMaxSize] when zero or negative. A larger body is streamed to
	// the client as it is written, uncached.
	MaxSize int
	// Logger receives cache errors the front returns (in its Strict mode)
	// and corrupt entries. Nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock used for Expires, Last-Modified and an entry's
	// remaining lifetime. Nil means time.Now; tests inject one.
	Now func() time.Time
}

// store is the part of the cache front this package needs. *cache.Cache
// implements it; tests may use any other implementation.
type store interface {
	GetBytes(ctx context.Context, key string) ([]byte, bool, error)
	Set(ctx context.Context, key string, v any, ttl time.Duration) error
}

// pageCache is one configured per-site or per-view cache. It is immutable
// after newPageCache and safe for concurrent use.
type pageCache struct {
	store      store
	headerPfx  string // key prefix of the per-URL header lists
	pagePfx    string // key prefix of the pages
	timeout    time.Duration
	varyCookie bool
	xcache     bool
	maxSize    int
	log        *slog.Logger
	now        func() time.Time
	bufs       sync.Pool // *[]byte body buffers up to maxSize
}

func newPageCache(s store, opts SiteOptions) *pageCache {
	if strings.ContainsFunc(opts.KeyPrefix, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		panic(fmt.Sprintf("cachehttp: SiteOptions.KeyPrefix %q holds a space or control character, which cache backends reject; use letters, digits and punctuation only", opts.KeyPrefix))
	}
	pc := &pageCache{
		store:      s,
		headerPfx:  "cachehttp.h." + opts.KeyPrefix + ".",
		pagePfx:    "cachehttp.p." + opts.KeyPrefix + ".",
		timeout:    opts.Timeout,
		varyCookie: opts.CacheVaryCookie,
		xcache:     opts.XCache,
		maxSize:    opts.MaxSize,
		log:        opts.Logger,
		now:        opts.Now,
	}
	if pc.timeout <= 0 {
		pc.timeout = DefaultTimeout
	}
	if pc.maxSize <= 0 {
		pc.maxSize = DefaultMaxSize
	}
	if pc.log == nil {
		pc.log = slog.Default()
	}
	if pc.now == nil {
		pc.now = time.Now
	}
	return pc
}

// middleware is the fetch-then-update cycle: Django's two middleware
// (FetchFromCache innermost, UpdateCache outermost) in one, since a Go
// middleware sees both the request and the response of everything it
// wraps. Middleware that change the request or vary the response (sessions,
// locale) belong inside it.
func (pc *pageCache) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		url := absoluteURL(r)
		// A request with credentials may get a page meant for its user
		// only; it never reads a shared copy (RFC 9111 section 3.5).
		if r.Header.Get("Authorization") == "" && pc.serveCached(w, r, url) {
			return
		}
		cw := &captureWriter{w: w, r: r, pc: pc, url: url, before: w.Header().Clone()}
		defer cw.releaseBuf()
		next.ServeHTTP(cw, r)
		cw.finish()
	})
}

// absoluteURL identifies the page like Django's build_absolute_uri:
// scheme, host (so that two sites sharing a cache never swap pages) and
// the path with its query, so that ?page=2 is its own entry.
func absoluteURL(r *http.Request) string {
	scheme := "http://"
	if r.TLS != nil {
		scheme = "https://"
	}
	return scheme + r.Host + r.URL.RequestURI()
}

// hashHex returns the first 128 bits of the SHA-256 of parts joined by NUL
// bytes, in hex: short enough for memcached's 250-byte keys, and the
// collision odds (2^-64 by the birthday bound) are no practical way for a
// client to make two URLs share a page.
func hashHex(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}

// headerKey is the key of the list of request headers the page at url
// varies on (Django's cache_header key).
func (pc *pageCache) headerKey(url string) string {
	return pc.headerPfx + hashHex(url)
}

// pageKey is the key of one stored page: the URL, the method and the
// values the request has for each varied header (Django's cache_page key).
func (pc *pageCache) pageKey(method, url string, vary []string, r *http.Request) string {
	parts := make([]string, 0, 1+2*len(vary))
	parts = append(parts, url)
	for _, name := range vary {
		parts = append(parts, name, strings.Join(r.Header.Values(name), ","))
	}
	return pc.pagePfx + method + "." + hashHex(parts...)
}

// encodeVary and decodeVary store the header list; the leading byte is a
// format version, so that an empty list is still a non-empty value.
func encodeVary(names []string) []byte {
	return []byte("1" + strings.Join(names, "\n"))
}

func decodeVary(b []byte) ([]string, bool) {
	if len(b) == 0 || b[0] != '1' {
		return nil, false
	}
	if len(b) == 1 {
		return nil, true
	}
	return strings.Split(string(b[1:]), "\n"), true
}

// varyNames returns the canonical, sorted, de-duplicated header names of
// h's Vary, so that "Accept-Encoding, cookie" and "Cookie,Accept-Encoding"
// give one key.
func varyNames(h http.Header) []string {
	names := varyList(h)
	for i, n := range names {
		names[i] = http.CanonicalHeaderKey(n)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// serveCached writes the stored page for r, if there is a live one, and
// reports whether it did. Store errors are misses.
func (pc *pageCache) serveCached(w http.ResponseWriter, r *http.Request, url string) bool {
	ctx := r.Context()
	raw, found, err := pc.store.GetBytes(ctx, pc.headerKey(url))
	if err != nil {
		pc.log.WarnContext(ctx, "cachehttp: reading the page cache failed; serving the view", "url", url, "err", err)
		return false
	}
	if !found {
		return false
	}
	vary, ok := decodeVary(raw)
	if !ok {
		return false
	}
	// A HEAD request can be answered from the GET page (net/http drops the
	// body), which is the one usually stored; then from a HEAD page.
	method := http.MethodGet
	data, found, err := pc.store.GetBytes(ctx, pc.pageKey(method, url, vary, r))
	if err == nil && !found && r.Method == http.MethodHead {
		method = http.MethodHead
		data, found, err = pc.store.GetBytes(ctx, pc.pageKey(method, url, vary, r))
	}
	if err != nil {
		pc.log.WarnContext(ctx, "cachehttp: reading the page cache failed; serving the view", "url", url, "err", err)
		return false
	}
	if !found {
		return false
	}
	e, err := decodeEntry(data)
	if err != nil {
		pc.log.WarnContext(ctx, err.Error(), "url", url)
		return false
	}
	now := pc.now()
	if e.expires <= now.UnixNano() {
		return false // the backend's clock lags ours
	}
	h := w.Header()
	e.apply(h)
	pc.patchResponse(h, time.Unix(0, e.expires), now)
	if method == http.MethodGet {
		h["Content-Length"] = []string{strconv.Itoa(len(e.body))}
	}
	if pc.xcache {
		h["X-Cache"] = hitValue
	}
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(e.body) // a client gone away is no error of ours
	}
	return true
}

// X-Cache values, shared by every response: Header.Set replaces them and
// Add copies first, so nobody writes into them.
var (
	hitValue  = []string{"HIT"}[:1:1]
	missValue = []string{"MISS"}[:1:1]
)

// patchResponse adds the headers Django's patch_response_headers adds to
// a cached page, computed at each response so a hit late in an entry's
// life does not promise the client more than the entry has left: Expires
// (unless set) and max-age, lowered to the remaining lifetime.
func (pc *pageCache) patchResponse(h http.Header, expires, now time.Time) {
	// Rounded to the nearest second, so that a hit right after the miss
	// says what the miss said.
	left := expires.Sub(now).Round(time.Second)
	if left < time.Second {
		left = ExpireNow
	}
	if h.Get("Expires") == "" {
		h.Set("Expires", expires.UTC().Format(http.TimeFormat))
	}
	PatchCacheControl(h, CacheControlOptions{MaxAge: left})
}

// cacheable decides, when the view writes its header, whether the
// response may be stored and for how long.
func (pc *pageCache) cacheable(r *http.Request, status int, h http.Header) (time.Duration, bool) {
	if status != http.StatusOK {
		return 0, false
	}
	// Set-Cookie would hand one visitor's cookie to everybody; trailers
	// and "Vary: *" cannot be replayed or keyed.
	if len(h["Set-Cookie"]) > 0 || len(h["Trailer"]) > 0 {
		return 0, false
	}
	for _, name := range varyList(h) {
		if name == "*" || (!pc.varyCookie && strings.EqualFold(name, "Cookie")) {
			return 0, false
		}
	}
	timeout := pc.timeout
	public, mustRevalidate := false, false
	maxAge, sMaxAge := int64(-1), int64(-1)
	for _, d := range parseCacheControl(h["Cache-Control"]) {
		var ok bool
		switch d.name {
		case "private", "no-cache", "no-store":
			return 0, false
		case "public":
			public = true
		case "must-revalidate":
			mustRevalidate = true
		case "max-age":
			if maxAge, ok = seconds(d.value); !ok {
				return 0, false // RFC 9111: an invalid max-age means stale
			}
		case "s-maxage":
			if sMaxAge, ok = seconds(d.value); !ok {
				return 0, false
			}
		}
	}
	if sMaxAge >= 0 {
		maxAge = sMaxAge // this is a shared cache
	}
	switch {
	case maxAge == 0:
		return 0, false
	case maxAge > 0:
		timeout = min(timeout, time.Duration(maxAge)*time.Second)
	case len(h["Expires"]) > 0:
		exp, err := http.ParseTime(h.Get("Expires"))
		left := exp.Sub(pc.now())
		if err != nil || left < time.Second {
			return 0, false // an invalid Expires means already expired
		}
		timeout = min(timeout, left)
	}
	// The request may forbid storing (but, as in Django, not reading: a
	// client could otherwise bypass the cache at will and load the site).
	for _, d := range parseCacheControl(r.Header["Cache-Control"]) {
		if d.name == "no-store" {
			return 0, false
		}
	}
	if r.Header.Get("Authorization") != "" && !public && !mustRevalidate && sMaxAge < 0 {
		return 0, false
	}
	return timeout, true
}

// store saves the page the view produced; errors are logged, never
// returned, since the response is good either way.
func (pc *pageCache) storePage(r *http.Request, url string, status int, final http.Header, before http.Header, body []byte, timeout time.Duration, now time.Time) {
	ctx := r.Context()
	vary := varyNames(final)
	stored, deleted := headerDiff(before, final)
	expires := now.Add(timeout).UnixNano()
	entry := appendEntry(make([]byte, 0, 256+len(body)), status, expires, stored, deleted, body)
	// The header list lives as long as the page it describes; a later
	// page for the same URL rewrites it.
	if err := pc.store.Set(ctx, pc.headerKey(url), encodeVary(vary), timeout); err != nil {
		pc.log.WarnContext(ctx, "cachehttp: storing the page's header list failed; it is served uncached", "url", url, "err", err)
		return
	}
	if err := pc.store.Set(ctx, pc.pageKey(r.Method, url, vary, r), entry, timeout); err != nil {
		pc.log.WarnContext(ctx, "cachehttp: storing the page failed; it is served uncached", "url", url, "err", err)
	}
}

// headerDiff returns the headers the wrapped handlers set or changed
// (final against the outer middleware's before), minus those that must
// not be replayed, and the names they deleted. Outer middleware run again
// on a hit, so their own headers (a request ID) are not stored.
func headerDiff(before, final http.Header) (http.Header, []string) {
	stored := make(http.Header, len(final))
	for k, vs := range final {
		if unstorable(k) || slices.Equal(before[k], vs) {
			continue
		}
		stored[k] = vs
	}
	var deleted []string
	for k := range before {
		if _, ok := final[k]; !ok && !unstorable(k) {
			deleted = append(deleted, k)
		}
	}
	return stored, deleted
}

// unstorable lists the headers a stored page never carries: hop-by-hop
// ones (RFC 9110 section 7.6.1), per-response ones net/http or this
// package write, and cookies.
func unstorable(k string) bool {
	switch k {
	case "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization",
		"Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade",
		"Set-Cookie", "Date", "Content-Length", "X-Cache", "Expires":
		return true
	}
	return false
}

// getBuf and putBuf pool body buffers; a buffer that grew past maxSize is
// left for the garbage collector.
func (pc *pageCache) getBuf() []byte {
	if b, _ := pc.bufs.Get().(*[]byte); b != nil {
		return (*b)[:0]
	}
	return nil
}

func (pc *pageCache) putBuf(b []byte) {
	if b != nil && cap(b) <= pc.maxSize {
		b = b[:0]
		pc.bufs.Put(&b)
	}
}
