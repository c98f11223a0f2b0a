package storage_test

import (
	"errors"
	"path"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jazzgo/jazz/storage"
	"github.com/jazzgo/jazz/storage/storagetest"
)

func TestValidateName(t *testing.T) {
	valid := []string{
		"a", "a.txt", "uploads/2026/report.pdf", "été/naïve café.txt", "a b", "...a", "a..b",
		"x/.hidden", "weird#?%&.txt", strings.Repeat("a", storage.MaxNameLength),
	}
	for _, name := range valid {
		if err := storage.ValidateName(name); err != nil {
			t.Errorf("ValidateName(%q) = %v, want nil", name, err)
		}
	}
	for _, name := range storagetest.InvalidNames {
		err := storage.ValidateName(name)
		if !errors.Is(err, storage.ErrInvalidName) {
			t.Errorf("ValidateName(%q) = %v, want ErrInvalidName", name, err)
		}
	}
	err := storage.ValidateName("../etc/passwd")
	if err == nil || !strings.Contains(err.Error(), "SafeName") {
		t.Errorf("error %q does not suggest the fix", err)
	}
}

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"photo.jpg", "photo.jpg"},
		{"../../etc/passwd", "passwd"},
		{"/etc/passwd", "passwd"},
		{`C:\Users\me\Desktop\photo.jpg`, "photo.jpg"},
		{"dir/..", "dir"},
		{"my summer  photo.JPG", "my_summer_photo.JPG"},
		{"  padded name.txt  ", "padded_name.txt"},
		{"evil\x00name\n.png", "evilname.png"},
		{"line\r\nbreak.txt", "linebreak.txt"},
		{"tab\there.txt", "tabhere.txt"},
		{"gpj\u202e.exe", "gpj.exe"},
		{"<script>alert(1)</script>.html", "script.html"},
		{"naïve café.pdf", "naïve_café.pdf"},
		{"日本語.txt", "日本語.txt"},
		{"archive.tar.gz", "archive.tar.gz"},
		{".htaccess", "htaccess"},
		{"...", "file"},
		{"..", "file"},
		{"", "file"},
		{"???.png", "png"}, // read as the hidden file ".png"
		{"???", "file"},
		{"-rf", "rf"},
		{"-.png", "file.png"},
		{"trailing.", "trailing"},
		{"CON", "_CON"},
		{"nul.txt", "_nul.txt"},
		{"com1.tar.gz", "_com1.tar.gz"},
		{"console.txt", "console.txt"},
		{"bad\xffutf8.txt", "badutf8.txt"},
		{"a;rm -rf ~.sh", "arm_-rf_.sh"},
		{"quote'\"`$(x).txt", "quotex.txt"},
	}
	for _, tt := range tests {
		if got := storage.SafeName(tt.in); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSafeNameLength(t *testing.T) {
	long := strings.Repeat("x", 500) + ".jpeg"
	got := storage.SafeName(long)
	if len(got) != storage.MaxSafeNameLength || !strings.HasSuffix(got, ".jpeg") {
		t.Errorf("SafeName(500 x's .jpeg) = %d bytes %q..., want %d bytes ending in .jpeg", len(got), got[:10], storage.MaxSafeNameLength)
	}
	// Multi-byte letters are never split.
	got = storage.SafeName(strings.Repeat("é", 300) + ".png")
	if len(got) > storage.MaxSafeNameLength || !utf8.ValidString(got) || !strings.HasSuffix(got, ".png") {
		t.Errorf("SafeName(300 é) = %d bytes, valid UTF-8 %v", len(got), utf8.ValidString(got))
	}
	// A very long "extension" is part of the name and gets cut.
	got = storage.SafeName("a." + strings.Repeat("b", 400))
	if len(got) > storage.MaxSafeNameLength {
		t.Errorf("SafeName(long extension) = %d bytes", len(got))
	}
}

// FuzzSafeName checks that whatever a client sends, SafeName gives one
// short, valid, visible segment.
func FuzzSafeName(f *testing.F) {
	for _, s := range append(storagetest.InvalidNames, "../../etc/passwd", "a b.txt", "CON.txt", ".tar.gz", "x\u202e", "-") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := storage.SafeName(in)
		if err := storage.ValidateName(got); err != nil {
			t.Fatalf("SafeName(%q) = %q, which ValidateName refuses: %v", in, got, err)
		}
		if strings.ContainsAny(got, "/\\ \t\n") || strings.HasPrefix(got, ".") || strings.HasPrefix(got, "-") {
			t.Fatalf("SafeName(%q) = %q", in, got)
		}
		if len(got) > storage.MaxSafeNameLength {
			t.Fatalf("SafeName(%q) is %d bytes", in, len(got))
		}
		if again := storage.SafeName(got); again != got {
			t.Fatalf("SafeName is not stable: %q -> %q -> %q", in, got, again)
		}
	})
}

// FuzzValidateName checks that every accepted name stays inside the root,
// whatever the name.
func FuzzValidateName(f *testing.F) {
	for _, s := range append(storagetest.InvalidNames, "a/b.txt", "a/./b", "a/b/../../..", "..a", "a..") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if storage.ValidateName(name) != nil {
			return
		}
		if path.Clean(name) != name || path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			t.Fatalf("ValidateName accepted %q, which is not a clean relative path", name)
		}
		if strings.ContainsAny(name, "\x00\n\r\\") || !utf8.ValidString(name) {
			t.Fatalf("ValidateName accepted %q", name)
		}
		if rel := path.Join("root", name); !strings.HasPrefix(rel, "root/") {
			t.Fatalf("ValidateName accepted %q, which joins to %q", name, rel)
		}
	})
}
