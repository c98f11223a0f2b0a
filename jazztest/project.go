package jazztest

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/orm/fixtures"
)

// TestSecretKey is the SecretKey [NewProject] uses when the settings have
// none. It is for tests only.
const TestSecretKey = "jazztest-secret-key-for-tests-only-0123456789-abcdefghijklmnopqrstuvwxyz"

// NewProject builds a project for a test, as Django's test runner prepares
// settings: it adds [Host] to AllowedHosts, fills an empty SecretKey with
// [TestSecretKey], and discards logs unless LogOutput is set. The
// environment is not read. When the project has a database, every app's
// migrations are applied to it (the default database; give tests a fresh
// one with [Database]). The project is closed when the test ends.
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
	if s.EmailURL == "" && s.EmailHost == "" {
		// As Django's test runner: mail is kept in an outbox, never sent.
		s.EmailURL = "locmem://"
	}
	p, err := jazz.New(s)
	if err != nil {
		t.Fatalf("jazztest: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	if p.DB != nil {
		// As Django's test runner: the test database gets every migration.
		ex := migrate.Executor{DB: p.DB, Apps: p.Apps.All()}
		if err := ex.Migrate(context.Background(), nil, migrate.RunOptions{}); err != nil {
			t.Fatalf("jazztest: migrating the test database: %v", err)
		}
	}
	return p
}

// Database returns the URL of an isolated, empty database for this test on
// dialect ("sqlite", "postgres" or "mysql"), for Settings.DatabaseURL. It
// is dropped when the test ends. PostgreSQL and MySQL come from
// JAZZ_TEST_POSTGRES and JAZZ_TEST_MYSQL; when the server is unreachable
// the test is skipped, or fails under JAZZ_REQUIRE_SERVICES=1.
func Database(t testing.TB, dialect string) string {
	t.Helper()
	return dbtest.URL(t, dialect)
}

// Outbox returns the messages the project has sent, in order, when its
// mail goes to the locmem backend (the [NewProject] default). It fails the
// test otherwise.
func Outbox(t testing.TB, p *jazz.Project) *mail.Locmem {
	t.Helper()
	lm, ok := p.Mailer.Backend.(*mail.Locmem)
	if !ok {
		t.Fatalf("jazztest: the project's mail backend is %T, not locmem:// (leave EmailURL empty in tests)", p.Mailer.Backend)
	}
	return lm
}

// LoadFixtures loads Django-format JSON fixture files (see orm/fixtures)
// into the project's database, in one transaction, failing the test on
// any error. Use it after NewProject with a [Database].
func LoadFixtures(t testing.TB, p *jazz.Project, files ...string) {
	t.Helper()
	var sources []fixtures.Source
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatalf("jazztest: fixture: %v", err)
		}
		defer f.Close()
		sources = append(sources, fixtures.Source{Name: name, Reader: f})
	}
	if _, err := fixtures.LoadAll(p.Context(context.Background()), sources...); err != nil {
		t.Fatalf("jazztest: loading fixtures: %v", err)
	}
}
