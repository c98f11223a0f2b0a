package orm

// File is the value of a file field, Django's FileField: the name of a
// file in the project's storage, relative to its root
// ("uploads/2026/report.pdf"). The column holds only the name, a
// varchar(100) unless max_length says otherwise; the bytes live in the
// storage that forms and uploads write through. The empty File means no
// file. The upload_to tag option names the directory uploads go to:
//
//	Attachment orm.File `jazz:"upload_to=attachments/,blank"`
type File string

// Name returns the file's name in storage.
func (f File) Name() string { return string(f) }

// IsZero reports whether there is no file.
func (f File) IsZero() bool { return f == "" }

// Image is a File that holds an image, Django's ImageField: forms check
// on upload that the content decodes as an image and record its size.
type Image string

// Name returns the image's name in storage.
func (i Image) Name() string { return string(i) }

// IsZero reports whether there is no image.
func (i Image) IsZero() bool { return i == "" }
