package forms

import (
	"bytes"
	"io"
	"strings"
)

// Field is one input of a form: it turns the raw submitted value into a typed
// Go value or a list of errors. A Field is configuration only: it holds no
// per-request state, so one value may be shared by every form built from it
// and used from many goroutines at once.
//
// The package's field types (Char, Int, Date, File, ...) all embed Base, and
// so does any field made elsewhere (forms/modelform): embedding Base is the
// way to satisfy the interface.
type Field interface {
	// Common returns the options every field shares. Callers treat the
	// result as read-only once the field is in use.
	Common() *Base
	// Clean converts raw into the field's typed value. An empty raw value
	// yields (nil, nil) for an optional field and a "required" error for a
	// required one; the form runs Base.Validators on non-nil values after it.
	Clean(raw Raw) (any, error)
	// Format turns a typed value (an initial value or a cleaned one) back
	// into the strings a widget shows. Nil formats as no strings.
	Format(v any) []string
}

// Base holds the options shared by every field type.
type Base struct {
	// Name is the key in the submitted data (before any form prefix) and in
	// the cleaned data. It must be unique within a form.
	Name string
	// Label is shown by the renderer; empty means one derived from Name
	// ("first_name" -> "First name").
	Label string
	// HelpText is shown under the input.
	HelpText string
	// Required rejects an empty value with code "required".
	Required bool
	// Disabled fields render disabled and ignore submitted data: their
	// cleaned value is the initial value, so a crafted POST cannot change it.
	Disabled bool
	// Initial is the value shown by an unbound form; Form.Initial overrides it.
	Initial any
	// Widget renders the field and reads its value; nil means the field
	// type's default widget.
	Widget *Widget
	// Validators run in order on the typed value when it is not empty.
	Validators []Validator
	// ErrorMessages overrides messages by code ("required", "invalid",
	// "max_length", ...); the overriding text may use the same {placeholders}.
	ErrorMessages map[string]string
}

// Common implements Field for every type that embeds Base.
func (b *Base) Common() *Base { return b }

// fail builds the error for code, honouring an override in ErrorMessages.
func (b *Base) fail(code, message string, kv ...any) *Error {
	e := Errorf(code, message, kv...)
	if m, ok := b.ErrorMessages[code]; ok {
		e.Message = m
	}
	return e
}

// required answers the empty case shared by all fields.
func (b *Base) required() error {
	if b.Required {
		return b.fail("required", "This field is required.")
	}
	return nil
}

// label returns Label or one derived from Name.
func (b *Base) label() string {
	if b.Label != "" {
		return b.Label
	}
	s := strings.ReplaceAll(b.Name, "_", " ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Raw is a submitted value as a widget read it: the strings under the
// field's name (several for a multiple select) and the uploaded files.
type Raw struct {
	Values []string
	Files  []Upload
}

// First returns the first value or "".
func (r Raw) First() string {
	if len(r.Values) == 0 {
		return ""
	}
	return r.Values[0]
}

// Upload is an uploaded file as forms needs it. Bytes implements it over a
// byte slice (tests, generated content); FileUpload adapts upload types that
// keep these as fields, such as web.UploadedFile (see NewUpload).
type Upload interface {
	// Name is the client's file name, already sanitised by the upload layer.
	Name() string
	// Size is the length in bytes.
	Size() int64
	// ContentType is the type the client declared; never trust it alone.
	ContentType() string
	// Open returns a reader over the content; the caller closes it. Open may
	// be called more than once.
	Open() (io.ReadCloser, error)
}

// Files maps a form key to the files uploaded under it, as url.Values maps
// keys to strings.
type Files map[string][]Upload

// Bytes is an in-memory Upload, for tests and for content made by the
// program itself.
type Bytes struct {
	FileName string
	Type     string
	Data     []byte
}

// Name implements Upload.
func (b *Bytes) Name() string { return b.FileName }

// Size implements Upload.
func (b *Bytes) Size() int64 { return int64(len(b.Data)) }

// ContentType implements Upload.
func (b *Bytes) ContentType() string { return b.Type }

// Open implements Upload.
func (b *Bytes) Open() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(b.Data)), nil
}

var _ Upload = (*Bytes)(nil)

// FileUpload is an Upload made of plain values: the bridge for upload types
// that expose fields rather than methods, such as web.UploadedFile, whose
// Name, ContentType and Size are fields. The package that sees both (views)
// converts with NewUpload.
type FileUpload struct {
	FileName string
	Type     string
	Length   int64
	// OpenFunc opens the content; required.
	OpenFunc func() (io.ReadCloser, error)
	// Source is the value the upload was made from (a *web.UploadedFile),
	// for code that needs more than Upload offers, such as a storage that
	// renames a temp file into place rather than copy it.
	Source any
}

// NewUpload builds a FileUpload; open may return any ReadCloser type, so a
// method value such as (*web.UploadedFile).Open fits as it is.
func NewUpload[R io.ReadCloser](name, contentType string, size int64, open func() (R, error), source any) *FileUpload {
	return &FileUpload{FileName: name, Type: contentType, Length: size, Source: source,
		OpenFunc: func() (io.ReadCloser, error) {
			r, err := open()
			if err != nil {
				return nil, err
			}
			return r, nil
		}}
}

// Name implements Upload.
func (u *FileUpload) Name() string { return u.FileName }

// Size implements Upload.
func (u *FileUpload) Size() int64 { return u.Length }

// ContentType implements Upload.
func (u *FileUpload) ContentType() string { return u.Type }

// Open implements Upload.
func (u *FileUpload) Open() (io.ReadCloser, error) { return u.OpenFunc() }

var _ Upload = (*FileUpload)(nil)
