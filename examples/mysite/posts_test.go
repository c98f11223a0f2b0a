package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/jazztest"
)

// pngBytes is a real 3x2 PNG.
func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// postForm sends the post form as the browser does: multipart, with the
// cover file when given.
func postForm(t *testing.T, c *jazztest.Client, path string, fields map[string]string, coverName string, cover []byte) *jazztest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if cover != nil {
		fw, _ := mw.CreateFormFile("cover", coverName)
		fw.Write(cover)
	}
	mw.Close()
	req := c.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

func loggedIn(t *testing.T, p *jazz.Project, c *jazztest.Client, username string) {
	t.Helper()
	if _, err := auth.CreateUser(p.Context(context.Background()), username, username+"@example.com", "a long secret phrase"); err != nil {
		t.Fatal(err)
	}
	c.Post("/accounts/login/", url.Values{"username": {username}, "password": {"a long secret phrase"}}).AssertStatus(302)
}

func TestPostsCRUDWithCoverImage(t *testing.T) {
	p, c := newClient(t)
	c.Get("/posts/new/").AssertRedirects(302, "/accounts/login/?next=/posts/new/")
	loggedIn(t, p, c, "ann")
	c.Get("/posts/new/").AssertStatus(200).AssertTemplateUsed("posts/post_form.html")

	// Bad input: no title, a bad slug, a text file passed off as a PNG.
	r := postForm(t, c, "/posts/new/", map[string]string{"title": "", "slug": "no spaces please", "body": "x"},
		"cover.png", []byte("this is not an image"))
	r.AssertStatus(200).AssertContains("This field is required.").AssertContains("is-invalid")
	r.AssertContains("Upload a valid image")

	// A good post with its cover; the file lands inside MediaRoot under a safe name.
	postForm(t, c, "/posts/new/", map[string]string{"title": "First light", "slug": "first-light", "body": "Hello."},
		"../../etc/my cover.png", pngBytes(t)).AssertRedirects(302, "/posts/first-light/")
	page := c.Get("/posts/first-light/").AssertStatus(200).AssertContains(`id="post-title">First light<`)
	m := regexp.MustCompile(`<img src="/media/(covers/[^"]+)"`).FindStringSubmatch(page.Text())
	if m == nil {
		t.Fatalf("no cover on the page:\n%s", page.Text())
	}
	if fi, err := os.Stat(filepath.Join(p.Settings.MediaRoot, m[1])); err != nil || fi.Size() == 0 {
		t.Errorf("cover %s not in MediaRoot: %v", m[1], err)
	}
	c.Get("/posts/").AssertStatus(200).AssertContains("First light")

	// The slug is unique.
	postForm(t, c, "/posts/new/", map[string]string{"title": "Again", "slug": "first-light", "body": "x"}, "", nil).
		AssertStatus(200).AssertContains("already exists")

	// Edit keeps the cover when no new file is sent.
	c.Get("/posts/first-light/edit/").AssertStatus(200).AssertContains(`value="First light"`)
	postForm(t, c, "/posts/first-light/edit/", map[string]string{"title": "First light, revised", "slug": "first-light", "body": "Hello again."}, "", nil).
		AssertRedirects(302, "/posts/first-light/")
	c.Get("/posts/first-light/").AssertContains("First light, revised").AssertContains(`<img src="/media/` + m[1])

	// Another user can neither edit nor delete it.
	_, other := newClientFor(t, p)
	loggedIn(t, p, other, "bob")
	other.Get("/posts/first-light/edit/").AssertStatus(404)
	other.Post("/posts/first-light/delete/", nil).AssertStatus(404)

	// Delete asks first, then deletes on POST.
	c.Get("/posts/first-light/delete/").AssertStatus(200).AssertContains("Yes, delete it")
	c.Post("/posts/first-light/delete/", nil).AssertRedirects(302, "/posts/")
	c.Get("/posts/first-light/").AssertStatus(404)
}

func newClientFor(t *testing.T, p *jazz.Project) (*jazz.Project, *jazztest.Client) {
	return p, jazztest.NewClient(t, p)
}
