package static

import (
	"fmt"
	"io/fs"
	"strings"
)

// validName reports whether name is a static file name the finders and the
// handler accept: a valid fs path with no empty, ".", ".." or dot-file
// segment, no backslash (a separator on Windows) and no NUL.
func validName(name string) bool {
	if name == "" || !fs.ValidPath(name) || name == "." {
		return false
	}
	if strings.ContainsAny(name, "\\\x00") {
		return false
	}
	for seg := range strings.SplitSeq(name, "/") {
		// fs.ValidPath already refuses empty, "." and ".." segments; a
		// leading dot also hides .git, .DS_Store and our own temp files.
		if seg[0] == '.' {
			return false
		}
	}
	return true
}

// ignored reports whether a file or directory base name is left out of
// collection: dot-files and editor backups ("site.css~"), like Django's
// default ignore patterns.
func ignored(base string) bool {
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~")
}

// isRegular reports whether name is a regular file in fsys (following a
// symbolic link, as fs.Stat does).
func isRegular(fsys fs.FS, name string) bool {
	fi, err := fs.Stat(fsys, name)
	return err == nil && fi.Mode().IsRegular()
}

// found is one file chosen by the finders.
type found struct {
	name string
	src  Source
}

// Hidden is a file that collectstatic skipped because a source searched
// earlier has a file with the same name (a project file overriding an
// app's, for example).
type Hidden struct {
	Name   string // the file name, "css/site.css"
	Origin string // the source whose copy was skipped
	By     string // the source whose copy is used
}

// list walks every source in order and returns the files that win, in
// walk order (sources in order, lexical within each), and the ones hidden
// by an earlier source.
func (f *Files) list() ([]found, []Hidden, error) {
	var files []found
	var hidden []Hidden
	owner := map[string]string{}
	for _, s := range f.sources {
		err := fs.WalkDir(s.FS, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if name == "." {
				return nil
			}
			if ignored(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if !d.Type().IsRegular() && !isRegular(s.FS, name) {
				return nil // a device, socket or link to a directory
			}
			if !validName(name) {
				return nil
			}
			if by, dup := owner[name]; dup {
				hidden = append(hidden, Hidden{Name: name, Origin: s.Origin, By: by})
				return nil
			}
			owner[name] = s.Origin
			files = append(files, found{name: name, src: s})
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("static: list files of %s: %w", s.Origin, err)
		}
	}
	return files, hidden, nil
}
