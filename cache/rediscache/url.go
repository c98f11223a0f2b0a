package rediscache

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// The query parameters that bound network I/O. When a URL sets none of
// them, each takes the backend's call timeout, so that one slow socket
// cannot outlast a call.
var timeoutParams = []string{"dial_timeout", "read_timeout", "write_timeout", "pool_timeout"}

// ParseURL checks rawURL and returns the go-redis options it describes:
// a *redis.Options, *redis.ClusterOptions or *redis.FailoverOptions. It
// accepts
//
//	redis://[[user]:password@]host[:6379][/db][?param=value&...]
//	rediss://...                                         (TLS)
//	redis+cluster://[[user]:password@]host1:port,host2:port[?...]
//	rediss+cluster://...                                 (TLS)
//	redis+sentinel://master[:password]@host1:26379,host2:26379[/db][?...]
//	rediss+sentinel://...                                (TLS)
//
// The parameters are go-redis's (dial_timeout, read_timeout,
// write_timeout, pool_size, max_retries, ...; a number without a unit is
// seconds); unknown ones are errors. For Sentinel the user part names the
// master and its password is the master's; sentinel_username and
// sentinel_password authenticate to the Sentinels, username to the master.
// Special characters in a password must be percent-encoded. The timeouts a
// URL leaves unset take callTimeout, and context deadlines are honoured
// on every socket read and write. Unless the URL says otherwise a failed
// command is retried once (max_retries=1: enough to replace a pooled
// connection that a server restart broke) and a refused dial is not
// retried, so that calls fail fast while the server is down instead of
// spending their whole timeout on retries.
func ParseURL(rawURL string, callTimeout time.Duration) (any, error) {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return nil, fmt.Errorf("rediscache: URL %q has no scheme; write redis://host:6379/0", redact(rawURL))
	}
	base, variant, _ := strings.Cut(strings.ToLower(scheme), "+")
	if base != "redis" && base != "rediss" {
		return nil, fmt.Errorf("rediscache: URL %q: unknown scheme %q (use redis, rediss, redis+cluster or redis+sentinel)", redact(rawURL), scheme)
	}
	given := map[string]bool{}
	if _, query, ok := strings.Cut(rest, "?"); ok {
		if q, err := url.ParseQuery(query); err == nil {
			for k := range q {
				given[k] = true
			}
		}
	}
	fail := func(err error) (any, error) {
		return nil, fmt.Errorf("rediscache: URL %q: %w", redact(rawURL), err)
	}
	switch variant {
	case "":
		u, err := url.Parse(base + "://" + rest)
		if err != nil {
			return fail(err)
		}
		q := u.Query()
		defaults(q, callTimeout)
		u.RawQuery = q.Encode()
		o, err := redis.ParseURL(u.String())
		if err != nil {
			return fail(err)
		}
		o.ContextTimeoutEnabled = true
		if !given["max_retries"] {
			o.MaxRetries = 1
		}
		o.DialerRetries = 1
		return o, nil
	case "cluster":
		userinfo, hosts, path, q, err := splitHosts(rest, "6379")
		if err != nil {
			return fail(err)
		}
		if path != "" && path != "/" {
			return fail(fmt.Errorf("a cluster has only database 0; remove the path %q", path))
		}
		defaults(q, callTimeout)
		q["addr"] = hosts[1:]
		u := &url.URL{Scheme: base, User: userinfo, Host: hosts[0], RawQuery: q.Encode()}
		o, err := redis.ParseClusterURL(u.String())
		if err != nil {
			return fail(err)
		}
		o.ContextTimeoutEnabled = true
		if !given["max_retries"] {
			o.MaxRetries = 1
		}
		if !given["dialer_retries"] {
			o.DialerRetries = 1
		}
		return o, nil
	case "sentinel":
		userinfo, hosts, path, q, err := splitHosts(rest, "26379")
		if err != nil {
			return fail(err)
		}
		if userinfo == nil || userinfo.Username() == "" {
			return fail(fmt.Errorf("name the master before the hosts: %s+sentinel://mymaster@host:26379", base))
		}
		sentUser, sentPass := q.Get("sentinel_username"), q.Get("sentinel_password")
		q.Del("sentinel_username")
		q.Del("sentinel_password")
		defaults(q, callTimeout)
		q.Set("master_name", userinfo.Username())
		if pw, ok := userinfo.Password(); ok {
			q.Set("password", pw)
		}
		q["addr"] = hosts[1:]
		u := &url.URL{Scheme: base, Host: hosts[0], Path: path, RawQuery: q.Encode()}
		o, err := redis.ParseFailoverURL(u.String())
		if err != nil {
			return fail(err)
		}
		o.SentinelUsername, o.SentinelPassword = sentUser, sentPass
		o.ContextTimeoutEnabled = true
		if !given["max_retries"] {
			o.MaxRetries = 1
		}
		if !given["dialer_retries"] {
			o.DialerRetries = 1
		}
		return o, nil
	}
	return fail(fmt.Errorf("unknown variant %q (use redis+cluster or redis+sentinel)", variant))
}

// newClient makes the client rawURL describes.
func newClient(rawURL string, callTimeout time.Duration) (redis.UniversalClient, error) {
	o, err := ParseURL(rawURL, callTimeout)
	if err != nil {
		return nil, err
	}
	switch o := o.(type) {
	case *redis.Options:
		return redis.NewClient(o), nil
	case *redis.ClusterOptions:
		return redis.NewClusterClient(o), nil
	case *redis.FailoverOptions:
		return redis.NewFailoverClient(o), nil
	}
	panic("unreachable")
}

// defaults fills the timeout parameters q leaves unset.
func defaults(q url.Values, callTimeout time.Duration) {
	for _, p := range timeoutParams {
		if q.Get(p) == "" {
			q.Set(p, callTimeout.String())
		}
	}
}

// splitHosts takes apart "[userinfo@]h1[:p],h2[:p][/path][?query]", which
// url.Parse rejects because of the comma-separated hosts. Hosts without a
// port get defPort.
func splitHosts(rest, defPort string) (userinfo *url.Userinfo, hosts []string, path string, q url.Values, err error) {
	authority := rest
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		authority = rest[:i]
		tail := rest[i:]
		if p, query, ok := strings.Cut(tail, "?"); ok {
			path = p
			if q, err = url.ParseQuery(query); err != nil {
				return nil, nil, "", nil, err
			}
		} else {
			path = tail
		}
	}
	if q == nil {
		q = url.Values{}
	}
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		u, perr := url.Parse("x://" + authority[:at] + "@x")
		if perr != nil {
			return nil, nil, "", nil, fmt.Errorf("bad user or password (percent-encode special characters): %w", perr)
		}
		userinfo = u.User
		authority = authority[at+1:]
	}
	for h := range strings.SplitSeq(authority, ",") {
		if h == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(h); err != nil {
			h = net.JoinHostPort(strings.Trim(h, "[]"), defPort)
		}
		hosts = append(hosts, h)
	}
	if len(hosts) == 0 {
		return nil, nil, "", nil, fmt.Errorf("no hosts; list them as host1:port,host2:port")
	}
	return userinfo, hosts, path, q, nil
}

// redact hides any password in a URL for error messages.
func redact(rawURL string) string {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return rawURL
	}
	end := len(rest)
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		end = i
	}
	at := strings.LastIndexByte(rest[:end], '@')
	if at < 0 {
		if strings.Contains(rest[end:], "password=") {
			return scheme + "://" + rest[:end] + "?xxxxx"
		}
		return rawURL
	}
	user, _, hasPw := strings.Cut(rest[:at], ":")
	if hasPw {
		user += ":xxxxx"
	}
	tail := rest[end:]
	if strings.Contains(tail, "password=") {
		tail = "?xxxxx"
	}
	return scheme + "://" + user + rest[at:end] + tail
}
