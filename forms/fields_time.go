package forms

import (
	"strconv"
	"strings"
	"time"
)

// defaultDateFormats (never modified) are tried in order by Date when InputFormats is empty;
// the first is also the output format, the one <input type=date> sends.
var defaultDateFormats = []string{"2006-01-02", "01/02/2006", "01/02/06", "Jan 2 2006", "Jan 2, 2006", "2 Jan 2006", "2 January 2006", "January 2, 2006"}

// defaultTimeFormats are tried in order by Time when InputFormats is empty.
var defaultTimeFormats = []string{"15:04", "15:04:05", "15:04:05.999999999", "3:04 PM", "3:04PM"}

// defaultDateTimeFormats are tried in order by DateTime when InputFormats is
// empty; the second is what <input type=datetime-local> sends.
var defaultDateTimeFormats = []string{
	"2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04",
	"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999",
	time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02",
	"01/02/2006 15:04:05", "01/02/2006 15:04", "01/02/2006",
}

func parseIn(s string, formats []string, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	for _, f := range formats {
		if t, err := time.ParseInLocation(f, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Date is a calendar date; the cleaned value is a time.Time at midnight
// UTC (nil when empty). Bound it with MinValue/MaxValue over time.Time.
type Date struct {
	Base
	// InputFormats are time layouts tried in order; empty means ISO (2006-01-02) then common US and written forms.
	InputFormats []string
}

// Clean implements Field.
func (f *Date) Clean(raw Raw) (any, error) {
	s := strings.TrimSpace(raw.First())
	if s == "" {
		return nil, f.required()
	}
	formats := f.InputFormats
	if len(formats) == 0 {
		formats = defaultDateFormats
	}
	t, ok := parseIn(s, formats, time.UTC)
	if !ok {
		return nil, f.fail("invalid", "Enter a valid date.")
	}
	return t, nil
}

// Format implements Field.
func (f *Date) Format(v any) []string {
	if t, ok := v.(time.Time); ok {
		return []string{t.Format("2006-01-02")}
	}
	return formatString(v)
}

// Time is a time of day; the cleaned value is a time.Time on January 1 of
// year 0, UTC, so only its clock fields matter.
type Time struct {
	Base
	InputFormats []string
}

// Clean implements Field.
func (f *Time) Clean(raw Raw) (any, error) {
	s := strings.TrimSpace(raw.First())
	if s == "" {
		return nil, f.required()
	}
	formats := f.InputFormats
	if len(formats) == 0 {
		formats = defaultTimeFormats
	}
	t, ok := parseIn(s, formats, time.UTC)
	if !ok {
		return nil, f.fail("invalid", "Enter a valid time.")
	}
	return t, nil
}

// Format implements Field.
func (f *Time) Format(v any) []string {
	if t, ok := v.(time.Time); ok {
		if t.Second() == 0 && t.Nanosecond() == 0 {
			return []string{t.Format("15:04")}
		}
		return []string{t.Format("15:04:05")}
	}
	return formatString(v)
}

// DateTime is an instant. Input without a UTC offset is read in Location
// (UTC when nil), the site's or the user's time zone; the cleaned value is
// a time.Time in that location.
type DateTime struct {
	Base
	InputFormats []string
	Location     *time.Location
}

// Clean implements Field.
func (f *DateTime) Clean(raw Raw) (any, error) {
	s := strings.TrimSpace(raw.First())
	if s == "" {
		return nil, f.required()
	}
	formats := f.InputFormats
	if len(formats) == 0 {
		formats = defaultDateTimeFormats
	}
	loc := f.Location
	if loc == nil {
		loc = time.UTC
	}
	t, ok := parseIn(s, formats, loc)
	if !ok {
		return nil, f.fail("invalid", "Enter a valid date/time.")
	}
	return t.In(loc), nil
}

// Format implements Field: the layout <input type=datetime-local> expects,
// in Location.
func (f *DateTime) Format(v any) []string {
	if t, ok := v.(time.Time); ok {
		if f.Location != nil {
			t = t.In(f.Location)
		}
		if t.Second() == 0 && t.Nanosecond() == 0 {
			return []string{t.Format("2006-01-02T15:04")}
		}
		return []string{t.Format("2006-01-02T15:04:05")}
	}
	return formatString(v)
}

// Duration accepts Go's notation ("1h30m") or clock notation
// ("[DD ][HH:]MM:SS[.fff]", e.g. "1 02:03:04" or "90:00"); the cleaned value
// is a time.Duration.
type Duration struct {
	Base
}

// Clean implements Field.
func (f *Duration) Clean(raw Raw) (any, error) {
	s := strings.TrimSpace(raw.First())
	if s == "" {
		return nil, f.required()
	}
	d, ok := parseDuration(s)
	if !ok {
		return nil, f.fail("invalid", "Enter a valid duration.")
	}
	return d, nil
}

func parseDuration(s string) (time.Duration, bool) {
	if d, err := time.ParseDuration(s); err == nil {
		return d, true
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var days int64
	if d, rest, ok := strings.Cut(s, " "); ok {
		d = strings.TrimSuffix(strings.TrimSuffix(d, "days"), "day")
		n, err := strconv.ParseInt(strings.TrimSpace(d), 10, 32)
		if err != nil || n < 0 {
			return 0, false
		}
		days, s = n, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ","))
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 || s == "" {
		return 0, false
	}
	secStr := parts[len(parts)-1]
	secF, err := strconv.ParseFloat(secStr, 64)
	if err != nil || secF < 0 || strings.ContainsAny(secStr, "eEpPxX+-_") {
		return 0, false
	}
	total := time.Duration(days) * 24 * time.Hour
	units := []time.Duration{time.Minute, time.Hour}
	for i := len(parts) - 2; i >= 0; i-- {
		n, err := strconv.ParseInt(parts[i], 10, 32)
		if err != nil || n < 0 {
			return 0, false
		}
		total += time.Duration(n) * units[len(parts)-2-i]
	}
	if secF > 1e9 {
		return 0, false
	}
	total += time.Duration(secF * float64(time.Second))
	if neg {
		total = -total
	}
	return total, true
}

// Format implements Field.
func (f *Duration) Format(v any) []string {
	if d, ok := v.(time.Duration); ok {
		return []string{d.String()}
	}
	return formatString(v)
}
