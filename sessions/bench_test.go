package sessions_test

import (
	"testing"

	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/sessiontest"
)

func BenchmarkSignedCookies(b *testing.B) {
	sessiontest.Benchmark(b, sessions.Options{SecretKey: testSecret})
}
