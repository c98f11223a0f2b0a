package signing

import (
	"testing"
	"time"
)

func BenchmarkSign(b *testing.B) {
	s, _ := NewTimestampSigner(Options{Key: testKey})
	b.ReportAllocs()
	for b.Loop() {
		s.Sign("a-typical-session-key-0123456789")
	}
}

func BenchmarkUnsign(b *testing.B) {
	s, _ := NewTimestampSigner(Options{Key: testKey})
	signed := s.Sign("a-typical-session-key-0123456789")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Unsign(signed, time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}

// A value signed with the second fallback key costs three MACs.
func BenchmarkUnsignFallback(b *testing.B) {
	old, _ := NewTimestampSigner(Options{Key: "old-2"})
	s, _ := NewTimestampSigner(Options{Key: testKey, FallbackKeys: []string{"old-1", "old-2"}})
	signed := old.Sign("a-typical-session-key-0123456789")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Unsign(signed, time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}

type benchSession struct {
	UserID  string `json:"_auth_user_id"`
	Backend string `json:"_auth_user_backend"`
	Hash    string `json:"_auth_user_hash"`
}

var benchValue = benchSession{"42", "django.contrib.auth.backends.ModelBackend", "5f2d3c1e0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d"}

func BenchmarkDumps(b *testing.B) {
	for _, compress := range []bool{false, true} {
		c, _ := NewCodec(Options{Key: testKey, Compress: compress})
		b.Run(map[bool]string{false: "plain", true: "compress"}[compress], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Dumps(benchValue); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLoads(b *testing.B) {
	for _, compress := range []bool{false, true} {
		c, _ := NewCodec(Options{Key: testKey, Compress: compress})
		s, _ := c.Dumps(benchValue)
		b.Run(map[bool]string{false: "plain", true: "compress"}[compress], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v benchSession
				if err := c.Loads(s, time.Hour, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
