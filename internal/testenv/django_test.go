package testenv

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestDjangoVectorsLoadsEveryFile(t *testing.T) {
	for _, name := range []string{"signing.json", "cookies.json", "sessions.json", "passwords.json", "csrf.json"} {
		b := DjangoVectors(t, name)
		var doc struct {
			DjangoVersion string `json:"django_version"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: not JSON: %v", name, err)
		}
		if doc.DjangoVersion == "" {
			t.Errorf("%s: no django_version field; is this a vector file?", name)
		}
	}
}

// The vendored copy must stay identical to the shared one whenever the
// shared one is present, or the two could silently disagree.
func TestVendoredCopyMatchesShared(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	shared := filepath.Join(root, "..", "shared", "interop", "django")
	if _, err := os.Stat(shared); err != nil {
		t.Skip("no shared interop directory beside the module; only the vendored copy is in use")
	}
	for _, name := range []string{"README.md", "signing.json", "cookies.json", "sessions.json", "passwords.json", "csrf.json"} {
		a, err := os.ReadFile(filepath.Join(shared, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(root, "internal", "testenv", "testdata", "django", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("testdata/django/%s differs from the shared copy; copy it again", name)
		}
	}
}

func TestModuleRootHasGoMod(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("module github.com/jazzgo/jazz")) {
		t.Errorf("module root %s is not the jazz module", root)
	}
}
