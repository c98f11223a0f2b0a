package hashers_test

import (
	"testing"

	"github.com/jazzgo/jazz/auth/hashers"
)

// The default-cost benchmarks are the numbers bench/README.md reports: the
// time one login spends hashing. Run them with
//
//	go test -run '^$' -bench . ./auth/hashers/
func BenchmarkMake(b *testing.B) {
	for _, e := range []hashers.Encoder{hashers.PBKDF2SHA256{}, hashers.Argon2{}, hashers.BCryptSHA256{}, hashers.Scrypt{}} {
		b.Run(e.Algorithm(), func(b *testing.B) {
			for b.Loop() {
				if _, err := e.Encode("correct horse battery staple"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCheck(b *testing.B) {
	for _, e := range []hashers.Encoder{hashers.PBKDF2SHA256{}, hashers.Argon2{}, hashers.BCryptSHA256{}, hashers.Scrypt{}} {
		b.Run(e.Algorithm(), func(b *testing.B) {
			l, err := hashers.New(e)
			if err != nil {
				b.Fatal(err)
			}
			enc, err := l.Make("correct horse battery staple")
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if ok, _, err := l.Check("correct horse battery staple", enc); !ok || err != nil {
					b.Fatal("check failed", err)
				}
			}
		})
	}
}
