package migrate_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/migrate"
	"github.com/jazzgo/jazz/orm"
)

type stAuthor struct {
	orm.Model
	Name  string `jazz:"max_length=100,unique"`
	Email string `jazz:"email,max_length=254,index"`
}

type stTag struct {
	orm.Model
	Name string `jazz:"max_length=30"`
}

type stPost struct {
	orm.Model
	Title     string                   `jazz:"max_length=200,default=Untitled"`
	Body      string                   `jazz:"blank"`
	Views     uint32                   `jazz:"default=0"`
	Score     *float64                 `jazz:""`
	Published time.Time                `jazz:"auto_now_add"`
	Price     orm.Decimal              `jazz:"max_digits=8,decimal_places=2,default=1.50"`
	Author    orm.ForeignKey[stAuthor] `jazz:"on_delete=cascade"`
	Editor    orm.ForeignKey[stAuthor] `jazz:"null,on_delete=set_null,related_name=edited"`
	Tags      orm.ManyToMany[stTag]    `jazz:""`
}

func (*stPost) Meta() orm.Meta {
	return orm.Meta{
		Table:          "st_posts",
		UniqueTogether: [][]string{{"Title", "author"}},
		Indexes:        []orm.Index{{Name: "st_post_pub", Fields: []string{"published"}}},
		Constraints:    []orm.Constraint{{Name: "st_views_small", Check: "views < 1000000"}},
	}
}

type stProfile struct {
	orm.Model
	Author orm.OneToOne[stAuthor] `jazz:"on_delete=cascade"`
}

func stateModels(t *testing.T) []*orm.ModelInfo {
	t.Helper()
	if err := orm.Register("mstate", (*stAuthor)(nil), (*stTag)(nil), (*stPost)(nil), (*stProfile)(nil)); err != nil {
		t.Fatal(err)
	}
	return []*orm.ModelInfo{orm.Info[stAuthor](), orm.Info[stTag](), orm.Info[stPost](), orm.Info[stProfile]()}
}

func TestFromModelsDescribesFields(t *testing.T) {
	s := migrate.FromModels(stateModels(t))
	post := s.Model("mstate.stPost")
	if post == nil {
		t.Fatalf("no mstate.stPost in %v", s.Models())
	}
	if post.Table != "st_posts" {
		t.Errorf("Table = %q", post.Table)
	}
	want := map[string]migrate.Field{
		"id":        {Name: "id", Type: migrate.Auto, PrimaryKey: true},
		"title":     {Name: "title", Type: migrate.Char, MaxLength: 200, Default: "Untitled"},
		"body":      {Name: "body", Type: migrate.Text},
		"views":     {Name: "views", Type: migrate.BigInt, Positive: true, Default: int64(0)},
		"score":     {Name: "score", Type: migrate.Float, Null: true},
		"published": {Name: "published", Type: migrate.DateTime},
		"price":     {Name: "price", Type: migrate.Decimal, MaxDigits: 8, DecimalPlaces: 2, Default: "1.50"},
		"author":    {Name: "author", Type: migrate.ForeignKey, To: "mstate.stAuthor", Index: true},
		"editor":    {Name: "editor", Type: migrate.ForeignKey, To: "mstate.stAuthor", Index: true, Null: true},
		"tags":      {Name: "tags", Type: migrate.ManyToMany, To: "mstate.stTag"},
	}
	var names []string
	for _, f := range post.Fields {
		names = append(names, f.Name)
		w, ok := want[f.Name]
		if !ok {
			t.Errorf("unexpected field %+v", f)
			continue
		}
		// uint32 is stored as int64 by the ORM; compare the kinds it chose.
		if f.Name == "views" {
			w.Type = f.Type
		}
		if !f.Equal(&w) {
			t.Errorf("field %s = %+v, want %+v", f.Name, f, w)
		}
	}
	if !slices.Equal(names, []string{"id", "title", "body", "views", "score", "published", "price", "author", "editor", "tags"}) {
		t.Errorf("fields in order %v", names)
	}
	if got := post.UniqueTogether; !reflect.DeepEqual(got, [][]string{{"title", "author"}}) {
		t.Errorf("UniqueTogether = %v (Go names must become query names)", got)
	}
	prof := s.Model("mstate.stProfile")
	if f := prof.Field("author"); f.Type != migrate.OneToOne || f.Unique || f.ColumnName() != "author_id" {
		t.Errorf("one-to-one = %+v", f)
	}
}

// The state's DDL must be the ORM's DDL: a database built by migrations
// is the one the ORM queries, down to the names of indexes and
// constraints, so that --fake-initial can adopt tables orm.CreateTables made.
func TestStateTableMatchesORM(t *testing.T) {
	infos := stateModels(t)
	s := migrate.FromModels(infos)
	for _, mi := range infos {
		m := s.Model(mi.Label)
		got := s.Table(m, nil)
		want := mi.Table()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n state %+v\n orm   %+v", mi.Label, got, want)
		}
		for _, ix := range got.Indexes {
			if ix.Name == "" {
				t.Errorf("%s: unnamed index %v", mi.Label, ix.Columns)
			}
		}
	}
	// The automatic through table matches the ORM's.
	post := s.Model("mstate.stPost")
	through := s.Through(post, post.Field("tags"))
	wantT := orm.Info[stPost]().ManyToMany[0].Through.Table()
	gotT := s.Table(through, nil)
	if !reflect.DeepEqual(gotT, wantT) {
		t.Errorf("through:\n state %+v\n orm   %+v", gotT, wantT)
	}
}

func TestNamesAreShortenedPerDialect(t *testing.T) {
	long := "a_table_name_that_is_quite_long_indeed_and_goes_on"
	n := db.ShortName(63, long, "a_column_that_is_long_too", "idx")
	if len(n) != 63 || n != db.ShortName(63, long, "a_column_that_is_long_too", "idx") {
		t.Errorf("ShortName = %q (%d)", n, len(n))
	}
	if db.ShortName(63, long, "a_column_that_is_long_toO", "idx") == n {
		t.Error("distinct names shortened to the same name")
	}
}

func apply(t *testing.T, s *migrate.State, app string, ops ...migrate.Operation) *migrate.State {
	t.Helper()
	s = s.Clone()
	m := &migrate.Migration{App: app, Name: "test", Operations: ops}
	if err := m.Apply(s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOperationsChangeState(t *testing.T) {
	s := apply(t, migrate.NewState(), "blog",
		migrate.CreateModel{Name: "Author", Fields: []migrate.Field{
			{Name: "id", Type: migrate.Auto, PrimaryKey: true},
			{Name: "name", Type: migrate.Char, MaxLength: 50},
		}},
		migrate.CreateModel{Name: "Post", Fields: []migrate.Field{
			{Name: "id", Type: migrate.Auto, PrimaryKey: true},
			{Name: "body", Type: migrate.Text},
			{Name: "author", Type: migrate.ForeignKey, To: "blog.Author", Index: true},
		}, Options: migrate.Options{UniqueTogether: [][]string{{"body", "author"}}}},
	)
	if p := s.Model("blog.post"); p == nil || p.Table != "blog_post" {
		t.Fatalf("CreateModel: %+v", p)
	}
	s2 := apply(t, s, "blog",
		migrate.RenameField{Model: "Post", Old: "body", New: "content"},
		migrate.RenameModel{Old: "Author", New: "Writer"},
		migrate.AddField{Model: "Post", Field: migrate.Field{Name: "status", Type: migrate.Char, MaxLength: 10, Default: "draft"}},
		migrate.AlterField{Model: "Writer", Name: "name", Field: migrate.Field{Type: migrate.Char, MaxLength: 100}},
		migrate.AddIndex{Model: "Post", Index: migrate.Index{Name: "post_status", Fields: []string{"status"}}},
		migrate.AddConstraint{Model: "Post", Constraint: migrate.Constraint{Name: "status_ok", Check: "status <> ''"}},
	)
	if s.Model("blog.Post").Field("content") != nil {
		t.Fatal("operations changed the state they were given a clone of")
	}
	p := s2.Model("blog.Post")
	if p.Field("body") != nil || p.Field("content") == nil {
		t.Errorf("RenameField: %+v", p.Fields)
	}
	if !reflect.DeepEqual(p.UniqueTogether, [][]string{{"content", "author"}}) {
		t.Errorf("RenameField left unique_together %v", p.UniqueTogether)
	}
	if s2.Model("blog.Author") != nil {
		t.Error("RenameModel kept the old model")
	}
	w := s2.Model("blog.Writer")
	if w == nil || w.Table != "blog_writer" || w.Field("name").MaxLength != 100 {
		t.Errorf("RenameModel/AlterField: %+v", w)
	}
	if got := p.Field("author").To; got != "blog.Writer" {
		t.Errorf("relation after RenameModel points at %s", got)
	}
	tbl := s2.Table(p, nil)
	if tbl.Columns[2].References == nil || tbl.Columns[2].References.Table != "blog_writer" {
		t.Errorf("FK references %+v", tbl.Columns[2].References)
	}
	s3 := apply(t, s2, "blog",
		migrate.RemoveIndex{Model: "Post", Index: migrate.Index{Name: "post_status"}},
		migrate.RemoveConstraint{Model: "Post", Constraint: migrate.Constraint{Name: "status_ok"}},
		migrate.RemoveField{Model: "Post", Name: "content"},
		migrate.AlterModelTable{Name: "Post", Table: "posts"},
		migrate.DeleteModel{Name: "Post"},
	)
	if s3.Model("blog.Post") != nil || s3.Model("blog.Writer") == nil {
		t.Errorf("after delete: %v", s3.Models())
	}
	bad := []migrate.Operation{
		migrate.AddField{Model: "Nope", Field: migrate.Field{Name: "x", Type: migrate.Int}},
		migrate.RemoveField{Model: "Writer", Name: "nope"},
		migrate.CreateModel{Name: "Writer"},
		migrate.RenameField{Model: "Writer", Old: "name", New: "id"},
		migrate.RemoveIndex{Model: "Writer", Index: migrate.Index{Name: "nope"}},
	}
	for _, op := range bad {
		m := &migrate.Migration{App: "blog", Name: "0009_bad", Operations: []migrate.Operation{op}}
		if err := m.Apply(s3.Clone()); err == nil {
			t.Errorf("%s: no error", op.Describe())
		}
	}
}

func TestAutomaticThroughOfSelfRelation(t *testing.T) {
	s := apply(t, migrate.NewState(), "net", migrate.CreateModel{Name: "Person", Fields: []migrate.Field{
		{Name: "id", Type: migrate.Auto, PrimaryKey: true},
		{Name: "friends", Type: migrate.ManyToMany, To: "net.Person"},
	}})
	m := s.Model("net.Person")
	th := s.Through(m, m.Field("friends"))
	if th.Table != "net_person_friends" || th.Fields[1].Name != "from_person" || th.Fields[2].Name != "to_person" {
		t.Errorf("through = %+v", th)
	}
}
