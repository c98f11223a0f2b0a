package sessions_test

import (
	"flag"
	"io"
	"os"
	"path/filepath"

	"github.com/jazzgo/jazz/manage"
)

func readFile(dir, name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) }

func newFlagSet(cmd manage.Command) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd.Name(), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cmd.SetFlags(fs)
	return fs
}
