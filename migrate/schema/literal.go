package schema

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jazzgo/jazz/db"
)

// literals writes the SQL literals of one dialect, for the values that
// fill existing rows (a field's Default or a Fill). Statements carry
// literals rather than bind parameters so that sqlmigrate prints them as
// they run.
type literals struct {
	// boolean writes true and false.
	boolean func(bool) string
	// str quotes a string (MySQL also escapes backslashes).
	str func(string) string
	// bytes writes a binary literal.
	bytes func([]byte) string
}

func quoteSQL(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func quoteMySQL(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", "''").Replace(s) + "'"
}

func hexBytes(b []byte) string { return "X'" + hex.EncodeToString(b) + "'" }

// render writes v as a literal for a column of the given kind. Numbers
// for a duration are microseconds (the stored form); text is parsed as a
// Go duration ("1h30m").
func (l literals) render(d db.Dialect, kind db.Kind, v any) (string, error) {
	switch kind {
	case db.KindBool:
		b, err := toBool(v)
		if err != nil {
			return "", err
		}
		return l.boolean(b), nil
	case db.KindInt16, db.KindInt32, db.KindInt64, db.KindAuto:
		n, err := toInt(v)
		if err != nil {
			return "", err
		}
		return strconv.FormatInt(n, 10), nil
	case db.KindDuration:
		if s, ok := v.(string); ok {
			dur, err := time.ParseDuration(s)
			if err != nil {
				if n, err2 := strconv.ParseInt(s, 10, 64); err2 == nil {
					return strconv.FormatInt(n, 10), nil
				}
				return "", fmt.Errorf("%q is not a duration: %w", s, err)
			}
			return strconv.FormatInt(dur.Microseconds(), 10), nil
		}
		if dur, ok := v.(time.Duration); ok {
			return strconv.FormatInt(dur.Microseconds(), 10), nil
		}
		n, err := toInt(v)
		if err != nil {
			return "", err
		}
		return strconv.FormatInt(n, 10), nil
	case db.KindFloat64:
		switch x := v.(type) {
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		case float32:
			return strconv.FormatFloat(float64(x), 'g', -1, 32), nil
		case string:
			f, err := strconv.ParseFloat(x, 64)
			if err != nil {
				return "", fmt.Errorf("%q is not a number", x)
			}
			return strconv.FormatFloat(f, 'g', -1, 64), nil
		}
		n, err := toInt(v)
		if err != nil {
			return "", err
		}
		return strconv.FormatInt(n, 10), nil
	case db.KindDecimal:
		s := fmt.Sprint(v)
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "", fmt.Errorf("%q is not a decimal", s)
		}
		return l.str(s), nil
	case db.KindBinary:
		switch x := v.(type) {
		case []byte:
			return l.bytes(x), nil
		case string:
			return l.bytes([]byte(x)), nil
		}
		return "", fmt.Errorf("%T is not binary", v)
	case db.KindDate, db.KindDateTime, db.KindTime, db.KindUUID:
		bv, err := d.BindValue(kind, v)
		if err != nil {
			return "", err
		}
		switch x := bv.(type) {
		case string:
			return l.str(x), nil
		case time.Time:
			// A datetime without a zone is read in the session's zone
			// where the column keeps instants, so say it is UTC.
			s := x.UTC().Format("2006-01-02 15:04:05.999999")
			if d.Features().SupportsTimezones {
				s += "+00"
			}
			return l.str(s), nil
		}
		return l.str(fmt.Sprint(bv)), nil
	}
	// Char, Text, JSON.
	switch x := v.(type) {
	case []byte:
		return l.str(string(x)), nil
	case fmt.Stringer:
		return l.str(x.String()), nil
	}
	return l.str(fmt.Sprint(v)), nil
}

func toBool(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		return strconv.ParseBool(x)
	}
	n, err := toInt(v)
	if err != nil {
		return false, err
	}
	return n != 0, nil
}

func toInt(v any) (int64, error) {
	switch x := v.(type) {
	case int:
		return int64(x), nil
	case int8:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case int64:
		return x, nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case float64:
		if x == math.Trunc(x) {
			return int64(x), nil
		}
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		if err == nil {
			return n, nil
		}
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, fmt.Errorf("%v (%T) is not an integer", v, v)
}
