package posts

import (
	"time"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/orm"
)

// Post is a reader's blog post, written and edited through the site's
// forms, with an optional cover image.
type Post struct {
	orm.Model
	Title   string                    `jazz:"max_length=200"`
	Slug    string                    `jazz:"slug,max_length=200,unique"`
	Body    string                    `jazz:""`
	Cover   orm.Image                 `jazz:"upload_to=covers/,blank"`
	Author  orm.ForeignKey[auth.User] `jazz:"on_delete=cascade,related_name=posts"`
	Created time.Time                 `jazz:"auto_now_add"`
	Updated time.Time                 `jazz:"auto_now"`
}

func (*Post) Meta() orm.Meta { return orm.Meta{Ordering: []string{"-created", "-id"}} }

// Posts is the manager of Post.
var Posts = orm.NewManager[Post]()
