package memcache

import (
	"net/url"

	"github.com/jazzgo/jazz/cache"
)

func init() { cache.Register("memcached", Open) }

// Open is the [cache.OpenFunc] behind memcached:// URLs:
// memcached://host1:11211,host2:11211 with the optional parameters
// call_timeout, max_idle_conns and max_value_size (see [Options]).
// [cache.Open] has already taken out its own parameters (timeout,
// key_prefix, version).
func Open(u *url.URL, _ cache.Options) (cache.Backend, error) {
	return New(Options{URL: u.String()})
}
