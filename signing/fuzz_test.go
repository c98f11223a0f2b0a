package signing

import (
	"reflect"
	"testing"
	"time"
)

// FuzzUnsign feeds arbitrary text to Signer.Unsign and
// TimestampSigner.UnsignTime. Neither may panic, and whatever verifies must
// re-sign to exactly the same text (with the clock at the signing time), so
// that verification accepts nothing the signer would not have written.
func FuzzUnsign(f *testing.F) {
	f.Add("hello:1r31eq:NtHBd_JsKA9VnYPVsx5mAqD9pr5DEWJx0FK3VUNYICg")
	f.Add("a:b:1r31eq:vun4HGSoxdNIqHzwrb3dGwdhm9dgJAAURHm8Z4PB8fI")
	f.Add("hello:u1rAwv7O1chf-qUk7fUq1q53p6rs__4SxgiMl4V-47c")
	f.Add("hello:!!:LVmd0FWiizGZexPKJayI50_quuCTyWEb2m23SoHHyMs")
	f.Add("")
	f.Add("::")
	plain, err := New(Options{Key: testKey})
	if err != nil {
		f.Fatal(err)
	}
	ts, err := NewTimestampSigner(Options{Key: testKey, Now: fixed(1700000000)})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if v, err := plain.Unsign(in); err == nil {
			if again := plain.Sign(v); again != in {
				t.Fatalf("Signer accepted %q but re-signs it as %q", in, again)
			}
		}
		v, at, err := ts.UnsignTime(in, time.Hour)
		if err != nil {
			if v != "" || !at.IsZero() {
				t.Fatalf("rejected %q but returned %q, %v", in, v, at)
			}
			return
		}
		re, _ := NewTimestampSigner(Options{Key: testKey, Now: func() time.Time { return at }})
		if again := re.Sign(v); again != in {
			t.Fatalf("TimestampSigner accepted %q but re-signs it as %q", in, again)
		}
	})
}

// FuzzLoads feeds arbitrary text to Codec.Loads. It may not panic, and a
// value it accepts must survive Dumps and Loads again unchanged.
func FuzzLoads(f *testing.F) {
	f.Add("ImhlbGxvIg:1r31eq:eqDUCGV40uLotiUS0OYji_n7EwYhKL4JZakmME5AWMk")
	f.Add(".eJwNzEERwDAMA0FC94gkx4mxdMqfRgtg9xEmFJvmcBm0kJBRUKGNGh100eCFf2McXHjjxgdfPGQRkb8MKbJJk0MumfcDgzMVIQ:1r31eq:gdg115kRJzXtjdRh2fj04Y-wQ_u4ig1_pZ-1N1gyzic")
	f.Add("eyJhIjoxfQ:1r31eq:crU7UcDZ0DEZOe4Yrz-OVIHXC3hxKYLpMVAqXli0liA")
	f.Add(".eyJhIjoxfQ:1r31eq:crU7UcDZ0DEZOe4Yrz-OVIHXC3hxKYLpMVAqXli0liA")
	f.Add("")
	c, err := NewCodec(Options{Key: testKey, Compress: true, Now: fixed(1700000000)})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var v any
		if err := c.Loads(in, 0, &v); err != nil {
			return
		}
		out, err := c.Dumps(v)
		if err != nil {
			t.Fatalf("Loads(%q) gave %#v, which Dumps cannot write: %v", in, v, err)
		}
		var back any
		if err := c.Loads(out, 0, &back); err != nil || !reflect.DeepEqual(back, v) {
			t.Fatalf("round trip of %#v gave %#v, %v", v, back, err)
		}
	})
}
