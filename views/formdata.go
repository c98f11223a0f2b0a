package views

import (
	"mime"
	"net/http"
	"net/url"

	"github.com/jazzgo/jazz/forms"
	"github.com/jazzgo/jazz/web"
)

// FormData reads a POST for a form: its values, and its files when the
// body is multipart, ready for forms.Form.Bind. Limits are the site's
// (web.ParseForm, web.ParseMultipart), so a bad body is a 400 or 413 the
// view returns unchanged. Uploaded files keep their *web.UploadedFile as
// the source, so storage can move a temp file into place instead of
// copying it; the uploads middleware removes what is left when the
// request ends.
func FormData(r *http.Request) (url.Values, forms.Files, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		v, err := web.ParseForm(r)
		return v, nil, err
	}
	mp, err := web.ParseMultipart(r, nil)
	if err != nil {
		return nil, nil, err
	}
	files := forms.Files{}
	for field, list := range mp.File {
		for _, u := range list {
			files[field] = append(files[field], forms.NewUpload(u.Name, u.ContentType, u.Size, u.Open, u))
		}
	}
	return mp.Value, files, nil
}
