package posts

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/forms"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/storage"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/views"
)

// URLs is the app's URLconf, included under "posts/" with the namespace
// "posts". Reading is open to all; writing needs a login, and a post can
// be changed or deleted only by its author.
func URLs() []urls.Pattern {
	edit := views.EditOptions[Post, *forms.Form]{
		New: newPostForm, Save: savePost, SuccessURL: "/posts/{slug}/",
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

// newPostForm is the post form, bound to the request on POST; for an
// edit, its initial values are the post's.
func newPostForm(r *http.Request, p *Post) (*forms.Form, error) {
	f := forms.New(
		&forms.Char{Base: forms.Base{Name: "title", Required: true}, MaxLength: 200},
		&forms.Slug{Base: forms.Base{Name: "slug", Required: true, HelpText: "Letters, digits, - and _: the post's address."}, MaxLength: 200},
		&forms.Char{Base: forms.Base{Name: "body", Required: true, Widget: forms.Textarea()}},
		&forms.Image{File: forms.File{Base: forms.Base{Name: "cover", HelpText: "PNG, JPEG or GIF, at most 2 MB."}, MaxSize: 2 << 20}},
	)
	if p != nil {
		f.Initial = map[string]any{"title": p.Title, "slug": p.Slug, "body": p.Body, "cover": string(p.Cover)}
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

// savePost stores a valid form: the cover goes to the media storage, a
// slug already taken is an error on the form.
func savePost(r *http.Request, f *forms.Form, p *Post) (*Post, error) {
	ctx := r.Context()
	if p == nil {
		p = &Post{}
		p.Author.Set(auth.CurrentUser(r))
	}
	p.Title, _ = forms.Get[string](f, "title")
	p.Slug, _ = forms.Get[string](f, "slug")
	p.Body, _ = forms.Get[string](f, "body")
	if up, ok := f.Value("cover").(forms.Upload); ok {
		name, err := saveCover(ctx, up)
		if err != nil {
			return nil, err
		}
		p.Cover = orm.Image(name)
	}
	if err := orm.FullClean(ctx, p); err != nil {
		var ve orm.ValidationErrors
		if errors.As(err, &ve) {
			for field, msgs := range ve {
				for _, m := range msgs {
					if field == orm.NonFieldErrors {
						field = ""
					}
					f.AddError(field, errors.New(m.Message))
				}
			}
			return nil, views.ErrInvalid
		}
		return nil, err
	}
	if err := Posts.Save(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

func saveCover(ctx context.Context, up forms.Upload) (string, error) {
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
