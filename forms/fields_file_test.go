package forms

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"
)

func picture(t *testing.T, format string, w, h int) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.White})
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "jpeg":
		err = jpeg.Encode(&buf, img, nil)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bindFile binds a one-field form with the given uploads under "x".
func bindFile(fd Field, initial any, ups ...Upload) *Form {
	fd.Common().Name = "x"
	f := New(fd)
	if initial != nil {
		f.Initial = map[string]any{"x": initial}
	}
	var files Files
	if len(ups) > 0 {
		files = Files{"x": ups}
	}
	return f.Bind(url.Values{}, files)
}

func TestFile(t *testing.T) {
	doc := &Bytes{FileName: "report.pdf", Type: "application/pdf", Data: []byte("%PDF-1.4")}
	cases := []struct {
		name    string
		field   Field
		initial any
		ups     []Upload
		code    string
	}{
		{"valid", &File{}, nil, []Upload{doc}, ""},
		{"absent optional", &File{}, nil, nil, ""},
		{"absent required", &File{Base: Base{Required: true}}, nil, nil, "required"},
		{"keeps initial", &File{Base: Base{Required: true}}, "uploads/old.pdf", nil, ""},
		{"empty file", &File{}, nil, []Upload{&Bytes{FileName: "a.txt"}}, "empty"},
		{"empty allowed", &File{AllowEmpty: true}, nil, []Upload{&Bytes{FileName: "a.txt"}}, ""},
		{"no name", &File{}, nil, []Upload{&Bytes{Data: []byte("x")}}, "invalid"},
		{"size edge", &File{MaxSize: 8}, nil, []Upload{doc}, ""},
		{"too big", &File{MaxSize: 7}, nil, []Upload{doc}, "file_too_large"},
		{"extension", &File{Extensions: []string{".PDF"}}, nil, []Upload{doc}, ""},
		{"bad extension", &File{Extensions: []string{"png", "jpg"}}, nil, []Upload{doc}, "invalid_extension"},
		{"name too long", &File{MaxNameLength: 5}, nil, []Upload{doc}, "max_length"},
		{"validator", &File{Base: Base{Validators: []Validator{FileSize(1)}}}, nil, []Upload{doc}, "file_too_large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := bindFile(tc.field, tc.initial, tc.ups...)
			if tc.code != "" {
				if f.IsValid() || !f.FieldErrors("x").Has(tc.code) {
					t.Fatalf("errors %v, want %q", f.FieldErrors("x").Codes(), tc.code)
				}
				return
			}
			if !f.IsValid() {
				t.Fatal(f.Errors())
			}
			switch {
			case tc.initial != nil:
				if f.Value("x") != tc.initial {
					t.Fatalf("got %v, want the initial value", f.Value("x"))
				}
			case len(tc.ups) > 0:
				if f.Value("x") != tc.ups[0] {
					t.Fatalf("got %v, want the upload", f.Value("x"))
				}
			}
		})
	}
}

func TestImage(t *testing.T) {
	for _, format := range []string{"png", "jpeg", "gif"} {
		t.Run(format, func(t *testing.T) {
			up := &Bytes{FileName: "a." + format, Data: picture(t, format, 40, 30)}
			f := bindFile(&Image{}, nil, up)
			if !f.IsValid() {
				t.Fatal(f.Errors())
			}
			img, ok := Get[*ImageFile](f, "x")
			if !ok || img.Format != format || img.Width != 40 || img.Height != 30 || img.Name() != up.FileName {
				t.Fatalf("got %+v", img)
			}
		})
	}
	pngData := picture(t, "png", 40, 30)
	bad := []struct {
		name  string
		field *Image
		up    *Bytes
		code  string
	}{
		{"text renamed png", &Image{}, &Bytes{FileName: "evil.png", Type: "image/png", Data: []byte("hello, I am text")}, "invalid_image"},
		{"truncated", &Image{}, &Bytes{FileName: "a.png", Data: pngData[:12]}, "invalid_image"},
		{"format not allowed", &Image{Formats: []string{"jpeg"}}, &Bytes{FileName: "a.png", Data: pngData}, "invalid_image_format"},
		{"too narrow", &Image{MinWidth: 41}, &Bytes{FileName: "a.png", Data: pngData}, "image_too_small"},
		{"too tall", &Image{MaxHeight: 29}, &Bytes{FileName: "a.png", Data: pngData}, "image_too_large"},
		{"extension", &Image{File: File{Extensions: []string{"jpg"}}}, &Bytes{FileName: "a.png", Data: pngData}, "invalid_extension"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			f := bindFile(tc.field, nil, tc.up)
			if f.IsValid() || !f.FieldErrors("x").Has(tc.code) {
				t.Fatalf("errors %v, want %q", f.FieldErrors("x").Codes(), tc.code)
			}
		})
	}
	edge := bindFile(&Image{MinWidth: 40, MaxWidth: 40, MinHeight: 30, MaxHeight: 30}, nil, &Bytes{FileName: "a.png", Data: pngData})
	if !edge.IsValid() {
		t.Fatal("exact bounds rejected:", edge.Errors())
	}
	keep := bindFile(&Image{File: File{Base: Base{Required: true}}}, "covers/a.png")
	if !keep.IsValid() || keep.Value("x") != "covers/a.png" {
		t.Fatal("stored image not kept:", keep.Errors())
	}
}

func TestFileClear(t *testing.T) {
	up := &Bytes{FileName: "new.pdf", Data: []byte("x")}
	mk := func(required bool) *Form {
		f := New(&File{Base: Base{Name: "doc", Required: required}})
		f.Initial = map[string]any{"doc": "docs/old.pdf"}
		return f
	}
	f := mk(false).Bind(url.Values{"doc-clear": {"true"}}, nil)
	if !f.IsValid() || f.Value("doc") != nil || !f.HasChanged() {
		t.Fatalf("clear: %v %v changed=%v", f.Cleaned(), f.Errors(), f.Changed())
	}
	f = mk(false).Bind(url.Values{"doc-clear": {"true"}}, Files{"doc": {up}})
	if f.IsValid() || !f.FieldErrors("doc").Has("contradiction") {
		t.Fatalf("contradiction: %v", f.Errors())
	}
	f = mk(true).Bind(url.Values{"doc-clear": {"true"}}, nil)
	if !f.IsValid() || f.Value("doc") != "docs/old.pdf" {
		t.Fatalf("a required file cannot be cleared: %v %v", f.Cleaned(), f.Errors())
	}
	if f.HasChanged() {
		t.Fatal("keeping the stored file is no change")
	}
	html := string(mk(false).BoundField("doc").Widget())
	if !strings.Contains(html, "Currently: docs/old.pdf") || !strings.Contains(html, `name="doc-clear"`) {
		t.Fatalf("widget: %s", html)
	}
	html = string(mk(true).BoundField("doc").Widget())
	if strings.Contains(html, "doc-clear") || strings.Contains(html, " required") {
		t.Fatalf("required stored file: %s", html)
	}
}

// An upload type shaped like web.UploadedFile (fields, Open returning
// multipart.File) goes through NewUpload.
type fieldShaped struct {
	Name, ContentType string
	Size              int64
	data              []byte
}

func (f *fieldShaped) Open() (multipart.File, error) {
	return memFile{bytes.NewReader(f.data)}, nil
}

type memFile struct{ *bytes.Reader }

func (memFile) Close() error { return nil }

func TestNewUpload(t *testing.T) {
	src := &fieldShaped{Name: "a.png", ContentType: "image/png", data: picture(t, "png", 3, 2)}
	src.Size = int64(len(src.data))
	up := NewUpload(src.Name, src.ContentType, src.Size, src.Open, src)
	f := bindFile(&Image{}, nil, up)
	if !f.IsValid() {
		t.Fatal(f.Errors())
	}
	img, _ := Get[*ImageFile](f, "x")
	if img.Width != 3 || img.Upload.(*FileUpload).Source != src || img.ContentType() != "image/png" || img.Size() != src.Size {
		t.Fatalf("got %+v", img)
	}
}
