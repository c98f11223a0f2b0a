package templates

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Default formats, as Django's DATE_FORMAT and TIME_FORMAT for English.
const (
	defaultDateFormat = "N j, Y"
	defaultTimeFormat = "P"
)

// apMonths are the Associated Press month abbreviations of the "N" letter.
var apMonths = [...]string{"Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

// dateOnlyLetters are the format letters the time filter refuses.
const dateOnlyLetters = "bcdDEFIjlLmMnNorStwWyYzU"

// toTime accepts a time.Time or a non-nil *time.Time; the zero time counts
// as missing.
func toTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, !x.IsZero()
	case *time.Time:
		if x != nil {
			return *x, !x.IsZero()
		}
	}
	return time.Time{}, false
}

// dateFilter formats a time.Time with Django's format letters (see the
// package documentation); "" means "N j, Y". A nil, zero or non-time value
// gives "", as in Django.
func dateFilter(format string, v any) string {
	t, ok := toTime(v)
	if !ok {
		return ""
	}
	if format == "" {
		format = defaultDateFormat
	}
	s, _ := formatTime(t, format, false)
	return s
}

// timeFilter is dateFilter for the time of day only: "" means "P", and a
// date letter in format is an error.
func timeFilter(format string, v any) (string, error) {
	if format == "" {
		format = defaultTimeFormat
	}
	s, err := formatTime(time.Time{}, format, true)
	if err != nil {
		return "", err
	}
	t, ok := toTime(v)
	if !ok {
		return "", nil
	}
	s, _ = formatTime(t, format, true)
	return s, nil
}

// formatTime writes t in a Django format string. A backslash makes the
// next character literal; characters that are not format letters are
// copied. With timeOnly, a date letter is an error (checked before any
// output, so a zero t may be passed to validate a format).
func formatTime(t time.Time, format string, timeOnly bool) (string, error) {
	var sb strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c == '\\' {
			if i+1 < len(format) {
				i++
				sb.WriteByte(format[i])
			}
			continue
		}
		if timeOnly && strings.IndexByte(dateOnlyLetters, c) >= 0 {
			return "", fmt.Errorf("templates: time: format letter %q is about the date; use the date filter for it", c)
		}
		writeLetter(&sb, t, c)
	}
	return sb.String(), nil
}

func pad2(sb *strings.Builder, n int) {
	if n < 10 {
		sb.WriteByte('0')
	}
	sb.WriteString(strconv.Itoa(n))
}

func hour12(t time.Time) int {
	if h := t.Hour() % 12; h != 0 {
		return h
	}
	return 12
}

// writeLetter writes the value of one format character.
func writeLetter(sb *strings.Builder, t time.Time, c byte) {
	switch c {
	case 'a':
		sb.WriteString(pick(t.Hour() < 12, "a.m.", "p.m."))
	case 'A':
		sb.WriteString(pick(t.Hour() < 12, "AM", "PM"))
	case 'b':
		sb.WriteString(strings.ToLower(t.Month().String()[:3]))
	case 'c':
		layout := "2006-01-02T15:04:05-07:00"
		if t.Nanosecond()/1000 != 0 {
			layout = "2006-01-02T15:04:05.000000-07:00"
		}
		sb.WriteString(t.Format(layout))
	case 'd':
		pad2(sb, t.Day())
	case 'D':
		sb.WriteString(t.Weekday().String()[:3])
	case 'e', 'T':
		name, _ := t.Zone()
		sb.WriteString(name)
	case 'E', 'F':
		sb.WriteString(t.Month().String())
	case 'f':
		sb.WriteString(strconv.Itoa(hour12(t)))
		if t.Minute() != 0 {
			sb.WriteByte(':')
			pad2(sb, t.Minute())
		}
	case 'g':
		sb.WriteString(strconv.Itoa(hour12(t)))
	case 'G':
		sb.WriteString(strconv.Itoa(t.Hour()))
	case 'h':
		pad2(sb, hour12(t))
	case 'H':
		pad2(sb, t.Hour())
	case 'i':
		pad2(sb, t.Minute())
	case 'I':
		sb.WriteString(pick(t.IsDST(), "1", "0"))
	case 'j':
		sb.WriteString(strconv.Itoa(t.Day()))
	case 'l':
		sb.WriteString(t.Weekday().String())
	case 'L':
		y := t.Year()
		sb.WriteString(pick(y%4 == 0 && (y%100 != 0 || y%400 == 0), "True", "False"))
	case 'm':
		pad2(sb, int(t.Month()))
	case 'M':
		sb.WriteString(t.Month().String()[:3])
	case 'n':
		sb.WriteString(strconv.Itoa(int(t.Month())))
	case 'N':
		sb.WriteString(apMonths[t.Month()-1])
	case 'o':
		y, _ := t.ISOWeek()
		sb.WriteString(strconv.Itoa(y))
	case 'O':
		sb.WriteString(t.Format("-0700"))
	case 'P':
		switch {
		case t.Minute() == 0 && t.Hour() == 0:
			sb.WriteString("midnight")
		case t.Minute() == 0 && t.Hour() == 12:
			sb.WriteString("noon")
		default:
			writeLetter(sb, t, 'f')
			sb.WriteByte(' ')
			writeLetter(sb, t, 'a')
		}
	case 'r':
		sb.WriteString(t.Format("Mon, 02 Jan 2006 15:04:05 -0700"))
	case 's':
		pad2(sb, t.Second())
	case 'S':
		sb.WriteString(ordinalSuffix(t.Day()))
	case 't':
		sb.WriteString(strconv.Itoa(time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()))
	case 'u':
		fmt.Fprintf(sb, "%06d", t.Nanosecond()/1000)
	case 'U':
		sb.WriteString(strconv.FormatInt(t.Unix(), 10))
	case 'w':
		sb.WriteString(strconv.Itoa(int(t.Weekday())))
	case 'W':
		_, w := t.ISOWeek()
		sb.WriteString(strconv.Itoa(w))
	case 'y':
		pad2(sb, t.Year()%100)
	case 'Y':
		fmt.Fprintf(sb, "%04d", t.Year())
	case 'z':
		sb.WriteString(strconv.Itoa(t.YearDay()))
	case 'Z':
		_, off := t.Zone()
		sb.WriteString(strconv.Itoa(off))
	default:
		sb.WriteByte(c)
	}
}

// ordinalSuffix is the English suffix of a day of the month: 1st, 2nd, 11th.
func ordinalSuffix(day int) string {
	if day >= 11 && day <= 13 {
		return "th"
	}
	switch day % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

// nbsp joins a number to its unit so that a line never breaks between
// them, as Django's avoid_wrapping does.
const nbsp = "\u00a0"

// timesince describes the time elapsed from a date to now, in up to two
// adjacent units ("4\u00a0days, 6\u00a0hours"). Forms: {{.t | timesince}}
// (until now) and {{.t | timesince .other}} (until other). A date after the
// reference gives "0\u00a0minutes"; a nil, zero or non-time value gives "".
func timesince(args ...any) (string, error) { return since("timesince", false, args) }

// timeuntil describes the time from now until a date in the future, as
// timesince does: {{.t | timeuntil}} or {{.t | timeuntil .from}}.
func timeuntil(args ...any) (string, error) { return since("timeuntil", true, args) }

func since(fn string, reversed bool, args []any) (string, error) {
	var v any
	now := time.Now()
	switch len(args) {
	case 1:
		v = args[0]
	case 2:
		ref, ok := toTime(args[0])
		if !ok {
			return "", nil
		}
		now, v = ref, args[1]
	default:
		return "", errors.New("templates: " + fn + ": want a time and an optional reference time, as in {{.t | " + fn + "}}")
	}
	d, ok := toTime(v)
	if !ok {
		return "", nil
	}
	if reversed {
		d, now = now, d
	}
	return describeSince(d, now.In(d.Location())), nil
}

// daysInMonth is the month length used to step whole months; February
// always has 28 days so that a month after Jan 31 is Feb 28 in every year,
// as in Django.
var daysInMonth = [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

var sinceUnits = [...][2]string{
	{"year", "years"}, {"month", "months"}, {"week", "weeks"},
	{"day", "days"}, {"hour", "hours"}, {"minute", "minutes"},
}

// describeSince counts whole calendar years and months from d to now, then
// weeks, days, hours and minutes of what remains, and names the first
// non-zero unit and the next one if it is non-zero too.
func describeSince(d, now time.Time) string {
	zero := "0" + nbsp + "minutes"
	if now.Unix() <= d.Unix() {
		return zero
	}
	months := (now.Year()-d.Year())*12 + int(now.Month()-d.Month())
	if d.Day() > now.Day() || d.Day() == now.Day() && clock(d) > clock(now) {
		months--
	}
	years, months := months/12, months%12
	pivot := d
	if years != 0 || months != 0 {
		y, m := d.Year()+years, int(d.Month())+months
		if m > 12 {
			m -= 12
			y++
		}
		pivot = time.Date(y, time.Month(m), min(daysInMonth[m-1], d.Day()), d.Hour(), d.Minute(), d.Second(), 0, d.Location())
	}
	rest := now.Unix() - pivot.Unix()
	parts := []int64{int64(years), int64(months)}
	for _, chunk := range []int64{7 * 24 * 3600, 24 * 3600, 3600, 60} {
		parts = append(parts, rest/chunk)
		rest %= chunk
	}
	i := 0
	for i < len(parts) && parts[i] == 0 {
		i++
	}
	if i == len(parts) {
		return zero
	}
	var out []string
	for ; i < len(parts) && len(out) < 2 && parts[i] != 0; i++ {
		unit := sinceUnits[i][1]
		if parts[i] == 1 {
			unit = sinceUnits[i][0]
		}
		out = append(out, strconv.FormatInt(parts[i], 10)+nbsp+unit)
	}
	return strings.Join(out, ", ")
}

// clock is the time of day in nanoseconds, to compare times of day.
func clock(t time.Time) int64 {
	return int64(t.Hour())*int64(time.Hour) + int64(t.Minute())*int64(time.Minute) +
		int64(t.Second())*int64(time.Second) + int64(t.Nanosecond())
}
