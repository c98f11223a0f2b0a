package middleware

import (
	"encoding/hex"
	"math/rand/v2"
	"net/http"

	"github.com/jazzgo/jazz/web"
)

// requestIDHeader is X-Request-ID in net/http's canonical form.
const requestIDHeader = "X-Request-Id"

// MaxRequestIDLen is the longest incoming X-Request-ID that [RequestID]
// accepts.
const MaxRequestIDLen = 128

// RequestID gives every request an id, for log lines and error pages.
//
// An incoming X-Request-ID header is kept when it is well-formed: 1 to
// [MaxRequestIDLen] characters, each an ASCII letter, a digit, or one of
// ". _ : -". That covers UUIDs, the ids of common proxies and load
// balancers, and this middleware's own, and keeps anything that could
// forge a log line or a header out. Any other value is replaced.
//
// A generated id is 32 lowercase hex digits: 128 bits from the runtime's
// randomly seeded ChaCha8 generator (math/rand/v2), which is fast and
// needs no lock. Two ids collide with probability about n²/2¹²⁹ among n
// ids: below one in a billion even after 10¹⁴ requests. Ids are unique,
// not secret; do not use them as tokens.
//
// The id is stored with [web.WithRequestID] (read it with [web.RequestID])
// and sent back in the X-Request-ID response header. RequestID is safe for
// concurrent use.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := ""
		if vs := r.Header[requestIDHeader]; len(vs) > 0 && ValidRequestID(vs[0]) {
			id = vs[0]
		} else {
			id = newRequestID()
		}
		w.Header()[requestIDHeader] = []string{id}
		next.ServeHTTP(w, web.WithRequestID(r, id))
	})
}

// ValidRequestID reports whether id is acceptable as an incoming request
// id, by the rule documented on [RequestID].
func ValidRequestID(id string) bool {
	if len(id) == 0 || len(id) > MaxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '.', c == '_', c == ':', c == '-':
		default:
			return false
		}
	}
	return true
}

func newRequestID() string {
	var raw [16]byte
	var out [32]byte
	a, b := rand.Uint64(), rand.Uint64()
	for i := range 8 {
		raw[i] = byte(a >> (8 * i))
		raw[8+i] = byte(b >> (8 * i))
	}
	hex.Encode(out[:], raw[:])
	return string(out[:])
}
