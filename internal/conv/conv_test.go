package conv

import (
	"errors"
	"math"
	"testing"
)

func TestInt64(t *testing.T) {
	for _, v := range []any{int64(7), 7, int32(7), int16(7), int8(7), uint64(7), uint(7), uint32(7), uint16(7),
		uint8(7), 7.0, " 7 ", []byte("7")} {
		if n, err := Int64(v); err != nil || n != 7 {
			t.Errorf("Int64(%#v) = %d, %v", v, n, err)
		}
	}
	if n, _ := Int64(true); n != 1 {
		t.Error("true is not 1")
	}
	for _, v := range []any{uint64(math.MaxInt64) + 1, 7.5, math.Inf(1), "7x", float64(math.MaxInt64)} {
		if _, err := Int64(v); err == nil {
			t.Errorf("Int64(%#v) accepted", v)
		}
	}
	if _, err := Int64(struct{}{}); !errors.Is(err, ErrType) {
		t.Errorf("struct: %v, want ErrType", err)
	}
}
