package views_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jazzgo/jazz/forms"
	"github.com/jazzgo/jazz/views"
	"github.com/jazzgo/jazz/web"
)

func TestFormDataBindsValuesAndFiles(t *testing.T) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("title", "Hello")
	fw, _ := mw.CreateFormFile("cover", "../../etc/cover.txt")
	fw.Write([]byte("not an image"))
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, "/", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r = web.WithSite(r, &web.Site{})
	values, files, err := views.FormData(r)
	if err != nil {
		t.Fatal(err)
	}
	f := forms.New(&forms.Char{Base: forms.Base{Name: "title", Required: true}}, &forms.File{Base: forms.Base{Name: "cover", Required: true}})
	f.Bind(values, files)
	if !f.IsValid() {
		t.Fatalf("errors: %v", f.Errors())
	}
	up, ok := f.Value("cover").(forms.Upload)
	if !ok || up.Name() != "cover.txt" {
		t.Fatalf("cover = %#v", f.Value("cover"))
	}
	rc, err := up.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if b, _ := io.ReadAll(rc); string(b) != "not an image" {
		t.Errorf("content %q", b)
	}

	// A urlencoded POST has values and no files.
	r = httptest.NewRequest(http.MethodPost, "/", strings.NewReader("title=Hi"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r = web.WithSite(r, &web.Site{})
	values, files, err = views.FormData(r)
	if err != nil || values.Get("title") != "Hi" || files != nil {
		t.Errorf("urlencoded: %v %v %v", values, files, err)
	}
}
