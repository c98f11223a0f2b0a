package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
)

// ParseForm parses the request's query string and, for POST, PUT and PATCH,
// its form body, under the site's limits, and returns all the values: body
// values first, then query values, as http.Request.ParseForm orders them.
// The results are also stored in r.Form and r.PostForm, so r.FormValue and
// r.PostFormValue work afterwards, and a second call returns r.Form without
// reading again. The returned map is r.Form: it is not safe to modify
// while another goroutine reads the request.
//
// Bodies:
//   - application/x-www-form-urlencoded is decoded;
//   - multipart/form-data is decoded for its plain fields; a part that
//     carries a file is refused with a 415 (file uploads need
//     [ParseMultipart], which streams them to disk instead of memory);
//   - an empty body needs no Content-Type;
//   - any other Content-Type (JSON included: use [DecodeJSON]), or a
//     non-empty body without one, is refused with a 415 wrapping
//     [ErrUnsupportedMediaType]. 415 rather than 400 because the body may be
//     perfectly valid, just in a format this function does not read.
//
// Limits and errors, each an *[HTTPError] with a client-safe Message and the
// detailed cause in Err, so a view can simply return it:
//   - a body over SiteOf(r).MaxBodyBytes (default 2.5 MB, negative for no
//     limit) gives 413 ([StatusOf] maps it, errors.Is(err, ErrTooLarge));
//     a declared Content-Length over the limit fails before reading;
//   - more than MaxFormFields fields (default 1000, negative for no limit),
//     query and body together, gives 400 wrapping [ErrTooManyFields];
//     counting stops at the limit, so an attacker cannot make the server
//     build a huge map first;
//   - malformed percent-encoding ("%zz") gives 400 naming the field.
//
// Pairs are separated by "&" only; a ";" is kept as part of the value, and
// a pair without "=" is a field with an empty value. Empty pairs ("a=1&&b=2")
// are skipped. Values are not checked for valid UTF-8. ParseForm must not
// be called concurrently on the same request.
func ParseForm(r *http.Request) (url.Values, error) {
	if r.Form != nil && r.PostForm != nil {
		return r.Form, nil
	}
	s := SiteOf(r)
	p := formParser{max: s.fieldLimit()}
	post := url.Values{}
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		if err := p.parseBody(r, s.bodyLimit(), post); err != nil {
			return nil, err
		}
	}
	form := make(url.Values, len(post))
	for k, vs := range post {
		form[k] = append([]string(nil), vs...)
	}
	if err := p.parseURLEncoded("query string", r.URL.RawQuery, form); err != nil {
		return nil, err
	}
	r.PostForm, r.Form = post, form
	return form, nil
}

type formParser struct {
	max   int // -1: no limit
	count int
}

// addField counts one more field and fails once the limit is passed.
func (p *formParser) addField() error {
	p.count++
	if p.max >= 0 && p.count > p.max {
		return requestError(http.StatusBadRequest,
			fmt.Sprintf("too many form fields (the limit is %d)", p.max),
			fmt.Errorf("web: ParseForm: more than %d fields: %w", p.max, ErrTooManyFields))
	}
	return nil
}

func (p *formParser) parseBody(r *http.Request, limit int64, into url.Values) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return p.parseUntyped(r)
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return requestError(http.StatusBadRequest, "malformed Content-Type header",
			fmt.Errorf("web: ParseForm: Content-Type %q: %w", ct, err))
	}
	switch mediaType {
	case "application/x-www-form-urlencoded":
		buf := getBuffer()
		defer putBuffer(buf)
		if err := readBody(r, "ParseForm", limit, buf); err != nil {
			return err
		}
		return p.parseURLEncoded("body", buf.String(), into)
	case "multipart/form-data":
		boundary := params["boundary"]
		if boundary == "" {
			return requestError(http.StatusBadRequest, "multipart body without a boundary",
				errors.New("web: ParseForm: multipart/form-data Content-Type has no boundary parameter"))
		}
		return p.parseMultipart(r, boundary, limit, into)
	}
	hint := ""
	if mediaType == "application/json" || strings.HasSuffix(mediaType, "+json") {
		hint = " (use web.DecodeJSON for JSON bodies)"
	}
	return &HTTPError{Status: http.StatusUnsupportedMediaType,
		Message: fmt.Sprintf("unsupported Content-Type %q; send a form (application/x-www-form-urlencoded or multipart/form-data)", mediaType),
		Err:     fmt.Errorf("web: ParseForm: cannot read a %s body%s: %w", mediaType, hint, ErrUnsupportedMediaType)}
}

// parseUntyped accepts a body without a Content-Type only when it is empty:
// guessing the format of unlabelled bytes is how parsers get confused.
func (p *formParser) parseUntyped(r *http.Request) error {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		return nil
	}
	var one [1]byte
	n, err := io.ReadFull(r.Body, one[:])
	if n == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF) {
		return nil
	}
	return &HTTPError{Status: http.StatusUnsupportedMediaType,
		Message: "request body without a Content-Type",
		Err:     fmt.Errorf("web: ParseForm: the body has no Content-Type (send application/x-www-form-urlencoded): %w", ErrUnsupportedMediaType)}
}

// parseURLEncoded decodes "a=1&b=2" into into, one pair at a time, so that
// the field limit is checked before each value is stored.
func (p *formParser) parseURLEncoded(where, data string, into url.Values) error {
	for data != "" {
		var pair string
		pair, data, _ = strings.Cut(data, "&")
		if pair == "" {
			continue
		}
		if err := p.addField(); err != nil {
			return err
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			return badEncoding(where, rawKey, err)
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return badEncoding(where, key, err)
		}
		into[key] = append(into[key], value)
	}
	return nil
}

func badEncoding(where, field string, err error) error {
	return requestError(http.StatusBadRequest,
		fmt.Sprintf("malformed percent-encoding in the %s (field %q)", where, truncateField(field)),
		fmt.Errorf("web: ParseForm: %s field %q: %w", where, truncateField(field), err))
}

// truncateField keeps error messages short when a client sends a huge
// field name.
func truncateField(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}

func (p *formParser) parseMultipart(r *http.Request, boundary string, limit int64, into url.Values) error {
	if r.Body == nil || r.Body == http.NoBody {
		return requestError(http.StatusBadRequest, "empty multipart body",
			errors.New("web: ParseForm: multipart/form-data request has no body"))
	}
	if limit >= 0 && r.ContentLength > limit {
		return tooLargeError("ParseForm", limit)
	}
	lb := newLimitedBody(r.Body, limit)
	mr := multipart.NewReader(lb, boundary)
	buf := getBuffer()
	defer putBuffer(buf)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return multipartError(lb, limit, err)
		}
		name := part.FormName()
		if part.FileName() != "" {
			return &HTTPError{Status: http.StatusUnsupportedMediaType,
				Message: "file uploads are not accepted here",
				Err: fmt.Errorf("web: ParseForm: multipart part %q carries a file; ParseForm reads only plain fields (read uploads with web.ParseMultipart): %w",
					truncateField(name), ErrUnsupportedMediaType)}
		}
		if name == "" {
			return requestError(http.StatusBadRequest, "multipart part without a field name",
				errors.New("web: ParseForm: a multipart part has no name in its Content-Disposition"))
		}
		if err := p.addField(); err != nil {
			return err
		}
		buf.Reset()
		if _, err := buf.ReadFrom(part); err != nil {
			return multipartError(lb, limit, err)
		}
		into[name] = append(into[name], buf.String())
	}
}

func multipartError(lb *limitedBody, limit int64, err error) error {
	if lb.tooBig(err) {
		return tooLargeError("ParseForm", limit)
	}
	return requestError(http.StatusBadRequest, "malformed multipart body",
		fmt.Errorf("web: ParseForm: reading multipart/form-data: %w", err))
}
