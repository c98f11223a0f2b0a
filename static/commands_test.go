package static

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/manage"
)

// run parses args with the command's flags and runs it with a fake stdin.
func run(t *testing.T, f *Files, name, stdin string, interactive bool, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var cmd manage.Command
	for _, c := range f.Commands() {
		if c.Name() == name {
			cmd = c
		}
	}
	if cmd == nil || cmd.Help() == "" {
		t.Fatalf("no command %q with help", name)
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cmd.SetFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err = cmd.Run(context.Background(), &manage.IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Interactive: interactive}, fs.Args())
	return out.String(), errOut.String(), err
}

const question = "Type 'yes' to continue, or 'no' to cancel:"

func TestCollectStaticCommand(t *testing.T) {
	f := newTestFiles(t, Options{})

	// An empty Root: no question, even when interactive.
	out, _, err := run(t, f, "collectstatic", "", true)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, question) {
		t.Error("asked before filling an empty Root")
	}
	abs, _ := filepath.Abs(f.root)
	if want := "10 static files copied to '" + abs + "', 10 post-processed."; !strings.Contains(out, want) {
		t.Errorf("output %q lacks %q", out, want)
	}

	marker := filepath.Join(f.root, "marker.txt")
	os.WriteFile(marker, []byte("keep"), 0o644)
	os.Remove(filepath.Join(f.root, "js", "app.js"))

	// Answering anything but yes aborts and changes nothing.
	for _, answer := range []string{"no\n", "y\n", "", "YES please\n"} {
		out, _, err = run(t, f, "collectstatic", answer, true, "--clear")
		if !errors.Is(err, manage.ErrAborted) {
			t.Errorf("answer %q: error = %v, want ErrAborted", answer, err)
		}
		if !strings.Contains(out, "This will DELETE ALL FILES") || !strings.Contains(out, question) || !strings.Contains(out, abs) {
			t.Errorf("answer %q: question was %q", answer, out)
		}
	}
	if _, err := os.Stat(marker); err != nil {
		t.Fatal("an aborted --clear removed files")
	}
	if _, err := os.Stat(filepath.Join(f.root, "js", "app.js")); err == nil {
		t.Fatal("an aborted run copied files")
	}

	// yes proceeds.
	out, _, err = run(t, f, "collectstatic", "yes\n", true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "This will overwrite existing files!") || !strings.Contains(out, "Are you sure you want to do this?") {
		t.Errorf("overwrite question missing: %q", out)
	}
	if want := "1 static file copied to '" + abs + "', 9 unmodified, 10 post-processed."; !strings.Contains(out, want) {
		t.Errorf("output %q lacks %q", out, want)
	}

	// --noinput and --no-input skip the question; --clear clears.
	for _, flagName := range []string{"--noinput", "--no-input"} {
		out, _, err = run(t, f, "collectstatic", "", true, flagName, "--clear", "-v", "2")
		if err != nil {
			t.Fatalf("%s: %v", flagName, err)
		}
		if strings.Contains(out, question) {
			t.Errorf("%s still asked", flagName)
		}
		if !strings.Contains(out, "Copying 'css/site.css'") {
			t.Errorf("%s -v 2: no per-file lines in %q", flagName, out)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("--clear kept a file")
	}

	// Verbosity 0 prints nothing.
	out, _, err = run(t, f, "collectstatic", "", false, "--verbosity=0")
	if err != nil || out != "" {
		t.Errorf("-v 0: %q, %v", out, err)
	}
	if _, _, err := run(t, f, "collectstatic", "", false, "extra"); err == nil {
		t.Error("positional argument accepted")
	}
	noRoot, _ := New(Options{})
	if _, _, err := run(t, noRoot, "collectstatic", "", false, "--noinput"); err == nil || !strings.Contains(err.Error(), "StaticRoot") {
		t.Errorf("no Root: %v", err)
	}
}

func TestFindStaticCommand(t *testing.T) {
	f := newTestFiles(t, Options{})
	out, errOut, err := run(t, f, "findstatic", "", false, "img/logo.png", "nope.css")
	if err != nil {
		t.Fatal(err)
	}
	want := "Found 'img/logo.png' here:\n  Dirs[0]: img/logo.png\n  app \"blog\": img/logo.png\n"
	if out != want {
		t.Errorf("stdout = %q, want %q", out, want)
	}
	if errOut != "No matching file found for 'nope.css'.\n" {
		t.Errorf("stderr = %q", errOut)
	}
	out, _, _ = run(t, f, "findstatic", "", false, "--first", "img/logo.png")
	if strings.Contains(out, "blog") {
		t.Errorf("--first printed hidden copies: %q", out)
	}
	var ue *manage.UsageError
	if _, _, err := run(t, f, "findstatic", "", false); !errors.As(err, &ue) {
		t.Errorf("no names: error = %v, want a UsageError", err)
	}
}
