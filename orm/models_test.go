package orm_test

import (
	"context"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/orm"
)

// The models the tests share, registered once under the app label "blog".

type User struct {
	orm.Model
	Username string `jazz:"max_length=50,unique"`
	Email    string `jazz:"email,blank"`
	Karma    int32
}

type Post struct {
	orm.Model
	Title     string               `jazz:"max_length=200"`
	Slug      string               `jazz:"slug,max_length=200,unique"`
	Body      string               `jazz:"blank"`
	Status    string               `jazz:"max_length=10,choices=draft:Draft|published:Published,default=draft,index"`
	Rating    *int32               `jazz:"null"`
	MinRating int32                `jazz:"blank"`
	Views     int64                `jazz:"positive"`
	Price     orm.Decimal          `jazz:"max_digits=8,decimal_places=2"`
	Created   time.Time            `jazz:"auto_now_add"`
	Updated   time.Time            `jazz:"auto_now"`
	Author    orm.ForeignKey[User] `jazz:"on_delete=cascade,related_name=posts"`
	Editor    orm.ForeignKey[User] `jazz:"null,on_delete=set_null,related_name=edited"`
	Extra     map[string]any       `jazz:"json,null"`
	Internal  string               `jazz:"-"`
}

func (*Post) Meta() orm.Meta {
	return orm.Meta{Ordering: []string{"-created", "id"}, VerboseNamePlural: "posts"}
}

type Comment struct {
	orm.Model
	Post orm.ForeignKey[Post] `jazz:"on_delete=cascade"`
	Text string
}

// Everything has a field of every kind, for round trips.
type Everything struct {
	orm.Model
	S     string
	C     string `jazz:"max_length=20"`
	B     bool
	I16   int16
	I32   int32
	I     int
	I64   int64
	U16   uint16
	F     float64
	D     orm.Decimal `jazz:"max_digits=30,decimal_places=10"`
	T     time.Time
	Day   time.Time `jazz:"date"`
	Clock time.Time `jazz:"time"`
	Dur   time.Duration
	U     orm.UUID
	Bin   []byte         `jazz:"null"`
	J     map[string]any `jazz:"null"`
	L     []any          `jazz:"null"`
	PS    *string
	PT    *time.Time
	PI    *int64
}

// Timestamped is an abstract base: its fields go into every model that
// embeds it.
type Timestamped struct {
	Created time.Time `jazz:"auto_now_add"`
}

type Token struct {
	Timestamped
	Key  orm.UUID `jazz:"primary_key,default=uuid4"`
	Name string   `jazz:"max_length=20,unique"`
}

type Counter struct {
	orm.Model
	N int64
}

type Membership struct {
	orm.Model
	User  orm.ForeignKey[User] `jazz:"on_delete=cascade"`
	Group string               `jazz:"max_length=20"`
}

func (*Membership) Meta() orm.Meta {
	return orm.Meta{UniqueTogether: [][]string{{"user", "group"}}}
}

var (
	Users       = orm.NewManager[User]()
	Posts       = orm.NewManager[Post]()
	Comments    = orm.NewManager[Comment]()
	Everythings = orm.NewManager[Everything]()
	Tokens      = orm.NewManager[Token]()
	Counters    = orm.NewManager[Counter]()
	Memberships = orm.NewManager[Membership]()
)

var allModels = []any{(*User)(nil), (*Post)(nil), (*Comment)(nil), (*Everything)(nil), (*Token)(nil), (*Counter)(nil), (*Membership)(nil)}

func init() {
	if err := orm.Register("blog", allModels...); err != nil {
		panic(err)
	}
}

// eachDB runs fn on a fresh database of every available dialect, with the
// tables created and the database in ctx.
func eachDB(t *testing.T, fn func(t *testing.T, ctx context.Context)) {
	t.Helper()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := db.WithDB(context.Background(), d)
		if err := orm.CreateTables(ctx, append(allModels, charPKModels...)...); err != nil {
			t.Fatal(err)
		}
		fn(t, ctx)
	})
}
