package sessions

import (
	"context"
	"flag"
	"fmt"

	"github.com/jazzgo/jazz/manage"
)

// ClearSessionsCommand returns the clearsessions command, Django's
// manage.py clearsessions: it removes the expired sessions of store when
// the store keeps them until removed (it implements [Cleaner]: database,
// files), and says on stderr that there is nothing to do for stores that
// expire entries themselves (caches) or for signed cookies (store nil).
// Run it from cron.
func ClearSessionsCommand(store Store) manage.Command {
	return &clearSessions{store: store}
}

type clearSessions struct {
	store   Store
	verbose bool
}

func (*clearSessions) Name() string { return "clearsessions" }

func (*clearSessions) Help() string {
	return "Can be run as a cronjob or directly to clean out expired sessions."
}

func (c *clearSessions) SetFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.verbose, "v", false, "Print how many sessions were removed.")
}

func (c *clearSessions) Run(ctx context.Context, io *manage.IO, args []string) error {
	if len(args) > 0 {
		return manage.Usagef("clearsessions takes no arguments")
	}
	cl, ok := c.store.(Cleaner)
	if !ok {
		engine := "signed cookies"
		if c.store != nil {
			engine = fmt.Sprintf("%T", c.store)
		}
		io.Errorf("Session engine %s doesn't support clearing expired sessions.\n", engine)
		return nil
	}
	n, err := cl.ClearExpired(ctx)
	if err != nil {
		return fmt.Errorf("sessions: clearsessions: %w", err)
	}
	if c.verbose {
		io.Printf("Removed %d expired session(s).\n", n)
	}
	return nil
}
