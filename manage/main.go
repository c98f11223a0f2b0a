package manage

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jazzgo/jazz/internal/textdist"
)

// StdIO returns an IO on the process's standard streams. Interactive is
// true when standard input is a terminal (a character device), so commands
// may ask questions; it is false under a pipe or in CI.
func StdIO() *IO {
	interactive := false
	if fi, err := os.Stdin.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		interactive = true
	}
	return &IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Interactive: interactive}
}

// Index returns cmds by name. It reports, joined into one error, every
// nil command, every invalid name (empty, containing spaces, starting with
// "-", or the reserved "help") and every name used by more than one
// command, naming the types involved. A project calls it at start-up so
// that a clash between two apps' commands stops the start instead of
// hiding one command.
func Index(cmds []Command) (map[string]Command, error) {
	m := make(map[string]Command, len(cmds))
	var errs []error
	for i, c := range cmds {
		if c == nil {
			errs = append(errs, fmt.Errorf("manage: command %d is nil", i))
			continue
		}
		name := c.Name()
		switch {
		case name == "" || strings.ContainsAny(name, " \t\n") || strings.HasPrefix(name, "-"):
			errs = append(errs, fmt.Errorf("manage: command %T has the invalid name %q; use a word such as \"runserver\"", c, name))
			continue
		case name == "help":
			errs = append(errs, fmt.Errorf("manage: command %T is named \"help\", which the dispatcher reserves; rename it", c))
			continue
		}
		if prev, dup := m[name]; dup {
			errs = append(errs, fmt.Errorf("manage: command %q is defined twice, by %T (group %s) and %T (group %s); rename one or leave one out",
				name, prev, groupOf(prev), c, groupOf(c)))
			continue
		}
		m[name] = c
	}
	return m, errors.Join(errs...)
}

// Main runs the command named by args[0] with the rest of args, like
// Django's manage.py, and returns the process exit status. args excludes
// the program name (os.Args[1:]); prog is the program name shown in
// messages ("manage" when empty). A nil stdio means [StdIO].
//
// Dispatch:
//
//   - no arguments, "help", "-h" or "--help": the command list, grouped by
//     [Grouper] label, on stdout; status 0.
//   - "help NAME", or NAME followed by -h or --help anywhere among its
//     arguments: the command's usage on stdout; status 0.
//   - an unknown NAME: "Unknown command: 'foo'. Did you mean 'bar'?" and
//     a pointer to help, on stderr; status 2.
//
// Flags may come before, between or after positional arguments; "--" ends
// the flags. The command's Run result maps to the status:
//
//   - nil: 0.
//   - an [*ExitError] (anywhere in the chain): its Code, after printing its
//     Err, if any, on stderr.
//   - a flag error or a [*UsageError]: the message and the command's usage
//     on stderr; 2.
//   - [ErrAborted] (the user declined a confirmation): the error on
//     stderr; 1.
//   - any other error: "CommandError: <error>" on stderr; 1.
//
// Main does not check cmds for duplicate names: when two commands share a
// name the first in cmds runs. Call [Index] at start-up to reject that.
// Nil commands are skipped. Main calls the command's SetFlags on a fresh
// FlagSet for each call, so a Command value must not be run by two Main
// calls at once.
func Main(ctx context.Context, prog string, cmds []Command, args []string, stdio *IO) int {
	if prog == "" {
		prog = "manage"
	}
	if stdio == nil {
		stdio = StdIO()
	}
	var list []Command
	byName := make(map[string]Command, len(cmds))
	for _, c := range cmds {
		if c == nil {
			continue
		}
		if _, dup := byName[c.Name()]; !dup {
			byName[c.Name()] = c
			list = append(list, c)
		}
	}

	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || (args[0] == "help" && len(args) == 1) {
		writeMainHelp(stdio.Stdout, prog, list)
		return 0
	}
	name, rest := args[0], args[1:]
	if name == "help" {
		name, rest = args[1], []string{"--help"}
	}
	cmd, ok := byName[name]
	if !ok {
		msg := "Unknown command: '" + name + "'"
		if s := suggest(name, list); s != "" {
			msg += ". Did you mean '" + s + "'?"
		}
		fmt.Fprintf(stdio.Stderr, "%s\nType '%s help' for usage.\n", msg, prog)
		return 2
	}
	return run(ctx, prog, cmd, rest, stdio)
}

func run(ctx context.Context, prog string, cmd Command, args []string, stdio *IO) int {
	fs := flag.NewFlagSet(prog+" "+cmd.Name(), flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Main prints its own usage, in its own layout
	fs.Usage = func() {}
	cmd.SetFlags(fs)
	positional, err := parseArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		writeCommandHelp(stdio.Stdout, prog, cmd, fs)
		return 0
	}
	if err != nil {
		usageError(stdio.Stderr, prog, cmd, fs, err.Error())
		return 2
	}

	err = cmd.Run(ctx, stdio, positional)
	var exit *ExitError
	var usage *UsageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		if exit.Err != nil {
			fmt.Fprintln(stdio.Stderr, exit.Err)
		}
		return exit.Code
	case errors.As(err, &usage):
		usageError(stdio.Stderr, prog, cmd, fs, err.Error())
		return 2
	case errors.Is(err, ErrAborted):
		fmt.Fprintln(stdio.Stderr, err)
		return 1
	}
	fmt.Fprintf(stdio.Stderr, "CommandError: %v\n", err)
	return 1
}

func usageError(w io.Writer, prog string, cmd Command, fs *flag.FlagSet, msg string) {
	fmt.Fprintf(w, "%s %s: error: %s\n\n", prog, cmd.Name(), msg)
	writeCommandHelp(w, prog, cmd, fs)
}

// suggest returns the command name closest to name, or "" when none is
// close enough to be a plausible typo.
func suggest(name string, cmds []Command) string {
	best, bestDist := "", len(name)/2+1
	for _, c := range cmds {
		n := c.Name()
		d := textdist.Levenshtein(name, n)
		if strings.HasPrefix(n, name) && len(name) >= 3 {
			d = min(d, 1)
		}
		if d < bestDist || (d == bestDist && best != "" && n < best) {
			best, bestDist = n, d
		}
	}
	return best
}
