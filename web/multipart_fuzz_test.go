package web

import (
	"net/http/httptest"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParseMultipart feeds arbitrary bodies (seeds in
// testdata/fuzz/FuzzParseMultipart) to ParseMultipart under small limits
// and a tiny memory budget, so both storage paths run. It must never panic,
// answer a client's bytes with anything but a 4xx, exceed a limit, hand out
// an unsafe file name, or leave a temp file behind.
func FuzzParseMultipart(f *testing.F) {
	f.Add("--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XX--\r\n")
	f.Add("--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../x.txt\"\r\nContent-Type: text/plain\r\n\r\n" +
		strings.Repeat("data", 40) + "\r\n--XX--\r\n")
	const (
		maxBody, maxFields, maxFiles = 4096, 8, 3
		maxMemory                    = 64
	)
	f.Fuzz(func(t *testing.T, body string) {
		dir := t.TempDir()
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=XX")
		opts := &UploadOptions{TempDir: dir, MaxMemory: maxMemory, MaxBodyBytes: maxBody,
			MaxFields: maxFields, MaxFiles: maxFiles}
		m, err := ParseMultipart(r, opts)
		if err != nil {
			if s := StatusOf(err); s < 400 || s > 499 {
				t.Fatalf("status %d for a client's body: %v", s, err)
			}
			if left := tempEntries(t, dir); len(left) > 0 {
				t.Fatalf("failed parse left %v", left)
			}
			return
		}
		if len(body) > maxBody {
			t.Fatalf("%d-byte body accepted, limit %d", len(body), maxBody)
		}
		fields, files, total := 0, 0, 0
		for _, vs := range m.Value {
			fields += len(vs)
			for _, v := range vs {
				total += len(v)
			}
		}
		var inMemory int64
		for _, fs := range m.File {
			for _, uf := range fs {
				files++
				checkSafeName(t, uf.Name)
				data, err := uf.bytesOf()
				if err != nil {
					t.Fatal(err)
				}
				if int64(len(data)) != uf.Size {
					t.Fatalf("file %q: read %d bytes, Size %d", uf.Name, len(data), uf.Size)
				}
				if uf.InMemory() {
					inMemory += uf.Size
				}
				total += len(data)
			}
		}
		if fields > maxFields || files > maxFiles {
			t.Fatalf("%d fields and %d files accepted", fields, files)
		}
		if inMemory > maxMemory {
			t.Fatalf("%d file bytes in memory, budget %d", inMemory, maxMemory)
		}
		if total > len(body) {
			t.Fatalf("%d bytes of content from a %d-byte body", total, len(body))
		}
		if err := m.Cleanup(); err != nil {
			t.Fatal(err)
		}
		if left := tempEntries(t, dir); len(left) > 0 {
			t.Fatalf("Cleanup left %v", left)
		}
	})
}

// FuzzSanitizeFilename checks the promises of SanitizeFilename on any
// input.
func FuzzSanitizeFilename(f *testing.F) {
	for _, s := range []string{"../../etc/passwd", "a\x00b\n.txt", `C:\x\y.jpg`, "..", "\u202egpj.exe", strings.Repeat("é", 300) + ".png"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		checkSafeName(t, SanitizeFilename(name))
	})
}

func checkSafeName(t *testing.T, name string) {
	t.Helper()
	if name == "" || len(name) > maxFilenameBytes || !utf8.ValidString(name) ||
		strings.ContainsAny(name, `/\<>:"|?*`) || strings.HasPrefix(name, ".") {
		t.Fatalf("unsafe file name %q", name)
	}
	for _, r := range name {
		if unicode.IsControl(r) || isBidiControl(r) {
			t.Fatalf("file name %q holds %U", name, r)
		}
	}
}
