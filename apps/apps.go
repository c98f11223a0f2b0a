package apps

import (
	"context"
	"fmt"
)

// App is an installed application. Label is its short unique name
// ("blog", "auth"): it prefixes the app's tables, namespaces its templates
// and names it on the command line.
type App interface {
	Label() string
}

// Base gives an app its label by embedding. Name is the label; Verbose is
// the human-readable name shown by the admin (the label, capitalised, when
// empty).
type Base struct {
	Name    string
	Verbose string
}

// Label returns b.Name.
func (b Base) Label() string { return b.Name }

// VerboseName returns b.Verbose, or the label with its first letter
// upper-cased when Verbose is empty.
func (b Base) VerboseName() string {
	if b.Verbose != "" {
		return b.Verbose
	}
	if b.Name == "" {
		return ""
	}
	s := []byte(b.Name)
	if s[0] >= 'a' && s[0] <= 'z' {
		s[0] -= 'a' - 'A'
	}
	return string(s)
}

// VerboseNamer is implemented by apps that have a human-readable name;
// [Base] implements it.
type VerboseNamer interface {
	VerboseName() string
}

// Readier is implemented by apps that need to run code once the project is
// assembled and checked, like Django's AppConfig.ready. Ready runs in
// InstalledApps order; an error stops the start.
type Readier interface {
	Ready(ctx context.Context) error
}

// Registry is the ordered, immutable list of a project's installed apps.
// It is built once at start-up and safe for concurrent use.
type Registry struct {
	list    []App
	byLabel map[string]App
}

// New returns a registry of list, in that order. It fails if an app is nil,
// has an empty or malformed label (labels are lower-case identifiers:
// letters, digits and underscores, starting with a letter), or shares its
// label with another app.
func New(list ...App) (*Registry, error) {
	r := &Registry{list: make([]App, 0, len(list)), byLabel: make(map[string]App, len(list))}
	for i, a := range list {
		if a == nil {
			return nil, fmt.Errorf("apps: InstalledApps[%d] is nil", i)
		}
		label := a.Label()
		if !validLabel(label) {
			return nil, fmt.Errorf("apps: InstalledApps[%d] (%T) has label %q; a label is a lower-case identifier such as \"blog\"", i, a, label)
		}
		if prev, dup := r.byLabel[label]; dup {
			return nil, fmt.Errorf("apps: label %q is not unique: %T and %T both use it; give one of them another Name", label, prev, a)
		}
		r.byLabel[label] = a
		r.list = append(r.list, a)
	}
	return r, nil
}

func validLabel(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// All returns the apps in InstalledApps order. The caller must not modify
// the returned slice.
func (r *Registry) All() []App { return r.list }

// Get returns the app with the given label.
func (r *Registry) Get(label string) (App, bool) {
	a, ok := r.byLabel[label]
	return a, ok
}

// Ready runs the Ready hook of every app that has one, in order, and stops
// at the first error, which names the app.
func (r *Registry) Ready(ctx context.Context) error {
	for _, a := range r.list {
		if rd, ok := a.(Readier); ok {
			if err := rd.Ready(ctx); err != nil {
				return fmt.Errorf("apps: %s: ready: %w", a.Label(), err)
			}
		}
	}
	return nil
}
