package signing

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"
)

const testKey = "jazz-interop-test-secret-key-0123456789-DO-NOT-USE-IN-PRODUCTION"

func TestNewRejectsBadOptions(t *testing.T) {
	for name, opts := range map[string]Options{
		"empty key":          {},
		"empty fallback":     {Key: "k", FallbackKeys: []string{"old", ""}},
		"unsafe separator":   {Key: "k", Sep: "_"},
		"letters separator":  {Key: "k", Sep: "ab"},
		"backslash (in A-z)": {Key: "k", Sep: `\`},
	} {
		if _, err := New(opts); err == nil {
			t.Errorf("%s: New accepted %+v", name, opts)
		} else if !strings.HasPrefix(err.Error(), "signing: ") {
			t.Errorf("%s: error %q lacks the package prefix", name, err)
		}
		if _, err := NewTimestampSigner(opts); err == nil {
			t.Errorf("%s: NewTimestampSigner accepted %+v", name, opts)
		}
		if _, err := NewCodec(opts); err == nil {
			t.Errorf("%s: NewCodec accepted %+v", name, opts)
		}
	}
	_, err := New(Options{})
	if !strings.Contains(err.Error(), "SecretKey") {
		t.Errorf("empty key error %q does not name the SecretKey setting", err)
	}
}

func TestDefaultsAreDjangos(t *testing.T) {
	a, _ := New(Options{Key: testKey})
	b, _ := New(Options{Key: testKey, Salt: DefaultSignerSalt, Sep: ":"})
	if a.Sign("x") != b.Sign("x") {
		t.Error("empty Salt/Sep are not the Signer defaults")
	}
	ts1, _ := NewTimestampSigner(Options{Key: testKey, Now: fixed(1700000000)})
	ts2, _ := NewTimestampSigner(Options{Key: testKey, Salt: DefaultTimestampSalt, Now: fixed(1700000000)})
	if ts1.Sign("x") != ts2.Sign("x") {
		t.Error("empty Salt is not the TimestampSigner default")
	}
	c1, _ := NewCodec(Options{Key: testKey, Now: fixed(1700000000)})
	c2, _ := NewCodec(Options{Key: testKey, Salt: DefaultCodecSalt, Now: fixed(1700000000)})
	s1, _ := c1.Dumps(1)
	s2, _ := c2.Dumps(1)
	if s1 != s2 {
		t.Error("empty Salt is not the Codec default")
	}
	if a.Sign("x") == strings.Replace(ts1.Sign("x"), ":1r31eq", "", 1) {
		t.Error("Signer and TimestampSigner share a salt")
	}
}

func TestSignerRoundTripsAwkwardValues(t *testing.T) {
	for _, sep := range []string{":", "::", "/", " ", "é"} {
		s, err := New(Options{Key: testKey, Sep: sep})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{"", "a" + sep + "b", sep, sep + sep, "\x00\xff invalid utf-8", strings.Repeat("x", 100000)} {
			signed := s.Sign(v)
			got, err := s.Unsign(signed)
			if err != nil || got != v {
				t.Errorf("sep %q: Unsign(Sign(%.20q)) = %.20q, %v", sep, v, got, err)
			}
		}
	}
}

func TestUnsignRejectsMalformedInput(t *testing.T) {
	s, _ := New(Options{Key: testKey})
	good := s.Sign("hello")
	for _, in := range []string{"", ":", "hello", good + "=", good[:len(good)-1], "x" + good, strings.Replace(good, ":", "::", 1), good + ":"} {
		if v, err := s.Unsign(in); err == nil || !errors.Is(err, ErrBadSignature) || v != "" {
			t.Errorf("Unsign(%q) = %q, %v", in, v, err)
		}
	}
}

func TestZeroSigner(t *testing.T) {
	var s Signer
	if _, err := s.Unsign("a:b"); !errors.Is(err, ErrBadSignature) {
		t.Errorf("zero Signer Unsign: %v", err)
	}
	var nilSigner *Signer
	if _, err := nilSigner.Unsign("a:b"); !errors.Is(err, ErrBadSignature) {
		t.Errorf("nil Signer Unsign: %v", err)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "signing.New") {
			t.Errorf("zero Signer Sign: recovered %v", r)
		}
	}()
	s.Sign("x")
}

// The constructor copies what it needs, so later changes to the caller's
// Options do not reach the signer.
func TestOptionsAreCopied(t *testing.T) {
	fb := []string{"old-key"}
	s, _ := New(Options{Key: testKey, FallbackKeys: fb})
	old, _ := New(Options{Key: "old-key"})
	signed := old.Sign("v")
	fb[0] = "changed"
	if _, err := s.Unsign(signed); err != nil {
		t.Errorf("fallback lost after the caller changed its slice: %v", err)
	}
}

func TestTimestampExpiry(t *testing.T) {
	const at = 1700000000
	signer, _ := NewTimestampSigner(Options{Key: testKey, Now: fixed(at)})
	signed := signer.Sign("v")
	cases := []struct {
		now     time.Time
		maxAge  time.Duration
		expired bool
	}{
		{time.Unix(at+100, 0), 100 * time.Second, false},
		{time.Unix(at+100, 1), 100 * time.Second, true}, // one nanosecond too old
		{time.Unix(at+100, 500_000_000), 100 * time.Second, true},
		{time.Unix(at-3600, 0), time.Second, false}, // future timestamps are accepted
		{time.Unix(at+1e9, 0), 0, false},            // zero: no age check
		{time.Unix(at, 0), -time.Second, true},      // negative: fails closed
		{time.Unix(at-2, 0), -time.Second, false},   // ... unless signed in the future
	}
	for _, c := range cases {
		ts, _ := NewTimestampSigner(Options{Key: testKey, Now: func() time.Time { return c.now }})
		v, when, err := ts.UnsignTime(signed, c.maxAge)
		if c.expired {
			var ee *ExpiredError
			if !errors.As(err, &ee) || !errors.Is(err, ErrSignatureExpired) || !errors.Is(err, ErrBadSignature) {
				t.Errorf("now %v maxAge %v: err %v, want *ExpiredError", c.now, c.maxAge, err)
				continue
			}
			if want := c.now.Sub(time.Unix(at, 0)); ee.Age != want || ee.MaxAge != c.maxAge {
				t.Errorf("ExpiredError %+v, want age %v", ee, want)
			}
			continue
		}
		if err != nil || v != "v" || !when.Equal(time.Unix(at, 0)) || when.Location() != time.UTC {
			t.Errorf("now %v maxAge %v: %q %v %v", c.now, c.maxAge, v, when, err)
		}
	}
}

// A timestamp that is not canonical base62 is refused even under a valid
// MAC, so every accepted value re-signs to the same text.
func TestTimestampMustBeCanonical(t *testing.T) {
	plain, _ := New(Options{Key: testKey, Salt: DefaultTimestampSalt})
	ts, _ := NewTimestampSigner(Options{Key: testKey, Now: fixed(1700000000)})
	for _, stamp := range []string{"", "01r31eq", "-0", "-", "!!", "zzzzzzzzzzzzzz"} {
		if _, err := ts.Unsign(plain.Sign("v:"+stamp), 0); !errors.Is(err, ErrBadSignature) {
			t.Errorf("timestamp %q accepted: %v", stamp, err)
		}
	}
	if v, err := ts.Unsign(plain.Sign("v:1r31eq"), 0); err != nil || v != "v" {
		t.Errorf("canonical stamp rejected: %v", err)
	}
	if _, err := ts.Unsign(plain.Sign("no-stamp"), 0); !errors.Is(err, ErrBadSignature) {
		t.Errorf("value without a timestamp accepted: %v", err)
	}
}

func TestBase62Edges(t *testing.T) {
	for _, n := range []int64{0, 1, -1, 61, 62, -62, math.MaxInt64, math.MinInt64, math.MinInt64 + 1} {
		s := EncodeBase62(n)
		got, err := DecodeBase62(s)
		if err != nil || got != n {
			t.Errorf("DecodeBase62(EncodeBase62(%d) = %q) = %d, %v", n, s, got, err)
		}
	}
	if EncodeBase62(-62) != "-10" {
		t.Errorf("EncodeBase62(-62) = %q", EncodeBase62(-62))
	}
	for _, s := range []string{"", "-", "-0", "00", "01", "a-", " 1", "1 ", "AzL8n0Y58m8", "-AzL8n0Y58m9", "é"} {
		if n, err := DecodeBase62(s); err == nil {
			t.Errorf("DecodeBase62(%q) = %d, want error", s, n)
		}
	}
	// The int64 limits themselves are accepted.
	if n, err := DecodeBase62("AzL8n0Y58m7"); err != nil || n != math.MaxInt64 {
		t.Errorf("MaxInt64: %d %v", n, err)
	}
	if n, err := DecodeBase62("-AzL8n0Y58m8"); err != nil || n != math.MinInt64 {
		t.Errorf("MinInt64: %d %v", n, err)
	}
}

// Signers are shared by every request; run with -race.
func TestConcurrentUse(t *testing.T) {
	s, _ := New(Options{Key: testKey, FallbackKeys: []string{"old"}})
	ts, _ := NewTimestampSigner(Options{Key: testKey})
	c, _ := NewCodec(Options{Key: testKey, Compress: true})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				v := fmt.Sprintf("g%d-i%d-%s", g, i, strings.Repeat("y", i))
				if got, err := s.Unsign(s.Sign(v)); err != nil || got != v {
					t.Errorf("Signer: %q %v", got, err)
					return
				}
				if got, err := ts.Unsign(ts.Sign(v), time.Hour); err != nil || got != v {
					t.Errorf("TimestampSigner: %q %v", got, err)
					return
				}
				d, _ := c.Dumps(v)
				var got string
				if err := c.Loads(d, time.Hour, &got); err != nil || got != v {
					t.Errorf("Codec: %q %v", got, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

func TestZeroTimestampSignerAndCodec(t *testing.T) {
	var ts TimestampSigner
	if _, err := ts.Unsign("a:1:b", 0); !errors.Is(err, ErrBadSignature) {
		t.Errorf("zero TimestampSigner: %v", err)
	}
	var c Codec
	var v any
	if err := c.Loads("a:1:b", 0, &v); !errors.Is(err, ErrBadSignature) {
		t.Errorf("zero Codec: %v", err)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "NewTimestampSigner") {
			t.Errorf("zero Codec Dumps: recovered %v", r)
		}
	}()
	c.Dumps(1)
}
