package testenv

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Default cache server URLs, used when the environment variables are
// unset. Redis tests use database 15 so that they never touch the data of
// database 0 on a developer's server.
const (
	DefaultRedis     = "redis://127.0.0.1:6379/15"
	DefaultMemcached = "memcached://127.0.0.1:11211"
)

// Redis returns the URL of the Redis server for tests: $JAZZ_TEST_REDIS,
// else [DefaultRedis]. When nothing listens at its address the test is
// skipped with a message naming the variable, or fails when
// JAZZ_REQUIRE_SERVICES=1, exactly like [Postgres]. Safe for concurrent
// use; the address is probed once per process.
func Redis(t testing.TB) string {
	t.Helper()
	return service(t, "Redis", "JAZZ_TEST_REDIS", DefaultRedis, "6379")
}

// Memcached returns the URL of the memcached server for tests:
// $JAZZ_TEST_MEMCACHED (a URL such as memcached://host:11211), else
// [DefaultMemcached], skipping or failing like [Redis]. Only the first
// host of a comma-separated list is probed.
func Memcached(t testing.TB) string {
	t.Helper()
	return service(t, "memcached", "JAZZ_TEST_MEMCACHED", DefaultMemcached, "11211")
}

// Server is a server process that a test started itself on a free
// loopback port, for tests that must stop and restart the server (failure
// tests) or that need a server nobody else uses. It is stopped by the
// test's cleanup. Its methods are safe for concurrent use.
type Server struct {
	t    testing.TB
	name string
	path string
	args []string
	port int

	mu  sync.Mutex
	cmd *exec.Cmd
	out *bytes.Buffer
}

// StartRedisServer starts redis-server on a free port with persistence
// off. Without the redis-server binary the test is skipped, or fails when
// JAZZ_REQUIRE_SERVICES=1.
func StartRedisServer(t testing.TB) *Server {
	t.Helper()
	return startServer(t, "redis-server", func(port int) []string {
		return []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"}
	})
}

// StartMemcachedServer starts memcached on a free port with UDP off and
// the default 1 MB item size limit. Without the memcached binary the test
// is skipped, or fails when JAZZ_REQUIRE_SERVICES=1.
func StartMemcachedServer(t testing.TB) *Server {
	t.Helper()
	return startServer(t, "memcached", func(port int) []string {
		args := []string{"-p", strconv.Itoa(port), "-U", "0", "-l", "127.0.0.1", "-m", "64"}
		if os.Geteuid() == 0 {
			// memcached refuses to run as root unless told which user to be.
			args = append(args, "-u", "root")
		}
		return args
	})
}

func startServer(t testing.TB, binary string, args func(port int) []string) *Server {
	t.Helper()
	path, err := exec.LookPath(binary)
	if err != nil {
		msg := "testenv: " + binary + " not found in PATH; install it (apt-get install " + binary + ")"
		if RequireServices() {
			t.Fatal(msg + " [JAZZ_REQUIRE_SERVICES=1]")
		}
		t.Skip(msg + " (skipping; JAZZ_REQUIRE_SERVICES=1 makes this a failure)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testenv: finding a free port: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &Server{t: t, name: binary, path: path, args: args(port), port: port}
	t.Cleanup(s.Stop)
	s.Start()
	return s
}

// Addr returns the server's host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// Start starts the server (again) on its port and waits until it accepts
// connections, failing the test after 10 seconds. Starting a running
// server does nothing.
func (s *Server) Start() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	s.out = new(bytes.Buffer)
	cmd := exec.Command(s.path, s.args...)
	cmd.Stdout, cmd.Stderr = s.out, s.out
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("testenv: starting %s: %v", s.name, err)
	}
	s.cmd = cmd
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.Addr(), time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("testenv: %s did not accept connections at %s within 10s: %v\n%s", s.name, s.Addr(), err, s.out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Stop kills the server (SIGKILL, as a crash would) and waits for it to
// exit, so its port is free again when Stop returns. Stopping a stopped
// server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// String describes the server for test messages.
func (s *Server) String() string { return fmt.Sprintf("%s at %s", s.name, s.Addr()) }
