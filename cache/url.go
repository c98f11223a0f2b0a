package cache

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// OpenFunc turns a cache URL into a backend; see [Register]. u's query
// no longer holds the parameters [Open] handles itself (timeout,
// key_prefix, version); an OpenFunc rejects any it does not know, with
// [CheckQuery]. opts is the caller's, for its Logger and Name.
type OpenFunc func(u *url.URL, opts Options) (Backend, error)

var registry = struct {
	sync.RWMutex
	m map[string]OpenFunc
}{m: map[string]OpenFunc{}}

// Where the first-party backends that need a driver live, for the error
// about an unknown scheme.
var schemeImports = map[string]string{
	"redis":           "github.com/jazzgo/jazz/cache/rediscache",
	"rediss":          "github.com/jazzgo/jazz/cache/rediscache",
	"redis+cluster":   "github.com/jazzgo/jazz/cache/rediscache",
	"rediss+cluster":  "github.com/jazzgo/jazz/cache/rediscache",
	"redis+sentinel":  "github.com/jazzgo/jazz/cache/rediscache",
	"rediss+sentinel": "github.com/jazzgo/jazz/cache/rediscache",
	"memcached":       "github.com/jazzgo/jazz/cache/memcache",
	"db":              "github.com/jazzgo/jazz/cache/dbcache",
}

func init() {
	Register("locmem", openLocMem)
	Register("file", openFile)
	Register("dummy", openDummy)
}

// Register makes a backend available to [Open] under a URL scheme
// (case-insensitive). Backend packages call it from init. It panics when
// scheme is empty, open is nil or the scheme is taken: programming errors
// found at start-up. It is safe for concurrent use.
func Register(scheme string, open func(u *url.URL, opts Options) (Backend, error)) {
	scheme = strings.ToLower(scheme)
	if scheme == "" || open == nil {
		panic(fmt.Sprintf("cache: Register(%q) needs a scheme and an open function", scheme))
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.m[scheme]; dup {
		panic(fmt.Sprintf("cache: Register called twice for scheme %q", scheme))
	}
	registry.m[scheme] = open
}

// Schemes returns the registered URL schemes, sorted.
func Schemes() []string {
	registry.RLock()
	defer registry.RUnlock()
	out := make([]string, 0, len(registry.m))
	for s := range registry.m {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// Open returns a Cache over the backend a URL names (the CACHE_URL
// setting):
//
//	locmem://[name]?max_entries=300&cull_frequency=3&shards=16
//	file:///abs/dir?max_entries=300&cull_frequency=3
//	file://./relative/dir        (relative to the working directory)
//	dummy://
//	redis://…      registered by importing cache/rediscache
//	memcached://…  registered by importing cache/memcache
//	db://table     registered by importing cache/dbcache
//
// Every scheme also takes timeout (seconds, decimals allowed; 0 expires
// values at once; "none" never expires), key_prefix and version, which
// override the same fields of opts. A locmem name only labels the cache
// (as Options.Name when that is empty): unlike Django, two caches opened
// with one name do not share memory, so open once and share the *Cache.
//
// An unknown scheme or parameter and a malformed value are errors that
// name them; errors never show the URL's password.
func Open(rawURL string, opts Options) (*Cache, error) {
	return OpenWith(rawURL, opts, nil)
}

// OpenWith is [Open] with extra schemes for this call only, consulted
// before the registry. It is how a project wires backends that need its
// own resources, such as db:// with the project's databases, without a
// process-wide registration.
func OpenWith(rawURL string, opts Options, schemes map[string]OpenFunc) (*Cache, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" {
		return nil, fmt.Errorf("cache: cannot read cache URL %s; write it as locmem://, file:///abs/dir, redis://host:6379/0…", redactURL(rawURL))
	}
	scheme := strings.ToLower(u.Scheme)
	open := schemes[scheme]
	if open == nil {
		registry.RLock()
		open = registry.m[scheme]
		registry.RUnlock()
	}
	if open == nil {
		hint := "is the package that registers it imported?"
		if imp, ok := schemeImports[scheme]; ok {
			hint = fmt.Sprintf("import _ %q to register it", imp)
		}
		return nil, fmt.Errorf("cache: unknown cache URL scheme %q in %s: %s (registered: %s)",
			scheme, u.Redacted(), hint, strings.Join(Schemes(), ", "))
	}
	q := u.Query()
	if v, ok := popParam(q, "timeout"); ok {
		if opts.DefaultTimeout, err = parseTimeout(v); err != nil {
			return nil, fmt.Errorf("cache: timeout=%q in %s: %w", v, u.Redacted(), err)
		}
	}
	if v, ok := popParam(q, "key_prefix"); ok {
		opts.KeyPrefix = v
	}
	if v, ok := popParam(q, "version"); ok {
		if opts.Version, err = strconv.Atoi(v); err != nil {
			return nil, fmt.Errorf("cache: version=%q in %s must be an integer", v, u.Redacted())
		}
	}
	if scheme == "locmem" && opts.Name == "" {
		opts.Name = u.Host
	}
	bu := *u
	bu.RawQuery = q.Encode()
	b, err := open(&bu, opts)
	if err != nil {
		return nil, err
	}
	return New(b, opts), nil
}

func popParam(q url.Values, name string) (string, bool) {
	v, ok := q[name]
	if !ok {
		return "", false
	}
	delete(q, name)
	if len(v) == 0 {
		return "", true
	}
	return v[len(v)-1], true
}

// parseTimeout reads the timeout parameter into a DefaultTimeout.
func parseTimeout(v string) (time.Duration, error) {
	if strings.EqualFold(v, "none") {
		return Forever, nil
	}
	secs, err := strconv.ParseFloat(v, 64)
	if err != nil || secs < 0 || secs > 1e9 {
		return 0, fmt.Errorf(`give seconds (300, 0.5) or "none" for no expiry`)
	}
	if secs == 0 {
		return -1, nil // expire at once, as Django's TIMEOUT=0
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// CheckQuery returns an error naming the first query parameter of u that
// is not in allowed, for an [OpenFunc] to reject parameters it does not
// know (a typo must not pass silently).
func CheckQuery(u *url.URL, allowed ...string) error {
	keys := make([]string, 0)
	for k := range u.Query() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			known := append([]string{"timeout", "key_prefix", "version"}, allowed...)
			return fmt.Errorf("cache: unknown parameter %q in %s URL %s (known: %s)",
				k, u.Scheme, u.Redacted(), strings.Join(known, ", "))
		}
	}
	return nil
}

// IntParam reads an integer query parameter of u, or def when it is
// absent. The error names the parameter and the URL.
func IntParam(u *url.URL, name string, def int) (int, error) {
	v := u.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("cache: %s=%q in %s URL %s must be an integer", name, v, u.Scheme, u.Redacted())
	}
	return n, nil
}

func redactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	scheme, _, _ := strings.Cut(raw, "://")
	return strconv.Quote(scheme + "://…")
}

func openLocMem(u *url.URL, _ Options) (Backend, error) {
	if err := CheckQuery(u, "max_entries", "cull_frequency", "shards"); err != nil {
		return nil, err
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("cache: locmem URL %s has a path; write locmem:// or locmem://name", u.Redacted())
	}
	var o LocMemOptions
	var err error
	if o.MaxEntries, err = IntParam(u, "max_entries", 0); err != nil {
		return nil, err
	}
	if o.CullFrequency, err = IntParam(u, "cull_frequency", 0); err != nil {
		return nil, err
	}
	if o.Shards, err = IntParam(u, "shards", 0); err != nil {
		return nil, err
	}
	return NewLocMem(o), nil
}

func openFile(u *url.URL, _ Options) (Backend, error) {
	if err := CheckQuery(u, "max_entries", "cull_frequency"); err != nil {
		return nil, err
	}
	var dir string
	switch u.Host {
	case "":
		dir = u.Path
	case ".":
		dir = "." + u.Path
	default:
		return nil, fmt.Errorf("cache: file URL %s names host %q; write file:///abs/dir or file://./relative/dir", u.Redacted(), u.Host)
	}
	if dir == "" || dir == "/" {
		return nil, fmt.Errorf("cache: file URL %s has no directory; write file:///abs/dir or file://./relative/dir", u.Redacted())
	}
	var o FileOptions
	var err error
	if o.MaxEntries, err = IntParam(u, "max_entries", 0); err != nil {
		return nil, err
	}
	if o.CullFrequency, err = IntParam(u, "cull_frequency", 0); err != nil {
		return nil, err
	}
	return NewFile(dir, o)
}

func openDummy(u *url.URL, _ Options) (Backend, error) {
	if err := CheckQuery(u); err != nil {
		return nil, err
	}
	return Dummy{}, nil
}
