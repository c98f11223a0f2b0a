package commands

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/manage"
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/migrate/autodetect"
	"github.com/jazzgo/jazz/orm"
)

// MakeMigrations returns the makemigrations command, Django's manage.py
// makemigrations: it compares the state the apps' migrations build with
// today's models and writes the migrations that close the gap, as Go
// files in each app's migrations package (<app package dir>/migrations,
// found through go.mod from o.Dir). It never reads a database.
//
//	makemigrations [app ...] [--name N] [--check] [--dry-run] [--empty]
//	               [--noinput] [--rename app.Model[.field]=new]... [--default app.Model.field=value]... [-v N]
//
// With app labels it writes only those apps' migrations (and those of
// apps they depend on). --check writes nothing and exits 1 when there
// are changes; --dry-run prints what it would write (the source too with
// -v 3); --empty writes an empty migration for each named app, to fill
// in by hand. Renames and values for existing rows are asked on a
// terminal; --noinput answers no to renames and fails where a value is
// needed, unless --rename and --default give the answers. An app whose
// package lies outside the current module (a framework app) cannot get
// migrations here: its migrations ship with it.
func MakeMigrations(o Options) manage.Command { return &makeMigrations{o: o} }

type makeMigrations struct {
	o Options

	name      string
	check     bool
	dryRun    bool
	empty     bool
	noinput   bool
	verbosity int
	renames   migrationFlagList
	defaults  migrationFlagList
}

// migrationFlagList is a repeatable string flag.
type migrationFlagList []string

func (l *migrationFlagList) String() string { return strings.Join(*l, ",") }

func (l *migrationFlagList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

func (*makeMigrations) Name() string { return "makemigrations" }

func (*makeMigrations) Help() string {
	return "Creates new migrations based on the changes detected to your models."
}

// ArgsUsage describes the positional arguments.
func (*makeMigrations) ArgsUsage() string { return "[app_label ...]" }

func (c *makeMigrations) SetFlags(fs *flag.FlagSet) {
	c.name, c.check, c.dryRun, c.empty, c.noinput, c.verbosity = "", false, false, false, false, 1
	c.renames, c.defaults = nil, nil
	fs.StringVar(&c.name, "name", "", "Use this `name` for the migration file(s) (after the number).")
	fs.BoolVar(&c.check, "check", false, "Exit with a non-zero status if model changes are missing migrations; write nothing.")
	fs.BoolVar(&c.dryRun, "dry-run", false, "Just show what migrations would be made; don't actually write them.")
	fs.BoolVar(&c.empty, "empty", false, "Create an empty migration for each named app.")
	fs.BoolVar(&c.noinput, "noinput", false, "Do NOT prompt the user for input of any kind.")
	fs.BoolVar(&c.noinput, "no-input", false, "Same as --noinput.")
	fs.Var(&c.renames, "rename", "Answer a rename question: `app.Model=NewName` or app.Model.field=new_name; repeatable.")
	fs.Var(&c.defaults, "default", "One-off value for existing rows: `app.Model.field=value`; repeatable.")
	fs.IntVar(&c.verbosity, "v", 1, "Verbosity `level`: 0, 1, 2 or 3 (3 prints the source with --dry-run).")
	fs.IntVar(&c.verbosity, "verbosity", 1, "Same as -v.")
}

func (c *makeMigrations) Run(ctx context.Context, io *manage.IO, args []string) error {
	if c.noinput {
		io.Interactive = false
	}
	var answers autodetect.Answers
	for _, r := range c.renames {
		if err := answers.AddRename(r); err != nil {
			return manage.Usagef("%v", err)
		}
	}
	for _, d := range c.defaults {
		if err := answers.AddDefault(d); err != nil {
			return manage.Usagef("%v", err)
		}
	}
	byLabel := map[string]apps.App{}
	for _, a := range c.o.Apps {
		byLabel[a.Label()] = a
	}
	for _, label := range args {
		if byLabel[label] == nil {
			return fmt.Errorf("app '%s' could not be found; is it in InstalledApps?", label)
		}
	}
	if c.empty && len(args) == 0 {
		return manage.Usagef("you must supply at least one app label when using --empty")
	}

	loader, err := migrate.Load(c.o.Apps, nil)
	if err != nil {
		return err // a ConflictError names the leaves
	}
	if err := c.checkCompiledIn(loader); err != nil {
		return err
	}
	leaves, highest := map[string]string{}, map[string]int{}
	for _, app := range loader.Apps() {
		if ls := loader.Leaves(app); len(ls) > 0 {
			leaves[app] = ls[0].Name
		}
		for _, m := range loader.Migrations(app) {
			highest[app] = max(highest[app], autodetect.Number(m.Name))
			for _, r := range m.Replaces {
				highest[app] = max(highest[app], autodetect.Number(r.Name))
			}
		}
	}

	var changes autodetect.Changes
	if c.empty {
		changes = autodetect.Changes{}
		for _, app := range args {
			m := &migrate.Migration{App: app, Initial: leaves[app] == ""}
			if leaf := leaves[app]; leaf != "" {
				m.Dependencies = []migrate.Key{{App: app, Name: leaf}}
			}
			m.Name = autodetect.Name(m, highest[app]+1, c.name, c.o.now())
			changes[app] = []*migrate.Migration{m}
		}
	} else {
		old, err := loader.State()
		if err != nil {
			return err
		}
		old = withoutModellessApps(old, c.o.Apps)
		var q autodetect.Questioner
		if io.Interactive {
			q = autodetect.Interactive(io.Stdin, io.Stdout, &answers)
		} else {
			q = autodetect.NonInteractive(io.Stderr, &answers)
		}
		changes, err = autodetect.Detect(old, liveState(c.o.Apps), q, autodetect.Options{
			Leaves: leaves, Highest: highest, Apps: args, Name: c.name, Now: c.o.now(),
		})
		if errors.Is(err, autodetect.ErrAborted) {
			return fmt.Errorf("%w: %w", manage.ErrAborted, err)
		}
		if err != nil {
			return err
		}
	}

	if len(changes) == 0 {
		if c.verbosity >= 1 {
			switch len(args) {
			case 0:
				io.Printf("No changes detected\n")
			case 1:
				io.Printf("No changes detected in app '%s'\n", args[0])
			default:
				io.Printf("No changes detected in apps '%s'\n", strings.Join(args, "', '"))
			}
		}
		return nil
	}

	// Resolve every directory before writing anything.
	mod, err := findModule(c.o.Dir)
	if err != nil {
		return err
	}
	dirs := map[string]*migrationsDir{}
	for _, app := range changes.Apps() {
		d, err := mod.migrationsDir(byLabel[app], app)
		if err != nil {
			return err
		}
		dirs[app] = d
	}

	write := !c.check && !c.dryRun
	for _, app := range changes.Apps() {
		d := dirs[app]
		if c.verbosity >= 1 {
			io.Printf("Migrations for '%s':\n", app)
		}
		for _, m := range changes[app] {
			src, err := autodetect.Write(m, autodetect.WriteOptions{Now: c.o.now(), Package: d.pkg})
			if err != nil {
				return err
			}
			file := filepath.Join(d.dir, m.Name+".go")
			if c.verbosity >= 1 {
				io.Printf("  %s\n", mod.show(file))
				for _, op := range m.Operations {
					io.Printf("    %s\n", describe(op))
				}
			}
			if c.dryRun && c.verbosity >= 3 {
				io.Printf("%s", src)
			}
			if !write {
				continue
			}
			created, err := d.ensure(app)
			if err != nil {
				return err
			}
			if created && !d.provider && c.verbosity >= 1 {
				io.Printf("  Created the migrations package %s. For migrate to find it, add to %s:\n\n"+
					"\tfunc (*%s) Migrations() []*migrate.Migration { return migrations.All() }\n\n"+
					"  importing %q and %q.\n",
					mod.show(d.dir), d.typeName, d.typeName, d.pkg, "github.com/jazzgo/jazz/migrate")
			}
			if err := writeNew(file, src); err != nil {
				return err
			}
		}
	}
	if c.check {
		return &manage.ExitError{Code: 1}
	}
	return nil
}

// liveState is the state of the models of the installed apps that have
// models.
// withoutModellessApps drops from s the models of installed apps that
// declare no models (no Models method): their migrations are written by
// hand, and comparing them with an empty model list would delete their
// tables.
func withoutModellessApps(s *migrate.State, list []apps.App) *migrate.State {
	for _, a := range list {
		if _, ok := a.(orm.ModelProvider); ok {
			continue
		}
		for _, m := range s.AppModels(a.Label()) {
			s.Remove(m.Label())
		}
	}
	return s
}

func liveState(list []apps.App) *migrate.State {
	labels := map[string]bool{}
	for _, a := range list {
		if _, ok := a.(orm.ModelProvider); ok {
			labels[a.Label()] = true
		}
	}
	all := migrate.FromRegistry()
	s := migrate.NewState()
	for _, m := range all.Models() {
		if labels[m.App] {
			s.Add(m)
		}
	}
	return s
}

// describe is the line makemigrations prints for an operation, with
// Django's markers: + adds, - removes, ~ alters, s and g run SQL and Go.
func describe(op migrate.Operation) string {
	l := strings.ToLower
	switch o := op.(type) {
	case migrate.CreateModel:
		return "+ Create model " + o.Name
	case migrate.DeleteModel:
		return "- Delete model " + o.Name
	case migrate.RenameModel:
		return "~ Rename model " + o.Old + " to " + o.New
	case migrate.AlterModelTable:
		table := o.Table
		if table == "" {
			table = "(default)"
		}
		return "~ Rename table for " + l(o.Name) + " to " + table
	case migrate.AddField:
		return "+ Add field " + o.Field.Name + " to " + l(o.Model)
	case migrate.RemoveField:
		return "- Remove field " + o.Name + " from " + l(o.Model)
	case migrate.AlterField:
		return "~ Alter field " + o.Name + " on " + l(o.Model)
	case migrate.RenameField:
		return "~ Rename field " + o.Old + " on " + l(o.Model) + " to " + o.New
	case migrate.AddIndex:
		return "+ " + strings.Replace(op.Describe(), " on "+o.Model, " on "+l(o.Model), 1)
	case migrate.RemoveIndex:
		return "- " + strings.Replace(op.Describe(), " from "+o.Model, " from "+l(o.Model), 1)
	case migrate.AddConstraint:
		return "+ Create constraint " + o.Constraint.Name + " on model " + l(o.Model)
	case migrate.RemoveConstraint:
		return "- Remove constraint " + o.Constraint.Name + " from model " + l(o.Model)
	case migrate.AlterUniqueTogether:
		return fmt.Sprintf("~ Alter unique_together for %s (%d constraint(s))", l(o.Model), len(o.UniqueTogether))
	case migrate.RunSQL:
		return "s " + op.Describe()
	case migrate.RunGo:
		return "g " + op.Describe()
	}
	return "? " + op.Describe()
}

// goModule is the module makemigrations writes into.
type goModule struct {
	path string // module path
	dir  string // directory of go.mod
	base string // the directory paths are shown relative to
}

// findModule finds go.mod in dir or above ("" = the working directory).
func findModule(dir string) (*goModule, error) {
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("makemigrations: %w", err)
		}
		dir = wd
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("makemigrations: %w", err)
	}
	for d := abs; ; {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			path := modulePath(string(data))
			if path == "" {
				return nil, fmt.Errorf("makemigrations: %s has no module line", filepath.Join(d, "go.mod"))
			}
			return &goModule{path: path, dir: d, base: abs}, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("makemigrations: %w", err)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil, fmt.Errorf("makemigrations: no go.mod in %s or any directory above it; run makemigrations inside the project's module", abs)
		}
		d = parent
	}
}

// modulePath reads the module path from the text of a go.mod file.
func modulePath(gomod string) string {
	sc := bufio.NewScanner(strings.NewReader(gomod))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		rest, ok := strings.CutPrefix(line, "module")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t' && rest[0] != '"') {
			continue
		}
		rest = strings.TrimSpace(rest)
		if p, err := strconv.Unquote(rest); err == nil {
			return p
		}
		return rest
	}
	return ""
}

// show returns path relative to the base directory when it lies inside
// it, for output.
func (m *goModule) show(path string) string {
	if rel, err := filepath.Rel(m.base, path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return path
}

// migrationsDir is where an app's migrations live.
type migrationsDir struct {
	dir      string // <app package dir>/migrations
	pkg      string // its import path
	provider bool   // the app implements migrate.Provider
	typeName string // the app's Go type, for the hint
	hasFiles bool
}

// appPackage returns the import path of the package that defines the
// app's type, and the type's name.
func appPackage(a apps.App) (pkg, name string) {
	t := reflect.TypeOf(a)
	if t.Kind() == reflect.Pointer && t.Name() == "" {
		t = t.Elem()
	}
	return t.PkgPath(), t.Name()
}

func (m *goModule) migrationsDir(a apps.App, label string) (*migrationsDir, error) {
	if a == nil {
		return nil, fmt.Errorf("makemigrations: app %s has models but is not installed", label)
	}
	pkg, name := appPackage(a)
	if pkg == "" {
		return nil, fmt.Errorf("makemigrations: app %s's type %T is not a named type of a package; define the app as a named struct type", label, a)
	}
	var rel string
	switch {
	case pkg == m.path:
	case strings.HasPrefix(pkg, m.path+"/"):
		rel = strings.TrimPrefix(pkg, m.path+"/")
	default:
		return nil, fmt.Errorf("makemigrations: app %s's package %s is not in module %s; its migrations ship with it", label, pkg, m.path)
	}
	d := &migrationsDir{
		dir:      filepath.Join(m.dir, filepath.FromSlash(rel), "migrations"),
		pkg:      pkg + "/migrations",
		typeName: name,
	}
	_, d.provider = a.(migrate.Provider)
	entries, err := os.ReadDir(d.dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("makemigrations: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			d.hasFiles = true
		}
	}
	if d.hasFiles && !d.provider {
		return nil, fmt.Errorf("makemigrations: app %s has a migrations package (%s) but %s does not return its migrations; add\n\n"+
			"\tfunc (*%s) Migrations() []*migrate.Migration { return migrations.All() }\n\n"+
			"importing %q, or migrate and makemigrations will not see them", label, m.show(d.dir), name, name, d.pkg)
	}
	return d, nil
}

// ensure creates the migrations directory and its package file when they
// are missing, and reports whether it did.
func (d *migrationsDir) ensure(app string) (bool, error) {
	pkgFile := filepath.Join(d.dir, "migrations.go")
	if _, err := os.Stat(pkgFile); err == nil {
		return false, nil
	}
	if d.hasFiles {
		// Another file declares the package; do not add a second "all".
		return false, nil
	}
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return false, fmt.Errorf("makemigrations: %w", err)
	}
	if err := writeNew(pkgFile, autodetect.PackageFile(app)); err != nil {
		return false, err
	}
	d.hasFiles = true
	return true, nil
}

// writeNew writes a file that must not exist yet.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("makemigrations: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("makemigrations: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("makemigrations: %w", err)
	}
	return nil
}

// checkCompiledIn refuses to run when an app's migrations directory holds
// a migration file the running binary was built without: its changes
// would be detected again and written twice, under the same number. With
// go run the binary is always fresh; a binary built earlier is not. A
// binary run outside its module (deployed) has nothing to compare.
func (c *makeMigrations) checkCompiledIn(l *migrate.Loader) error {
	mod, err := findModule(c.o.Dir)
	if err != nil {
		return nil
	}
	for _, a := range c.o.Apps {
		if _, ok := a.(migrate.Provider); !ok {
			continue
		}
		d, err := mod.migrationsDir(a, a.Label())
		if err != nil {
			continue // outside the module: nothing of it is written here
		}
		known := map[string]bool{}
		for _, m := range l.Migrations(a.Label()) {
			known[m.Name] = true
			for _, r := range m.Replaces {
				known[r.Name] = true
			}
		}
		files, _ := filepath.Glob(filepath.Join(d.dir, "[0-9]*.go"))
		for _, f := range files {
			name := strings.TrimSuffix(filepath.Base(f), ".go")
			if strings.HasSuffix(name, "_test") || known[name] {
				continue
			}
			return fmt.Errorf("makemigrations: %s is not compiled into this binary (it is newer than the build); "+
				"rebuild, or run makemigrations with go run, so that it is not written again", mod.show(f))
		}
	}
	return nil
}
