package static

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jazzgo/jazz/manage"
)

// collectStatic is the collectstatic command: [Files.Collect] behind
// Django's flags and its question before overwriting.
type collectStatic struct {
	files     *Files
	noInput   bool
	clear     bool
	dryRun    bool
	verbosity int
}

var _ manage.Command = (*collectStatic)(nil)

func (c *collectStatic) Name() string { return "collectstatic" }

func (c *collectStatic) Help() string {
	return "Collect static files into StaticRoot, with hashed copies, gzip copies and a manifest."
}

func (c *collectStatic) SetFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.noInput, "noinput", false, "do not ask before overwriting files in StaticRoot")
	fs.BoolVar(&c.noInput, "no-input", false, "same as --noinput")
	fs.BoolVar(&c.clear, "clear", false, "delete everything in StaticRoot before collecting")
	fs.BoolVar(&c.dryRun, "dry-run", false, "do everything except modify StaticRoot")
	fs.BoolVar(&c.dryRun, "n", false, "same as --dry-run")
	fs.IntVar(&c.verbosity, "verbosity", 1, "0 = silent, 1 = summary, 2 = every file")
	fs.IntVar(&c.verbosity, "v", 1, "same as --verbosity")
}

// Run asks before touching a StaticRoot that already has files, unless
// --noinput is given or io is not interactive (nobody could answer; a
// deploy script runs collectstatic unattended). Any answer but "yes" is
// [manage.ErrAborted].
func (c *collectStatic) Run(ctx context.Context, io *manage.IO, args []string) error {
	if len(args) > 0 {
		return manage.Usagef("collectstatic takes no arguments, got %q", args)
	}
	f := c.files
	if f.root == "" {
		_, err := f.Collect(ctx, CollectOptions{}) // the error names StaticRoot
		return err
	}
	if c.noInput {
		io.Interactive = false
	}
	abs, err := filepath.Abs(f.root)
	if err != nil {
		abs = f.root
	}
	if io.Interactive && !c.dryRun && hasFiles(f.root) {
		action := "This will overwrite existing files!"
		if c.clear {
			action = "This will DELETE ALL FILES in this location!"
		}
		io.Printf("\nYou have requested to collect static files at the destination\nlocation as specified in your settings (StaticRoot):\n\n    %s\n\n%s\nAre you sure you want to do this?\n\nType 'yes' to continue, or 'no' to cancel: ", abs, action)
		answer, err := bufio.NewReader(io.Stdin).ReadString('\n')
		if err != nil && answer == "" {
			io.Printf("\n")
			return manage.ErrAborted
		}
		if strings.TrimSpace(answer) != "yes" {
			return manage.ErrAborted
		}
	}
	res, err := f.Collect(ctx, CollectOptions{Clear: c.clear, DryRun: c.dryRun, Verbosity: c.verbosity, Log: io.Stdout})
	if err != nil {
		return err
	}
	if c.verbosity >= 1 {
		if c.dryRun {
			io.Printf("Pretending to write files into StaticRoot (dry run).\n")
		}
		io.Printf("%s\n", summary(res))
	}
	return nil
}

// summary is Django's closing line: "N static files copied to '<root>',
// U unmodified, M post-processed." (the unmodified part only when U > 0).
func summary(res *CollectResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d static %s copied to '%s'", len(res.Copied), plural(len(res.Copied), "file", "files"), res.Root)
	if n := len(res.Unmodified); n > 0 {
		fmt.Fprintf(&b, ", %d unmodified", n)
	}
	fmt.Fprintf(&b, ", %d post-processed.", res.PostProcessed)
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// hasFiles reports whether dir exists and has at least one entry.
func hasFiles(dir string) bool {
	d, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer d.Close()
	names, _ := d.Readdirnames(1)
	return len(names) > 0
}
