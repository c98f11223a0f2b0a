package rediscache

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jazzgo/jazz/cache"
)

func TestParseURLPlain(t *testing.T) {
	o, err := ParseURL("redis://:s3cret@cache.internal:6380/2?read_timeout=3s", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ro, ok := o.(*redis.Options)
	if !ok {
		t.Fatalf("got %T, want *redis.Options", o)
	}
	if ro.Addr != "cache.internal:6380" || ro.DB != 2 || ro.Password != "s3cret" || ro.TLSConfig != nil {
		t.Errorf("addr %q db %d password %q tls %v", ro.Addr, ro.DB, ro.Password, ro.TLSConfig)
	}
	if ro.ReadTimeout != 3*time.Second || ro.WriteTimeout != time.Second || ro.DialTimeout != time.Second || ro.PoolTimeout != time.Second {
		t.Errorf("timeouts: read %v write %v dial %v pool %v", ro.ReadTimeout, ro.WriteTimeout, ro.DialTimeout, ro.PoolTimeout)
	}
	if !ro.ContextTimeoutEnabled {
		t.Error("context deadlines are not honoured on the socket")
	}
	o, err = ParseURL("rediss://h", 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if ro := o.(*redis.Options); ro.TLSConfig == nil || ro.Addr != "h:6379" || ro.DB != 0 || ro.ReadTimeout != 2*time.Second {
		t.Errorf("rediss: %+v", ro)
	}
}

func TestParseURLCluster(t *testing.T) {
	o, err := ParseURL("redis+cluster://:pw@n1:7000,n2:7001,n3?max_redirects=5", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	co, ok := o.(*redis.ClusterOptions)
	if !ok {
		t.Fatalf("got %T, want *redis.ClusterOptions", o)
	}
	if !slices.Equal(co.Addrs, []string{"n1:7000", "n2:7001", "n3:6379"}) || co.Password != "pw" || co.MaxRedirects != 5 {
		t.Errorf("addrs %q password %q max_redirects %d", co.Addrs, co.Password, co.MaxRedirects)
	}
	if co.ReadTimeout != time.Second || !co.ContextTimeoutEnabled {
		t.Errorf("read timeout %v, context %v", co.ReadTimeout, co.ContextTimeoutEnabled)
	}
	if _, err := ParseURL("redis+cluster://n1,n2/3", time.Second); err == nil {
		t.Error("a cluster URL with a database number was accepted")
	}
}

func TestParseURLSentinel(t *testing.T) {
	o, err := ParseURL("redis+sentinel://mymaster:m%40ster@s1,s2:26380/4?sentinel_password=sp&dial_timeout=250ms", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	fo, ok := o.(*redis.FailoverOptions)
	if !ok {
		t.Fatalf("got %T, want *redis.FailoverOptions", o)
	}
	if fo.MasterName != "mymaster" || fo.Password != "m@ster" || fo.SentinelPassword != "sp" || fo.DB != 4 {
		t.Errorf("master %q password %q sentinel password %q db %d", fo.MasterName, fo.Password, fo.SentinelPassword, fo.DB)
	}
	if !slices.Equal(fo.SentinelAddrs, []string{"s1:26379", "s2:26380"}) {
		t.Errorf("sentinels %q", fo.SentinelAddrs)
	}
	if fo.DialTimeout != 250*time.Millisecond || fo.ReadTimeout != time.Second {
		t.Errorf("dial %v read %v", fo.DialTimeout, fo.ReadTimeout)
	}
	if _, err := ParseURL("redis+sentinel://s1,s2", time.Second); err == nil || !strings.Contains(err.Error(), "master") {
		t.Errorf("a sentinel URL without a master: %v", err)
	}
}

func TestParseURLErrorsHidePasswords(t *testing.T) {
	for _, raw := range []string{
		"redis://:topsecret@h/0?nope=1",
		"redis+cluster://:topsecret@h1,h2?nope=1",
		"redis+sentinel://m:topsecret@h1?nope=1",
		"redis+foo://:topsecret@h",
		"memcached://:topsecret@h",
	} {
		_, err := ParseURL(raw, time.Second)
		if err == nil {
			t.Errorf("%s: no error", raw)
			continue
		}
		if strings.Contains(err.Error(), "topsecret") {
			t.Errorf("%s: error shows the password: %v", raw, err)
		}
		if !strings.HasPrefix(err.Error(), "rediscache: ") {
			t.Errorf("%s: error does not name the package: %v", raw, err)
		}
	}
}

func TestOpenRegistered(t *testing.T) {
	for _, s := range Schemes {
		if !slices.Contains(cache.Schemes(), s) {
			t.Errorf("scheme %q is not registered", s)
		}
	}
	c, err := cache.Open("redis://127.0.0.1:1/0?call_timeout=250ms&key_prefix=site&timeout=60", cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	b := c.Backend().(*Backend)
	if b.timeout != 250*time.Millisecond {
		t.Errorf("call_timeout gave %v", b.timeout)
	}
	if ro := b.c.(*redis.Client).Options(); ro.ReadTimeout != 250*time.Millisecond {
		t.Errorf("read timeout %v, want the call timeout", ro.ReadTimeout)
	}
	u, _ := url.Parse("redis://h/0?call_timeout=soon")
	if _, err := Open(u, cache.Options{}); err == nil {
		t.Error("a bad call_timeout was accepted")
	}
}

func TestEscapeGlob(t *testing.T) {
	if got := escapeGlob(`a*b?c[d]e\f^g`); got != `a\*b\?c\[d\]e\\f\^g` {
		t.Errorf("escapeGlob = %s", got)
	}
	if got := escapeGlob("plain:"); got != "plain:" {
		t.Errorf("escapeGlob(plain) = %s", got)
	}
}
