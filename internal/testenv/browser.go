package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// Chromium returns the path of a Chromium (or Chrome) binary for browser
// tests: $JAZZ_TEST_CHROMIUM, else the first of chromium,
// chromium-browser, google-chrome found in PATH. Without one the test is
// skipped with a message saying how to install it, or fails when
// JAZZ_REQUIRE_SERVICES=1 (as in CI, which installs the Debian package).
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("JAZZ_TEST_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "testenv: no Chromium found in PATH; install it (apt-get install chromium) or set JAZZ_TEST_CHROMIUM"
	if RequireServices() {
		t.Fatal(msg + " [JAZZ_REQUIRE_SERVICES=1]")
	}
	t.Skip(msg)
	return ""
}
