package articles

import (
	"time"

	"github.com/jazzgo/jazz/orm"
)

// Category groups articles; each article has one.
type Category struct {
	orm.Model
	Name string `jazz:"max_length=50,unique"`
	Slug string `jazz:"slug,max_length=50,unique"`
}

func (*Category) Meta() orm.Meta {
	return orm.Meta{Ordering: []string{"name"}, VerboseNamePlural: "categories"}
}

// Tag labels articles; an article has any number.
type Tag struct {
	orm.Model
	Name string `jazz:"max_length=30,unique"`
}

func (*Tag) Meta() orm.Meta { return orm.Meta{Ordering: []string{"name"}} }

// Article is one published article.
type Article struct {
	orm.Model
	Title     string                   `jazz:"max_length=200"`
	Slug      string                   `jazz:"slug,max_length=200"`
	Author    string                   `jazz:"max_length=100"`
	Published time.Time                `jazz:"index"`
	Summary   string                   `jazz:"max_length=300"`
	Body      string                   `jazz:"blank"`
	Category  orm.ForeignKey[Category] `jazz:"on_delete=protect,related_name=articles"`
	Tags      orm.ManyToMany[Tag]      `jazz:"related_name=articles,through=ArticleTag"`
	// Likes counts the readers' "like" clicks (an AJAX POST).
	Likes int64 `jazz:"default=0,positive,editable=false"`
}

func (*Article) Meta() orm.Meta {
	return orm.Meta{Ordering: []string{"-published"}, UniqueTogether: [][]string{{"slug", "published"}}}
}

// Year is the article's publication year, the first part of its URL.
func (a *Article) Year() int { return a.Published.Year() }

// CategoryName is the name of the article's category when it was loaded
// with the article (SelectRelated), for templates.
func (a *Article) CategoryName() string {
	if c, ok := a.Category.Loaded(); ok {
		return c.Name
	}
	return ""
}

// TagNames are the names of the article's tags when they were loaded with
// it (PrefetchRelated), for templates.
func (a *Article) TagNames() []string {
	tags, _ := a.Tags.Loaded()
	names := make([]string, len(tags))
	for i, t := range tags {
		names[i] = t.Name
	}
	return names
}

// ArticleTag links articles and tags. An explicit through model (rather
// than the automatic table) makes the links ordinary rows that fixtures
// dump and load.
type ArticleTag struct {
	orm.Model
	Article orm.ForeignKey[Article] `jazz:"on_delete=cascade"`
	Tag     orm.ForeignKey[Tag]     `jazz:"on_delete=cascade"`
}

func (*ArticleTag) Meta() orm.Meta { return orm.Meta{UniqueTogether: [][]string{{"article", "tag"}}} }

// Comment is a reader's comment on an article.
type Comment struct {
	orm.Model
	Article orm.ForeignKey[Article] `jazz:"on_delete=cascade,related_name=comments"`
	Name    string                  `jazz:"max_length=80"`
	Body    string                  `jazz:"max_length=2000"`
	Created time.Time               `jazz:"auto_now_add"`
}

func (*Comment) Meta() orm.Meta { return orm.Meta{Ordering: []string{"created"}} }

// The app's managers.
var (
	Categories = orm.NewManager[Category]()
	Tags       = orm.NewManager[Tag]()
	Articles   = orm.NewManager[Article]()
	Comments   = orm.NewManager[Comment]()
)
