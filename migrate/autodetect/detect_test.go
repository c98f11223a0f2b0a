package autodetect

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jazzgo/jazz/migrate"
)

var clock = time.Date(2026, 11, 25, 14, 50, 0, 0, time.UTC)

// build returns a state made by applying ops, by app.
func build(t *testing.T, ops ...any) *migrate.State {
	t.Helper()
	s := migrate.NewState()
	app := ""
	for _, x := range ops {
		switch v := x.(type) {
		case string:
			app = v
		case migrate.Operation:
			if err := v.State(app, s); err != nil {
				t.Fatalf("building state: %v", err)
			}
		}
	}
	return s
}

var (
	id      = migrate.Field{Name: "id", Type: migrate.Auto, PrimaryKey: true}
	title   = migrate.Field{Name: "title", Type: migrate.Char, MaxLength: 200}
	body    = migrate.Field{Name: "body", Type: migrate.Text, Null: true}
	content = migrate.Field{Name: "content", Type: migrate.Text, Null: true}
)

func fk(name, to string) migrate.Field {
	return migrate.Field{Name: name, Type: migrate.ForeignKey, To: to, Index: true}
}

// applyAll replays changes on old in dependency order and checks the
// result is new.
func applyAll(t *testing.T, old, new *migrate.State, changes Changes) {
	t.Helper()
	s := old.Clone()
	done := map[migrate.Key]bool{}
	var all []*migrate.Migration
	for _, app := range changes.Apps() {
		all = append(all, changes[app]...)
	}
	for len(done) < len(all) {
		progress := false
		for _, m := range all {
			if done[m.Key()] {
				continue
			}
			ready := true
			for _, d := range m.Dependencies {
				if isNew(all, d) && !done[d] {
					ready = false
				}
			}
			if !ready {
				continue
			}
			if err := m.Apply(s); err != nil {
				t.Fatalf("applying %s: %v", m, err)
			}
			done[m.Key()] = true
			progress = true
		}
		if !progress {
			t.Fatalf("dependency cycle among %v", all)
		}
	}
	assertSameState(t, s, new)
}

func isNew(all []*migrate.Migration, k migrate.Key) bool {
	return slices.ContainsFunc(all, func(m *migrate.Migration) bool { return m.Key() == k })
}

func assertSameState(t *testing.T, got, want *migrate.State) {
	t.Helper()
	for _, m := range want.Models() {
		g := got.Model(m.Label())
		if g == nil {
			t.Errorf("model %s missing", m.Label())
			continue
		}
		if d := ModelDiff(g, m); d != "" {
			t.Errorf("%s: %s", m.Label(), d)
		}
	}
	for _, m := range got.Models() {
		if want.Model(m.Label()) == nil {
			t.Errorf("extra model %s", m.Label())
		}
	}
}

func ops(m *migrate.Migration) string {
	var out []string
	for _, op := range m.Operations {
		out = append(out, op.Describe())
	}
	return strings.Join(out, "; ")
}

func detect(t *testing.T, old, new *migrate.State, q Questioner, opts Options) Changes {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = clock
	}
	if q == nil {
		q = NonInteractive(nil, nil)
	}
	c, err := Detect(old, new, q, opts)
	if err != nil {
		t.Fatal(err)
	}
	applyAll(t, old, new, c)
	return c
}

func TestInitial(t *testing.T) {
	new := build(t, "blog",
		migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title, fk("author", "blog.Author")}},
		migrate.CreateModel{Name: "Author", Fields: []migrate.Field{id}},
	)
	c := detect(t, migrate.NewState(), new, nil, Options{})
	ms := c["blog"]
	if len(ms) != 1 {
		t.Fatalf("got %d migrations", len(ms))
	}
	m := ms[0]
	if m.Name != "0001_initial" || !m.Initial || len(m.Dependencies) != 0 {
		t.Errorf("got %s initial=%v deps=%v", m.Name, m.Initial, m.Dependencies)
	}
	if got, want := ops(m), "Create model Author; Create model Post"; got != want {
		t.Errorf("ops = %s, want %s", got, want)
	}
}

func TestNoChanges(t *testing.T) {
	s := build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title}})
	c := detect(t, s, s.Clone(), nil, Options{Leaves: map[string]string{"blog": "0001_initial"}})
	if len(c) != 0 {
		t.Fatalf("changes: %v", c)
	}
}

func TestSelfAndCycleInOneApp(t *testing.T) {
	new := build(t, "blog",
		migrate.CreateModel{Name: "A", Fields: []migrate.Field{id, fk("b", "blog.B"), fk("parent", "blog.A")}},
		migrate.CreateModel{Name: "B", Fields: []migrate.Field{id, fk("a", "blog.A")}},
	)
	c := detect(t, migrate.NewState(), new, nil, Options{})
	if got, want := ops(c["blog"][0]), "Create model B; Create model A; Add field a to B"; got != want {
		t.Errorf("ops = %s, want %s", got, want)
	}
}

func TestCrossAppCycle(t *testing.T) {
	new := build(t,
		"a", migrate.CreateModel{Name: "A", Fields: []migrate.Field{id, fk("b", "b.B")}},
		"b", migrate.CreateModel{Name: "B", Fields: []migrate.Field{id, fk("a", "a.A")}},
	)
	c := detect(t, migrate.NewState(), new, nil, Options{})
	var got []string
	for _, app := range c.Apps() {
		for _, m := range c[app] {
			got = append(got, fmt.Sprintf("%s %v [%s]", m, m.Dependencies, ops(m)))
		}
	}
	want := []string{
		"a.0001_initial [] [Create model A]",
		"a.0002_a_b [a.0001_initial b.0001_initial] [Add field b to A]",
		"b.0001_initial [a.0001_initial] [Create model B]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCrossAppDependencyOnLeaf(t *testing.T) {
	old := build(t, "auth", migrate.CreateModel{Name: "User", Fields: []migrate.Field{id}})
	new := build(t, "auth", migrate.CreateModel{Name: "User", Fields: []migrate.Field{id}},
		"blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, fk("author", "auth.User")}})
	c := detect(t, old, new, nil, Options{Leaves: map[string]string{"auth": "0003_x"}})
	m := c["blog"][0]
	if want := []migrate.Key{{App: "auth", Name: "0003_x"}}; !reflect.DeepEqual(m.Dependencies, want) {
		t.Errorf("deps = %v", m.Dependencies)
	}
	if len(c["auth"]) != 0 {
		t.Errorf("auth has changes")
	}
}

func TestAddFieldNames(t *testing.T) {
	old := build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title, body}})
	leaves := Options{Leaves: map[string]string{"blog": "0001_initial"}}
	cases := []struct {
		name string
		new  *migrate.State
		want string
	}{
		{"add", build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title, body,
			{Name: "slug", Type: migrate.Char, MaxLength: 50, Default: ""}}}), "0002_post_slug"},
		{"remove", build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, body}}), "0002_remove_post_title"},
		{"alter", build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, body,
			{Name: "title", Type: migrate.Char, MaxLength: 300}}}), "0002_alter_post_title"},
		{"create", build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title, body}},
			migrate.CreateModel{Name: "Article", Fields: []migrate.Field{id}}), "0002_article"},
		{"delete", migrate.NewState(), "0002_delete_post"},
		{"unique together", build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title, body},
			Options: migrate.Options{UniqueTogether: [][]string{{"title", "body"}}}}), "0002_alter_post_unique_together"},
		{"index", build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title, body},
			Options: migrate.Options{Indexes: []migrate.Index{{Name: "post_title_idx", Fields: []string{"title"}}}}}), "0002_post_post_title_idx"},
		{"table", build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title, body},
			Options: migrate.Options{Table: "posts"}}), "0002_alter_post_table"},
		{"several", build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title,
			{Name: "n", Type: migrate.Int, Null: true}}}), "0002_remove_post_body_post_n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := detect(t, old, tc.new, nil, leaves)
			if len(c["blog"]) != 1 {
				t.Fatalf("got %v", c)
			}
			if got := c["blog"][0].Name; got != tc.want {
				t.Errorf("name = %s, want %s (%s)", got, tc.want, ops(c["blog"][0]))
			}
			if deps := c["blog"][0].Dependencies; !reflect.DeepEqual(deps, []migrate.Key{{App: "blog", Name: "0001_initial"}}) {
				t.Errorf("deps = %v", deps)
			}
		})
	}
}

func TestRenameField(t *testing.T) {
	old := build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, body}})
	new := build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, content}})
	opts := Options{Leaves: map[string]string{"blog": "0001_initial"}}

	var out strings.Builder
	c := detect(t, old, new, Interactive(strings.NewReader("y\n"), &out, nil), opts)
	if got := c["blog"][0].Name; got != "0002_rename_body_post_content" {
		t.Errorf("name = %s (%s)", got, ops(c["blog"][0]))
	}
	if want := "Was Post.body renamed to Post.content (a text field)? [y/N] "; out.String() != want {
		t.Errorf("asked %q, want %q", out.String(), want)
	}

	c = detect(t, old, new, Interactive(strings.NewReader("n\n"), &out, nil), opts)
	if got := ops(c["blog"][0]); got != "Remove field body from Post; Add field content to Post" {
		t.Errorf("ops = %s", got)
	}

	var notes strings.Builder
	c = detect(t, old, new, NonInteractive(&notes, nil), opts)
	if got := ops(c["blog"][0]); got != "Remove field body from Post; Add field content to Post" {
		t.Errorf("ops = %s", got)
	}
	if !strings.Contains(notes.String(), "--rename blog.Post.body=content") {
		t.Errorf("note = %q", notes.String())
	}

	var a Answers
	if err := a.AddRename("blog.Post.body=content"); err != nil {
		t.Fatal(err)
	}
	c = detect(t, old, new, NonInteractive(nil, &a), opts)
	if got := ops(c["blog"][0]); got != "Rename field body on Post to content" {
		t.Errorf("ops = %s", got)
	}

	// A rename forced by the flag with a changed definition: rename, then alter.
	changed := build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id,
		{Name: "content", Type: migrate.Text, Default: ""}}})
	c = detect(t, old, changed, NonInteractive(nil, &a), opts)
	if got := ops(c["blog"][0]); got != "Rename field body on Post to content; Alter field content on Post" {
		t.Errorf("ops = %s", got)
	}
}

func TestRenameModel(t *testing.T) {
	old := build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, title, fk("parent", "blog.Post")}},
		"shop", migrate.CreateModel{Name: "Item", Fields: []migrate.Field{id, fk("post", "blog.Post")}})
	new := build(t, "blog", migrate.CreateModel{Name: "Article", Fields: []migrate.Field{id, title, fk("parent", "blog.Article")}},
		"shop", migrate.CreateModel{Name: "Item", Fields: []migrate.Field{id, fk("post", "blog.Article")}})
	opts := Options{Leaves: map[string]string{"blog": "0001_initial", "shop": "0001_initial"}}
	var out strings.Builder
	c := detect(t, old, new, Interactive(strings.NewReader("yes\n"), &out, nil), opts)
	if out.String() != "Was the model blog.Post renamed to blog.Article? [y/N] " {
		t.Errorf("asked %q", out.String())
	}
	if len(c) != 1 || c["blog"][0].Name != "0002_rename_post_article" {
		t.Errorf("changes: %v", c)
	}

	var notes strings.Builder
	c = detect(t, old, new, NonInteractive(&notes, nil), opts)
	if !strings.Contains(notes.String(), "--rename blog.Post=Article") {
		t.Errorf("note = %q", notes.String())
	}
	// Not renamed: Article is created, the item's foreign key moves to
	// it, then Post goes: blog needs two migrations around shop's.
	var got []string
	for _, app := range c.Apps() {
		for _, m := range c[app] {
			got = append(got, fmt.Sprintf("%s %v [%s]", m, m.Dependencies, ops(m)))
		}
	}
	want := []string{
		"blog.0002_article [blog.0001_initial] [Create model Article]",
		"blog.0003_delete_post [blog.0002_article shop.0002_alter_item_post] [Delete model Post]",
		"shop.0002_alter_item_post [shop.0001_initial blog.0002_article] [Alter field post on Item]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestOneOffDefault(t *testing.T) {
	old := build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id, {Name: "n", Type: migrate.Int, Null: true}}})
	new := build(t, "blog", migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id,
		{Name: "n", Type: migrate.Int}, {Name: "slug", Type: migrate.Char, MaxLength: 50}}})
	opts := Options{Leaves: map[string]string{"blog": "0001_initial"}}

	_, err := Detect(old, new, NonInteractive(nil, nil), opts)
	if err == nil || !strings.Contains(err.Error(), "--default blog.Post.slug=VALUE") {
		t.Fatalf("err = %v", err)
	}

	var out strings.Builder
	c := detect(t, old, new, Interactive(strings.NewReader("1\nhello\n3\n1\nx\n7\n"), &out, nil), opts)
	var fills []any
	for _, op := range c["blog"][0].Operations {
		switch o := op.(type) {
		case migrate.AddField:
			fills = append(fills, o.Fill)
		case migrate.AlterField:
			fills = append(fills, o.Fill)
		}
	}
	if want := []any{"hello", int64(7)}; !reflect.DeepEqual(fills, want) {
		t.Errorf("fills = %#v, want %#v", fills, want)
	}
	for _, s := range []string{"It is impossible to add a non-nullable field 'slug' to post",
		"It is impossible to change a nullable field 'n' on post", "Please select a valid option", "Invalid input"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, out.String())
		}
	}

	_, err = Detect(old, new, Interactive(strings.NewReader("2\n"), &out, nil), opts)
	if !errors.Is(err, ErrAborted) {
		t.Errorf("quit: err = %v", err)
	}

	var a Answers
	for _, s := range []string{"blog.Post.slug=abc", "blog.Post.n=42"} {
		if err := a.AddDefault(s); err != nil {
			t.Fatal(err)
		}
	}
	c = detect(t, old, new, NonInteractive(nil, &a), opts)
	if f := c["blog"][0].Operations[0].(migrate.AddField).Fill; f != "abc" {
		t.Errorf("fill = %#v", f)
	}
	if f := c["blog"][0].Operations[1].(migrate.AlterField).Fill; f != int64(42) {
		t.Errorf("fill = %#v", f)
	}
	if err := a.AddDefault("blog.Post.n=x"); err != nil {
		t.Fatal(err)
	}
	if _, err := Detect(old, new, NonInteractive(nil, &a), opts); err == nil || !strings.Contains(err.Error(), "not an integer") {
		t.Errorf("err = %v", err)
	}
}

func TestDeleteModelsInCycle(t *testing.T) {
	old := build(t, "blog",
		migrate.CreateModel{Name: "A", Fields: []migrate.Field{id}},
		migrate.CreateModel{Name: "B", Fields: []migrate.Field{id, fk("a", "blog.A")}},
		migrate.AddField{Model: "A", Field: fk("b", "blog.B")},
		migrate.CreateModel{Name: "C", Fields: []migrate.Field{id, fk("a", "blog.A")}},
	)
	c := detect(t, old, migrate.NewState(), nil, Options{Leaves: map[string]string{"blog": "0001_initial"}})
	if got := ops(c["blog"][0]); got != "Delete model C; Remove field b from A; Delete model B; Delete model A" {
		t.Errorf("ops = %s", got)
	}
}

func TestTrimToApps(t *testing.T) {
	new := build(t,
		"a", migrate.CreateModel{Name: "A", Fields: []migrate.Field{id}},
		"b", migrate.CreateModel{Name: "B", Fields: []migrate.Field{id, fk("a", "a.A")}},
		"c", migrate.CreateModel{Name: "C", Fields: []migrate.Field{id}},
	)
	c, err := Detect(migrate.NewState(), new, NonInteractive(nil, nil), Options{Apps: []string{"b"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Apps(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("apps = %v", got)
	}
}

func TestManyToManyThrough(t *testing.T) {
	new := build(t, "blog",
		migrate.CreateModel{Name: "Post", Fields: []migrate.Field{id,
			{Name: "tags", Type: migrate.ManyToMany, To: "blog.Tag", Through: "blog.Tagging"}}},
		migrate.CreateModel{Name: "Tag", Fields: []migrate.Field{id}},
		migrate.CreateModel{Name: "Tagging", Fields: []migrate.Field{id, fk("post", "blog.Post"), fk("tag", "blog.Tag")},
			Options: migrate.Options{UniqueTogether: [][]string{{"post", "tag"}}}},
	)
	c := detect(t, migrate.NewState(), new, nil, Options{})
	if got := ops(c["blog"][0]); got != "Create model Tag; Create model Post; Create model Tagging; Add field tags to Post" {
		t.Errorf("ops = %s", got)
	}
}

func TestOnlyAppsAsked(t *testing.T) {
	old := build(t, "a", migrate.CreateModel{Name: "A", Fields: []migrate.Field{id}},
		"b", migrate.CreateModel{Name: "B", Fields: []migrate.Field{id}})
	new := build(t, "a", migrate.CreateModel{Name: "A", Fields: []migrate.Field{id, {Name: "n", Type: migrate.Int}}},
		"b", migrate.CreateModel{Name: "B", Fields: []migrate.Field{id, {Name: "n", Type: migrate.Int}}})
	var a Answers
	a.AddDefault("b.B.n=1")
	c, err := Detect(old, new, NonInteractive(nil, &a), Options{Apps: []string{"b"}, Leaves: map[string]string{"a": "0001_initial", "b": "0001_initial"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Apps(); !reflect.DeepEqual(got, []string{"b"}) {
		t.Errorf("apps = %v", got)
	}
}
