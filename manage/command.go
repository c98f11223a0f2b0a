package manage

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// Command is one management command, like a Django management command: a
// value with flags and a Run method, contributed by an app or by the
// framework. Each command lives in its own file.
type Command interface {
	// Name is what the user types: "runserver", "collectstatic".
	Name() string
	// Help is one line for the command list, and the first line of the
	// command's own usage.
	Help() string
	// SetFlags declares the command's flags. It is called once, before the
	// arguments are parsed.
	SetFlags(fs *flag.FlagSet)
	// Run does the work. args are the positional arguments left after the
	// flags. Returning a [UsageError] prints usage and exits 2; an
	// [ExitError] exits with its code; any other error is printed as
	// "CommandError: ..." and exits 1.
	Run(ctx context.Context, io *IO, args []string) error
}

// IO is where a command reads and writes. Commands never touch os.Stdout
// directly, so tests can run them in-process.
type IO struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Interactive is true when Stdin is a terminal and the user may be
	// asked questions; commands with a --noinput flag set it false.
	Interactive bool
}

// Printf writes to Stdout.
func (o *IO) Printf(format string, args ...any) { fmt.Fprintf(o.Stdout, format, args...) }

// Errorf writes to Stderr.
func (o *IO) Errorf(format string, args ...any) { fmt.Fprintf(o.Stderr, format, args...) }

// Provider is implemented by apps that contribute commands.
type Provider interface {
	Commands() []Command
}

// UsageError reports wrong arguments. The dispatcher prints the message and
// the command's usage to stderr and exits with status 2.
type UsageError struct{ Msg string }

// Error returns the message.
func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a *UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// ExitError asks the dispatcher to exit with Code after printing Err, if
// any. It is how `check --fail-level` reports failure without an error line.
type ExitError struct {
	Code int
	Err  error
}

// Error returns Err's message, or "exit status N" when Err is nil.
func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

// Unwrap returns Err.
func (e *ExitError) Unwrap() error { return e.Err }

// ErrAborted is returned by commands when the user answers no to a
// confirmation question.
var ErrAborted = errors.New("manage: aborted by the user")
