package cachehttp

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ExpireNow, given as [CacheControlOptions.MaxAge] or SMaxAge, writes
// "max-age=0" (or "s-maxage=0"): a zero duration there means "leave the
// directive alone" instead.
const ExpireNow time.Duration = -1

// CacheControlOptions lists Cache-Control response directives to set (RFC
// 9111 section 5.2.2 and RFC 8246/5861). A false flag or a zero duration
// leaves the directive as the response already has it; there is no way to
// remove a directive through it. Durations are written in whole seconds,
// rounded down; a negative one writes 0 (see [ExpireNow]).
type CacheControlOptions struct {
	// Public lets shared caches store the response; it removes "private".
	Public bool
	// Private keeps the response out of shared caches; it removes "public".
	Private bool
	// NoCache makes every cache revalidate before reusing the response.
	NoCache bool
	// NoStore forbids storing the response at all.
	NoStore bool
	// MustRevalidate forbids serving it stale.
	MustRevalidate bool
	// ProxyRevalidate is MustRevalidate for shared caches only.
	ProxyRevalidate bool
	// NoTransform forbids intermediaries to change the body.
	NoTransform bool
	// Immutable says the body will not change while fresh (RFC 8246).
	Immutable bool
	// MaxAge is the freshness lifetime. When the response already has a
	// max-age, the smaller of the two is kept, so a view cannot be made to
	// live longer by a wrapper that meant to shorten it.
	MaxAge time.Duration
	// SMaxAge is the freshness lifetime for shared caches; it replaces any
	// s-maxage already there.
	SMaxAge time.Duration
	// StaleWhileRevalidate lets a cache serve the response this long after
	// it went stale while it revalidates in the background (RFC 5861).
	StaleWhileRevalidate time.Duration
	// StaleIfError lets a cache serve it this long after it went stale when
	// the origin fails (RFC 5861).
	StaleIfError time.Duration
}

// directive is one parsed Cache-Control directive; value is "" for a bare
// one. Names are lower-cased, as they are case-insensitive.
type directive struct{ name, value string }

// parseCacheControl splits every Cache-Control value of a header into
// directives, in order. Quoted values lose their quotes; a quoted value
// holding a comma (no-cache="a, b") is kept whole.
func parseCacheControl(values []string) []directive {
	var out []directive
	for _, v := range values {
		for v != "" {
			var part string
			part, v = nextDirective(v)
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			name, value, _ := strings.Cut(part, "=")
			name = strings.ToLower(strings.TrimSpace(name))
			value = strings.TrimSpace(value)
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = value[1 : len(value)-1]
			}
			out = append(out, directive{name, value})
		}
	}
	return out
}

// nextDirective returns the text up to the first comma outside quotes and
// the rest after that comma.
func nextDirective(s string) (part, rest string) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				return s[:i], s[i+1:]
			}
		}
	}
	return s, ""
}

// seconds parses a delta-seconds value (RFC 9111 section 1.2.2). A value
// too large for an int saturates, as the RFC asks.
func seconds(v string) (int64, bool) {
	if v == "" {
		return 0, false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 1<<31 - 1, true // all digits: only overflow can fail
	}
	return n, true
}

func formatCacheControl(ds []directive) string {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.name)
		if d.value != "" {
			b.WriteByte('=')
			b.WriteString(d.value)
		}
	}
	return b.String()
}

func durationSeconds(d time.Duration) string {
	if d < 0 {
		return "0"
	}
	return strconv.FormatInt(int64(d/time.Second), 10)
}

// PatchCacheControl merges opts into h's Cache-Control header, keeping the
// directives h already has in their order, appending new ones in the order
// of the [CacheControlOptions] fields, and writing the result as one
// header value. Setting Public removes "private" and
// Private removes "public". An existing max-age is lowered to opts.MaxAge
// but never raised; other valued directives are replaced. A nil h panics;
// h must not be shared with another goroutine during the call.
func PatchCacheControl(h http.Header, opts CacheControlOptions) {
	ds := parseCacheControl(h.Values("Cache-Control"))
	set := func(name, value string) {
		for i := range ds {
			if ds[i].name == name {
				ds[i].value = value
				return
			}
		}
		ds = append(ds, directive{name, value})
	}
	drop := func(name string) {
		out := ds[:0]
		for _, d := range ds {
			if d.name != name {
				out = append(out, d)
			}
		}
		ds = out
	}
	flag := func(on bool, name string) {
		if on {
			set(name, "")
		}
	}
	if opts.Public {
		drop("private")
	}
	if opts.Private {
		drop("public")
	}
	flag(opts.Public, "public")
	flag(opts.Private, "private")
	flag(opts.NoCache, "no-cache")
	flag(opts.NoStore, "no-store")
	flag(opts.MustRevalidate, "must-revalidate")
	flag(opts.ProxyRevalidate, "proxy-revalidate")
	flag(opts.NoTransform, "no-transform")
	flag(opts.Immutable, "immutable")
	if opts.MaxAge != 0 {
		v := durationSeconds(opts.MaxAge)
		for _, d := range ds {
			if d.name == "max-age" {
				// Keep the stricter of the two lifetimes.
				if old, ok := seconds(d.value); ok {
					if n, _ := seconds(v); old < n {
						v = d.value
					}
				}
				break
			}
		}
		set("max-age", v)
	}
	if opts.SMaxAge != 0 {
		set("s-maxage", durationSeconds(opts.SMaxAge))
	}
	if opts.StaleWhileRevalidate != 0 {
		set("stale-while-revalidate", durationSeconds(opts.StaleWhileRevalidate))
	}
	if opts.StaleIfError != 0 {
		set("stale-if-error", durationSeconds(opts.StaleIfError))
	}
	if len(ds) == 0 {
		h.Del("Cache-Control")
		return
	}
	h.Set("Cache-Control", formatCacheControl(ds))
}

// PatchVary adds headers to h's Vary header, skipping names already listed
// (compared case-insensitively) and keeping the existing order, and writes
// the result as one value. When "*" ends up in the list, Vary becomes just
// "*", since the response then varies on everything. Empty names are
// ignored; with nothing to add h is left as it is. A nil h panics.
func PatchVary(h http.Header, headers ...string) {
	existing := varyList(h)
	changed := len(h.Values("Vary")) > 1
	for _, name := range headers {
		name = strings.TrimSpace(name)
		if name == "" || containsFold(existing, name) {
			continue
		}
		existing = append(existing, name)
		changed = true
	}
	if !changed {
		return
	}
	if containsFold(existing, "*") {
		h.Set("Vary", "*")
		return
	}
	h.Set("Vary", strings.Join(existing, ", "))
}

// varyList returns the field names h's Vary header lists, in order.
func varyList(h http.Header) []string {
	var out []string
	for _, v := range h.Values("Vary") {
		for f := range strings.SplitSeq(v, ",") {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// PatchNeverCache marks the response in h as never to be cached, as
// Django's add_never_cache_headers does: Expires is set to now (unless
// present) and Cache-Control gets "max-age=0, no-cache, no-store,
// must-revalidate, private". now is the current time; a nil h panics.
func PatchNeverCache(h http.Header, now time.Time) {
	if h.Get("Expires") == "" {
		h.Set("Expires", now.UTC().Format(http.TimeFormat))
	}
	PatchCacheControl(h, CacheControlOptions{
		MaxAge: ExpireNow, NoCache: true, NoStore: true, MustRevalidate: true, Private: true,
	})
}
