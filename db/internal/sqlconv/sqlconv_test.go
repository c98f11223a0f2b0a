package sqlconv

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db"
)

func TestIsDecimal(t *testing.T) {
	for s, want := range map[string]bool{"0": true, "-12.50": true, "+3": true, "12345678901234567890.0123456789": true,
		"": false, ".5": false, "5.": false, "1e5": false, "1,5": false, "-": false, "NaN": false} {
		if IsDecimal(s) != want {
			t.Errorf("IsDecimal(%q) = %v", s, !want)
		}
	}
}

func TestParseUUID(t *testing.T) {
	type named [16]byte
	want := [16]byte{0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00}
	for _, in := range []any{"123e4567-e89b-12d3-a456-426614174000", "123E4567E89B12D3A456426614174000",
		[]byte("123e4567e89b12d3a456426614174000"), want[:], named(want)} {
		got, err := ParseUUID(in)
		if err != nil || got != want {
			t.Errorf("ParseUUID(%v) = %x, %v", in, got, err)
		}
	}
	for _, bad := range []any{"123e4567-e89b-12d3-a456-42661417400", "zz3e4567e89b12d3a456426614174000", 42} {
		if _, err := ParseUUID(bad); err == nil {
			t.Errorf("ParseUUID(%v) accepted", bad)
		}
	}
	if FormatUUIDDashed(want) != "123e4567-e89b-12d3-a456-426614174000" {
		t.Error(FormatUUIDDashed(want))
	}
}

func TestBind(t *testing.T) {
	s := Style{Name: "test", DateTimeText: true}
	for _, c := range []struct {
		kind db.Kind
		in   any
		want any
	}{
		{db.KindDecimal, big.NewRat(-1, 8), "-0.125"},
		{db.KindDecimal, 2.5, "2.5"},
		{db.KindDateTime, time.Date(2024, 1, 2, 3, 4, 5, 6789, time.FixedZone("x", -3600)), "2024-01-02 04:04:05.000006"},
		{db.KindDate, "2024-02-29", "2024-02-29"},
		{db.KindTime, "07:08:09.5", "07:08:09.500000"},
		{db.KindDuration, -1500 * time.Nanosecond, int64(-1)},
		{db.KindJSON, "text", `"text"`},
		{db.KindJSON, map[string]int{"a": 1}, `{"a":1}`},
		{db.KindBool, "true", true},
	} {
		got, err := s.Bind(c.kind, c.in)
		if c.want == nil {
			if err == nil {
				t.Errorf("Bind(%v, %v) = %v, want an error", c.kind, c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Bind(%v, %#v) = %#v, %v; want %#v", c.kind, c.in, got, err, c.want)
		}
	}
}

func TestName(t *testing.T) {
	d := DDL{MaxName: 20}
	a := d.Name("averyveryverylong", "table", "column")
	b := d.Name("averyveryverylong", "table", "column2")
	if len(a) != 20 || len(b) != 20 || a == b {
		t.Errorf("names %q %q", a, b)
	}
	if d.Name("short", "x") != "short_x" {
		t.Error(d.Name("short", "x"))
	}
	if got := EscapeLike(`a%b_c\d`); got != `a\%b\_c\\d` {
		t.Error(got)
	}
	if !strings.HasPrefix(QuoteWith(`x"y`, '"'), `"x""y"`) {
		t.Error(QuoteWith(`x"y`, '"'))
	}
}
