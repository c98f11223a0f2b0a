package web

import (
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
)

// Defaults for [UploadOptions], matching Django's settings of the same
// meaning where Django has one.
const (
	// DefaultUploadMaxMemory is FILE_UPLOAD_MAX_MEMORY_SIZE: 2.5 MB of file
	// content per request is kept in memory, the rest goes to temp files.
	DefaultUploadMaxMemory = 2621440
	// DefaultUploadMaxFiles is DATA_UPLOAD_MAX_NUMBER_FILES.
	DefaultUploadMaxFiles = 100
	// DefaultUploadMaxBodyBytes caps a whole multipart body, files
	// included. Django leaves this to the web server; Jazz is often the
	// web server, so it sets a cap that fits photos and documents.
	DefaultUploadMaxBodyBytes = 100 << 20
)

// ErrTooManyFiles is wrapped by the 400 error [ParseMultipart] returns when
// a request carries more files than UploadOptions.MaxFiles allows.
var ErrTooManyFiles = errors.New("web: too many uploaded files (raise UploadOptions.MaxFiles, Django's DATA_UPLOAD_MAX_NUMBER_FILES, if the form really needs more)")

// ErrSkipFile may be returned by an [UploadHandler] hook to drop the file
// being received: the rest of its part is read and discarded, any temp file
// is removed, and parsing goes on with the next part.
var ErrSkipFile = errors.New("web: skip this uploaded file")

// UploadOptions are the limits and hooks of [ParseMultipart]. The zero
// value is ready to use: each zero field means its default. The project
// builds one from its settings; its fields must not change once requests
// use it.
type UploadOptions struct {
	// MaxMemory is how many bytes of file content a request may keep in
	// memory (FileUploadMaxMemorySize). Files are kept in memory while the
	// request's running total stays within it; the file that would pass it,
	// and every file after, is streamed to a temp file. Zero means 2.5 MB;
	// negative sends every file to disk.
	MaxMemory int64
	// TempDir is where larger files are streamed (FileUploadTempDir). Empty
	// means os.TempDir(). Temp files are created with mode 0600.
	TempDir string
	// MaxFiles caps the number of file parts (DataUploadMaxNumberFiles),
	// empty file inputs included. Zero means 100; negative means no limit.
	// Over it: 400 wrapping [ErrTooManyFiles].
	MaxFiles int
	// MaxFields caps the number of plain fields, query string included
	// (DataUploadMaxNumberFields). Zero means Site.MaxFormFields; negative
	// means no limit. Over it: 400 wrapping [ErrTooManyFields].
	MaxFields int
	// MaxDataBytes caps the total size of the plain (non-file) values
	// (DataUploadMaxMemorySize), since those are kept in memory as strings.
	// Zero means Site.MaxBodyBytes; negative means no limit. Over it: 413.
	MaxDataBytes int64
	// MaxFieldBytes caps each plain value. Zero means no cap beyond
	// MaxDataBytes. Over it: 413.
	MaxFieldBytes int64
	// MaxFileBytes caps each file. Zero or negative means no cap beyond
	// MaxBodyBytes. Over it: 413.
	MaxFileBytes int64
	// MaxBodyBytes caps the whole body, files included. Zero means
	// 100 MiB; negative means no limit. Over it: 413, checked against
	// Content-Length before anything is read.
	MaxBodyBytes int64
	// Handlers see each file as it streams in (progress, quotas, scanning);
	// they run in order. See [UploadHandler].
	Handlers []UploadHandler
}

// uploadLimits are UploadOptions with the defaults resolved; -1 means no
// limit.
type uploadLimits struct {
	maxMemory, maxData, maxField, maxFile, maxBody int64
	maxFiles, maxFields                            int
}

func (o *UploadOptions) limits(s *Site) uploadLimits {
	l := uploadLimits{
		maxMemory: orDefault(o.MaxMemory, DefaultUploadMaxMemory),
		maxData:   orDefault(o.MaxDataBytes, s.bodyLimit()),
		maxBody:   orDefault(o.MaxBodyBytes, DefaultUploadMaxBodyBytes),
		maxFile:   -1,
		maxField:  -1,
		maxFiles:  int(orDefault(int64(o.MaxFiles), DefaultUploadMaxFiles)),
		maxFields: int(orDefault(int64(o.MaxFields), int64(s.fieldLimit()))),
	}
	if o.MaxFileBytes > 0 {
		l.maxFile = o.MaxFileBytes
	}
	if o.MaxFieldBytes > 0 {
		l.maxField = o.MaxFieldBytes
	}
	if l.maxMemory < 0 {
		l.maxMemory = 0
	}
	return l
}

func orDefault(v, def int64) int64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return -1
	}
	return v
}

// Multipart is a parsed multipart/form-data request: its plain values and
// its files. Files larger than the memory budget live in temp files until
// [Multipart.Cleanup] removes them, which the caller must arrange (defer it,
// or install the [Uploads] middleware, which also covers panics).
//
// A Multipart is safe for concurrent reads; Cleanup may be called from any
// goroutine, more than once.
type Multipart struct {
	// Value holds the plain fields of the body (not the query string), in
	// the order sent. It is also r.PostForm.
	Value url.Values
	// File holds the uploaded files by field name, in the order sent. Empty
	// file inputs (a part with filename="") are left out, as browsers send
	// one for a file input the user left empty.
	File map[string][]*UploadedFile
}

// FormFile returns the first file sent under field, or nil.
func (m *Multipart) FormFile(field string) *UploadedFile {
	if m == nil {
		return nil
	}
	if fs := m.File[field]; len(fs) > 0 {
		return fs[0]
	}
	return nil
}

// Cleanup removes the temp files of every file in m. Files kept in memory
// stay readable; files on disk can no longer be opened afterwards. It is
// idempotent and nil-safe, and returns the errors of the removals that
// failed (a file already gone is not an error).
func (m *Multipart) Cleanup() error {
	if m == nil {
		return nil
	}
	var errs []error
	for _, fs := range m.File {
		for _, f := range fs {
			errs = append(errs, f.remove())
		}
	}
	return errors.Join(errs...)
}

// ParseMultipart reads a multipart/form-data body as a stream, part by part,
// under the limits of opts, and returns its values and files. opts nil means
// the options installed by the [Uploads] middleware, or the defaults without
// it. Files stay in memory up to opts.MaxMemory per request; the rest streams
// to temp files through a 64 KiB buffer, so memory does not grow with the
// size of the upload.
//
// The caller owns the temp files: defer m.Cleanup(), or install [Uploads]
// (then ParseMultipart may also be called again on the same request, and
// returns the same *Multipart). On error nothing is left on disk.
//
// Like [ParseForm], it sets r.PostForm (the body values), r.Form (body, then
// query values) and r.MultipartForm (values only; its File map is empty,
// read files from the result), so ParseForm, r.FormValue and
// r.PostFormValue work afterwards and do not try to read the body again.
// Methods other than POST, PUT and PATCH read only the query string; a
// urlencoded or empty body is read by ParseForm and gives a Multipart without
// files; any other Content-Type is a 415.
//
// Errors are *[HTTPError] values a view can return unchanged: 400 for a
// malformed body, too many fields ([ErrTooManyFields]) or files
// ([ErrTooManyFiles]); 413 for a body, value or file over its limit; 500
// when a temp file cannot be written. An error returned by an
// [UploadHandler] is wrapped and keeps its own status.
func ParseMultipart(r *http.Request, opts *UploadOptions) (*Multipart, error) {
	t := uploadTrackerOf(r)
	if t != nil {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.parsed != nil {
			return t.parsed, nil
		}
		if opts == nil {
			opts = &t.opts
		}
	}
	if opts == nil {
		opts = &UploadOptions{}
	}
	m, err := parseMultipartRequest(r, opts)
	if err != nil {
		return nil, err
	}
	if t != nil {
		t.parsed = m
	}
	return m, nil
}

func parseMultipartRequest(r *http.Request, opts *UploadOptions) (*Multipart, error) {
	s := SiteOf(r)
	lim := opts.limits(s)
	boundary := ""
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		if ct := r.Header.Get("Content-Type"); ct != "" {
			mediaType, params, err := mime.ParseMediaType(ct)
			if err != nil {
				return nil, requestError(http.StatusBadRequest, "malformed Content-Type header",
					fmt.Errorf("web: ParseMultipart: Content-Type %q: %w", ct, err))
			}
			if mediaType == "multipart/form-data" {
				boundary = params["boundary"]
				if boundary == "" {
					return nil, requestError(http.StatusBadRequest, "multipart body without a boundary",
						errors.New("web: ParseMultipart: multipart/form-data Content-Type has no boundary parameter"))
				}
			}
		}
	}
	if boundary == "" {
		// Not a multipart body: ParseForm reads it (or refuses it with 415)
		// under the site's limits, and there are no files.
		if _, err := ParseForm(r); err != nil {
			return nil, err
		}
		return &Multipart{Value: r.PostForm, File: map[string][]*UploadedFile{}}, nil
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, requestError(http.StatusBadRequest, "empty multipart body",
			errors.New("web: ParseMultipart: multipart/form-data request has no body"))
	}
	if lim.maxBody >= 0 && r.ContentLength > lim.maxBody {
		return nil, tooLargeUpload("request body", lim.maxBody, "UploadOptions.MaxBodyBytes")
	}
	p := &multipartParser{
		ctx:      r.Context(),
		opts:     opts,
		lim:      lim,
		body:     newLimitedBody(r.Body, lim.maxBody),
		fields:   formParser{max: lim.maxFields},
		m:        &Multipart{Value: url.Values{}, File: map[string][]*UploadedFile{}},
		memLeft:  lim.maxMemory,
		dataLeft: lim.maxData,
	}
	p.mr = multipart.NewReader(p.body, boundary)
	if err := p.run(); err != nil {
		return nil, err
	}
	form := make(url.Values, len(p.m.Value))
	for k, vs := range p.m.Value {
		form[k] = append([]string(nil), vs...)
	}
	if err := p.fields.parseURLEncoded("query string", r.URL.RawQuery, form); err != nil {
		p.m.Cleanup()
		return nil, err
	}
	r.PostForm, r.Form = p.m.Value, form
	r.MultipartForm = &multipart.Form{Value: p.m.Value, File: map[string][]*multipart.FileHeader{}}
	return p.m, nil
}

func tooLargeUpload(what string, limit int64, setting string) *HTTPError {
	return requestError(http.StatusRequestEntityTooLarge, what+" too large",
		fmt.Errorf("web: ParseMultipart: %s exceeds the %d-byte limit (raise %s if such uploads are expected): %w",
			what, limit, setting, &http.MaxBytesError{Limit: limit}))
}

// tempDir is where temp files go for opts.
func (o *UploadOptions) tempDir() string {
	if o.TempDir != "" {
		return o.TempDir
	}
	return os.TempDir()
}
