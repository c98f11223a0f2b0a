package orm_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/orm"
)

// The relation tests' models, registered under the app label "rel".

type Person struct {
	orm.Model
	Name string `jazz:"max_length=50"`
}

type Profile struct {
	orm.Model
	Person orm.OneToOne[Person] `jazz:"on_delete=cascade"`
	Bio    string               `jazz:"blank"`
}

type Topic struct {
	orm.Model
	Name string `jazz:"max_length=30,unique"`
}

func (*Topic) Meta() orm.Meta { return orm.Meta{Ordering: []string{"name"}} }

type Section struct {
	orm.Model
	Name string `jazz:"max_length=30"`
}

type Article struct {
	orm.Model
	Title   string                  `jazz:"max_length=100"`
	Author  orm.ForeignKey[Person]  `jazz:"on_delete=cascade,related_name=articles"`
	Editor  orm.ForeignKey[Person]  `jazz:"null,on_delete=set_null,related_name=edited"`
	Section orm.ForeignKey[Section] `jazz:"null,on_delete=protect,related_name=articles"`
	Topics  orm.ManyToMany[Topic]   `jazz:"related_name=articles"`
}

func (*Article) Meta() orm.Meta { return orm.Meta{Ordering: []string{"id"}} }

// Note has no related_name: its reverse names are Django's defaults,
// "note_set" (accessor) and "note" (lookups).
type Note struct {
	orm.Model
	Article orm.ForeignKey[Article] `jazz:"on_delete=cascade"`
	Text    string
	// By falls back to the person with key 1 (the first created in
	// every test database) when its person is deleted.
	By orm.ForeignKey[Person] `jazz:"on_delete=set_default,default=1,related_name=notes"`
}

// Node is a tree: deleting a node deletes its subtree.
type Node struct {
	orm.Model
	Name   string               `jazz:"max_length=20"`
	Parent orm.ForeignKey[Node] `jazz:"null,on_delete=cascade,related_name=children"`
}

// Artist, Album and Song are Django's RESTRICT example.
type Artist struct {
	orm.Model
	Name string `jazz:"max_length=20"`
}

type Album struct {
	orm.Model
	Artist orm.ForeignKey[Artist] `jazz:"on_delete=cascade"`
}

type Song struct {
	orm.Model
	Artist orm.ForeignKey[Artist] `jazz:"on_delete=cascade"`
	Album  orm.ForeignKey[Album]  `jazz:"on_delete=restrict"`
}

// Club's members go through an explicit model with an extra field.
type Club struct {
	orm.Model
	Name    string                 `jazz:"max_length=20"`
	Members orm.ManyToMany[Person] `jazz:"through=Enrollment,related_name=clubs"`
}

type Enrollment struct {
	orm.Model
	Club   orm.ForeignKey[Club]   `jazz:"on_delete=cascade"`
	Person orm.ForeignKey[Person] `jazz:"on_delete=cascade"`
	Role   string                 `jazz:"max_length=10,default=member"`
}

// Memo's rows block the deletion of their person in the database.
type Memo struct {
	orm.Model
	Person orm.ForeignKey[Person] `jazz:"on_delete=do_nothing,related_name=memos"`
}

var (
	People      = orm.NewManager[Person]()
	Profiles    = orm.NewManager[Profile]()
	Topics      = orm.NewManager[Topic]()
	Sections    = orm.NewManager[Section]()
	Articles    = orm.NewManager[Article]()
	Notes       = orm.NewManager[Note]()
	Nodes       = orm.NewManager[Node]()
	Artists     = orm.NewManager[Artist]()
	Albums      = orm.NewManager[Album]()
	Songs       = orm.NewManager[Song]()
	Clubs       = orm.NewManager[Club]()
	Enrollments = orm.NewManager[Enrollment]()
	Memos       = orm.NewManager[Memo]()
)

var relModels = []any{(*Person)(nil), (*Profile)(nil), (*Topic)(nil), (*Section)(nil), (*Article)(nil),
	(*Note)(nil), (*Node)(nil), (*Artist)(nil), (*Album)(nil), (*Song)(nil), (*Club)(nil),
	(*Enrollment)(nil), (*Memo)(nil), (*Signaled)(nil)}

func init() {
	if err := orm.Register("rel", relModels...); err != nil {
		panic(err)
	}
}

// relDB runs fn on a fresh database of every dialect with the relation
// models' tables (through tables included).
func relDB(t *testing.T, fn func(t *testing.T, ctx context.Context)) {
	t.Helper()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := db.WithDB(context.Background(), d)
		if err := orm.CreateTables(ctx, relModels...); err != nil {
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

type relWorld struct {
	ann, bob, cat  *Person
	goT, dbT, webT *Topic
	a1, a2, a3     *Article // a1, a2 by ann; a3 by bob
	news           *Section
}

// relSeed: ann wrote a1 ("Go generics", topics go+db) and a2 ("SQL
// joins", topic db, in section news, edited by bob); bob wrote a3 ("Web
// basics", topic web); cat wrote nothing. a1 has two notes, a3 one.
func relSeed(t *testing.T, ctx context.Context) relWorld {
	t.Helper()
	var w relWorld
	w.ann, w.bob, w.cat = &Person{Name: "ann"}, &Person{Name: "bob"}, &Person{Name: "cat"}
	for _, p := range []*Person{w.ann, w.bob, w.cat} {
		must(t, People.Create(ctx, p))
	}
	w.goT, w.dbT, w.webT = &Topic{Name: "go"}, &Topic{Name: "db"}, &Topic{Name: "web"}
	for _, tp := range []*Topic{w.goT, w.dbT, w.webT} {
		must(t, Topics.Create(ctx, tp))
	}
	w.news = &Section{Name: "news"}
	must(t, Sections.Create(ctx, w.news))
	mk := func(title string, author *Person, topics ...*Topic) *Article {
		a := &Article{Title: title}
		a.Author.Set(author)
		must(t, Articles.Create(ctx, a))
		must(t, a.Topics.Add(ctx, topics...))
		return a
	}
	w.a1 = mk("Go generics", w.ann, w.goT, w.dbT)
	w.a2 = mk("SQL joins", w.ann, w.dbT)
	w.a2.Editor.Set(w.bob)
	w.a2.Section.Set(w.news)
	must(t, Articles.Save(ctx, w.a2))
	w.a3 = mk("Web basics", w.bob, w.webT)
	for _, n := range []struct {
		a    *Article
		text string
	}{{w.a1, "nice"}, {w.a1, "typo"}, {w.a3, "more"}} {
		note := &Note{Text: n.text}
		note.Article.Set(n.a)
		note.By.Set(w.cat)
		must(t, Notes.Create(ctx, note))
	}
	return w
}

func names(ps []*Person) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	slices.Sort(out)
	return out
}

func titles(as []*Article) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Title
	}
	return out
}

func TestReverseMetadata(t *testing.T) {
	info := orm.Info[Person]()
	got := map[string]string{}
	for _, r := range info.Reverse {
		got[r.Name] = r.QueryName
	}
	want := map[string]string{"articles": "articles", "edited": "edited", "notes": "notes", "profile": "profile",
		"clubs": "clubs", "enrollment_set": "enrollment", "memos": "memos"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Person reverse %q: query name %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	if r, _, ok := orm.Info[Article]().Relation("note_set"); !ok || r.QueryName != "note" || !r.Multiple {
		t.Errorf("Article note_set: %+v %v", r, ok)
	}
	if r, _, ok := info.Relation("profile"); !ok || r.Multiple {
		t.Errorf("profile is a OneToOne: %+v", r)
	}
	f := orm.Info[Article]().ManyToMany[0]
	if !f.IsManyToMany() || f.Through == nil || f.Through.DBTable != "rel_article_topics" || !f.Through.AutoCreated {
		t.Fatalf("Topics through: %+v", f.Through)
	}
	if _, ok := orm.Info[Article]().Field("topics"); ok {
		t.Error("a ManyToMany must not be a column field")
	}
	if pf, _ := orm.Info[Profile]().Field("person"); !pf.OneToOne || !pf.Unique {
		t.Errorf("OneToOne field: unique %v", pf.Unique)
	}
	if slices.ContainsFunc(orm.Models(), func(m *orm.ModelInfo) bool { return m.AutoCreated }) {
		t.Error("Models lists an automatic through model")
	}
}

// Reverse-name clashes and bad relation options stop registration.
type clashA struct {
	orm.Model
	Name string
}

type clashB struct {
	orm.Model
	A orm.ForeignKey[clashA] `jazz:"on_delete=cascade,related_name=name"`
}

type clashC struct {
	orm.Model
	A1 orm.ForeignKey[clashA] `jazz:"on_delete=cascade,related_name=cs"`
	A2 orm.ForeignKey[clashA] `jazz:"on_delete=cascade,related_name=cs"`
}

type badM2M struct {
	orm.Model
	Tags orm.ManyToMany[Topic] `jazz:"on_delete=cascade"`
}

func TestRelationRegistrationErrors(t *testing.T) {
	if err := orm.Register("clash", (*clashA)(nil)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		model any
		want  string
	}{
		{(*clashB)(nil), `reverse name "name" on clash.clashA clashes with the field Name`},
		{(*clashC)(nil), `reverse name "cs" on clash.clashA clashes with the reverse accessor of clash.clashC.A1`},
		{(*badM2M)(nil), `option "on_delete": only applies to orm.ForeignKey fields`},
	} {
		err := orm.Register("clash", c.model)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Register(%T) = %v, want %q", c.model, err, c.want)
		}
	}
}

func TestReverseLookups(t *testing.T) {
	relDB(t, func(t *testing.T, ctx context.Context) {
		w := relSeed(t, ctx)
		cases := []struct {
			qs   orm.QuerySet[Person]
			want []string
		}{
			// Across a reverse foreign key by related_name; ann wrote two
			// matching articles but appears once.
			{People.Filter("articles__title__icontains", "e"), []string{"ann", "bob"}},
			{People.Filter("articles__title__icontains", "s"), []string{"ann", "bob"}},
			{People.Filter("articles__title", "SQL joins"), []string{"ann"}},
			{People.Filter("articles", w.a3.ID), []string{"bob"}},
			{People.Filter("articles__isnull", true), []string{"cat"}},
			// Exclude drops everyone with any matching article (Django).
			{People.Exclude("articles__title__icontains", "go"), []string{"bob", "cat"}},
			// Two hops back: people whose articles have a note "typo".
			{People.Filter("articles__note__text", "typo"), []string{"ann"}},
			// Reverse many-to-many, then a reverse one-to-one name.
			{People.Filter("articles__topics__name", "web"), []string{"bob"}},
			{People.Filter("edited__title", "SQL joins"), []string{"bob"}},
		}
		for i, c := range cases {
			got, err := c.qs.All(ctx)
			if err != nil {
				t.Errorf("case %d: %v", i, err)
				continue
			}
			if !slices.Equal(names(got), c.want) {
				t.Errorf("case %d: %v, want %v", i, names(got), c.want)
			}
		}
		// Forward then reverse: articles by the author of a note "more".
		got, err := Articles.Filter("author__articles__note__text", "more").All(ctx)
		if err != nil || !slices.Equal(titles(got), []string{"Web basics"}) {
			t.Errorf("forward then reverse: %v, %v", titles(got), err)
		}
		n, err := People.Filter("articles__topics__name__in", []string{"go", "db"}).Count(ctx)
		if err != nil || n != 1 {
			t.Errorf("Count across to-many joins counts rows once: %d, %v", n, err)
		}
		// Values across a reverse relation joins, one row per article (as
		// Django).
		vals, err := People.Filter("name", "ann").OrderBy("articles__title").ValuesList(ctx, "name", "articles__title")
		if err != nil || len(vals) != 2 || vals[0][1] != "Go generics" || vals[1][1] != "SQL joins" {
			t.Errorf("Values across reverse: %v, %v", vals, err)
		}
		// Unknown names are errors naming the model.
		if _, err := People.Filter("artciles__title", "x").All(ctx); err == nil || !strings.Contains(err.Error(), `"artciles"`) {
			t.Errorf("unknown reverse name: %v", err)
		}
		// A to-many condition in an Update or Delete filter works too.
		if n, err := Articles.Filter("topics__name", "db").Update(ctx, orm.Set{"title": "DB!"}); err != nil || n != 2 {
			t.Errorf("Update across many-to-many: %d, %v", n, err)
		}
	})
}

func TestRelatedAccessors(t *testing.T) {
	relDB(t, func(t *testing.T, ctx context.Context) {
		w := relSeed(t, ctx)
		arts, err := orm.Related[Article](w.ann, "articles").All(ctx)
		if err != nil || !slices.Equal(titles(arts), []string{"Go generics", "SQL joins"}) {
			t.Errorf("Related articles: %v, %v", titles(arts), err)
		}
		n, err := orm.Related[Note](w.a1, "note_set").Filter("text", "typo").Count(ctx)
		if err != nil || n != 1 {
			t.Errorf("Related note_set filtered: %d, %v", n, err)
		}
		arts, err = orm.Related[Article](w.dbT, "articles").All(ctx)
		if err != nil || !slices.Equal(titles(arts), []string{"Go generics", "SQL joins"}) {
			t.Errorf("Related reverse many-to-many: %v, %v", titles(arts), err)
		}
		tps, err := orm.Related[Topic](w.a1, "topics").All(ctx)
		if err != nil || len(tps) != 2 || tps[0].Name != "db" || tps[1].Name != "go" {
			t.Errorf("Related forward many-to-many: %v, %v", tps, err)
		}
		// Mistakes surface when the QuerySet runs.
		if _, err := orm.Related[Article](w.ann, "nope").All(ctx); err == nil || !strings.Contains(err.Error(), `"nope"`) || !strings.Contains(err.Error(), "articles") {
			t.Errorf("bad name: %v", err)
		}
		if _, err := orm.Related[Note](w.ann, "articles").All(ctx); err == nil || !strings.Contains(err.Error(), "leads to rel.Article") {
			t.Errorf("wrong type: %v", err)
		}
		if _, err := orm.Related[Article](&Person{}, "articles").All(ctx); err == nil || !strings.Contains(err.Error(), "not saved") {
			t.Errorf("unsaved: %v", err)
		}

		// OneToOne: the forward side is a ForeignKey; the reverse side is
		// one object or ErrDoesNotExist.
		pr := &Profile{Bio: "gopher"}
		pr.Person.Set(w.ann)
		must(t, Profiles.Create(ctx, pr))
		got, err := orm.RelatedOne[Profile](ctx, w.ann, "profile")
		if err != nil || got.Bio != "gopher" || got.Person.ID() != w.ann.ID {
			t.Errorf("RelatedOne: %+v, %v", got, err)
		}
		if _, err := orm.RelatedOne[Profile](ctx, w.bob, "profile"); !errors.Is(err, orm.ErrDoesNotExist) {
			t.Errorf("RelatedOne without one: %v", err)
		}
		dup := &Profile{}
		dup.Person.Set(w.ann)
		if err := Profiles.Create(ctx, dup); !errors.Is(err, db.ErrUniqueViolation) {
			t.Errorf("second profile for ann: %v, want a unique violation", err)
		}
		ps, err := People.Filter("profile__bio__icontains", "GOPH").All(ctx)
		if err != nil || !slices.Equal(names(ps), []string{"ann"}) {
			t.Errorf("lookup across reverse one-to-one: %v, %v", names(ps), err)
		}
		sel, err := Profiles.SelectRelated("person").Get(ctx, "pk", pr.ID)
		if p, ok := sel.Person.Loaded(); err != nil || !ok || p.Name != "ann" {
			t.Errorf("SelectRelated across a OneToOne: %v, %v", p, err)
		}
	})
}
