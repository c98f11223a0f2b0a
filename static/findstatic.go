package static

import (
	"context"
	"flag"

	"github.com/jazzgo/jazz/manage"
)

// findStatic is the findstatic command: it prints which sources have each
// name, first (the one used) first.
type findStatic struct {
	files     *Files
	first     bool
	verbosity int
}

var _ manage.Command = (*findStatic)(nil)

func (c *findStatic) Name() string { return "findstatic" }

func (c *findStatic) Help() string {
	return "Show where the finders find the given static files (findstatic css/site.css)."
}

func (c *findStatic) SetFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.first, "first", false, "show only the first (used) location of each file")
	fs.IntVar(&c.verbosity, "verbosity", 1, "0 = silent, 1 = locations, 2 = also the sources searched")
	fs.IntVar(&c.verbosity, "v", 1, "same as --verbosity")
}

// Run prints, for each name, "Found 'name' here:" and one line per source,
// or "No matching file found for 'name'." on stderr. A missing name is not
// an error, as in Django, so a script can look up several at once; no
// name at all is a usage error.
func (c *findStatic) Run(ctx context.Context, io *manage.IO, args []string) error {
	if len(args) == 0 {
		return manage.Usagef("findstatic needs at least one static file name, such as css/site.css")
	}
	for _, name := range args {
		srcs := c.files.FindAll(name)
		if len(srcs) == 0 {
			if c.verbosity >= 1 {
				io.Errorf("No matching file found for '%s'.\n", name)
			}
		} else if c.verbosity >= 1 {
			if c.first {
				srcs = srcs[:1]
			}
			io.Printf("Found '%s' here:\n", name)
			for _, s := range srcs {
				io.Printf("  %s: %s\n", s.Origin, name)
			}
		}
		if c.verbosity >= 2 {
			io.Printf("Looking in the following locations:\n")
			for _, s := range c.files.sources {
				io.Printf("  %s\n", s.Origin)
			}
		}
	}
	return nil
}
