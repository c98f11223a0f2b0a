package signing

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jazzgo/jazz/internal/testenv"
)

// The types below mirror signing.json (see the vectors' README).

type outcome struct {
	OK     bool            `json:"ok"`
	Result json.RawMessage `json:"result"`
	Error  string          `json:"error"`
}

type signerVec struct {
	Key          string  `json:"key"`
	KeyLiteral   string  `json:"key_literal"`
	Salt         *string `json:"salt"`
	EffSalt      string  `json:"effective_salt"`
	Sep          string  `json:"sep"`
	Value        string  `json:"value"`
	Signed       string  `json:"signed"`
	Signature    string  `json:"signature"`
	HMACKeySalt  string  `json:"hmac_key_salt"`
	HMACKeyHex   string  `json:"hmac_key_sha256_hex"`
	Unsign       outcome `json:"unsign"`
	Time         int64   `json:"time"`
	TimestampB62 string  `json:"timestamp_base62"`
	Verdicts     []struct {
		outcome
		Now    float64  `json:"now"`
		MaxAge *float64 `json:"max_age"`
	} `json:"unsign_verdicts"`
}

type dumpsVec struct {
	Key        string          `json:"key"`
	Obj        json.RawMessage `json:"obj"`
	Salt       *string         `json:"salt"`
	EffSalt    string          `json:"effective_salt"`
	Compress   bool            `json:"compress"`
	Time       int64           `json:"time"`
	JSON       string          `json:"json"`
	Compressed bool            `json:"compressed"`
	Payload    string          `json:"payload"`
	Signed     string          `json:"signed"`
	HMACKeyHex string          `json:"hmac_key_sha256_hex"`
	Loads      outcome         `json:"loads"`
}

type tamperVec struct {
	Name   string          `json:"name"`
	Op     string          `json:"op"`
	Input  string          `json:"input"`
	Key    string          `json:"key"`
	Salt   *string         `json:"salt"`
	Sep    string          `json:"sep"`
	MaxAge *float64        `json:"max_age"`
	Now    float64         `json:"now"`
	OK     bool            `json:"ok"`
	Result json.RawMessage `json:"result"`
	Error  string          `json:"error"`
}

type signingFile struct {
	Keys      map[string]string `json:"keys"`
	FixedTime int64             `json:"fixed_time"`
	Base62    []struct {
		Int    int64  `json:"int"`
		Base62 string `json:"base62"`
	} `json:"base62"`
	Signer     []signerVec `json:"signer"`
	Separators []struct {
		Sep     string `json:"sep"`
		Allowed bool   `json:"allowed"`
	} `json:"separators"`
	TimestampSigner []signerVec `json:"timestamp_signer"`
	Dumps           []dumpsVec  `json:"dumps"`
	Tampered        []tamperVec `json:"tampered"`
	Legacy          struct {
		Vectors []signerVec `json:"vectors"`
	} `json:"legacy_sha1_accepted_by_3_2"`
}

var (
	vectorsOnce sync.Once
	vectors     signingFile
	vectorsErr  error
)

func loadVectors(t testing.TB) *signingFile {
	t.Helper()
	b := testenv.DjangoVectors(t, "signing.json")
	vectorsOnce.Do(func() { vectorsErr = json.Unmarshal(b, &vectors) })
	if vectorsErr != nil {
		t.Fatalf("signing.json: %v", vectorsErr)
	}
	if len(vectors.Signer) == 0 || len(vectors.Dumps) == 0 || len(vectors.Tampered) == 0 {
		t.Fatal("signing.json has no vectors; is the file truncated?")
	}
	return &vectors
}

func (f *signingFile) key(t testing.TB, name, literal string) string {
	if name == "literal" {
		return literal
	}
	k, ok := f.Keys[name]
	if !ok {
		t.Fatalf("unknown key name %q", name)
	}
	return k
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// clock turns a vector's float "now" into a fixed clock, keeping the
// fractional second.
func clock(now float64) func() time.Time {
	sec, frac := math.Modf(now)
	t := time.Unix(int64(sec), int64(math.Round(frac*1e9)))
	return func() time.Time { return t }
}

func fixed(sec int64) func() time.Time { return clock(float64(sec)) }

func maxAge(p *float64) time.Duration {
	if p == nil {
		return 0
	}
	return time.Duration(*p * float64(time.Second))
}

// checkRejected asserts err is the rejection Django's error name calls for.
func checkRejected(t *testing.T, err error, django string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted; Django says %s", django)
	}
	if !errors.Is(err, ErrBadSignature) {
		t.Errorf("error %v does not wrap ErrBadSignature", err)
	}
	expired := errors.Is(err, ErrSignatureExpired)
	if (django == "SignatureExpired") != expired {
		t.Errorf("Django says %s but errors.Is(err, ErrSignatureExpired) = %v (%v)", django, expired, err)
	}
	if !strings.HasPrefix(err.Error(), "signing: ") {
		t.Errorf("error %q does not start with the package name", err)
	}
}

func decodeNumber(t *testing.T, raw []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	return v
}

func TestVectorsBase62(t *testing.T) {
	f := loadVectors(t)
	for _, v := range f.Base62 {
		if got := EncodeBase62(v.Int); got != v.Base62 {
			t.Errorf("EncodeBase62(%d) = %q, Django %q", v.Int, got, v.Base62)
		}
		n, err := DecodeBase62(v.Base62)
		if err != nil || n != v.Int {
			t.Errorf("DecodeBase62(%q) = %d, %v; want %d", v.Base62, n, err, v.Int)
		}
	}
}

func TestVectorsSigner(t *testing.T) {
	f := loadVectors(t)
	for _, v := range f.Signer {
		t.Run(v.Key+"/"+v.Sep+"/"+v.Value, func(t *testing.T) {
			key := f.key(t, v.Key, v.KeyLiteral)
			if got := hex.EncodeToString(deriveKey(v.EffSalt, key)); got != v.HMACKeyHex {
				t.Errorf("derived key %s, Django %s", got, v.HMACKeyHex)
			}
			s, err := New(Options{Key: key, Salt: str(v.Salt), Sep: v.Sep})
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Sign(v.Value); got != v.Signed {
				t.Errorf("Sign = %q\nDjango  %q", got, v.Signed)
			}
			got, err := s.Unsign(v.Signed)
			if !v.Unsign.OK {
				t.Fatalf("vector expects a failure: %+v", v.Unsign)
			}
			var want string
			json.Unmarshal(v.Unsign.Result, &want)
			if err != nil || got != want {
				t.Errorf("Unsign = %q, %v; want %q", got, err, want)
			}
		})
	}
}

func TestVectorsSeparators(t *testing.T) {
	f := loadVectors(t)
	for _, v := range f.Separators {
		err := checkSep(v.Sep)
		if (err == nil) != v.Allowed {
			t.Errorf("checkSep(%q) = %v; Django allowed = %v", v.Sep, err, v.Allowed)
		}
		if v.Sep == "" {
			continue // Options.Sep "" means the default ":".
		}
		_, err = New(Options{Key: "k", Sep: v.Sep})
		if (err == nil) != v.Allowed {
			t.Errorf("New with Sep %q: %v; Django allowed = %v", v.Sep, err, v.Allowed)
		}
	}
}

func TestVectorsTimestampSigner(t *testing.T) {
	f := loadVectors(t)
	for _, v := range f.TimestampSigner {
		t.Run(v.Value, func(t *testing.T) {
			key := f.key(t, v.Key, v.KeyLiteral)
			if got := hex.EncodeToString(deriveKey(v.EffSalt, key)); got != v.HMACKeyHex {
				t.Errorf("derived key %s, Django %s", got, v.HMACKeyHex)
			}
			ts, err := NewTimestampSigner(Options{Key: key, Salt: str(v.Salt), Sep: v.Sep, Now: fixed(v.Time)})
			if err != nil {
				t.Fatal(err)
			}
			if got := ts.Sign(v.Value); got != v.Signed {
				t.Errorf("Sign = %q\nDjango  %q", got, v.Signed)
			}
			if len(v.Verdicts) == 0 {
				t.Fatal("no verdicts")
			}
			for _, vd := range v.Verdicts {
				ts, _ := NewTimestampSigner(Options{Key: key, Salt: str(v.Salt), Sep: v.Sep, Now: clock(vd.Now)})
				got, at, err := ts.UnsignTime(v.Signed, maxAge(vd.MaxAge))
				if !vd.OK {
					checkRejected(t, err, vd.Error)
					if got != "" {
						t.Errorf("rejected value still returned %q", got)
					}
					continue
				}
				var want string
				json.Unmarshal(vd.Result, &want)
				if err != nil || got != want {
					t.Errorf("now=%v max_age=%v: Unsign = %q, %v; want %q", vd.Now, vd.MaxAge, got, err, want)
				}
				if at.Unix() != v.Time {
					t.Errorf("signed at %v, want Unix %d", at, v.Time)
				}
			}
		})
	}
}

// keysInSortedOrder reports whether every JSON object in js lists its keys
// in sorted order, which is the order encoding/json writes map keys in.
func keysInSortedOrder(t *testing.T, js string) bool {
	dec := json.NewDecoder(strings.NewReader(js))
	type frame struct {
		obj     bool
		wantKey bool
		last    string
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			t.Fatalf("vector json %q: %v", js, err)
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{':
				stack = append(stack, frame{obj: true, wantKey: true})
				continue
			case '[':
				stack = append(stack, frame{})
				continue
			default:
				stack = stack[:len(stack)-1]
			}
		} else if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].wantKey {
			k := tok.(string)
			if stack[n-1].last != "" && k < stack[n-1].last {
				return false
			}
			stack[n-1].last, stack[n-1].wantKey = k, false
			continue
		}
		if n := len(stack); n > 0 && stack[n-1].obj {
			stack[n-1].wantKey = true
		}
	}
}

func TestVectorsDumps(t *testing.T) {
	f := loadVectors(t)
	byteExact := 0
	for _, v := range f.Dumps {
		t.Run(v.JSON, func(t *testing.T) {
			key := f.key(t, v.Key, "")
			c, err := NewCodec(Options{Key: key, Salt: str(v.Salt), Compress: v.Compress, Now: fixed(v.Time)})
			if err != nil {
				t.Fatal(err)
			}
			if !v.Loads.OK {
				t.Fatalf("vector expects a failure: %+v", v.Loads)
			}
			want := decodeNumber(t, v.Loads.Result)

			// Django's value reads back to Django's result.
			var got any
			if err := c.Loads(v.Signed, 0, &got); err != nil {
				t.Fatalf("Loads(Django value): %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Loads = %#v\nDjango  %#v", got, want)
			}
			js, err := c.LoadsJSON(v.Signed, 0)
			if err != nil || string(js) != v.JSON {
				t.Errorf("LoadsJSON = %q, %v; want %q", js, err, v.JSON)
			}

			// Signing Django's JSON text reproduces Django's value, except
			// that zlib output may differ between Python and Go.
			signed, err := c.DumpsJSON([]byte(v.JSON))
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(signed, ".") != v.Compressed {
				t.Errorf("DumpsJSON compressed = %v, Django %v", strings.HasPrefix(signed, "."), v.Compressed)
			}
			if !v.Compressed && signed != v.Signed {
				t.Errorf("DumpsJSON = %q\nDjango      %q", signed, v.Signed)
			}
			var back any
			if err := c.Loads(signed, 0, &back); err != nil || !reflect.DeepEqual(back, want) {
				t.Errorf("Loads(DumpsJSON) = %#v, %v; want %#v", back, err, want)
			}

			// Dumps of the decoded object writes Django's exact bytes
			// whenever key order cannot differ.
			obj := decodeNumber(t, v.Obj)
			signed, err = c.Dumps(obj)
			if err != nil {
				t.Fatal(err)
			}
			if !v.Compressed && keysInSortedOrder(t, v.JSON) {
				byteExact++
				if signed != v.Signed {
					js, _ := c.LoadsJSON(signed, 0)
					t.Errorf("Dumps wrote %s\nDjango      %s", js, v.JSON)
				}
			}
			back = nil
			if err := c.Loads(signed, 0, &back); err != nil || !reflect.DeepEqual(back, want) {
				t.Errorf("Loads(Dumps) = %#v, %v; want %#v", back, err, want)
			}
		})
	}
	if byteExact < 5 {
		t.Errorf("only %d dumps vectors compared byte for byte; the key-order filter is too strict", byteExact)
	}
}

// A struct keeps Django's key order, so the Unicode, HTML and control
// character vector can be matched byte for byte through Dumps itself.
func TestDumpsEscapesLikePython(t *testing.T) {
	f := loadVectors(t)
	var v *dumpsVec
	for i := range f.Dumps {
		if strings.Contains(f.Dumps[i].JSON, `"html"`) {
			v = &f.Dumps[i]
		}
	}
	if v == nil {
		t.Fatal("no Unicode/HTML vector in signing.json")
	}
	var obj struct {
		Unicode string `json:"unicode"`
		HTML    string `json:"html"`
		Ctrl    string `json:"ctrl"`
	}
	if err := json.Unmarshal(v.Obj, &obj); err != nil {
		t.Fatal(err)
	}
	c, _ := NewCodec(Options{Key: f.Keys["SECRET_KEY"], Now: fixed(v.Time)})
	got, err := c.Dumps(obj)
	if err != nil {
		t.Fatal(err)
	}
	if got != v.Signed {
		js, _ := c.LoadsJSON(got, 0)
		t.Errorf("Dumps JSON %s\nDjango     %s", js, v.JSON)
	}
}

func TestVectorsTampered(t *testing.T) {
	f := loadVectors(t)
	for _, v := range f.Tampered {
		t.Run(v.Name, func(t *testing.T) {
			opts := Options{Key: f.key(t, v.Key, ""), Salt: str(v.Salt), Sep: v.Sep, Now: clock(v.Now)}
			var err error
			var got any
			switch v.Op {
			case "signer.unsign":
				s, e := New(opts)
				if e != nil {
					t.Fatal(e)
				}
				got, err = s.Unsign(v.Input)
			case "timestamp_signer.unsign":
				ts, e := NewTimestampSigner(opts)
				if e != nil {
					t.Fatal(e)
				}
				got, err = ts.Unsign(v.Input, maxAge(v.MaxAge))
			case "signing.loads":
				c, e := NewCodec(opts)
				if e != nil {
					t.Fatal(e)
				}
				err = c.Loads(v.Input, maxAge(v.MaxAge), &got)
			default:
				t.Fatalf("unknown op %q", v.Op)
			}
			if !v.OK {
				checkRejected(t, err, v.Error)
				return
			}
			if err != nil {
				t.Fatalf("rejected: %v; Django accepts", err)
			}
			if want := decodeNumber(t, v.Result); !reflect.DeepEqual(got, want) {
				t.Errorf("got %#v, Django %#v", got, want)
			}
		})
	}
}

// Django 3.2 still read HMAC-SHA1 signatures; Django 4 and Jazz do not.
func TestLegacySHA1Rejected(t *testing.T) {
	f := loadVectors(t)
	if len(f.Legacy.Vectors) == 0 {
		t.Fatal("no legacy vectors")
	}
	for _, v := range f.Legacy.Vectors {
		s, err := New(Options{Key: f.key(t, v.Key, ""), Salt: str(v.Salt), Sep: v.Sep})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Unsign(v.Signed)
		checkRejected(t, err, "BadSignature")
	}
}

// Values signed with an old key (OTHER_KEY) verify once it is a fallback,
// while new values are signed with the current key only.
func TestFallbackKeys(t *testing.T) {
	f := loadVectors(t)
	var cur, old *signerVec
	for i, v := range f.Signer {
		if v.Value == "hello" && v.Salt == nil && v.Sep == ":" {
			switch v.Key {
			case "SECRET_KEY":
				cur = &f.Signer[i]
			case "OTHER_KEY":
				old = &f.Signer[i]
			}
		}
	}
	if cur == nil || old == nil {
		t.Fatal("vectors for hello under both keys not found")
	}
	plain, _ := New(Options{Key: f.Keys["SECRET_KEY"]})
	if _, err := plain.Unsign(old.Signed); err == nil {
		t.Fatal("old-key value accepted without fallback")
	}
	rotated, err := New(Options{Key: f.Keys["SECRET_KEY"], FallbackKeys: []string{"unrelated-key", f.Keys["OTHER_KEY"]}})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{old.Signed, cur.Signed} {
		if v, err := rotated.Unsign(in); err != nil || v != "hello" {
			t.Errorf("Unsign(%q) = %q, %v", in, v, err)
		}
	}
	if got := rotated.Sign("hello"); got != cur.Signed {
		t.Errorf("Sign used a fallback key: %q, want %q", got, cur.Signed)
	}

	// The same holds for timestamped values and dumps.
	for _, v := range f.Dumps {
		if v.Key != "OTHER_KEY" {
			continue
		}
		c, _ := NewCodec(Options{Key: f.Keys["SECRET_KEY"], FallbackKeys: []string{f.Keys["OTHER_KEY"]}, Now: fixed(v.Time)})
		var got any
		if err := c.Loads(v.Signed, time.Minute, &got); err != nil {
			t.Errorf("Loads of an OTHER_KEY dumps with fallback: %v", err)
		}
		again, _ := c.DumpsJSON([]byte(v.JSON))
		if again == v.Signed {
			t.Error("DumpsJSON signed with the fallback key")
		}
	}
}
