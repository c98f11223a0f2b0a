package sessions_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/jazzgo/jazz/sessions"
)

// FuzzDecode feeds arbitrary cookie values and stored rows to both
// decoders: they must never panic, must fail only with ErrNotFound, and
// whatever they accept must survive a round trip. Seeds: the Django
// vectors (testdata/fuzz/FuzzDecode) plus a few made here.
func FuzzDecode(f *testing.F) {
	c, err := sessions.NewCodec(sessions.CodecOptions{SecretKey: testSecret, Now: fixedClock(1700000000)})
	if err != nil {
		f.Fatal(err)
	}
	for _, d := range []sessions.Data{{}, {"foo": "bar"}, {"n": 1.5, "l": []any{"x", nil}}} {
		s, _ := c.Encode(d)
		f.Add(s)
		s, _ = c.EncodeCookie(d)
		f.Add(s)
	}
	f.Add("")
	f.Add(".:1r31eq:")
	f.Fuzz(func(t *testing.T, s string) {
		for name, decode := range map[string]func(string) (sessions.Data, error){
			"Decode":       c.Decode,
			"DecodeCookie": func(s string) (sessions.Data, error) { return c.DecodeCookie(s, 14*24*time.Hour) },
		} {
			d, err := decode(s)
			if err != nil {
				if !errors.Is(err, sessions.ErrNotFound) || d != nil {
					t.Fatalf("%s(%q) = %v, %v; failures must be ErrNotFound with no data", name, s, d, err)
				}
				continue
			}
			enc, err := c.Encode(d)
			if err != nil {
				t.Fatalf("%s accepted %q but its data %v does not encode: %v", name, s, d, err)
			}
			back, err := c.Decode(enc)
			if err != nil || !reflect.DeepEqual(back, d) {
				t.Fatalf("round trip of %v: %v, %v", d, back, err)
			}
		}
	})
}
