package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db"
	_ "github.com/jazzgo/jazz/db/mysql"    // registers mysql://
	_ "github.com/jazzgo/jazz/db/postgres" // registers postgres://
	_ "github.com/jazzgo/jazz/db/sqlite"   // registers sqlite://
	"github.com/jazzgo/jazz/internal/testenv"
)

// Dialects returns the names [Open] accepts, in the order [Each] runs
// them: "sqlite", "postgres", "mysql".
func Dialects() []string { return []string{"sqlite", "postgres", "mysql"} }

// Each runs fn as a subtest per dialect ("sqlite", "postgres", "mysql"),
// each with a fresh empty database from [Open]. SQLite always runs; the
// server dialects skip, or fail under JAZZ_REQUIRE_SERVICES=1, when their
// server is not reachable.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, name := range Dialects() {
		t.Run(name, func(t *testing.T) {
			fn(t, Open(t, name))
		})
	}
}

// Open returns an empty database of its own for the test, closed and
// removed by t.Cleanup: SQLite in a file of t.TempDir(); PostgreSQL in a
// new schema t_<random> of the server's database, made first on the
// search_path of every connection; MySQL/MariaDB in a new database
// t_<random>. Server URLs come from JAZZ_TEST_POSTGRES and
// JAZZ_TEST_MYSQL (see internal/testenv); an unreachable server skips the
// test, or fails it under JAZZ_REQUIRE_SERVICES=1. An unknown dialect name
// fails the test.
func Open(t testing.TB, dialect string) *db.DB {
	t.Helper()
	return openURL(t, URL(t, dialect))
}

// URL prepares the same isolated, empty database as [Open] and returns its
// URL instead of a connection, for code that opens databases itself (a
// Jazz project's DatabaseURL in jazztest). The database is dropped when
// the test ends, after connections opened later have been closed by their
// own cleanups.
func URL(t testing.TB, dialect string) string {
	t.Helper()
	ctx := context.Background()
	switch dialect {
	case "sqlite":
		return "sqlite:///" + filepath.Join(t.TempDir(), "test.db")
	case "postgres":
		base := testenv.Postgres(t)
		name := randomName()
		admin := openURL(t, base)
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+admin.Dialect().Quote(name)); err != nil {
			t.Fatalf("dbtest: creating schema %s: %v", name, err)
		}
		t.Cleanup(func() {
			if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+admin.Dialect().Quote(name)+" CASCADE"); err != nil {
				t.Errorf("dbtest: dropping schema %s: %v", name, err)
			}
		})
		return withQuery(t, base, "search_path", name)
	case "mysql":
		base := testenv.MySQL(t)
		name := randomName()
		admin := openURL(t, base)
		q := admin.Dialect().Quote(name)
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+q+" CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
			t.Fatalf("dbtest: creating database %s: %v", name, err)
		}
		t.Cleanup(func() {
			if _, err := admin.ExecContext(context.Background(), "DROP DATABASE "+q); err != nil {
				t.Errorf("dbtest: dropping database %s: %v", name, err)
			}
		})
		u, err := url.Parse(base)
		if err != nil {
			t.Fatalf("dbtest: bad MySQL URL: %v", err)
		}
		u.Path = "/" + name
		return u.String()
	}
	t.Fatalf("dbtest: unknown dialect %q (use one of %s)", dialect, strings.Join(Dialects(), ", "))
	return ""
}

// openURL opens rawURL and registers its Close. Cleanups run last-in
// first-out, so a test database closes before its schema is dropped.
func openURL(t testing.TB, rawURL string) *db.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d, err := db.Open(ctx, rawURL, db.Options{})
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func withQuery(t testing.TB, rawURL, key, value string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatalf("dbtest: bad URL: %v", err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomName() string {
	var b [6]byte
	rand.Read(b[:])
	return "t_" + hex.EncodeToString(b[:])
}
