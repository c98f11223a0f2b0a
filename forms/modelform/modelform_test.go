package modelform_test

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/forms"
	"github.com/jazzgo/jazz/forms/modelform"
	"github.com/jazzgo/jazz/orm"
)

type Writer struct {
	orm.Model
	Name string `jazz:"max_length=50"`
}

type Tag struct {
	orm.Model
	Label string `jazz:"max_length=20"`
}

type Story struct {
	orm.Model
	Title   string                 `jazz:"max_length=40,unique"`
	Body    string                 `jazz:"blank,help_text=Markdown"`
	Status  string                 `jazz:"max_length=10,choices=draft:Draft|live:Live,default=draft"`
	Views   int64                  `jazz:"default=0,blank"`
	Email   string                 `jazz:"email,blank"`
	Author  orm.ForeignKey[Writer] `jazz:"on_delete=cascade"`
	Tags    orm.ManyToMany[Tag]    `jazz:"blank"`
	Created string                 `jazz:"editable=false,blank"`
}

var (
	Stories = orm.NewManager[Story]()
	Writers = orm.NewManager[Writer]()
	Tags    = orm.NewManager[Tag]()
)

func init() {
	if err := orm.Register("mf", &Writer{}, &Tag{}, &Story{}); err != nil {
		panic(err)
	}
}

// withDB runs fn on SQLite only (short) or on every database (all).
func withDB(t *testing.T, all bool, fn func(t *testing.T, ctx context.Context)) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		if !all && d.Dialect().Name() != "sqlite" {
			t.Skip("covered on SQLite")
		}
		ctx := db.WithDB(context.Background(), d)
		if err := orm.CreateTables(ctx, &Writer{}, &Tag{}, &Story{}); err != nil {
			t.Fatal(err)
		}
		fn(t, ctx)
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type seed struct {
	ann, bob *Writer
	go_, db_ *Tag
}

func seedRows(t *testing.T, ctx context.Context) seed {
	s := seed{ann: &Writer{Name: "ann"}, bob: &Writer{Name: "bob"}, go_: &Tag{Label: "go"}, db_: &Tag{Label: "db"}}
	must(t, Writers.Create(ctx, s.ann))
	must(t, Writers.Create(ctx, s.bob))
	must(t, Tags.Create(ctx, s.go_))
	must(t, Tags.Create(ctx, s.db_))
	return s
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func TestFieldsFromModel(t *testing.T) {
	withDB(t, false, func(t *testing.T, ctx context.Context) {
		s := seedRows(t, ctx)
		f, err := modelform.New[Story](ctx, nil, modelform.Options{Labels: map[string]string{"title": "Headline"}})
		must(t, err)
		var names []string
		for _, fd := range f.Fields() {
			names = append(names, fd.Common().Name)
		}
		if want := []string{"title", "body", "status", "views", "email", "author", "tags"}; !slices.Equal(names, want) {
			t.Fatalf("fields %v, want %v", names, want)
		}
		if _, ok := f.Field("title").(*forms.Char); !ok || f.Field("title").(*forms.Char).MaxLength != 40 || !f.Field("title").Common().Required {
			t.Errorf("title: %#v", f.Field("title"))
		}
		if f.Field("title").Common().Label != "Headline" {
			t.Errorf("label override lost")
		}
		if b := f.Field("body").Common(); b.Required || b.HelpText != "Markdown" || b.Widget == nil || b.Widget.Template != "textarea" {
			t.Errorf("body: %+v", b)
		}
		if _, ok := f.Field("email").(*forms.Email); !ok {
			t.Errorf("email: %T", f.Field("email"))
		}
		if v := f.InitialValue("status"); v != "draft" {
			t.Errorf("status initial %v", v)
		}
		mc, ok := f.Field("author").(*modelform.ModelChoice)
		if !ok {
			t.Fatalf("author: %T", f.Field("author"))
		}
		if want := []forms.Option{{Value: "", Label: "---------"}, {Value: id(s.ann.ID), Label: "ann"}, {Value: id(s.bob.ID), Label: "bob"}}; !slices.Equal(mc.Choices(), want) {
			t.Errorf("author choices %v", mc.Choices())
		}
		if _, ok := f.Field("tags").(*modelform.ModelMultipleChoice); !ok {
			t.Errorf("tags: %T", f.Field("tags"))
		}
		_, err = modelform.New[Story](ctx, nil, modelform.Options{Fields: []string{"nope"}})
		if err == nil {
			t.Error("unknown field accepted")
		}
	})
}

func TestCreateUpdateUniqueM2M(t *testing.T) {
	withDB(t, true, func(t *testing.T, ctx context.Context) {
		s := seedRows(t, ctx)
		f, err := modelform.New[Story](ctx, nil, modelform.Options{})
		must(t, err)
		f.Bind(url.Values{"title": {"Hello"}, "status": {"live"}, "author": {id(s.ann.ID)},
			"tags": {id(s.go_.ID), id(s.db_.ID)}}, nil)
		if !f.IsValid() {
			t.Fatalf("create: %v", f.Errors())
		}
		st, err := f.Save(ctx)
		must(t, err)
		got, err := Stories.Get(ctx, "pk", st.ID)
		must(t, err)
		if got.Title != "Hello" || got.Status != "live" || got.Author.ID() != s.ann.ID {
			t.Errorf("saved %+v", got)
		}
		ids, err := got.Tags.IDs(ctx)
		must(t, err)
		if len(ids) != 2 {
			t.Errorf("tags %v", ids)
		}

		// Update: initial values come from the instance, the row is updated.
		f, err = modelform.New(ctx, got, modelform.Options{})
		must(t, err)
		if f.InitialValue("title") != "Hello" || f.InitialValue("author") != s.ann.ID {
			t.Errorf("initial %v %v", f.InitialValue("title"), f.InitialValue("author"))
		}
		if tags, _ := f.InitialValue("tags").([]int64); len(tags) != 2 {
			t.Errorf("initial tags %v", f.InitialValue("tags"))
		}
		f.Bind(url.Values{"title": {"Hello"}, "status": {"draft"}, "author": {id(s.bob.ID)}, "tags": {id(s.db_.ID)}}, nil)
		if !f.IsValid() {
			t.Fatalf("update (own title is not a duplicate): %v", f.Errors())
		}
		_, err = f.Save(ctx)
		must(t, err)
		if n, _ := Stories.Count(ctx); n != 1 {
			t.Errorf("update inserted: %d rows", n)
		}
		got, err = Stories.Get(ctx, "pk", st.ID)
		must(t, err)
		ids, err = got.Tags.IDs(ctx)
		must(t, err)
		if got.Author.ID() != s.bob.ID || got.Status != "draft" || !slices.Equal(ids, []int64{s.db_.ID}) {
			t.Errorf("updated %+v tags %v", got, ids)
		}

		// Uniqueness: a second story with the same title.
		f, err = modelform.New[Story](ctx, nil, modelform.Options{})
		must(t, err)
		f.Bind(url.Values{"title": {"Hello"}, "status": {"live"}, "author": {id(s.ann.ID)}}, nil)
		if f.IsValid() {
			t.Fatal("duplicate title accepted")
		}
		if !f.Errors()["title"].Has("unique") {
			t.Errorf("errors %v", f.Errors())
		}
		if _, err := f.Save(ctx); err == nil {
			t.Error("Save of an invalid form succeeded")
		}
	})
}

func TestInvalidChoices(t *testing.T) {
	withDB(t, false, func(t *testing.T, ctx context.Context) {
		s := seedRows(t, ctx)
		f, err := modelform.New[Story](ctx, nil, modelform.Options{})
		must(t, err)
		f.Bind(url.Values{"title": {"X"}, "status": {"gone"}, "author": {"999"}, "tags": {id(s.go_.ID), "abc"}}, nil)
		if f.IsValid() {
			t.Fatal("valid")
		}
		for _, name := range []string{"author", "tags", "status"} {
			if !f.Errors()[name].Has("invalid_choice") {
				t.Errorf("%s: %v", name, f.Errors()[name])
			}
		}
		f.Bind(url.Values{"title": {"X"}, "status": {"live"}}, nil)
		if f.IsValid() || !f.Errors()["author"].Has("required") {
			t.Errorf("missing author: %v", f.Errors())
		}
	})
}

func TestSaveNoCommitAndSources(t *testing.T) {
	withDB(t, false, func(t *testing.T, ctx context.Context) {
		s := seedRows(t, ctx)
		f, err := modelform.New(ctx, &Story{}, modelform.Options{
			Exclude: []string{"author"},
			Sources: map[string]modelform.Source{"tags": modelform.QuerySource(Tags.Filter("label", "go"), func(t *Tag) string { return "#" + t.Label })},
		})
		must(t, err)
		if want := []forms.Option{{Value: id(s.go_.ID), Label: "#go"}}; !slices.Equal(f.Field("tags").(forms.Chooser).Choices(), want) {
			t.Errorf("tags choices %v", f.Field("tags").(forms.Chooser).Choices())
		}
		f.Bind(url.Values{"title": {"Mine"}, "status": {"live"}, "tags": {id(s.go_.ID)}}, nil)
		if !f.IsValid() {
			t.Fatalf("%v", f.Errors())
		}
		obj, err := f.SaveNoCommit(ctx)
		must(t, err)
		obj.Author.SetID(s.bob.ID)
		must(t, Stories.Create(ctx, obj))
		must(t, f.SaveM2M(ctx))
		ids, err := obj.Tags.IDs(ctx)
		must(t, err)
		if !slices.Equal(ids, []int64{s.go_.ID}) {
			t.Errorf("tags %v", ids)
		}
	})
}
