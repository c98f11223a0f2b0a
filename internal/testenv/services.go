package testenv

import (
	"net"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"
)

// Default server URLs, used when the environment variables are unset.
const (
	DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultMySQL    = "mysql://root@127.0.0.1:3306/test"
)

// Postgres returns the URL of the PostgreSQL server for tests:
// $JAZZ_TEST_POSTGRES, else [DefaultPostgres]. When nothing listens at its
// address the test is skipped with a message naming the variable, or fails
// when JAZZ_REQUIRE_SERVICES=1 (as in CI). Safe for concurrent use; the
// address is probed once per process.
func Postgres(t testing.TB) string {
	t.Helper()
	return service(t, "PostgreSQL", "JAZZ_TEST_POSTGRES", DefaultPostgres, "5432")
}

// MySQL returns the URL of the MySQL/MariaDB server for tests:
// $JAZZ_TEST_MYSQL, else [DefaultMySQL], skipping or failing like
// [Postgres].
func MySQL(t testing.TB) string {
	t.Helper()
	return service(t, "MySQL/MariaDB", "JAZZ_TEST_MYSQL", DefaultMySQL, "3306")
}

// RequireServices reports whether JAZZ_REQUIRE_SERVICES=1: a missing
// server is then a failure, not a skip.
func RequireServices() bool { return os.Getenv("JAZZ_REQUIRE_SERVICES") == "1" }

var probes sync.Map // address -> func() error (sync.OnceValue)

func service(t testing.TB, what, env, def, defPort string) string {
	t.Helper()
	raw := os.Getenv(env)
	if raw == "" {
		raw = def
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("testenv: %s=%q is not a URL: %v", env, raw, err)
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		host = "127.0.0.1"
	}
	if port == "" {
		port = defPort
	}
	addr := net.JoinHostPort(host, port)
	probe, _ := probes.LoadOrStore(addr, sync.OnceValue(func() error {
		c, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err == nil {
			c.Close()
		}
		return err
	}))
	if err := probe.(func() error)(); err != nil {
		msg := "testenv: " + what + " not reachable at " + addr + " (" + err.Error() + "); start it or point " + env + " at one"
		if RequireServices() {
			t.Fatal(msg + " [JAZZ_REQUIRE_SERVICES=1]")
		}
		t.Skip(msg + " (skipping; JAZZ_REQUIRE_SERVICES=1 makes this a failure)")
	}
	return raw
}
