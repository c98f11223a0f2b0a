package manage_test

import (
	"context"
	"flag"
	"os"

	"github.com/jazzgo/jazz/checks"
	"github.com/jazzgo/jazz/manage"
)

// greet is a command: a struct with its flags and a Run method.
type greet struct{ shout bool }

func (*greet) Name() string      { return "greet" }
func (*greet) Help() string      { return "Greets people by name." }
func (*greet) ArgsUsage() string { return "name..." }
func (g *greet) SetFlags(fs *flag.FlagSet) {
	fs.BoolVar(&g.shout, "shout", false, "Greet loudly.")
}
func (g *greet) Run(ctx context.Context, io *manage.IO, args []string) error {
	if len(args) == 0 {
		return manage.Usagef("greet needs at least one name")
	}
	for _, name := range args {
		if g.shout {
			io.Printf("HELLO, %s!\n", name)
		} else {
			io.Printf("Hello, %s.\n", name)
		}
	}
	return nil
}

func ExampleMain() {
	cmds := []manage.Command{&greet{}, manage.CheckCommand(checks.New(), nil)}
	stdio := &manage.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stdout}
	ctx := context.Background()

	manage.Main(ctx, "mysite", cmds, nil, stdio)
	manage.Main(ctx, "mysite", cmds, []string{"greet", "Ann", "--shout", "Bob"}, stdio)
	manage.Main(ctx, "mysite", cmds, []string{"help", "greet"}, stdio)
	code := manage.Main(ctx, "mysite", cmds, []string{"greed"}, stdio)
	stdio.Printf("exit status %d\n", code)
	// Output:
	// Type 'mysite help <subcommand>' for help on a specific subcommand.
	//
	// Available subcommands:
	//
	// [jazz]
	//     check  Checks the entire project for potential problems.
	//     greet  Greets people by name.
	// HELLO, Ann!
	// HELLO, Bob!
	// usage: mysite greet [-h] [options] name...
	//
	// Greets people by name.
	//
	// options:
	//   -h, --help            show this help message and exit
	//   --shout               Greet loudly.
	// Unknown command: 'greed'. Did you mean 'greet'?
	// Type 'mysite help' for usage.
	// exit status 2
}
