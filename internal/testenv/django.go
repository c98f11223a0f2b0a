package testenv

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// DjangoVectors returns the bytes of one file of Django-made test vectors:
// "signing.json", "cookies.json", "sessions.json", "passwords.json",
// "csrf.json" or "README.md".
//
// It looks for the module root by walking up from the working directory to
// the first go.mod. The shared copy in <root>/../shared/interop/django is
// preferred when it exists, because that is where the vectors are
// regenerated; otherwise the copy vendored in this package's
// testdata/django directory is used, so the tests also run from a plain
// checkout. A name containing a path separator, or a file found in neither
// place, fails the test through t.Fatalf; DjangoVectors never returns nil.
// It is safe for concurrent use.
func DjangoVectors(t testing.TB, name string) []byte {
	t.Helper()
	if name == "" || name != filepath.Base(name) || name == "." || name == ".." {
		t.Fatalf("testenv: vector file name %q must be a bare file name such as \"signing.json\"", name)
	}
	root, err := moduleRoot()
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	candidates := []string{
		filepath.Join(root, "..", "shared", "interop", "django", name),
		filepath.Join(root, "internal", "testenv", "testdata", "django", name),
	}
	for _, p := range candidates {
		b, err := os.ReadFile(p)
		if err == nil {
			return b
		}
		if !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("testenv: reading Django vectors: %v", err)
		}
	}
	t.Fatalf("testenv: Django vector file %q not found in %s (copy it from the shared interop directory)", name, candidates[1])
	return nil
}

// moduleRoot returns the nearest directory at or above the working
// directory that holds a go.mod file.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod found above the working directory; run the tests inside the module")
		}
		dir = parent
	}
}
