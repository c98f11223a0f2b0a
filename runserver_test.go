package jazz

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jazzgo/jazz/urls"
)

func TestParseAddr(t *testing.T) {
	for in, want := range map[string]string{
		"8000":           "127.0.0.1:8000",
		"0:8000":         "0.0.0.0:8000",
		"127.0.0.1:9001": "127.0.0.1:9001",
		"[::1]:8000":     "[::1]:8000",
		"localhost:80":   "localhost:80",
	} {
		got, err := parseAddr(in)
		if err != nil || got != want {
			t.Errorf("parseAddr(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "1:2:3", "host:", "host:123456", "host:80x"} {
		if got, err := parseAddr(in); err == nil {
			t.Errorf("parseAddr(%q) = %q, want an error", in, got)
		}
	}
}

// TestGracefulShutdown starts a real server in a child process (this test
// binary, re-run as a helper), starts a slow request, sends SIGTERM while it
// runs, and checks that the request completes and the process exits 0.
func TestGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServerHelperProcess$")
	cmd.Env = append(os.Environ(), "JAZZ_TEST_SERVER_HELPER=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	// The helper prints the server's address once it listens.
	lines := bufio.NewScanner(stdout)
	var addr string
	for lines.Scan() {
		if a, ok := strings.CutPrefix(lines.Text(), "Starting server at http://"); ok {
			addr = strings.TrimSuffix(a, "/")
			break
		}
	}
	if addr == "" {
		t.Fatal("helper never reported its address")
	}
	go io.Copy(io.Discard, stdout)

	type result struct {
		body string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/slow/")
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{string(b), err}
	}()
	// Wait until the slow view has started before signalling.
	waitFor(t, func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || r.body != "finished" {
		t.Fatalf("slow request: body %q, err %v", r.body, r.err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("server exit: %v (want status 0)", err)
	}
	// New connections are refused once it has stopped.
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Fatal("server still accepting after shutdown")
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if ok() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("condition not met")
}

// TestServerHelperProcess is not a real test: TestGracefulShutdown runs the
// test binary with JAZZ_TEST_SERVER_HELPER=1 to get a server process.
func TestServerHelperProcess(t *testing.T) {
	if os.Getenv("JAZZ_TEST_SERVER_HELPER") != "1" {
		t.Skip("helper process for TestGracefulShutdown")
	}
	slow := func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(1500 * time.Millisecond)
		fmt.Fprint(w, "finished")
	}
	code := run(Settings{
		SecretKey:    "test-key-for-the-graceful-shutdown-helper-process-0123456789",
		AllowedHosts: []string{"127.0.0.1"},
		LogOutput:    "discard",
		URLs:         []urls.Pattern{urls.Path("slow/", slow, "slow")},
	}, []string{"runserver", "--skip-checks", "127.0.0.1:0"}, nil)
	os.Exit(code)
}
