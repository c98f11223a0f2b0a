package forms

import (
	"image"
	_ "image/gif" // register the formats Image accepts by default
	_ "image/jpeg"
	_ "image/png"
	"strings"
)

// initialCleaner is implemented by fields whose empty submission means
// "keep what is there" rather than "nothing": a file input is never
// re-filled by the browser, so an edit form without a new upload keeps the
// stored file.
type initialCleaner interface {
	CleanInitial(raw Raw, initial any) (any, error)
}

// File is one uploaded file; the cleaned value is the Upload, or the
// initial value (a stored file's name, typically) when nothing new was
// uploaded, or nil. When the form has an initial file and the field is
// optional, the widget offers a "clear" checkbox (input name + "-clear");
// ticking it cleans to nil, and ticking it while uploading a file is an
// error (code "contradiction").
type File struct {
	Base
	// MaxSize rejects larger files (code "file_too_large"); 0 means no bound.
	MaxSize int64
	// Extensions, when set, lists the allowed extensions (code "invalid_extension").
	Extensions []string
	// AllowEmpty accepts zero-byte files, rejected by default (code "empty").
	AllowEmpty bool
	// MaxNameLength bounds the file name; 0 means 255.
	MaxNameLength int
}

// Clean implements Field.
func (f *File) Clean(raw Raw) (any, error) { return f.CleanInitial(raw, nil) }

// CleanInitial implements the keep-the-stored-file rule described on File.
func (f *File) CleanInitial(raw Raw, initial any) (any, error) {
	var u Upload
	for _, x := range raw.Files {
		if x != nil {
			u = x
			break
		}
	}
	clear := len(raw.Values) > 0 && raw.Values[0] != "" && raw.Values[0] != "false"
	if u == nil {
		if initial != nil && initial != "" && !(clear && !f.Required) {
			return initial, nil
		}
		return nil, f.required()
	}
	if clear && !f.Required {
		return nil, f.fail("contradiction", "Please either submit a file or check the clear checkbox, not both.")
	}
	return u, f.check(u)
}

func (f *File) check(u Upload) error {
	if u.Name() == "" {
		return f.fail("invalid", "No file was submitted. Check the encoding type on the form.")
	}
	max := f.MaxNameLength
	if max == 0 {
		max = 255
	}
	if n := len([]rune(u.Name())); n > max {
		return f.fail("max_length", "Ensure this filename has at most {limit} characters (it has {length}).", "limit", max, "length", n)
	}
	if u.Size() == 0 && !f.AllowEmpty {
		return f.fail("empty", "The submitted file is empty.")
	}
	if f.MaxSize > 0 {
		if err := FileSize(f.MaxSize)(u); err != nil {
			return f.override(err)
		}
	}
	if len(f.Extensions) > 0 {
		if err := FileExtension(f.Extensions...)(u); err != nil {
			return f.override(err)
		}
	}
	return nil
}

// Format implements Field: a file input shows nothing; a stored name is
// rendered next to it by the template.
func (f *File) Format(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case Upload:
		return []string{x.Name()}
	}
	return nil
}

// ImageFile is the cleaned value of an Image field: the upload plus what
// its header says.
type ImageFile struct {
	Upload
	// Format is the decoder's name: "png", "jpeg" or "gif" by default.
	Format        string
	Width, Height int
}

// Image is a File whose content must decode as an image of one of Formats
// within the dimension bounds. Only the header is decoded, so a huge
// picture costs little; a text file renamed .png is rejected (code
// "invalid_image") whatever its name and declared type.
type Image struct {
	File
	// Formats allowed; empty means png, jpeg and gif. Other formats must
	// be registered with the image package by the program.
	Formats []string
	// Bounds in pixels; 0 means no bound.
	MinWidth, MaxWidth, MinHeight, MaxHeight int
}

// Clean implements Field.
func (f *Image) Clean(raw Raw) (any, error) { return f.CleanInitial(raw, nil) }

// CleanInitial implements the keep-the-stored-file rule described on File.
func (f *Image) CleanInitial(raw Raw, initial any) (any, error) {
	v, err := f.File.CleanInitial(raw, initial)
	u, ok := v.(Upload)
	if err != nil || !ok {
		return v, err
	}
	bad := f.fail("invalid_image", "Upload a valid image. The file you uploaded was either not an image or a corrupted image.")
	r, err := u.Open()
	if err != nil {
		return nil, bad
	}
	defer r.Close()
	cfg, format, err := image.DecodeConfig(r)
	if err != nil {
		return nil, bad
	}
	formats := f.Formats
	if len(formats) == 0 {
		formats = []string{"png", "jpeg", "gif"}
	}
	allowed := false
	for _, x := range formats {
		if strings.EqualFold(x, format) {
			allowed = true
		}
	}
	if !allowed {
		return nil, f.fail("invalid_image_format", "Image format “{format}” is not allowed. Allowed formats are: {allowed}.",
			"format", format, "allowed", strings.Join(formats, ", "))
	}
	w, h := cfg.Width, cfg.Height
	switch {
	case f.MinWidth > 0 && w < f.MinWidth, f.MinHeight > 0 && h < f.MinHeight:
		return nil, f.fail("image_too_small", "The image is {width}×{height} pixels; it must be at least {min_width}×{min_height}.",
			"width", w, "height", h, "min_width", f.MinWidth, "min_height", f.MinHeight)
	case f.MaxWidth > 0 && w > f.MaxWidth, f.MaxHeight > 0 && h > f.MaxHeight:
		return nil, f.fail("image_too_large", "The image is {width}×{height} pixels; it must be at most {max_width}×{max_height}.",
			"width", w, "height", h, "max_width", f.MaxWidth, "max_height", f.MaxHeight)
	}
	return &ImageFile{Upload: u, Format: format, Width: w, Height: h}, nil
}
