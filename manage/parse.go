package manage

import (
	"flag"
	"strings"
)

// parseArgs parses args with fs, allowing flags after positional
// arguments (runserver 127.0.0.1:9001 --noreload), which Go's flag
// package alone does not: it stops at the first positional argument. A
// lone "--" ends the flags; everything after it is positional, even if
// it starts with a dash. It returns the positional arguments in order.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if endedByTerminator(fs, args[:len(args)-len(rest)]) {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// endedByTerminator reports whether the flag package stopped parsing
// consumed because it met "--" (rather than a positional argument). It
// must tell "--" the terminator from "--" the value of a preceding flag
// (--name --), which the flag package also consumes.
func endedByTerminator(fs *flag.FlagSet, consumed []string) bool {
	n := len(consumed)
	if n == 0 || consumed[n-1] != "--" {
		return false
	}
	if n == 1 {
		return true
	}
	prev := consumed[n-2]
	if len(prev) < 2 || prev[0] != '-' || prev == "--" || strings.Contains(prev, "=") {
		return true
	}
	name := strings.TrimLeft(prev, "-")
	f := fs.Lookup(name)
	if f == nil {
		return true
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return true
	}
	// prev was a flag that takes a value, so "--" was its value... unless
	// prev was itself a value: "-a -b --" with -a taking "-b". Walk back
	// to find out whether prev started a flag or was consumed as a value.
	return !startsFlag(fs, consumed[:n-2])
}

// startsFlag reports whether, after parsing consumed, the next argument
// is read as a flag (true) or as the value of the last flag (false).
func startsFlag(fs *flag.FlagSet, consumed []string) bool {
	expectValue := false
	for _, a := range consumed {
		if expectValue {
			expectValue = false
			continue
		}
		if len(a) < 2 || a[0] != '-' || strings.Contains(a, "=") {
			continue
		}
		f := fs.Lookup(strings.TrimLeft(a, "-"))
		if f == nil {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		expectValue = true
	}
	return !expectValue
}
