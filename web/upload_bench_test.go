package web

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkParseMultipart measures a typical form post (a few fields and a
// small image, all in memory), a 1 MB file kept in memory, and a 10 MB file
// streamed to disk; bytes/op shows that memory does not follow file size
// once files go to disk.
func BenchmarkParseMultipart(b *testing.B) {
	cases := []struct {
		name  string
		size  int
		opts  UploadOptions
		parts []upPart
	}{
		{name: "form+20KB", size: 20 << 10},
		{name: "1MB-memory", size: 1 << 20},
		{name: "10MB-disk", size: 10 << 20, opts: UploadOptions{MaxMemory: -1}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			c.opts.TempDir = b.TempDir()
			ct, body := buildMultipart(b,
				upPart{field: "title", value: "A post"},
				upPart{field: "slug", value: "a-post"},
				upPart{field: "body", value: strings.Repeat("text ", 100)},
				upPart{field: "cover", file: "cover.jpg", value: strings.Repeat("x", c.size)},
			)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
				r.Header.Set("Content-Type", ct)
				m, err := ParseMultipart(r, &c.opts)
				if err != nil {
					b.Fatal(err)
				}
				m.Cleanup()
			}
		})
	}
}

func BenchmarkSanitizeFilename(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		SanitizeFilename(`C:\Users\ann\Pictures\holiday photo (1).jpg`)
	}
}
