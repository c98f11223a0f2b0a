package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func formRequest(method, target, contentType, body string, site *Site) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if site != nil {
		r = WithSite(r, site)
	}
	return r
}

func TestParseFormURLEncoded(t *testing.T) {
	r := formRequest("POST", "/?q=go&page=2&tag=query", "application/x-www-form-urlencoded",
		"name=Ann+Lee&tag=body&empty=&flag&&note=a%26b;c", nil)
	form, err := ParseForm(r)
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{
		"q": {"go"}, "page": {"2"}, "tag": {"body", "query"},
		"name": {"Ann Lee"}, "empty": {""}, "flag": {""}, "note": {"a&b;c"},
	}
	if fmt.Sprint(form) != fmt.Sprint(want) {
		t.Errorf("form = %v\nwant   %v", form, want)
	}
	if r.PostForm.Get("q") != "" || r.PostForm.Get("name") != "Ann Lee" {
		t.Errorf("PostForm = %v", r.PostForm)
	}
	if r.FormValue("page") != "2" {
		t.Errorf("r.FormValue after ParseForm = %q", r.FormValue("page"))
	}
	again, err := ParseForm(r)
	if err != nil || again.Get("name") != "Ann Lee" {
		t.Errorf("second call = %v, %v", again, err)
	}
}

func TestParseFormMethodsWithoutBody(t *testing.T) {
	// A GET body is ignored, whatever it claims to be.
	r := formRequest("GET", "/?a=1", "application/json", `{"x":1}`, nil)
	form, err := ParseForm(r)
	if err != nil || form.Get("a") != "1" || len(form) != 1 {
		t.Errorf("GET: %v %v", form, err)
	}
	// An empty POST needs no Content-Type.
	r = formRequest("POST", "/", "", "", nil)
	if _, err := ParseForm(r); err != nil {
		t.Errorf("empty POST: %v", err)
	}
	// A chunked empty body without a type is fine too.
	r = formRequest("POST", "/", "", "", nil)
	r.ContentLength = -1
	if _, err := ParseForm(r); err != nil {
		t.Errorf("empty chunked POST: %v", err)
	}
}

func TestParseFormErrors(t *testing.T) {
	small := &Site{MaxBodyBytes: 16, MaxFormFields: 3}
	tests := []struct {
		name        string
		target, ct  string
		body        string
		site        *Site
		status      int
		is          error
		msgContains string
	}{
		{"too large", "/", "application/x-www-form-urlencoded", "a=" + strings.Repeat("x", 20), small, 413, ErrTooLarge, "too large"},
		{"too many body fields", "/", "application/x-www-form-urlencoded", "a=1&b=2&c=3&d=4", small, 400, ErrTooManyFields, "too many"},
		{"too many with query", "/?a=1&b=2", "application/x-www-form-urlencoded", "c=3&d=4", small, 400, ErrTooManyFields, "limit is 3"},
		{"bad escape in body", "/", "application/x-www-form-urlencoded", "a=%zz", nil, 400, ErrBadRequest, `field "a"`},
		{"bad escape in key", "/", "application/x-www-form-urlencoded", "%g1=x", nil, 400, ErrBadRequest, "percent-encoding"},
		{"bad escape in query", "/?x=%", "", "", nil, 400, ErrBadRequest, "query string"},
		{"json body", "/", "application/json", `{"a":1}`, nil, 415, ErrUnsupportedMediaType, "unsupported Content-Type"},
		{"xml body", "/", "text/xml", `<a/>`, nil, 415, ErrUnsupportedMediaType, "text/xml"},
		{"untyped body", "/", "", "a=1", nil, 415, ErrUnsupportedMediaType, "without a Content-Type"},
		{"bad content type", "/", "multipart/form-data; boundary=", "x", nil, 400, ErrBadRequest, "Content-Type"},
		{"no boundary", "/", "multipart/form-data", "x", nil, 400, ErrBadRequest, "boundary"},
	}
	for _, tt := range tests {
		r := formRequest("POST", tt.target, tt.ct, tt.body, tt.site)
		form, err := ParseForm(r)
		if err == nil {
			t.Errorf("%s: no error, form %v", tt.name, form)
			continue
		}
		if StatusOf(err) != tt.status || !errors.Is(err, tt.is) {
			t.Errorf("%s: err %v (status %d), want status %d and errors.Is %v", tt.name, err, StatusOf(err), tt.status, tt.is)
		}
		var he *HTTPError
		if !errors.As(err, &he) || !strings.Contains(he.Message, tt.msgContains) {
			t.Errorf("%s: client message %q lacks %q", tt.name, he.Message, tt.msgContains)
		}
		if r.Form != nil {
			t.Errorf("%s: r.Form set despite the error", tt.name)
		}
	}
}

func TestParseFormContentLengthCheckedBeforeReading(t *testing.T) {
	body := &countingReader{r: strings.NewReader(strings.Repeat("a", 100))}
	r := httptest.NewRequest("POST", "/", body)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.ContentLength = 100
	r = WithSite(r, &Site{MaxBodyBytes: 10})
	if _, err := ParseForm(r); StatusOf(err) != 413 {
		t.Fatalf("err = %v", err)
	}
	if body.n != 0 {
		t.Errorf("read %d bytes of a body whose declared length was over the limit", body.n)
	}
}

func TestParseFormExactlyAtLimits(t *testing.T) {
	body := "a=1&b=2&c=345678" // 16 bytes, 3 fields
	r := formRequest("POST", "/", "application/x-www-form-urlencoded", body, &Site{MaxBodyBytes: 16, MaxFormFields: 3})
	r.ContentLength = -1 // force the streaming check
	if form, err := ParseForm(r); err != nil || form.Get("c") != "345678" {
		t.Errorf("at the limits: %v %v", form, err)
	}
}

func TestParseFormUnlimited(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&b, "f%d=%d&", i, i)
	}
	b.WriteString("big=" + strings.Repeat("x", DefaultMaxBodyBytes))
	r := formRequest("POST", "/", "application/x-www-form-urlencoded", b.String(), &Site{MaxBodyBytes: -1, MaxFormFields: -1})
	form, err := ParseForm(r)
	if err != nil || len(form) != 3001 {
		t.Errorf("unlimited: %d fields, %v", len(form), err)
	}
	// Defaults apply without a site.
	r = formRequest("POST", "/", "application/x-www-form-urlencoded", b.String(), nil)
	if _, err := ParseForm(r); StatusOf(err) != 413 {
		t.Errorf("default body limit: err = %v", err)
	}
	r = formRequest("POST", "/", "application/x-www-form-urlencoded", strings.Repeat("a=1&", DefaultMaxFormFields+1), nil)
	if _, err := ParseForm(r); !errors.Is(err, ErrTooManyFields) {
		t.Errorf("default field limit: err = %v", err)
	}
}

func multipartBody(t testing.TB, fields [][2]string, file string) (string, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		if err := mw.WriteField(f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	if file != "" {
		fw, err := mw.CreateFormFile("upload", file)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, "file content")
	}
	mw.Close()
	return mw.FormDataContentType(), buf.String()
}

func TestParseFormMultipartFields(t *testing.T) {
	ct, body := multipartBody(t, [][2]string{{"title", "Hi"}, {"tag", "a"}, {"tag", "b"}}, "")
	form, err := ParseForm(formRequest("POST", "/?x=1", ct, body, nil))
	if err != nil {
		t.Fatal(err)
	}
	if form.Get("title") != "Hi" || len(form["tag"]) != 2 || form.Get("x") != "1" {
		t.Errorf("form = %v", form)
	}

	ct, body = multipartBody(t, [][2]string{{"a", "1"}, {"b", "2"}, {"c", "3"}}, "")
	_, err = ParseForm(formRequest("POST", "/", ct, body, &Site{MaxFormFields: 2}))
	if !errors.Is(err, ErrTooManyFields) {
		t.Errorf("multipart field limit: %v", err)
	}

	ct, body = multipartBody(t, [][2]string{{"a", strings.Repeat("x", 500)}}, "")
	r := formRequest("POST", "/", ct, body, &Site{MaxBodyBytes: 100})
	r.ContentLength = -1
	if _, err = ParseForm(r); StatusOf(err) != 413 {
		t.Errorf("multipart body limit: %v", err)
	}

	ct, body = multipartBody(t, [][2]string{{"a", "1"}}, "photo.jpg")
	_, err = ParseForm(formRequest("POST", "/", ct, body, nil))
	if StatusOf(err) != 415 || !strings.Contains(err.Error(), "upload") {
		t.Errorf("file part: %v", err)
	}

	_, err = ParseForm(formRequest("POST", "/", ct, "--garbage", nil))
	if StatusOf(err) != 400 {
		t.Errorf("malformed multipart: %v", err)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// FuzzParseForm checks that no input panics and that the limits always
// hold: a success never has more fields than allowed, and a body over the
// limit always fails with 413.
func FuzzParseForm(f *testing.F) {
	f.Add("a=1&b=2", "x=1", "application/x-www-form-urlencoded")
	f.Add("a=%zz", "", "application/x-www-form-urlencoded")
	f.Add("&&&=&=", "%", "application/x-www-form-urlencoded; charset=utf-8")
	f.Add("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n", "", "multipart/form-data; boundary=b")
	f.Add("{}", "", "application/json")
	f.Add("", "", "")
	const maxBody, maxFields = 256, 8
	f.Fuzz(func(t *testing.T, body, query, ct string) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", ct)
		r = WithSite(r, &Site{MaxBodyBytes: maxBody, MaxFormFields: maxFields})
		form, err := ParseForm(r)
		if err != nil {
			if s := StatusOf(err); s < 400 || s > 499 {
				t.Fatalf("status %d for a client mistake: %v", s, err)
			}
			return
		}
		n := 0
		for _, vs := range form {
			n += len(vs)
		}
		if n > maxFields {
			t.Fatalf("%d fields accepted, limit %d", n, maxFields)
		}
		if len(body) > maxBody {
			t.Fatalf("%d-byte body accepted, limit %d", len(body), maxBody)
		}
	})
}

func BenchmarkParseForm(b *testing.B) {
	vals := url.Values{}
	for i := range 10 {
		vals.Set(fmt.Sprintf("field%d", i), fmt.Sprintf("value number %d & more", i))
	}
	body := vals.Encode()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		r := &http.Request{
			Method: "POST",
			URL:    &url.URL{Path: "/"},
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
			Body:   io.NopCloser(strings.NewReader(body)),
		}
		r.ContentLength = int64(len(body))
		if _, err := ParseForm(r); err != nil {
			b.Fatal(err)
		}
	}
}
