package checks

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/apps"
)

func msgCheck(name string, deploy bool, tags []string, msgs ...Message) Check {
	return Check{Name: name, Deploy: deploy, Tags: tags, Func: func(context.Context) []Message { return msgs }}
}

func ids(msgs []Message) string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.ID)
	}
	return strings.Join(out, ",")
}

func testRegistry() *Registry {
	r := New()
	r.Register(
		msgCheck("urls", false, []string{"urls"}, Message{Level: Error, ID: "urls.E001"}),
		msgCheck("hsts", true, []string{"security"}, Message{Level: Warning, ID: "security.W004"}),
		msgCheck("keys", true, []string{"security", "signing"}, Message{Level: Warning, ID: "security.W009"}),
		msgCheck("models", false, []string{"models"}, Message{Level: Info, ID: "models.I001"}, Message{Level: Warning, ID: "models.W042"}),
		msgCheck("clean", false, nil),
	)
	return r
}

func TestRunSelectsChecks(t *testing.T) {
	r := testRegistry()
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		opts RunOptions
		want string
	}{
		{"default skips deploy", RunOptions{}, "urls.E001,models.I001,models.W042"},
		{"deploy", RunOptions{IncludeDeploy: true}, "urls.E001,security.W004,security.W009,models.I001,models.W042"},
		{"tag without deploy", RunOptions{Tags: []string{"security"}}, ""},
		{"tag with deploy", RunOptions{Tags: []string{"security"}, IncludeDeploy: true}, "security.W004,security.W009"},
		{"two tags", RunOptions{Tags: []string{"signing", "urls"}, IncludeDeploy: true}, "urls.E001,security.W009"},
		{"silenced", RunOptions{IncludeDeploy: true, Silenced: []string{"security.W004", "models.W042"}}, "urls.E001,security.W009,models.I001"},
	} {
		if got := ids(r.Run(ctx, tc.opts)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := r.Tags(false); !slices.Equal(got, []string{"models", "urls"}) {
		t.Errorf("Tags(false) = %v", got)
	}
	if got := r.Tags(true); !slices.Equal(got, []string{"models", "security", "signing", "urls"}) {
		t.Errorf("Tags(true) = %v", got)
	}
	if r.Len() != 5 {
		t.Errorf("Len = %d", r.Len())
	}
}

func TestRunRecoversPanics(t *testing.T) {
	var r Registry // the zero value works
	r.Register(
		Check{Name: "boom", Func: func(context.Context) []Message { panic("kaboom") }},
		msgCheck("after", false, nil, Message{Level: Info, ID: "x.I001"}),
	)
	msgs := r.Run(context.Background(), RunOptions{})
	if len(msgs) != 2 || msgs[1].ID != "x.I001" {
		t.Fatalf("the run did not go on after a panic: %v", msgs)
	}
	m := msgs[0]
	if m.Level != Critical || m.ID != IDPanic || m.Obj != "boom" || !strings.Contains(m.Msg, "kaboom") ||
		!strings.Contains(m.Msg, "registry_test.go:") {
		t.Errorf("panic message = %+v", m)
	}
}

func TestRunStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ran []string
	r := New()
	r.Register(
		Check{Name: "first", Func: func(context.Context) []Message { ran = append(ran, "first"); cancel(); return nil }},
		Check{Name: "second", Func: func(context.Context) []Message { ran = append(ran, "second"); return nil }},
	)
	msgs := r.Run(ctx, RunOptions{})
	if len(ran) != 1 || len(msgs) != 1 || msgs[0].ID != IDCanceled || !strings.Contains(msgs[0].Msg, `"second"`) {
		t.Errorf("ran %v, msgs %v", ran, msgs)
	}
}

func TestRegisterRejectsNilFunc(t *testing.T) {
	defer func() {
		if p := recover(); p == nil || !strings.Contains(p.(string), `check "nofunc" has no Func`) {
			t.Errorf("panic = %v", p)
		}
	}()
	New().Register(Check{Name: "nofunc"})
}

type checkedApp struct{ apps.Base }

func (checkedApp) Checks() []Check {
	return []Check{msgCheck("blog.slugs", false, []string{"models"}, Message{Level: Error, ID: "blog.E001"})}
}

func TestRegisterApps(t *testing.T) {
	reg, err := apps.New(apps.Base{Name: "auth"}, checkedApp{apps.Base{Name: "blog"}})
	if err != nil {
		t.Fatal(err)
	}
	r := New()
	r.RegisterApps(reg)
	r.RegisterApps(nil)
	if got := ids(r.Run(context.Background(), RunOptions{})); got != "blog.E001" {
		t.Errorf("got %q", got)
	}
}
