package jazz

import (
	"context"
	"flag"

	"github.com/jazzgo/jazz/manage"
)

// versionCommand prints the Jazz version, like `django-admin version`.
type versionCommand struct{}

func (versionCommand) Name() string           { return "version" }
func (versionCommand) Help() string           { return "Print the Jazz version." }
func (versionCommand) SetFlags(*flag.FlagSet) {}
func (versionCommand) Run(_ context.Context, io *manage.IO, args []string) error {
	if len(args) > 0 {
		return manage.Usagef("version takes no arguments")
	}
	io.Printf("%s\n", Version)
	return nil
}
