package apps

import (
	"context"
	"errors"
	"strings"
	"testing"
)

type readyApp struct {
	Base
	log *[]string
	err error
}

func (a *readyApp) Ready(context.Context) error {
	*a.log = append(*a.log, a.Name)
	return a.err
}

func TestRegistryOrderAndLookup(t *testing.T) {
	var log []string
	r, err := New(&readyApp{Base: Base{Name: "blog"}, log: &log}, Base{Name: "auth"}, &readyApp{Base: Base{Name: "shop"}, log: &log})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, a := range r.All() {
		labels = append(labels, a.Label())
	}
	if got := strings.Join(labels, ","); got != "blog,auth,shop" {
		t.Fatalf("order = %s", got)
	}
	if a, ok := r.Get("auth"); !ok || a.Label() != "auth" {
		t.Fatalf("Get(auth) = %v, %v", a, ok)
	}
	if _, ok := r.Get("nope"); ok {
		t.Fatal("Get(nope) found something")
	}
	if err := r.Ready(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(log, ","); got != "blog,shop" {
		t.Fatalf("ready order = %s", got)
	}
}

func TestRegistryRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		list []App
		want string
	}{
		{"duplicate", []App{Base{Name: "blog"}, Base{Name: "blog"}}, `label "blog" is not unique`},
		{"empty", []App{Base{}}, `has label ""`},
		{"upper", []App{Base{Name: "Blog"}}, `has label "Blog"`},
		{"dash", []App{Base{Name: "my-app"}}, `has label "my-app"`},
		{"nil", []App{nil}, "InstalledApps[0] is nil"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.list...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestReadyErrorNamesApp(t *testing.T) {
	var log []string
	boom := errors.New("boom")
	r, _ := New(&readyApp{Base: Base{Name: "blog"}, log: &log, err: boom}, &readyApp{Base: Base{Name: "shop"}, log: &log})
	err := r.Ready(context.Background())
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "blog") {
		t.Fatalf("err = %v", err)
	}
	if len(log) != 1 {
		t.Fatalf("ready went on after an error: %v", log)
	}
}

func TestVerboseName(t *testing.T) {
	if got := (Base{Name: "blog"}).VerboseName(); got != "Blog" {
		t.Fatalf("got %q", got)
	}
	if got := (Base{Name: "blog", Verbose: "Weblog"}).VerboseName(); got != "Weblog" {
		t.Fatalf("got %q", got)
	}
}
