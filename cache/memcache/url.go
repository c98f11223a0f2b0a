package memcache

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// parseURL reads memcached://host1[:11211],host2[:11211][/][?params] into
// opts.Servers and the fields its parameters name. url.Parse cannot be
// used on the whole URL: it rejects comma-separated hosts.
func parseURL(rawURL string, opts *Options) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("memcache: URL %q: "+format, append([]any{rawURL}, args...)...)
	}
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok || !strings.EqualFold(scheme, "memcached") {
		return fail("write it as memcached://host:11211[,host2:11211]")
	}
	hostPart, query, _ := strings.Cut(rest, "?")
	hostPart = strings.TrimSuffix(hostPart, "/")
	if strings.ContainsAny(hostPart, "/@") {
		return fail("memcached has no databases or passwords; give only host:port pairs")
	}
	var servers []string
	for h := range strings.SplitSeq(hostPart, ",") {
		if h == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(h); err != nil {
			h = net.JoinHostPort(strings.Trim(h, "[]"), "11211")
		}
		servers = append(servers, h)
	}
	if len(servers) == 0 {
		return fail("no servers; write memcached://host:11211")
	}
	opts.Servers = servers
	q, err := url.ParseQuery(query)
	if err != nil {
		return fail("%v", err)
	}
	for name, vals := range q {
		v := vals[len(vals)-1]
		switch name {
		case "call_timeout":
			d, err := parseDuration(v)
			if err != nil {
				return fail("call_timeout=%q: %v", v, err)
			}
			opts.Timeout = d
		case "max_idle_conns", "max_value_size":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fail("%s=%q is not a non-negative integer", name, v)
			}
			if name == "max_idle_conns" {
				opts.MaxIdleConns = n
			} else {
				opts.MaxValueSize = n
			}
		default:
			return fail("unknown parameter %q (known: call_timeout, max_idle_conns, max_value_size)", name)
		}
	}
	return nil
}

// parseDuration reads a Go duration ("500ms") or a number of seconds.
func parseDuration(s string) (time.Duration, error) {
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		if n < 0 {
			return 0, fmt.Errorf("negative")
		}
		return time.Duration(n * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err == nil && d < 0 {
		return 0, fmt.Errorf("negative")
	}
	return d, err
}
