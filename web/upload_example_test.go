package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"

	"github.com/jazzgo/jazz/web"
)

// A view that accepts a cover image. The Uploads middleware removes any
// temp file once the view returns, whatever happens in it.
func ExampleParseMultipart() {
	var progress int64
	opts := web.UploadOptions{
		MaxFiles: 1,
		Handlers: []web.UploadHandler{web.UploadHandlerFunc(
			func(ctx context.Context, f *web.UploadedFile, chunk []byte) error {
				progress = f.Size // a real site would publish this somewhere
				return nil
			})},
	}
	view := web.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		m, err := web.ParseMultipart(r, nil) // nil: the options given to Uploads
		if err != nil {
			return err // 400, 413 or 415 with a message for the client
		}
		cover := m.FormFile("cover")
		if cover == nil {
			return web.BadRequest("choose a cover image")
		}
		rd, err := cover.Open()
		if err != nil {
			return err
		}
		defer rd.Close()
		n, _ := io.Copy(io.Discard, rd) // a real view saves it to storage
		return web.Text(w, http.StatusOK, fmt.Sprintf("%s: %q, %d bytes (%s)\n",
			m.Value.Get("title"), cover.Name, n, cover.ContentType))
	})
	handler := web.Uploads(opts)(view)

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("title", "Holiday")
	fw, _ := mw.CreateFormFile("cover", "../../photos/beach.jpg")
	fw.Write([]byte("not really a jpeg"))
	mw.Close()
	r := httptest.NewRequest("POST", "/posts/new/", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, r)
	fmt.Print(w.Body.String())
	fmt.Println("progress:", progress)
	// Output:
	// Holiday: "beach.jpg", 17 bytes (application/octet-stream)
	// progress: 17
}
