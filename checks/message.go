package checks

import (
	"fmt"
	"slices"
	"strings"
)

// Level is the severity of a [Message]. The values match Django's, so
// levels compare and sort the same way and custom levels in between are
// possible.
type Level int

// The levels, from least to most severe.
const (
	Debug    Level = 10
	Info     Level = 20
	Warning  Level = 30
	Error    Level = 40
	Critical Level = 50
)

var levelNames = []struct {
	l    Level
	name string
}{{Critical, "CRITICAL"}, {Error, "ERROR"}, {Warning, "WARNING"}, {Info, "INFO"}, {Debug, "DEBUG"}}

// String returns DEBUG, INFO, WARNING, ERROR or CRITICAL, or Level(n) for
// any other value.
func (l Level) String() string {
	for _, n := range levelNames {
		if n.l == l {
			return n.name
		}
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// ParseLevel reads a level name as given to check --fail-level: DEBUG,
// INFO, WARNING, ERROR or CRITICAL, in any case. Any other name is an
// error that lists the valid ones.
func ParseLevel(s string) (Level, error) {
	for _, n := range levelNames {
		if strings.EqualFold(s, n.name) {
			return n.l, nil
		}
	}
	return 0, fmt.Errorf("checks: unknown level %q (use CRITICAL, ERROR, WARNING, INFO or DEBUG)", s)
}

// Message is one finding of a system check.
//
// ID identifies the finding so that it can be silenced: the app or area,
// a dot, the level's initial and a number ("security.W004", "urls.E001").
// Msg says what is wrong, Hint (optional) how to fix it, and Obj (optional)
// names the object at fault: a model, a URL pattern, a setting.
type Message struct {
	Level Level
	ID    string
	Msg   string
	Hint  string
	Obj   string
}

// String formats m as Django does: the object ("?" when there is none),
// the ID in parentheses, the message, and the hint on its own line after
// a tab:
//
//	?: (security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting.
//		HINT: Set SecureHSTSSeconds ...
func (m Message) String() string {
	var b strings.Builder
	if m.Obj == "" {
		b.WriteString("?")
	} else {
		b.WriteString(m.Obj)
	}
	b.WriteString(": ")
	if m.ID != "" {
		b.WriteString("(")
		b.WriteString(m.ID)
		b.WriteString(") ")
	}
	b.WriteString(m.Msg)
	if m.Hint != "" {
		b.WriteString("\n\tHINT: ")
		b.WriteString(m.Hint)
	}
	return b.String()
}

// IsSerious reports whether m is at level or above; with [Error] it tells
// whether m should stop a start-up.
func (m Message) IsSerious(level Level) bool { return m.Level >= level }

// Failed reports whether any message in msgs is at failLevel or above:
// whether check --fail-level should exit with status 1. Silenced messages
// should be dropped before (see [Silence]); Failed does not know about them.
func Failed(msgs []Message, failLevel Level) bool {
	for _, m := range msgs {
		if m.Level >= failLevel {
			return true
		}
	}
	return false
}

// Silence returns the messages of msgs whose IDs are not in silenced, and
// how many were dropped. msgs is not modified; the result is a new slice.
func Silence(msgs []Message, silenced []string) (kept []Message, dropped int) {
	kept = make([]Message, 0, len(msgs))
	for _, m := range msgs {
		if m.ID != "" && slices.Contains(silenced, m.ID) {
			dropped++
			continue
		}
		kept = append(kept, m)
	}
	return kept, dropped
}
