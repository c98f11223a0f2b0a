// Package conv converts the loosely typed values that drivers return and
// callers pass (any integer type, floats holding whole numbers, decimal
// text) to the one Go type the framework works with. It is shared by the
// database dialects and the ORM so both accept the same forms.
package conv

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrType is wrapped by the errors of values whose type cannot hold the
// requested kind at all (as opposed to a value out of range).
var ErrType = errors.New("conv: unsupported type")

// Int64 returns v as an int64: every Go integer type, a float64 holding
// a whole number in range, a bool (1 or 0), or decimal text (string or
// []byte, surrounding spaces allowed). Values out of range and fractions
// are errors; other types wrap ErrType.
func Int64(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int8:
		return int64(x), nil
	case uint64:
		if x > math.MaxInt64 {
			return 0, fmt.Errorf("%d overflows int64", x)
		}
		return int64(x), nil
	case uint:
		if uint64(x) > math.MaxInt64 {
			return 0, fmt.Errorf("%d overflows int64", x)
		}
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint8:
		return int64(x), nil
	case float64:
		if x != math.Trunc(x) || x >= math.MaxInt64 || x < math.MinInt64 {
			return 0, fmt.Errorf("%v is not an integer", x)
		}
		return int64(x), nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case string:
		return strconv.ParseInt(strings.TrimSpace(x), 10, 64)
	case []byte:
		return strconv.ParseInt(strings.TrimSpace(string(x)), 10, 64)
	}
	return 0, fmt.Errorf("%w: cannot use %T as an integer", ErrType, v)
}
