package web

import (
	"mime"
	"testing"
)

func TestContentDisposition(t *testing.T) {
	tests := []struct{ kind, name, want string }{
		{"attachment", "report.csv", `attachment; filename="report.csv"`},
		{"inline", "a b.pdf", `inline; filename="a b.pdf"`},
		{"attachment", "", "attachment"},
		{"attachment", "../../etc/passwd", `attachment; filename="passwd"`},
		{"attachment", `C:\Users\x\secret.txt`, `attachment; filename="secret.txt"`},
		{"attachment", "..", "attachment"},
		{"attachment", `say "hi".txt`, `attachment; filename="say _hi_.txt"; filename*=UTF-8''say%20%22hi%22.txt`},
		{"attachment", "Résumé €.pdf", `attachment; filename="R_sum_ _.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%E2%82%AC.pdf`},
		{"attachment", "100%.txt", `attachment; filename="100_.txt"; filename*=UTF-8''100%25.txt`},
		{"attachment", "a\r\nb.txt", `attachment; filename="a__b.txt"; filename*=UTF-8''a__b.txt`},
		{"attachment", "x\xffy", `attachment; filename="x_y"`},
	}
	for _, tt := range tests {
		if got := contentDisposition(tt.kind, tt.name); got != tt.want {
			t.Errorf("contentDisposition(%q, %q) = %q, want %q", tt.kind, tt.name, got, tt.want)
		}
	}
}

// The standard library's RFC 2231 decoder must read our filename* back.
func TestContentDispositionDecodes(t *testing.T) {
	for _, name := range []string{"Résumé €.pdf", "日本語.txt", `q"uote;semi.txt`, "plain.txt"} {
		kind, params, err := mime.ParseMediaType(contentDisposition("attachment", name))
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		if kind != "attachment" || params["filename"] != name {
			t.Errorf("%q decoded as %q %q", name, kind, params["filename"])
		}
	}
}
