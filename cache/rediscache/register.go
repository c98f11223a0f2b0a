package rediscache

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/jazzgo/jazz/cache"
)

// Schemes are the URL schemes this package registers with
// [cache.Register] when imported.
var Schemes = []string{"redis", "rediss", "redis+cluster", "rediss+cluster", "redis+sentinel", "rediss+sentinel"}

func init() {
	for _, s := range Schemes {
		cache.Register(s, Open)
	}
}

// Open is the [cache.OpenFunc] behind the redis:// schemes: it makes a
// backend from u (see [ParseURL] for the forms). Besides go-redis's
// parameters, call_timeout (a Go duration such as 500ms, or seconds) sets
// [Options.Timeout]. [cache.Open] has already taken out its own
// parameters (timeout, key_prefix, version).
func Open(u *url.URL, _ cache.Options) (cache.Backend, error) {
	var opts Options
	uu := *u
	q := uu.Query()
	if v := q.Get("call_timeout"); v != "" {
		d, err := parseDuration(v)
		if err != nil {
			return nil, fmt.Errorf("rediscache: call_timeout=%q in %s: %w (write 500ms or 2)", v, redact(u.String()), err)
		}
		opts.Timeout = d
		q.Del("call_timeout")
		uu.RawQuery = q.Encode()
	}
	opts.URL = uu.String()
	return New(opts)
}

// parseDuration reads a Go duration ("500ms") or a number of seconds.
func parseDuration(s string) (time.Duration, error) {
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		if n <= 0 {
			return 0, errors.New("must be positive")
		}
		return time.Duration(n * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err == nil && d <= 0 {
		return 0, errors.New("must be positive")
	}
	return d, err
}
