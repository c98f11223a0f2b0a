package forms

import (
	"errors"
	"regexp"
	"testing"
	"time"
)

func TestValidators(t *testing.T) {
	pdf := &Bytes{FileName: "a.PDF", Data: make([]byte, 10)}
	cases := []struct {
		name string
		v    Validator
		in   any
		code string // "" means valid
	}{
		{"min len ok", MinLength(2), "ab", ""},
		{"min len runes", MinLength(3), "äö", "min_length"},
		{"max len slice", MaxLength(1), []string{"a", "b"}, "max_length"},
		{"max len ignores ints", MaxLength(1), int64(12345), ""},
		{"min value int vs int", MinValue(3), int64(3), ""},
		{"min value float vs int", MinValue(3), 2.999, "min_value"},
		{"max value decimal exact", MaxValue("0.1"), "0.10000000000000000001", "max_value"},
		{"max value decimal equal", MaxValue(0.5), "0.50", ""},
		{"min value time", MinValue(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)), time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC), "min_value"},
		{"max value duration", MaxValue(time.Second), time.Minute, "max_value"},
		{"incomparable types pass", MinValue(time.Second), int64(1), ""},
		{"regex", RegexValidator(regexp.MustCompile(`^a`), "", ""), "ba", "invalid"},
		{"regex code", RegexValidator(regexp.MustCompile(`^a`), "starts_a", "Start with a."), "ba", "starts_a"},
		{"email", EmailValidator(), "x@example.com", ""},
		{"email bad", EmailValidator(), "x@-example.com", "invalid"},
		{"email ip literal", EmailValidator(), "x@[127.0.0.1]", ""},
		{"url", URLValidator(), "http://example.com:8080/path", ""},
		{"url scheme", URLValidator("https"), "http://example.com", "invalid"},
		{"url bad port", URLValidator(), "http://example.com:/", "invalid"},
		{"url bad host", URLValidator(), "http://exa_mple.com/", "invalid"},
		{"slug", SlugValidator(false), "a-b_c", ""},
		{"slug bad", SlugValidator(false), "a/b", "invalid"},
		{"ext", FileExtension("pdf"), pdf, ""},
		{"ext bad", FileExtension(".png", "jpg"), pdf, "invalid_extension"},
		{"ext no extension", FileExtension("txt"), &Bytes{FileName: "README"}, "invalid_extension"},
		{"size", FileSize(10), pdf, ""},
		{"size big", FileSize(9), pdf, "file_too_large"},
		{"size many", FileSize(9), []Upload{&Bytes{FileName: "s"}, pdf}, "file_too_large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.v(tc.in)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				return
			}
			var fe *Error
			if !errors.As(err, &fe) || fe.Code != tc.code {
				t.Fatalf("got %v, want code %q", err, tc.code)
			}
		})
	}
}

func TestErrorsFlatten(t *testing.T) {
	err := errors.Join(Errorf("a", "A"), ErrorList{Errorf("b", "B {x}", "x", 1)}, errors.New("c"))
	if got := asErrors(err).Codes(); len(got) != 3 || got[0] != "a" || got[1] != "b" || got[2] != "invalid" {
		t.Fatalf("codes %v", got)
	}
	if got := asErrors(err).Error(); got != "A B 1 c" {
		t.Fatalf("message %q", got)
	}
}
