// Package manage runs management commands: Jazz's manage.py.
//
// A project's main function hands its commands and arguments to [Main]
// and exits with the status it returns:
//
//	func main() {
//		cmds := []manage.Command{manage.CheckCommand(reg, nil), &runserver{}}
//		if _, err := manage.Index(cmds); err != nil { // duplicate names
//			log.Fatal(err)
//		}
//		os.Exit(manage.Main(ctx, "mysite", cmds, os.Args[1:], nil))
//	}
//
// A [Command] is a value with a name, a line of help, flags and a Run
// method; each lives in its own file and apps contribute theirs through
// [Provider]. Optional interfaces refine how a command is shown: [Grouper]
// lists it under its app's label in help, [ArgsUsager] names its
// positional arguments in its usage line.
//
// Main reads flags the way Django users expect: before, between or after
// positional arguments (runserver 127.0.0.1:9001 --noreload), with one or
// two dashes, and "--" to end them. Errors map to exit statuses in one
// place: 0 on success, 1 for a command error (printed as "CommandError:
// ..."), 2 for usage errors, and any code a command asks for with
// [ExitError].
//
// The system-check command is [CheckCommand]; it lives here rather than in
// package checks because checks sits below manage in the layers and cannot
// import it.
package manage
