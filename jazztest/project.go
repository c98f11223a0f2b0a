package jazztest

import (
	"slices"
	"testing"

	"github.com/jazzgo/jazz"
)

// TestSecretKey is the SecretKey [NewProject] uses when the settings have
// none. It is for tests only.
const TestSecretKey = "jazztest-secret-key-for-tests-only-0123456789-abcdefghijklmnopqrstuvwxyz"

// NewProject builds a project for a test, as Django's test runner prepares
// settings: it adds [Host] to AllowedHosts, fills an empty SecretKey with
// [TestSecretKey], and discards logs unless LogOutput is set. The
// environment is not read. The project is closed when the test ends.
func NewProject(t testing.TB, s jazz.Settings) *jazz.Project {
	t.Helper()
	if s.SecretKey == "" {
		s.SecretKey = TestSecretKey
	}
	if !slices.Contains(s.AllowedHosts, Host) && !slices.Contains(s.AllowedHosts, "*") {
		s.AllowedHosts = append(slices.Clone(s.AllowedHosts), Host)
	}
	if s.LogOutput == "" {
		s.LogOutput = "discard"
	}
	p, err := jazz.New(s)
	if err != nil {
		t.Fatalf("jazztest: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}
