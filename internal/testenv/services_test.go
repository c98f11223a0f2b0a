package testenv

import (
	"net"
	"strings"
	"testing"
)

// fakeTB records Skip and Fatal instead of ending the test.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

type stop struct{}

func (f *fakeTB) Helper()               {}
func (f *fakeTB) Skip(args ...any)      { f.skipped = args[0].(string); panic(stop{}) }
func (f *fakeTB) Fatal(args ...any)     { f.failed = args[0].(string); panic(stop{}) }
func (f *fakeTB) Fatalf(string, ...any) { f.failed = "fatalf"; panic(stop{}) }

func call(f *fakeTB, fn func(testing.TB) string) (url string) {
	defer func() {
		if r := recover(); r != nil && r != (stop{}) {
			panic(r)
		}
	}()
	return fn(f)
}

func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestServiceSkipsOrFails(t *testing.T) {
	t.Setenv("JAZZ_TEST_POSTGRES", "postgres://u@"+closedPort(t)+"/db")
	t.Setenv("JAZZ_REQUIRE_SERVICES", "")
	f := &fakeTB{TB: t}
	if url := call(f, Postgres); url != "" || !strings.Contains(f.skipped, "JAZZ_TEST_POSTGRES") || f.failed != "" {
		t.Errorf("without the requirement: url %q skipped %q failed %q", url, f.skipped, f.failed)
	}
	t.Setenv("JAZZ_REQUIRE_SERVICES", "1")
	f = &fakeTB{TB: t}
	if call(f, Postgres); f.failed == "" || f.skipped != "" {
		t.Errorf("with JAZZ_REQUIRE_SERVICES=1: skipped %q failed %q", f.skipped, f.failed)
	}
}

func TestServiceReturnsURLWhenListening(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	want := "mysql://root@" + l.Addr().String() + "/test"
	t.Setenv("JAZZ_TEST_MYSQL", want)
	f := &fakeTB{TB: t}
	if got := call(f, MySQL); got != want || f.skipped != "" || f.failed != "" {
		t.Errorf("got %q (skipped %q failed %q)", got, f.skipped, f.failed)
	}
}
