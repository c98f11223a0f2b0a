package views_test

import (
	"context"
	"fmt"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/jazztest"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/urls"
)

// Article is the test model: an integer key, a unique slug and a flag the
// queryset hooks filter on.
type Article struct {
	orm.Model
	Title     string `jazz:"max_length=100"`
	Slug      string `jazz:"max_length=50,unique"`
	Published bool   `jazz:"default=true"`
}

var Articles = orm.NewManager[Article]()

type testApp struct{ apps.Base }

func (*testApp) Models() []any { return []any{(*Article)(nil)} }

func (*testApp) Templates() fs.FS {
	return fstest.MapFS{
		"viewstest/article_list.html": {Data: []byte(
			`<ul>{{range .object_list}}<li>{{.Title}}</li>{{end}}</ul>` +
				`{{if .is_paginated}}page {{.page_obj.Number}} of {{.paginator.NumPages}}` +
				`{{if .page_obj.HasNext}} next={{.page_obj.NextPageNumber}}{{end}}` +
				` [{{range .page_obj.ElidedPageRange}}{{if .IsEllipsis}}…{{else}}{{.}}{{end}} {{end}}]{{end}}` +
				`{{with .extra}} extra={{.}}{{end}}`)},
		"viewstest/article_detail.html":         {Data: []byte(`<h1>{{.object.Title}}</h1>same={{eq .object .article}}{{with .extra}} extra={{.}}{{end}}`)},
		"viewstest/article_confirm_delete.html": {Data: []byte(`Delete {{.article.Title}}?`)},
		"viewstest/custom_list.html":            {Data: []byte(`{{range .articles}}[{{.Slug}}]{{end}}`)},
		"viewstest/article_form.html":           {Data: []byte(`form`)},
		"about.html":                            {Data: []byte(`about {{.name}} {{.extra}}`)},
	}
}

var app = &testApp{apps.Base{Name: "viewstest"}}

// newSite builds a project on a fresh database of dialect with the test app
// and patterns, creates the table and adds n articles "Article 01"..., with
// slugs "a01"....
func newSite(t *testing.T, dialect string, n int, patterns ...urls.Pattern) (*jazztest.Client, context.Context) {
	t.Helper()
	p := jazztest.NewProject(t, jazz.Settings{
		InstalledApps: []apps.App{app},
		DatabaseURL:   jazztest.Database(t, dialect),
		URLs:          patterns,
	})
	ctx := p.Context(context.Background())
	if err := orm.CreateTables(ctx, (*Article)(nil)); err != nil {
		t.Fatal(err)
	}
	objs := make([]*Article, n)
	for i := range objs {
		objs[i] = &Article{Title: fmt.Sprintf("Article %02d", i+1), Slug: fmt.Sprintf("a%02d", i+1), Published: true}
	}
	if n > 0 {
		if err := Articles.BulkCreate(ctx, objs); err != nil {
			t.Fatal(err)
		}
	}
	return jazztest.NewClient(t, p), ctx
}
