package templates

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// source is one place templates are looked up in: a project directory or an
// installed app's embedded files.
type source struct {
	fsys fs.FS
	desc string // for messages: "Dirs[0]" or `app "blog"`
}

// validName reports whether name can name a template: a slash-separated path
// valid for io/fs, none of whose elements is hidden. Hidden files (".keep",
// editor swap files) are never templates, so a name that points at one is
// treated as missing rather than parsed.
func validName(name string) bool {
	if name == "." || !fs.ValidPath(name) {
		return false
	}
	for _, elem := range strings.Split(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return false
		}
	}
	return true
}

// lookup reads the template name from the first source that has it as a
// regular file. found is false when no source has it; err reports a source
// that failed in another way (permissions, I/O), since silently skipping it
// would serve an app's template where the project meant to override it.
func lookup(sources []source, name string) (text, origin string, found bool, err error) {
	if !validName(name) {
		return "", "", false, nil
	}
	for _, s := range sources {
		info, err := fs.Stat(s.fsys, name)
		if errors.Is(err, fs.ErrNotExist) || err == nil && info.IsDir() {
			continue
		}
		if err != nil {
			return "", "", false, fmt.Errorf("templates: reading %s from %s: %w", name, s.desc, err)
		}
		b, err := fs.ReadFile(s.fsys, name)
		if err != nil {
			return "", "", false, fmt.Errorf("templates: reading %s from %s: %w", name, s.desc, err)
		}
		return string(b), s.desc, true, nil
	}
	return "", "", false, nil
}

// discover lists every template name the sources provide, each once, in the
// order first seen (Dirs first, then apps).
func discover(sources []source) ([]string, error) {
	var names []string
	seen := make(map[string]bool)
	var errs []error
	for _, s := range sources {
		err := fs.WalkDir(s.fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || seen[p] {
				return nil
			}
			seen[p] = true
			names = append(names, p)
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("templates: listing %s: %w (is the directory there?)", s.desc, err))
		}
	}
	return names, errors.Join(errs...)
}
