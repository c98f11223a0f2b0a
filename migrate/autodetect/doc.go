// Package autodetect writes migrations: it compares the state the
// existing migrations build with the state of today's models, asks what
// it cannot tell (renames, values for existing rows), and returns the
// operations of each app's next migration, ordered, optimized and named,
// which Write turns into Go source for the app's migrations package.
//
//	changes, err := autodetect.Detect(old, new, autodetect.NonInteractive(os.Stderr, nil), autodetect.Options{
//		Leaves: map[string]string{"blog": "0001_initial"},
//	})
//	for _, m := range changes["blog"] {
//		src, err := autodetect.Write(m, autodetect.WriteOptions{Now: time.Now()})
//		...
//	}
//
// The makemigrations and squashmigrations commands (package
// migrate/commands) are built on it.
//
// # What Detect produces
//
// For each app, in this order: renamed models (asked), changed table
// names, new models (the targets of foreign keys first; a foreign key in
// a cycle, or to a model another app creates in the same run, is added
// after the models), renamed fields (asked), removed indexes and
// constraints, removed, added and altered fields, unique-together sets,
// added indexes and constraints, and deleted models (models pointing at
// others first). The operations are then split into migrations whose
// dependencies can be satisfied (relations across apps in a cycle make
// two migrations for one of the apps), each list is shortened by
// [Optimize], and each migration is named by [Name].
//
// # Questions
//
// A [Questioner] answers. [Interactive] asks on a terminal; [NonInteractive]
// (--noinput) answers no to renames, printing the flag that says yes, and
// refuses to invent values for existing rows. [Answers] carries the
// --rename and --default flags, which both consult first.
package autodetect
