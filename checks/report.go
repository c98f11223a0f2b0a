package checks

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Report writes msgs to w in the layout of Django's check command: a
// header when there are messages, one block per level from CRITICALS down
// to DEBUGS (each block sorted), and a summary line:
//
//	System check identified some issues:
//
//	ERRORS:
//	?: (auth.E003) ...
//
//	WARNINGS:
//	?: (security.W004) ...
//
//	System check identified 2 issues (1 silenced).
//
// or, with no messages, only "System check identified no issues (0
// silenced)." Every line ends with a newline. silencedCount is the number
// of messages dropped by silencing ([Silence]), shown in the summary;
// msgs should not contain them. Messages at levels between the named ones
// are grouped with the named level below them. It returns the first write
// error.
func Report(w io.Writer, msgs []Message, silencedCount int) error {
	var b strings.Builder
	if len(msgs) > 0 {
		b.WriteString("System check identified some issues:\n")
		for _, g := range levelNames { // most severe first
			var lines []string
			for _, m := range msgs {
				if groupOf(m.Level) == g.l {
					lines = append(lines, m.String())
				}
			}
			if len(lines) == 0 {
				continue
			}
			slices.Sort(lines)
			fmt.Fprintf(&b, "\n%sS:\n%s\n", g.name, strings.Join(lines, "\n"))
		}
		b.WriteString("\n")
	}
	var issues string
	switch len(msgs) {
	case 0:
		issues = "no issues"
	case 1:
		issues = "1 issue"
	default:
		issues = fmt.Sprintf("%d issues", len(msgs))
	}
	fmt.Fprintf(&b, "System check identified %s (%d silenced).\n", issues, silencedCount)
	_, err := io.WriteString(w, b.String())
	return err
}

// groupOf maps a level to the named level whose block shows it.
func groupOf(l Level) Level {
	for _, n := range levelNames {
		if l >= n.l {
			return n.l
		}
	}
	return Debug
}
