package testenv

import (
	"net"
	"strings"
	"testing"
)

func TestCacheServicesSkipOrFail(t *testing.T) {
	for _, c := range []struct {
		env string
		fn  func(testing.TB) string
		url string
	}{
		{"JAZZ_TEST_REDIS", Redis, "redis://" + closedPort(t) + "/15"},
		{"JAZZ_TEST_MEMCACHED", Memcached, "memcached://" + closedPort(t)},
	} {
		t.Setenv(c.env, c.url)
		t.Setenv("JAZZ_REQUIRE_SERVICES", "")
		f := &fakeTB{TB: t}
		if url := call(f, c.fn); url != "" || !strings.Contains(f.skipped, c.env) || f.failed != "" {
			t.Errorf("%s without the requirement: url %q skipped %q failed %q", c.env, url, f.skipped, f.failed)
		}
		t.Setenv("JAZZ_REQUIRE_SERVICES", "1")
		f = &fakeTB{TB: t}
		if call(f, c.fn); f.failed == "" || f.skipped != "" {
			t.Errorf("%s with JAZZ_REQUIRE_SERVICES=1: skipped %q failed %q", c.env, f.skipped, f.failed)
		}
	}
}

func TestCacheServiceReturnsURL(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	want := "memcached://" + l.Addr().String()
	t.Setenv("JAZZ_TEST_MEMCACHED", want)
	f := &fakeTB{TB: t}
	if got := call(f, Memcached); got != want || f.skipped != "" || f.failed != "" {
		t.Errorf("got %q (skipped %q failed %q)", got, f.skipped, f.failed)
	}
}

// A started server accepts connections, refuses them once stopped and
// accepts them again on the same port after Start.
func TestStartedServerStopsAndRestarts(t *testing.T) {
	for name, start := range map[string]func(testing.TB) *Server{"redis": StartRedisServer, "memcached": StartMemcachedServer} {
		t.Run(name, func(t *testing.T) {
			s := start(t)
			dial := func() error {
				c, err := net.Dial("tcp", s.Addr())
				if err == nil {
					c.Close()
				}
				return err
			}
			if err := dial(); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			s.Stop()
			if err := dial(); err == nil {
				t.Fatalf("%s still accepts connections after Stop", s)
			}
			s.Start()
			if err := dial(); err != nil {
				t.Fatalf("%s after a restart: %v", s, err)
			}
		})
	}
}
