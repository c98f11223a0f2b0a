package orm

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/jazzgo/jazz/apps"
)

// ModelProvider is implemented by an app that has models. RegisterApps
// registers what Models returns: typed nil pointers, one per model.
//
//	func (*App) Models() []any { return []any{(*Post)(nil), (*Comment)(nil)} }
type ModelProvider interface {
	Models() []any
}

// registry is the process-wide model registry: filled at start-up by
// Register and RegisterApps, then only read.
var registry = struct {
	mu      sync.RWMutex
	byType  map[reflect.Type]*ModelInfo
	byLabel map[string]*ModelInfo // lower-case label
	byTable map[string]*ModelInfo
	order   []*ModelInfo
}{
	byType:  map[reflect.Type]*ModelInfo{},
	byLabel: map[string]*ModelInfo{},
	byTable: map[string]*ModelInfo{},
}

// Register adds models to the registry under the app label appLabel. Each
// model is given as a pointer to its struct type, usually a typed nil:
// (*Post)(nil). Register computes each model's metadata once and resolves
// the foreign keys whose targets are registered (the others wait for a
// later Register; RegisterApps reports any still missing).
//
// Registering the same type under the same label again is a no-op; the
// same type under another label, two models with one label or one table,
// and any tag or Meta mistake are errors naming the model and field.
// Register is safe for concurrent use, but it belongs in start-up: queries
// must not run while relations are still being resolved.
func Register(appLabel string, models ...any) error {
	if appLabel == "" {
		return fmt.Errorf("orm: Register: empty app label")
	}
	registry.mu.Lock()
	defer registry.mu.Unlock()
	for _, mv := range models {
		t := reflect.TypeOf(mv)
		if t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t == nil || t.Kind() != reflect.Struct || t.Name() == "" {
			return fmt.Errorf("orm: Register(%q): %T is not a named struct type; pass (*Model)(nil)", appLabel, mv)
		}
		if prev, ok := registry.byType[t]; ok {
			if prev.App == appLabel {
				continue
			}
			return fmt.Errorf("orm: %s is already registered as %s; a model belongs to one app", t, prev.Label)
		}
		m, err := buildModel(appLabel, t)
		if err != nil {
			return err
		}
		key := strings.ToLower(m.Label)
		if prev, ok := registry.byLabel[key]; ok {
			return fmt.Errorf("orm: two models are labelled %s (%s and %s); rename one", m.Label, prev.Type, t)
		}
		if prev, ok := registry.byTable[m.DBTable]; ok {
			return fmt.Errorf("orm: %s and %s both use table %q; set Meta.Table on one", prev.Label, m.Label, m.DBTable)
		}
		for _, f := range m.Fields {
			if f.isFK {
				m.pending = append(m.pending, f)
			}
		}
		m.pending = append(m.pending, m.ManyToMany...)
		registry.byType[t] = m
		registry.byLabel[key] = m
		registry.byTable[m.DBTable] = m
		registry.order = append(registry.order, m)
	}
	if bad, err := resolveLocked(false); err != nil {
		unregisterLocked(bad) // a model that fails its checks is not left behind
		return err
	}
	return nil
}

func unregisterLocked(m *ModelInfo) {
	if m == nil {
		return
	}
	delete(registry.byType, m.Type)
	delete(registry.byLabel, strings.ToLower(m.Label))
	delete(registry.byTable, m.DBTable)
	registry.order = slices.DeleteFunc(registry.order, func(x *ModelInfo) bool { return x == m })
}

// RegisterApps registers the models of every app that implements
// ModelProvider, in order, then checks that every relation is resolved:
// a ForeignKey whose target is not registered is an error naming the
// field. It is the ORM's start-up phase (Django's apps.populate).
func RegisterApps(list []apps.App) error {
	for _, a := range list {
		if mp, ok := a.(ModelProvider); ok {
			if err := Register(a.Label(), mp.Models()...); err != nil {
				return err
			}
		}
	}
	registry.mu.Lock()
	defer registry.mu.Unlock()
	_, err := resolveLocked(true)
	return err
}

// resolveLocked points foreign keys at their registered targets and checks
// the Meta options, which may name fields across relations. With strict,
// an unresolved relation is an error. It returns the model at fault with
// the error.
func resolveLocked(strict bool) (*ModelInfo, error) {
	for _, m := range registry.order {
		kept := m.pending[:0]
		for _, f := range m.pending {
			target := registry.byType[f.RelatedType]
			if target == nil {
				if strict {
					return nil, fmt.Errorf("orm: %s.%s points at %s, which is not registered; add it to its app's Models()", m.Label, f.Name, f.RelatedType)
				}
				kept = append(kept, f)
				continue
			}
			if target.PK.rep != repInt64 {
				return m, fmt.Errorf("orm: %s.%s: relation targets need an int64 primary key; %s's is %s", m.Label, f.Name, target.Label, target.PK.GoType)
			}
			if f.m2m && m.PK.rep != repInt64 {
				// The through table's source column holds the owner's key
				// as an integer, like every foreign key.
				return m, fmt.Errorf("orm: %s.%s: a model with a ManyToMany field needs an int64 primary key; %s's is %s", m.Label, f.Name, m.Label, m.PK.GoType)
			}
			f.RelatedModel = target
		}
		m.pending = kept
		if len(kept) == 0 && !m.checked {
			if err := m.checkMeta(); err != nil {
				return m, err
			}
			m.checked = true
		}
	}
	return linkRelationsLocked(strict)
}

// checkMeta validates the field names used by Meta.
func (m *ModelInfo) checkMeta() error {
	for _, o := range m.Meta.Ordering {
		if o == "?" {
			continue
		}
		if _, err := m.resolvePath(strings.TrimPrefix(o, "-"), false); err != nil {
			return fmt.Errorf("orm: %s Meta.Ordering: %w", m.Label, err)
		}
	}
	check := func(what string, names []string) error {
		if len(names) == 0 {
			return fmt.Errorf("orm: %s Meta.%s: empty field list", m.Label, what)
		}
		for _, n := range names {
			if _, ok := m.Field(n); !ok {
				return fmt.Errorf("orm: %s Meta.%s: %w", m.Label, what, m.unknownField(n))
			}
		}
		return nil
	}
	for _, u := range m.Meta.UniqueTogether {
		if err := check("UniqueTogether", u); err != nil {
			return err
		}
	}
	for _, ix := range m.Meta.Indexes {
		if err := check("Indexes", ix.Fields); err != nil {
			return err
		}
	}
	for _, c := range m.Meta.Constraints {
		if c.Check == "" {
			if err := check("Constraints", c.Fields); err != nil {
				return err
			}
		} else if len(c.Fields) > 0 {
			return fmt.Errorf("orm: %s Meta.Constraints: a constraint has either Fields (unique) or Check, not both", m.Label)
		}
	}
	return nil
}

func (m *ModelInfo) unknownField(name string) *FieldError {
	return &FieldError{Model: m.Name, Name: name, Kind: "field", Valid: m.names}
}

// Lookup returns the metadata of the model with the given label
// ("blog.Post"; case-insensitive); ok is false when none is registered.
// Safe for concurrent use.
func Lookup(label string) (*ModelInfo, bool) {
	registry.mu.RLock()
	defer registry.mu.RUnlock()
	m, ok := registry.byLabel[strings.ToLower(label)]
	return m, ok
}

// Info returns the metadata of the model T, or nil when T is not
// registered. Safe for concurrent use.
func Info[T any]() *ModelInfo { return infoOf(reflect.TypeFor[T]()) }

// Models returns every registered model in registration order. The caller
// owns the returned slice.
func Models() []*ModelInfo {
	registry.mu.RLock()
	defer registry.mu.RUnlock()
	return append([]*ModelInfo(nil), registry.order...)
}

func infoOf(t reflect.Type) *ModelInfo {
	registry.mu.RLock()
	m := registry.byType[t]
	registry.mu.RUnlock()
	return m
}
