package manage

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// fakeCmd is a command built from fields, recording how it was run.
type fakeCmd struct {
	name, help, group, argsUsage string
	setFlags                     func(fs *flag.FlagSet)
	run                          func(ctx context.Context, io *IO, args []string) error

	gotArgs []string
	runs    int
}

func (c *fakeCmd) Name() string { return c.name }
func (c *fakeCmd) Help() string { return c.help }
func (c *fakeCmd) SetFlags(fs *flag.FlagSet) {
	if c.setFlags != nil {
		c.setFlags(fs)
	}
}
func (c *fakeCmd) Run(ctx context.Context, io *IO, args []string) error {
	c.runs++
	c.gotArgs = args
	if c.run != nil {
		return c.run(ctx, io, args)
	}
	return nil
}

type groupedCmd struct{ *fakeCmd }

func (c groupedCmd) Group() string { return c.group }

type argsCmd struct{ *fakeCmd }

func (c argsCmd) ArgsUsage() string { return c.argsUsage }

func call(cmds []Command, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(context.Background(), "mysite", cmds, args, &IO{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader("")})
	return code, out.String(), errb.String()
}

type runserverFlags struct {
	noreload bool
	port     int
	name     string
	verbose  bool
}

func newRunserver() (*fakeCmd, *runserverFlags) {
	f := &runserverFlags{}
	c := &fakeCmd{name: "runserver", help: "Starts a lightweight web server for development.\nIt reloads on changes.",
		argsUsage: "[addrport]",
		setFlags: func(fs *flag.FlagSet) {
			fs.BoolVar(&f.noreload, "noreload", false, "Tells the server not to use the auto-reloader.")
			fs.IntVar(&f.port, "port", 8000, "Port to listen on.")
			fs.StringVar(&f.name, "name", "", "A `label` for the server.")
			fs.BoolVar(&f.verbose, "v", false, "")
		}}
	return c, f
}

func commandSet() ([]Command, *fakeCmd, *runserverFlags) {
	rs, flags := newRunserver()
	return []Command{
		argsCmd{rs},
		&fakeCmd{name: "check", help: "Checks the entire project for potential problems."},
		groupedCmd{&fakeCmd{name: "createsuperuser", help: "Creates a superuser.", group: "auth"}},
		groupedCmd{&fakeCmd{name: "changepassword", help: "Changes a user's password.", group: "auth"}},
		&fakeCmd{name: "migrate", help: "Updates the database schema."},
		groupedCmd{&fakeCmd{name: "nohelp", group: "sessions"}},
	}, rs, flags
}

func TestMainHelpListsCommandsGrouped(t *testing.T) {
	cmds, _, _ := commandSet()
	want := `Type 'mysite help <subcommand>' for help on a specific subcommand.

Available subcommands:

[auth]
    changepassword   Changes a user's password.
    createsuperuser  Creates a superuser.

[jazz]
    check            Checks the entire project for potential problems.
    migrate          Updates the database schema.
    runserver        Starts a lightweight web server for development.

[sessions]
    nohelp
`
	for _, args := range [][]string{nil, {"help"}, {"-h"}, {"--help"}} {
		code, out, errOut := call(cmds, args...)
		if code != 0 || out != want || errOut != "" {
			t.Errorf("%v: code %d, stderr %q, stdout:\n%s", args, code, errOut, out)
		}
	}
}

func TestCommandHelp(t *testing.T) {
	cmds, rs, _ := commandSet()
	want := `usage: mysite runserver [-h] [options] [addrport]

Starts a lightweight web server for development.
It reloads on changes.

options:
  -h, --help            show this help message and exit
  --name LABEL          A label for the server.
  --noreload            Tells the server not to use the auto-reloader.
  --port PORT           Port to listen on. (default 8000)
  -v
`
	for _, args := range [][]string{{"help", "runserver"}, {"runserver", "-h"}, {"runserver", "--help"}, {"runserver", "0:80", "--noreload", "-help"}} {
		code, out, errOut := call(cmds, args...)
		if code != 0 || out != want || errOut != "" {
			t.Errorf("%v: code %d, stderr %q, stdout:\n%s", args, code, errOut, out)
		}
	}
	if rs.runs != 0 {
		t.Errorf("help ran the command %d times", rs.runs)
	}
}

func TestInterleavedFlags(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		wantArgs []string
		want     runserverFlags
	}{
		{[]string{"127.0.0.1:9001", "--noreload"}, []string{"127.0.0.1:9001"}, runserverFlags{noreload: true, port: 8000}},
		{[]string{"--port", "9", "a", "-name=x", "b", "--noreload"}, []string{"a", "b"}, runserverFlags{noreload: true, port: 9, name: "x"}},
		{[]string{"a", "--", "--noreload", "-v"}, []string{"a", "--noreload", "-v"}, runserverFlags{port: 8000}},
		{[]string{"--", "-x"}, []string{"-x"}, runserverFlags{port: 8000}},
		{[]string{"--name", "--", "a", "-v"}, []string{"a"}, runserverFlags{port: 8000, name: "--", verbose: true}},
		{[]string{"-v", "--", "--port"}, []string{"--port"}, runserverFlags{port: 8000, verbose: true}},
		{[]string{"-", "x"}, []string{"-", "x"}, runserverFlags{port: 8000}},
		{nil, nil, runserverFlags{port: 8000}},
	} {
		cmds, rs, flags := commandSet()
		code, _, errOut := call(cmds, append([]string{"runserver"}, tc.args...)...)
		if code != 0 || errOut != "" {
			t.Errorf("%v: code %d, stderr %q", tc.args, code, errOut)
			continue
		}
		if !slices.Equal(rs.gotArgs, tc.wantArgs) || *flags != tc.want {
			t.Errorf("%v: args %q flags %+v, want %q %+v", tc.args, rs.gotArgs, *flags, tc.wantArgs, tc.want)
		}
	}
}

func TestFlagErrorsPrintUsage(t *testing.T) {
	for _, args := range [][]string{
		{"runserver", "--bogus"},
		{"runserver", "a", "--port", "eighty"},
		{"runserver", "--port"},
	} {
		cmds, rs, _ := commandSet()
		code, out, errOut := call(cmds, args...)
		if code != 2 || out != "" || !strings.HasPrefix(errOut, "mysite runserver: error: ") ||
			!strings.Contains(errOut, "usage: mysite runserver [-h] [options] [addrport]") {
			t.Errorf("%v: code %d, stdout %q, stderr:\n%s", args, code, out, errOut)
		}
		if rs.runs != 0 {
			t.Errorf("%v: command ran despite a flag error", args)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	cmds, _, _ := commandSet()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"chek"}, "Unknown command: 'chek'. Did you mean 'check'?\nType 'mysite help' for usage.\n"},
		{[]string{"runsever", "x"}, "Unknown command: 'runsever'. Did you mean 'runserver'?\nType 'mysite help' for usage.\n"},
		{[]string{"createsuper"}, "Unknown command: 'createsuper'. Did you mean 'createsuperuser'?\nType 'mysite help' for usage.\n"},
		{[]string{"foo"}, "Unknown command: 'foo'\nType 'mysite help' for usage.\n"},
		{[]string{"help", "foo"}, "Unknown command: 'foo'\nType 'mysite help' for usage.\n"},
		{[]string{"--version"}, "Unknown command: '--version'\nType 'mysite help' for usage.\n"},
	} {
		code, out, errOut := call(cmds, tc.args...)
		if code != 2 || out != "" || errOut != tc.want {
			t.Errorf("%v: code %d, stdout %q, stderr %q", tc.args, code, out, errOut)
		}
	}
}

func TestRunErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		err     error
		code    int
		stderr  string
		isUsage bool
	}{
		{"nil", nil, 0, "", false},
		{"plain", errors.New("no such migration: 0042"), 1, "CommandError: no such migration: 0042\n", false},
		{"wrapped plain", fmt.Errorf("migrate: %w", errors.New("locked")), 1, "CommandError: migrate: locked\n", false},
		{"exit quiet", &ExitError{Code: 3}, 3, "", false},
		{"exit with message", &ExitError{Code: 4, Err: errors.New("tests failed")}, 4, "tests failed\n", false},
		{"wrapped exit", fmt.Errorf("x: %w", &ExitError{Code: 5}), 5, "", false},
		{"aborted", ErrAborted, 1, "manage: aborted by the user\n", false},
		{"wrapped aborted", fmt.Errorf("flush: %w", ErrAborted), 1, "flush: manage: aborted by the user\n", false},
		{"usage", Usagef("expected one app label, got %d", 2), 2, "mysite thing: error: expected one app label, got 2\n\nusage: mysite thing [-h]\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &fakeCmd{name: "thing", run: func(context.Context, *IO, []string) error { return tc.err }}
			code, out, errOut := call([]Command{c}, "thing")
			if code != tc.code || out != "" {
				t.Errorf("code %d, stdout %q", code, out)
			}
			if tc.isUsage {
				if !strings.HasPrefix(errOut, tc.stderr) || !strings.Contains(errOut, "options:\n  -h, --help") {
					t.Errorf("stderr %q", errOut)
				}
			} else if errOut != tc.stderr {
				t.Errorf("stderr %q, want %q", errOut, tc.stderr)
			}
		})
	}
}

func TestMainPassesContextAndIO(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "v")
	var out bytes.Buffer
	var got any
	c := &fakeCmd{name: "hello", run: func(ctx context.Context, io *IO, args []string) error {
		got = ctx.Value(key{})
		io.Printf("hello %s\n", strings.Join(args, " "))
		return nil
	}}
	code := Main(ctx, "", []Command{nil, c}, []string{"hello", "a", "b"}, &IO{Stdout: &out, Stderr: &out})
	if code != 0 || out.String() != "hello a b\n" || got != "v" {
		t.Errorf("code %d, out %q, ctx value %v", code, out.String(), got)
	}
	out.Reset()
	Main(ctx, "", []Command{c}, []string{"nope"}, &IO{Stdout: &out, Stderr: &out})
	if !strings.Contains(out.String(), "Type 'manage help' for usage.") {
		t.Errorf("default prog name missing: %q", out.String())
	}
}

func TestMainRunsFirstOfDuplicates(t *testing.T) {
	a := &fakeCmd{name: "dup"}
	b := &fakeCmd{name: "dup"}
	if code, _, _ := call([]Command{a, b}, "dup"); code != 0 || a.runs != 1 || b.runs != 0 {
		t.Errorf("code %d, runs a=%d b=%d", code, a.runs, b.runs)
	}
}

func TestIndex(t *testing.T) {
	cmds, _, _ := commandSet()
	m, err := Index(cmds)
	if err != nil || len(m) != len(cmds) || m["check"] == nil {
		t.Fatalf("Index = %v, %v", m, err)
	}
	bad := append(cmds,
		groupedCmd{&fakeCmd{name: "check", group: "blog"}},
		nil,
		&fakeCmd{name: ""},
		&fakeCmd{name: "two words"},
		&fakeCmd{name: "-x"},
		&fakeCmd{name: "help"},
	)
	m, err = Index(bad)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`manage: command "check" is defined twice, by *manage.fakeCmd (group jazz) and manage.groupedCmd (group blog)`,
		"manage: command 7 is nil",
		`invalid name ""`, `invalid name "two words"`, `invalid name "-x"`, `named "help"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if m["check"] != cmds[1] {
		t.Error("Index must keep the first command of a duplicate name")
	}
}

func TestSuggest(t *testing.T) {
	cmds, _, _ := commandSet()
	for in, want := range map[string]string{
		"check": "check", "chekc": "check", "migrat": "migrate", "x": "", "changepasswd": "changepassword", "zzzzzz": "",
	} {
		if got := suggest(in, cmds); got != want {
			t.Errorf("suggest(%q) = %q, want %q", in, got, want)
		}
	}
}
