package migrate_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/migrate"
)

// testApp is an installed app with hand-written migrations.
type testApp struct {
	label string
	ms    []*migrate.Migration
}

func (a *testApp) Label() string                    { return a.label }
func (a *testApp) Migrations() []*migrate.Migration { return a.ms }

// plainApp is an installed app without migrations.
type plainApp struct{ apps.Base }

func migApp(label string, ms ...*migrate.Migration) *testApp { return &testApp{label: label, ms: ms} }

// mig is a migration with dependencies written "app.name" or "name" (same
// app).
func newMig(name string, deps ...string) *migrate.Migration {
	m := &migrate.Migration{Name: name}
	for _, d := range deps {
		m.Dependencies = append(m.Dependencies, parseKey(d))
	}
	return m
}

func parseKey(s string) migrate.Key {
	a, n, ok := strings.Cut(s, ".")
	if !ok {
		return migrate.Key{Name: s}
	}
	return migrate.Key{App: a, Name: n}
}

func migNames(ms []*migrate.Migration) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.String())
	}
	return strings.Join(out, " ")
}

func keyNames(ks []migrate.Key) string {
	var out []string
	for _, k := range ks {
		out = append(out, k.String())
	}
	return strings.Join(out, " ")
}

func mustLoad(t *testing.T, list []apps.App, applied map[migrate.Key]bool) *migrate.Loader {
	t.Helper()
	l, err := migrate.Load(list, applied)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return l
}

// shopBlog: blog.0002 needs shop.0001; shop.0002 needs blog.0002.
func shopBlog() []apps.App {
	return []apps.App{
		&plainApp{apps.Base{Name: "core"}},
		migApp("shop", newMig("0002_price", "0001_initial", "blog.0002_author"), newMig("0001_initial")),
		migApp("blog", newMig("0001_initial"), newMig("0002_author", "0001_initial", "shop.0001_initial"), newMig("0003_slug", "0002_author")),
	}
}

func TestLoaderOrder(t *testing.T) {
	l := mustLoad(t, shopBlog(), nil)
	if got, want := strings.Join(l.Apps(), " "), "shop blog"; got != want {
		t.Errorf("Apps = %q, want %q", got, want)
	}
	if got, want := migNames(l.Order()), "shop.0001_initial blog.0001_initial blog.0002_author shop.0002_price blog.0003_slug"; got != want {
		t.Errorf("Order =\n %s, want\n %s", got, want)
	}
	if got, want := migNames(l.Migrations("shop")), "shop.0001_initial shop.0002_price"; got != want {
		t.Errorf("Migrations(shop) = %s, want %s", got, want)
	}
	if l.Migrations("core") != nil {
		t.Errorf("an app without migrations has some")
	}
	if got := l.Get(parseKey("blog.0002_author")); got == nil || got.App != "blog" || got.Dependencies[0] != parseKey("blog.0001_initial") {
		t.Errorf("Get = %+v: want App filled and dependencies qualified", got)
	}
	if l.Get(parseKey("blog.0009")) != nil {
		t.Errorf("Get of an unknown migration is not nil")
	}
	if got := keyNames(l.Leaves("blog")); got != "blog.0003_slug" {
		t.Errorf("Leaves(blog) = %s", got)
	}
	if got := keyNames(l.Roots("blog")); got != "blog.0001_initial" {
		t.Errorf("Roots(blog) = %s", got)
	}
	if got, want := migNames(l.Forwards(parseKey("shop.0002_price"))), "shop.0001_initial blog.0001_initial blog.0002_author shop.0002_price"; got != want {
		t.Errorf("Forwards = %s, want %s", got, want)
	}
	all := l.Applied(map[migrate.Key]bool{parseKey("shop.0001_initial"): true, parseKey("blog.0001_initial"): true, parseKey("blog.0002_author"): true, parseKey("shop.0002_price"): true, parseKey("gone.0001"): true})
	if len(all) != 4 {
		t.Errorf("Applied = %v: want the four recorded migrations in use", all)
	}
	if got, want := migNames(l.Backwards(parseKey("shop.0001_initial"), all)), "shop.0002_price blog.0002_author shop.0001_initial"; got != want {
		t.Errorf("Backwards = %s, want %s", got, want)
	}
	// The source migrations are not changed by loading.
	if shopBlog()[2].(*testApp).ms[1].App != "" {
		t.Errorf("Load changed the app's migration")
	}
}

func TestLoaderDeterministic(t *testing.T) {
	want := migNames(mustLoad(t, shopBlog(), nil).Order())
	for range 20 {
		if got := migNames(mustLoad(t, shopBlog(), nil).Order()); got != want {
			t.Fatalf("order changed between loads:\n %s\n %s", got, want)
		}
	}
}

func TestLoaderErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		list []apps.App
		want string
	}{
		{"duplicate", []apps.App{migApp("blog", newMig("0001_initial"), newMig("0001_initial"))}, "app blog has two migrations named 0001_initial"},
		{"no name", []apps.App{migApp("blog", newMig(""))}, "app blog has a migration without a name"},
		{"unknown migration", []apps.App{migApp("blog", newMig("0001_initial"), newMig("0002_x", "0009_nope"))}, "blog.0002_x depends on blog.0009_nope, which does not exist"},
		{"unknown app", []apps.App{migApp("blog", newMig("0001_initial", "shop.0001_initial"))}, "blog.0001_initial depends on shop.0001_initial, but there is no installed app shop"},
		{"app without migrations", []apps.App{&plainApp{apps.Base{Name: "shop"}}, migApp("blog", newMig("0001_initial", "shop.0001_initial"))}, "but app shop has no migrations"},
		{"cycle", []apps.App{
			migApp("blog", newMig("0001_initial", "shop.0002_b")),
			migApp("shop", newMig("0001_a"), newMig("0002_b", "0001_a", "blog.0001_initial")),
		}, "dependency cycle: shop.0002_b -> blog.0001_initial -> shop.0002_b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := migrate.Load(tc.list, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load error = %v, want one containing %q", err, tc.want)
			}
			if l != nil || errors.Is(err, migrate.ErrConflict) {
				t.Errorf("a broken graph gave a loader or a conflict")
			}
		})
	}
}

func TestLoaderConflict(t *testing.T) {
	list := []apps.App{
		migApp("shop", newMig("0001_initial")),
		migApp("blog", newMig("0001_initial"), newMig("0002_b", "0001_initial"), newMig("0002_a", "0001_initial")),
	}
	l, err := migrate.Load(list, nil)
	if !errors.Is(err, migrate.ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
	want := "Conflicting migrations detected; multiple leaf nodes in the migration graph: (0002_a, 0002_b in blog)"
	if !strings.HasPrefix(err.Error(), "migrate: "+want) {
		t.Errorf("message = %q, want it to start with %q", err, want)
	}
	var ce *migrate.ConflictError
	if !errors.As(err, &ce) || !slices.Equal(ce.Leaves["blog"], []string{"0002_a", "0002_b"}) || len(ce.Leaves) != 1 {
		t.Errorf("ConflictError = %+v", ce)
	}
	if l == nil || len(l.Migrations("blog")) != 3 {
		t.Errorf("a conflict should still return the loaded graph")
	}
}

// squashed: blog.0001_squashed_0002 replaces 0001 and 0002; blog.0003
// and shop.0001 depend on the replaced 0002.
func squashed(withReplaced bool) []apps.App {
	sq := newMig("0001_squashed_0002")
	sq.Replaces = []migrate.Key{parseKey("0001_initial"), parseKey("0002_b")}
	ms := []*migrate.Migration{sq, newMig("0003_c", "0002_b")}
	if withReplaced {
		ms = append(ms, newMig("0001_initial"), newMig("0002_b", "0001_initial"))
	}
	return []apps.App{migApp("blog", ms...), migApp("shop", newMig("0001_initial", "blog.0002_b"))}
}

func TestLoaderSquashed(t *testing.T) {
	rec := func(ks ...string) map[migrate.Key]bool {
		m := map[migrate.Key]bool{}
		for _, k := range ks {
			m[parseKey(k)] = true
		}
		return m
	}
	for _, tc := range []struct {
		name      string
		replaced  bool
		applied   map[migrate.Key]bool
		order     string
		isApplied string
	}{
		{"nil", true, nil, "blog.0001_squashed_0002 blog.0003_c shop.0001_initial", ""},
		{"none applied", true, rec(), "blog.0001_squashed_0002 blog.0003_c shop.0001_initial", ""},
		{"all applied", true, rec("blog.0001_initial", "blog.0002_b"), "blog.0001_squashed_0002 blog.0003_c shop.0001_initial", "blog.0001_squashed_0002"},
		{"some applied", true, rec("blog.0001_initial"), "blog.0001_initial blog.0002_b blog.0003_c shop.0001_initial", "blog.0001_initial"},
		{"replaced removed", false, rec("blog.0001_initial", "blog.0002_b"), "blog.0001_squashed_0002 blog.0003_c shop.0001_initial", "blog.0001_squashed_0002"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := mustLoad(t, squashed(tc.replaced), tc.applied)
			if got := migNames(l.Order()); got != tc.order {
				t.Errorf("Order = %s, want %s", got, tc.order)
			}
			var got []string
			for _, m := range l.Order() {
				if l.Applied(tc.applied)[m.Key()] {
					got = append(got, m.String())
				}
			}
			if strings.Join(got, " ") != tc.isApplied {
				t.Errorf("applied = %v, want %s", got, tc.isApplied)
			}
			// A replaced name still resolves to what stands for it.
			k, err := l.Find("blog", "0002")
			if err != nil {
				t.Fatal(err)
			}
			want := "blog.0001_squashed_0002"
			if strings.HasPrefix(tc.order, "blog.0001_initial") {
				want = "blog.0002_b"
			}
			if k.String() != want {
				t.Errorf("Find(0002) = %s, want %s", k, want)
			}
			if shop := l.Get(parseKey("shop.0001_initial")); shop.Dependencies[0].String() != want {
				t.Errorf("shop's dependency = %s, want %s", shop.Dependencies[0], want)
			}
		})
	}
	if _, err := migrate.Load(squashed(false), rec("blog.0001_initial")); err == nil || !strings.Contains(err.Error(), "only some are applied") {
		t.Errorf("partly applied squash without its replaced migrations: err = %v", err)
	}
}

func TestLoaderFind(t *testing.T) {
	l := mustLoad(t, []apps.App{
		&plainApp{apps.Base{Name: "core"}},
		migApp("blog", newMig("0001_initial"), newMig("0002_a", "0001_initial"), newMig("0002_aa", "0002_a"), newMig("0003_b", "0002_aa")),
	}, nil)
	for _, tc := range []struct{ app, name, want string }{
		{"blog", "0001", "blog.0001_initial"},
		{"blog", "0002_a", "blog.0002_a"}, // exact beats prefix
		{"blog", "0002", "more than one migration of app blog matches \"0002\" (0002_a, 0002_aa)"},
		{"blog", "0009", "cannot find a migration matching \"0009\" from app blog"},
		{"core", "0001", "app core has no migrations"},
		{"nope", "0001", "no installed app with label \"nope\""},
	} {
		k, err := l.Find(tc.app, tc.name)
		got := k.String()
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("Find(%s, %s) = %s, want %s", tc.app, tc.name, got, tc.want)
		}
	}
}

func TestLoaderPlan(t *testing.T) {
	l := mustLoad(t, shopBlog(), nil)
	all := map[migrate.Key]bool{}
	for _, m := range l.Order() {
		all[m.Key()] = true
	}
	steps := func(s []migrate.Step) string {
		var out []string
		for _, st := range s {
			p := "+"
			if st.Backwards {
				p = "-"
			}
			out = append(out, p+st.Migration.String())
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		targets []migrate.Key
		applied map[migrate.Key]bool
		want    string
	}{
		{nil, nil, "+shop.0001_initial +blog.0001_initial +blog.0002_author +shop.0002_price +blog.0003_slug"},
		{nil, all, ""},
		{[]migrate.Key{parseKey("blog.0002_author")}, nil, "+shop.0001_initial +blog.0001_initial +blog.0002_author"},
		{[]migrate.Key{parseKey("blog.0001_initial")}, all, "-blog.0003_slug -shop.0002_price -blog.0002_author"},
		{[]migrate.Key{{App: "shop"}}, all, "-blog.0003_slug -shop.0002_price -blog.0002_author -shop.0001_initial"},
		{[]migrate.Key{{App: "blog"}}, all, "-blog.0003_slug -shop.0002_price -blog.0002_author -blog.0001_initial"},
		{[]migrate.Key{parseKey("blog.0003_slug")}, all, ""},
	} {
		got, err := l.Plan(tc.targets, tc.applied)
		if err != nil {
			t.Errorf("Plan(%v): %v", tc.targets, err)
			continue
		}
		if steps(got) != tc.want {
			t.Errorf("Plan(%v) =\n %s, want\n %s", tc.targets, steps(got), tc.want)
		}
	}
	if _, err := l.Plan([]migrate.Key{parseKey("blog.0009")}, nil); err == nil {
		t.Errorf("Plan to an unknown migration did not fail")
	}
	mixed := map[migrate.Key]bool{parseKey("shop.0001_initial"): true, parseKey("blog.0001_initial"): true, parseKey("blog.0002_author"): true}
	if _, err := l.Plan([]migrate.Key{parseKey("shop.0002_price"), parseKey("blog.0001_initial")}, mixed); err == nil {
		t.Errorf("a plan both ways did not fail")
	}
}

func TestLoaderState(t *testing.T) {
	m1 := newMig("0001_initial")
	m1.Operations = []migrate.Operation{migrate.CreateModel{Name: "Post", Fields: []migrate.Field{{Name: "id", Type: migrate.Auto, PrimaryKey: true}}}}
	m2 := newMig("0002_title", "0001_initial")
	m2.Operations = []migrate.Operation{migrate.AddField{Model: "Post", Field: migrate.Field{Name: "title", Type: migrate.Char, MaxLength: 200}}}
	m3 := newMig("0001_initial")
	m3.Operations = []migrate.Operation{migrate.CreateModel{Name: "Item", Fields: []migrate.Field{{Name: "id", Type: migrate.Auto, PrimaryKey: true}}}}
	l := mustLoad(t, []apps.App{migApp("blog", m1, m2), migApp("shop", m3)}, nil)

	s, err := l.State()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Models()) != 2 || s.Model("blog.Post").Field("title") == nil {
		t.Errorf("State() = %v: want both apps, with blog at its leaf", s.Models())
	}
	s, err = l.State(parseKey("blog.0001_initial"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Models()) != 1 || s.Model("blog.Post").Field("title") != nil {
		t.Errorf("State(blog.0001) has %d models, title=%v", len(s.Models()), s.Model("blog.Post").Field("title"))
	}
	if _, err := l.State(parseKey("blog.0009")); err == nil {
		t.Errorf("State of an unknown migration did not fail")
	}
}

// bigProject is 50 models with 10 fields each, made by 50 migrations of
// one CreateModel and 450 AddFields.
func bigProject() []apps.App {
	var ms []*migrate.Migration
	for i := range 50 {
		name := fmt.Sprintf("%04d_m%d", i+1, i)
		m := &migrate.Migration{Name: name}
		if i > 0 {
			m.Dependencies = []migrate.Key{{Name: ms[i-1].Name}}
		}
		model := fmt.Sprintf("Model%d", i)
		m.Operations = append(m.Operations, migrate.CreateModel{Name: model, Fields: []migrate.Field{{Name: "id", Type: migrate.Auto, PrimaryKey: true}}})
		for f := range 9 {
			m.Operations = append(m.Operations, migrate.AddField{Model: model, Field: migrate.Field{Name: fmt.Sprintf("f%d", f), Type: migrate.Char, MaxLength: 100, Null: true}})
		}
		ms = append(ms, m)
	}
	return []apps.App{migApp("big", ms...)}
}

func BenchmarkLoaderState(b *testing.B) {
	list := bigProject()
	for b.Loop() {
		l, err := migrate.Load(list, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := l.State(); err != nil {
			b.Fatal(err)
		}
	}
}
