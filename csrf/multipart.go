package csrf

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/jazzgo/jazz/web"
)

// maxTokenField bounds the bytes read from the token's part: a real token
// is 64 bytes.
const maxTokenField = 1024

// multipartToken finds the token field in a multipart/form-data body
// without consuming the body: the bytes it reads are put back in front of
// r.Body, so the view can still stream the upload. It reads parts only up
// to the token field ({{csrf_input}} is usually first in a form), skipping
// file parts, and gives up after the site's body limit, reporting the
// token as missing. A malformed body also counts as missing.
func multipartToken(r *http.Request, field string) (string, bool) {
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" || r.Body == nil || r.Body == http.NoBody {
		return "", false
	}
	limit := web.SiteOf(r).MaxBodyBytes
	if limit <= 0 {
		limit = web.DefaultMaxBodyBytes
	}
	var seen bytes.Buffer
	body := r.Body
	tee := io.TeeReader(io.LimitReader(body, limit), &seen)
	defer func() {
		r.Body = replayBody{Reader: io.MultiReader(bytes.NewReader(seen.Bytes()), body), Closer: body}
	}()
	mr := multipart.NewReader(tee, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return "", false
		}
		if p.FormName() != field || p.FileName() != "" {
			if _, err := io.Copy(io.Discard, p); err != nil {
				return "", false
			}
			continue
		}
		v, err := io.ReadAll(io.LimitReader(p, maxTokenField))
		if err != nil && !errors.Is(err, io.EOF) {
			return "", false
		}
		return string(v), true
	}
}

// replayBody is a request body made of the bytes already read followed by
// the rest; closing it closes the original.
type replayBody struct {
	io.Reader
	io.Closer
}
