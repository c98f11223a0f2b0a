package orm

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDecimal(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "-0": "0", "+1": "1", "007.50": "7.50", ".5": "0.5", "5.": "5", "-0.00": "0.00",
		"-12.50": "-12.50", "12345678901234567890.0123456789": "12345678901234567890.0123456789", "000": "0",
	} {
		d, err := ParseDecimal(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDecimal(%q) = %q, %v; want %q", in, d, err, want)
		}
	}
	for _, bad := range []string{"", "-", ".", "1e5", "1.2.3", " 1", "NaN", "Inf", "0x10", "1,5", "--1", "+-1"} {
		if _, err := ParseDecimal(bad); err == nil {
			t.Errorf("ParseDecimal(%q): want an error", bad)
		}
	}
	var zero Decimal
	if zero.String() != "0" || !zero.IsZero() || zero.Sign() != 0 {
		t.Error("zero value")
	}
	if MustDecimal("-0.01").Sign() != -1 || MustDecimal("0.00").Sign() != 0 || MustDecimal("3").Sign() != 1 {
		t.Error("Sign")
	}
	for in, want := range map[string][2]int{"123.45": {5, 2}, "0.05": {2, 2}, "-7": {1, 0}, "100": {3, 0}, "0": {0, 0}} {
		d, dp := MustDecimal(in).Digits()
		if d != want[0] || dp != want[1] {
			t.Errorf("Digits(%s) = %d, %d; want %v", in, d, dp, want)
		}
	}
	if MustDecimal("1.50").Cmp(MustDecimal("1.5")) != 0 || MustDecimal("2").Cmp(MustDecimal("10")) != -1 {
		t.Error("Cmp")
	}
	b, _ := json.Marshal(struct{ P Decimal }{MustDecimal("9.99")})
	if string(b) != `{"P":"9.99"}` {
		t.Errorf("MarshalJSON = %s", b)
	}
	var v struct{ P, Q Decimal }
	if err := json.Unmarshal([]byte(`{"P":"1.10","Q":2.5}`), &v); err != nil || v.P.String() != "1.10" || v.Q.String() != "2.5" {
		t.Errorf("UnmarshalJSON = %+v, %v", v, err)
	}
	var s Decimal
	if err := s.Scan([]byte("3.30")); err != nil || s.String() != "3.30" {
		t.Errorf("Scan = %v %v", s, err)
	}
	if err := s.Scan(1.5); err == nil {
		t.Error("Scan(float): want an error")
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"0", "-12.50", "007.5", ".5", "1e5", "", "-0.00", "9999999999999999999999.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		// The canonical form parses to itself, and is canonical.
		again, err := ParseDecimal(d.String())
		if err != nil || again != d || !isCanonicalDecimal(d.String()) {
			t.Fatalf("%q -> %q -> %q, %v", s, d, again, err)
		}
		if d.Cmp(again) != 0 {
			t.Fatalf("Cmp of equal decimals")
		}
		digits, decimals := d.Digits()
		if decimals > digits+1 || strings.ContainsAny(d.String(), "+eE ") {
			t.Fatalf("%q: digits %d, decimals %d", d, digits, decimals)
		}
	})
}

func FuzzParseTag(f *testing.F) {
	for _, s := range []string{"max_length=200,unique", "help_text='a, b',null", "default='it''s'", "a,,b", "='x'", "x='"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		opts, err := parseTag(s)
		if err != nil {
			return
		}
		for _, o := range opts {
			if o.key == "" || strings.ContainsAny(o.key, ",=") {
				t.Fatalf("parseTag(%q): bad key %q", s, o.key)
			}
		}
	})
}

func TestUUID(t *testing.T) {
	u := NewUUID()
	if u.IsZero() || u[6]>>4 != 4 || u[8]>>6 != 2 {
		t.Errorf("NewUUID %s is not version 4", u)
	}
	if NewUUID() == u {
		t.Error("two NewUUIDs are equal")
	}
	s := u.String()
	for _, in := range []string{s, strings.ReplaceAll(s, "-", ""), strings.ToUpper(s), "{" + s + "}"} {
		got, err := ParseUUID(in)
		if err != nil || got != u {
			t.Errorf("ParseUUID(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "xyz", s[:35], s + "0", strings.Replace(s, "-", "x", 1), strings.Replace(s, s[:2], "zz", 1)} {
		if _, err := ParseUUID(bad); err == nil {
			t.Errorf("ParseUUID(%q): want an error", bad)
		}
	}
	if got := (UUID{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}).String(); got != "6ba7b810-9dad-11d1-80b4-00c04fd430c8" {
		t.Errorf("String = %s", got)
	}
	b, _ := json.Marshal(u)
	var back UUID
	if err := json.Unmarshal(b, &back); err != nil || back != u {
		t.Errorf("JSON round trip: %v %v", back, err)
	}
}

func TestForeignKeyValue(t *testing.T) {
	var fk ForeignKey[tagTarget]
	if !fk.IsZero() || fk.ID() != 0 {
		t.Error("zero ForeignKey")
	}
	fk.SetID(4)
	if fk.ID() != 4 || fk.IsZero() {
		t.Error("SetID")
	}
	obj := &tagTarget{}
	fk.obj = obj
	fk.SetID(5)
	if _, ok := fk.Loaded(); ok {
		t.Error("SetID to another key keeps a stale object")
	}
	b, _ := json.Marshal(fk)
	if string(b) != "5" {
		t.Errorf("MarshalJSON = %s", b)
	}
	if err := json.Unmarshal([]byte("null"), &fk); err != nil || !fk.IsZero() {
		t.Error("UnmarshalJSON null")
	}
	if err := json.Unmarshal([]byte("12"), &fk); err != nil || fk.ID() != 12 {
		t.Error("UnmarshalJSON id")
	}
}
