package signing

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"strings"
	"sync"
	"time"
)

// Default salts, the ones Django uses when no salt is given. Each kind of
// signer has its own, so a value signed for one purpose is never accepted
// for another.
const (
	// DefaultSignerSalt is the salt of a [Signer] made with an empty Salt.
	DefaultSignerSalt = "django.core.signing.Signer"
	// DefaultTimestampSalt is the salt of a [TimestampSigner] made with an
	// empty Salt.
	DefaultTimestampSalt = "django.core.signing.TimestampSigner"
	// DefaultCodecSalt is the salt of a [Codec] made with an empty Salt,
	// the salt of Django's signing.dumps and signing.loads.
	DefaultCodecSalt = "django.core.signing"
	// DefaultSep separates a value from its timestamp and signature.
	DefaultSep = ":"
)

// sigLen is the length of a signature: URL-safe base64 of a SHA-256 MAC
// without padding.
const sigLen = 43

// Options configures [New], [NewTimestampSigner] and [NewCodec]. The
// constructors copy what they need, so the Options value (and the
// FallbackKeys slice) may be reused or changed afterwards.
type Options struct {
	// Key is the secret (Django's SECRET_KEY). It must not be empty.
	Key string
	// FallbackKeys are older secrets (Django's SECRET_KEY_FALLBACKS):
	// values they signed still verify, but nothing new is signed with
	// them, so a key can be rotated without invalidating every value at
	// once. Empty entries are an error.
	FallbackKeys []string
	// Salt namespaces signatures, so a value signed for one purpose cannot
	// be replayed for another. Empty means the constructor's default
	// ([DefaultSignerSalt], [DefaultTimestampSalt] or [DefaultCodecSalt]),
	// as in Django, where an empty salt also means the default.
	Salt string
	// Sep separates value, timestamp and signature. Empty means ":".
	// Django refuses separators made only of the characters A-z (an ASCII
	// range that includes [ \ ] ^ _ and `), 0-9, "-", "_" and "=", since
	// they can occur in signatures and timestamps; so does Jazz.
	Sep string
	// Now returns the current time for a [TimestampSigner] or [Codec],
	// both when signing and when checking a max age. Nil means time.Now;
	// tests set a fixed clock. It must be safe for concurrent use.
	Now func() time.Time
	// Compress lets a [Codec] zlib-compress its payloads when that makes
	// them shorter by more than one byte (Django's compress=True). Other
	// signers ignore it.
	Compress bool
}

// Signer signs strings the way django.core.signing.Signer does: the result
// is value + sep + signature, where the signature is the URL-safe base64
// (no padding) of HMAC-SHA256 over the value, keyed with
// SHA256(salt + "signer" + key).
//
// Make one with [New]. The HMAC keys are derived once there, and a Signer
// never changes afterwards, so it is safe for concurrent use. The zero
// Signer has no key: its Unsign rejects everything and its Sign panics.
type Signer struct {
	sep  string
	macs []*sync.Pool // one per key, current key first; holds *macState
}

// macState is per-goroutine scratch space, pooled so that signing and
// verifying do not allocate beyond the result itself.
type macState struct {
	h    hash.Hash
	buf  []byte
	sum  [sha256.Size]byte
	want [sigLen]byte
	got  [sigLen]byte
}

// maxPooledBuf bounds the scratch buffer kept in a pool, so that one huge
// value does not pin memory for the life of the process.
const maxPooledBuf = 64 << 10

// New returns a Signer for opts. Salt defaults to [DefaultSignerSalt] and
// Sep to ":". It fails when Key or a fallback key is empty, or when Sep is
// one Django refuses.
func New(opts Options) (*Signer, error) {
	return newSigner(opts, DefaultSignerSalt)
}

func newSigner(opts Options, defaultSalt string) (*Signer, error) {
	sep := opts.Sep
	if sep == "" {
		sep = DefaultSep
	}
	if err := checkSep(sep); err != nil {
		return nil, err
	}
	if opts.Key == "" {
		return nil, errors.New("signing: empty key; set the SecretKey setting (or Options.Key) to a long random string")
	}
	salt := opts.Salt
	if salt == "" {
		salt = defaultSalt
	}
	s := &Signer{sep: sep, macs: make([]*sync.Pool, 0, 1+len(opts.FallbackKeys))}
	s.macs = append(s.macs, macPool(deriveKey(salt, opts.Key)))
	for i, k := range opts.FallbackKeys {
		if k == "" {
			return nil, fmt.Errorf("signing: fallback key %d is empty; remove it from SecretKeyFallbacks", i)
		}
		s.macs = append(s.macs, macPool(deriveKey(salt, k)))
	}
	return s, nil
}

// deriveKey is Django's salted_hmac key: SHA256 over the plain
// concatenation of key salt and secret, where a Signer's key salt is its
// salt followed by "signer".
func deriveKey(salt, key string) []byte {
	h := sha256.New()
	h.Write([]byte(salt))
	h.Write([]byte("signer"))
	h.Write([]byte(key))
	return h.Sum(nil)
}

func macPool(key []byte) *sync.Pool {
	return &sync.Pool{New: func() any {
		return &macState{h: hmac.New(sha256.New, key)}
	}}
}

// checkSep applies Django's rule: a separator is refused when it matches
// ^[A-z0-9-_=]*$, which includes the empty string.
func checkSep(sep string) error {
	for i := 0; i < len(sep); i++ {
		c := sep[i]
		if !('A' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '=') {
			return nil
		}
	}
	return fmt.Errorf("signing: separator %q is unsafe (it may occur in signatures); use one with a character outside A-z, 0-9, -, _ and =, such as \":\"", sep)
}

// signature writes the signature of data, under the key st belongs to,
// into st.want.
func signature(st *macState, data []byte) {
	st.h.Reset()
	st.h.Write(data)
	base64.RawURLEncoding.Encode(st.want[:], st.h.Sum(st.sum[:0]))
}

func (s *Signer) get(i int) *macState { return s.macs[i].Get().(*macState) }

func (s *Signer) put(i int, st *macState) {
	if cap(st.buf) > maxPooledBuf {
		st.buf = nil
	}
	s.macs[i].Put(st)
}

// Sign returns value + sep + signature, signed with the current key.
func (s *Signer) Sign(value string) string {
	if s == nil || len(s.macs) == 0 {
		panic("signing: Sign called on a Signer that was not made by signing.New")
	}
	return s.signParts(value, "")
}

// signParts signs value + extra, where extra is "" or sep + timestamp,
// building the result in one allocation.
func (s *Signer) signParts(value, extra string) string {
	st := s.get(0)
	n := len(value) + len(extra)
	var b strings.Builder
	b.Grow(n + len(s.sep) + sigLen)
	st.buf = append(append(st.buf[:0], value...), extra...)
	signature(st, st.buf)
	b.Write(st.buf)
	b.WriteString(s.sep)
	b.Write(st.want[:])
	s.put(0, st)
	return b.String()
}

// Unsign verifies signed and returns the value it carries. It splits on the
// last separator, so values may contain the separator themselves, and
// accepts a signature made by the current key or by any fallback key. The
// comparison is constant-time. Every failure, including a missing separator
// or a signature of the wrong length, returns an error wrapping
// [ErrBadSignature]; Unsign never panics. Legacy HMAC-SHA1 signatures
// (Django before 3.1) are rejected, as Django 4 and later do.
func (s *Signer) Unsign(signed string) (string, error) {
	if s == nil || len(s.macs) == 0 {
		return "", reject("Signer has no key (make it with signing.New)")
	}
	i := strings.LastIndex(signed, s.sep)
	if i < 0 {
		return "", reject(fmt.Sprintf("no %q separator in value", s.sep))
	}
	value, sig := signed[:i], signed[i+len(s.sep):]
	if !s.verify(value, sig) {
		return "", reject("signature does not match")
	}
	return value, nil
}

// verify reports whether sig is the signature of value under any key.
func (s *Signer) verify(value, sig string) bool {
	// A wrong length cannot match; the length of a signature is public.
	if len(sig) != sigLen {
		return false
	}
	for i := range s.macs {
		st := s.get(i)
		copy(st.got[:], sig)
		st.buf = append(st.buf[:0], value...)
		signature(st, st.buf)
		ok := subtle.ConstantTimeCompare(st.got[:], st.want[:]) == 1
		s.put(i, st)
		if ok {
			return true
		}
	}
	return false
}
