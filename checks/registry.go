package checks

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/jazzgo/jazz/apps"
)

// Check is one system check: a function that inspects the project and
// returns what it finds (nil or empty when all is well).
type Check struct {
	// Name identifies the check in messages about the check itself (a
	// panic); use the package and function, "security.checkHSTS".
	Name string
	// Tags group checks so that check --tag can run a subset: "security",
	// "urls", "models", "templates", "database".
	Tags []string
	// Deploy marks a check that only makes sense for a production
	// configuration (HSTS, secure cookies, DEBUG off); it runs only with
	// check --deploy.
	Deploy bool
	// Func runs the check. It should honour ctx when it does I/O (a
	// database check) and must not panic; a panic is reported as a
	// Critical message, not propagated.
	Func func(ctx context.Context) []Message
}

// Provider is implemented by apps that contribute system checks; see
// [Registry.RegisterApps].
type Provider interface {
	Checks() []Check
}

// RunOptions selects which checks [Registry.Run] runs and what it returns.
type RunOptions struct {
	// Tags, when not empty, runs only the checks that have at least one
	// of these tags.
	Tags []string
	// IncludeDeploy also runs the checks marked Deploy.
	IncludeDeploy bool
	// Silenced drops messages with these IDs from the result (Django's
	// SILENCED_SYSTEM_CHECKS).
	Silenced []string
}

// Message IDs that the registry itself produces.
const (
	// IDPanic is the ID of the Critical message that replaces a check
	// that panicked.
	IDPanic = "checks.C001"
	// IDCanceled is the ID of the Critical message added when the context
	// ends before every check has run.
	IDCanceled = "checks.C002"
)

// Registry holds a project's system checks in registration order. The
// zero value is an empty registry ready to use. It is safe for concurrent
// use; checks are normally registered at start-up and run afterwards.
type Registry struct {
	mu     sync.Mutex
	checks []Check
}

// New returns an empty registry.
func New() *Registry { return &Registry{} }

// Register adds checks, which run in the order they were registered. It
// panics if a check has no Func, because that is a programming error that
// would otherwise surface only when the checks run.
func (r *Registry) Register(checks ...Check) {
	for _, c := range checks {
		if c.Func == nil {
			panic(fmt.Sprintf("checks: Register: check %q has no Func", c.Name))
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.checks = append(r.checks, checks...)
}

// RegisterApps registers the checks of every app in reg that implements
// [Provider], in InstalledApps order. A nil reg registers nothing.
func (r *Registry) RegisterApps(reg *apps.Registry) {
	if reg == nil {
		return
	}
	for _, a := range reg.All() {
		if p, ok := a.(Provider); ok {
			r.Register(p.Checks()...)
		}
	}
}

// Len returns the number of registered checks.
func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.checks)
}

func (r *Registry) snapshot() []Check {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.checks)
}

// Tags returns the sorted, distinct tags of the registered checks, those
// of deploy checks only when includeDeploy is set (what check --list-tags
// prints).
func (r *Registry) Tags(includeDeploy bool) []string {
	var tags []string
	for _, c := range r.snapshot() {
		if c.Deploy && !includeDeploy {
			continue
		}
		tags = append(tags, c.Tags...)
	}
	slices.Sort(tags)
	return slices.Compact(tags)
}

// Run runs the selected checks one after another, in registration order,
// and returns their messages in that order (nil when there are none).
//
// Deploy checks run only with opts.IncludeDeploy; with opts.Tags only
// checks sharing a tag run; messages whose ID is in opts.Silenced are
// dropped. A check that panics yields a Critical message with ID
// [IDPanic] naming the check and the panic, and the run goes on. When ctx
// ends, the remaining checks are skipped and a Critical message with ID
// [IDCanceled] says so, because a partial run must not look clean.
func (r *Registry) Run(ctx context.Context, opts RunOptions) []Message {
	var msgs []Message
	for _, c := range r.snapshot() {
		if c.Deploy && !opts.IncludeDeploy {
			continue
		}
		if len(opts.Tags) > 0 && !sharesTag(c.Tags, opts.Tags) {
			continue
		}
		if err := ctx.Err(); err != nil {
			msgs = append(msgs, Message{
				Level: Critical, ID: IDCanceled,
				Msg:  fmt.Sprintf("System checks stopped before check %q: %v.", c.Name, err),
				Hint: "Run the checks again with a longer deadline.",
			})
			break
		}
		msgs = append(msgs, runOne(ctx, c)...)
	}
	if len(opts.Silenced) > 0 {
		msgs, _ = Silence(msgs, opts.Silenced)
	}
	return msgs
}

func runOne(ctx context.Context, c Check) (msgs []Message) {
	defer func() {
		if p := recover(); p != nil {
			msgs = []Message{{
				Level: Critical, ID: IDPanic, Obj: c.Name,
				Msg:  fmt.Sprintf("The check panicked at %s: %v", panicSite(), p),
				Hint: "This is a bug in the check, not in the project's configuration; fix the check or leave it out.",
			}}
		}
	}()
	return c.Func(ctx)
}

func sharesTag(a, b []string) bool {
	for _, t := range a {
		if slices.Contains(b, t) {
			return true
		}
	}
	return false
}

// panicSite returns the function, file and line of the code that panicked, found by
// skipping the runtime's and this package's frames, for a message short
// enough to read in check's output.
func panicSite() string {
	pc := make([]uintptr, 32)
	frames := runtime.CallersFrames(pc[:runtime.Callers(2, pc)])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") && !strings.Contains(f.Function, "jazz/checks.runOne") {
			return fmt.Sprintf("%s (%s:%d)", f.Function, filepath.Base(f.File), f.Line)
		}
		if !more {
			return "unknown location"
		}
	}
}
