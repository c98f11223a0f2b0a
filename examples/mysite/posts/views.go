package posts

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/forms"
	"github.com/jazzgo/jazz/forms/modelform"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/storage"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/views"
)

// URLs is the app's URLconf, included under "posts/" with the namespace
// "posts". Reading is open to all; writing needs a login, and a post can
// be changed or deleted only by its author.
func URLs() []urls.Pattern {
	edit := views.EditOptions[Post, *postForm]{
		New: newPostForm, SuccessURL: "/posts/{slug}/",
		SlugParam: "slug", Queryset: ownPosts,
	}
	return []urls.Pattern{
		urls.Path("", views.List(views.ListOptions[Post]{PaginateBy: 5}), "list"),
		urls.Path("new/", auth.LoginRequired(views.Create(edit)), "create"),
		urls.Path("<slug:slug>/", views.Detail(views.DetailOptions[Post]{SlugParam: "slug"}), "detail"),
		urls.Path("<slug:slug>/edit/", auth.LoginRequired(views.Update(edit)), "update"),
		urls.Path("<slug:slug>/delete/", auth.LoginRequired(views.Delete(views.DeleteOptions[Post]{
			SlugParam: "slug", Queryset: ownPosts, SuccessRoute: "posts:list",
		})), "delete"),
	}
}

// ownPosts limits editing and deleting to the author's posts: anyone
// else gets a 404, as if the post did not exist.
func ownPosts(r *http.Request) orm.QuerySet[Post] {
	id := int64(0)
	if u := auth.CurrentUser(r); u != nil {
		id = u.ID
	}
	return Posts.Filter("author", id)
}

// postForm is the ModelForm of Post: its fields come from the model
// (title max 200, slug unique, body, cover image); the cover is stored in
// the media storage.
type postForm = modelform.Form[Post]

// newPostForm builds the form for the request: unbound on GET, bound on
// POST; a new post belongs to the logged-in user.
func newPostForm(r *http.Request, p *Post) (*postForm, error) {
	if p == nil {
		p = &Post{}
		p.Author.Set(auth.CurrentUser(r))
	}
	f, err := modelform.New(r.Context(), p, modelform.Options{
		Fields:    []string{"title", "slug", "body", "cover"},
		HelpTexts: map[string]string{"slug": "Letters, digits, - and _: the post's address.", "cover": "PNG, JPEG or GIF, at most 2 MB."},
		StoreFile: saveCover,
	})
	if err != nil {
		return nil, err
	}
	if r.Method == http.MethodPost {
		values, files, err := views.FormData(r)
		if err != nil {
			return nil, err
		}
		f.Bind(values, files)
	}
	return f, nil
}

// saveCover stores an uploaded cover under covers/ in the media storage
// and returns its name there; files over 2 MB are refused.
func saveCover(ctx context.Context, field string, up forms.Upload) (string, error) {
	if up.Size() > 2<<20 {
		return "", errors.New("posts: the cover is over 2 MB")
	}
	media := storage.FromContext(ctx)
	if media == nil {
		return "", errors.New("posts: no media storage (set MediaRoot)")
	}
	rc, err := up.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()
	name, err := media.Save(ctx, path.Join("covers", storage.SafeName(up.Name())), rc)
	if err != nil {
		return "", fmt.Errorf("posts: saving the cover: %w", err)
	}
	return name, nil
}
