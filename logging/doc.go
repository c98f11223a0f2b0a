// Package logging sets up the project's log/slog logger from settings,
// with per-component levels and extra destinations.
//
//	root, closer, err := logging.New(logging.Config{
//		Level:  "info",
//		Format: "json",
//		Levels: map[string]string{"jazz.request": "warn", "jazz.db": "debug"},
//	})
//	if err != nil {
//		log.Fatal(err) // names the bad setting and its JAZZ_ variable
//	}
//	defer closer.Close()
//	reqLog := logging.Named(root, "jazz.request") // logger=jazz.request, level warn
//
// [Named] gives each component its own logger, filtered by the most
// specific dotted name configured in [Config].Levels, like Python's
// logging hierarchy that Django users know. The level is resolved when the
// logger is created, so a disabled call costs a comparison and no
// allocation.
//
// [Tee] fans records out to several handlers; [Config].Handlers uses it to
// add destinations (the admin-email handler) beside the main output.
// [Stack] adds a stack trace to an error's log line, taken from the error
// when it carries one ([WithStack], [StackTracer]) or from the logging
// site otherwise.
package logging
