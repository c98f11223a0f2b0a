package manage

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/jazzgo/jazz/checks"
)

// CheckCommand returns the check command, Django's manage.py check: it
// runs the system checks in reg and reports what they find.
//
// Flags: --deploy also runs the deployment checks; --fail-level LEVEL
// (CRITICAL, ERROR, WARNING, INFO or DEBUG; default ERROR) sets the level
// at which the command fails; --tag/-t TAG, repeatable, runs only checks
// with one of the tags; --list-tags prints the available tags and exits.
// Messages whose IDs are in silenced are dropped and counted as silenced.
//
// With no findings the summary goes to stdout. Findings go to stderr; when
// one is at or above the fail level the report is prefixed with
// "SystemCheckError: " and the command returns &ExitError{Code: 1}, so the
// process exits 1. An unknown tag is a command error (exit 1), a bad level
// a usage error (exit 2), as in Django. A nil reg has no checks.
//
// The command lives in this package rather than in checks because checks
// sits below manage in the layer list and cannot import it.
func CheckCommand(reg *checks.Registry, silenced []string) Command {
	if reg == nil {
		reg = checks.New()
	}
	return &checkCommand{reg: reg, silenced: slices.Clone(silenced)}
}

type checkCommand struct {
	reg      *checks.Registry
	silenced []string

	deploy    bool
	failLevel levelFlag
	tags      stringsFlag
	listTags  bool
}

func (*checkCommand) Name() string { return "check" }

func (*checkCommand) Help() string {
	return "Checks the entire project for potential problems."
}

func (c *checkCommand) SetFlags(fs *flag.FlagSet) {
	c.failLevel, c.tags = levelFlag(checks.Error), nil
	fs.BoolVar(&c.deploy, "deploy", false, "Check deployment settings.")
	fs.Var(&c.failLevel, "fail-level",
		"Message `level` that will cause the command to exit with a non-zero status:\nCRITICAL, ERROR, WARNING, INFO or DEBUG.")
	fs.Var(&c.tags, "tag", "Run only checks labeled with the given `tag`; repeat it for several.")
	fs.Var(&c.tags, "t", "Run only checks labeled with the given `tag`; repeat it for several.")
	fs.BoolVar(&c.listTags, "list-tags", false, "List available tags.")
}

func (c *checkCommand) Run(ctx context.Context, io *IO, args []string) error {
	if len(args) > 0 {
		return Usagef("check takes no arguments, got %q", strings.Join(args, " "))
	}
	available := c.reg.Tags(c.deploy)
	if c.listTags {
		for _, t := range available {
			io.Printf("%s\n", t)
		}
		return nil
	}
	for _, t := range c.tags {
		if !slices.Contains(available, t) {
			list := "check --list-tags"
			if c.deploy {
				list += " --deploy"
			}
			return fmt.Errorf("there is no system check with the %q tag (%s lists them)", t, list)
		}
	}
	msgs := c.reg.Run(ctx, checks.RunOptions{Tags: c.tags, IncludeDeploy: c.deploy})
	kept, dropped := checks.Silence(msgs, c.silenced)
	var b bytes.Buffer
	checks.Report(&b, kept, dropped)
	switch {
	case checks.Failed(kept, checks.Level(c.failLevel)):
		io.Errorf("SystemCheckError: %s", b.Bytes())
		return &ExitError{Code: 1}
	case len(kept) > 0:
		io.Errorf("%s", b.Bytes())
	default:
		io.Printf("%s", b.Bytes())
	}
	return nil
}

// levelFlag is a checks.Level set from its name on the command line.
type levelFlag checks.Level

func (l *levelFlag) String() string { return checks.Level(*l).String() }

func (l *levelFlag) Set(s string) error {
	lv, err := checks.ParseLevel(s)
	if err != nil {
		return errors.New("use CRITICAL, ERROR, WARNING, INFO or DEBUG")
	}
	*l = levelFlag(lv)
	return nil
}

// stringsFlag collects every value of a repeated flag.
type stringsFlag []string

func (s *stringsFlag) String() string { return strings.Join(*s, ",") }

func (s *stringsFlag) Set(v string) error {
	*s = append(*s, v)
	return nil
}
