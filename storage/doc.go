// Package storage keeps the files users upload, Django's file storage API.
// A model's orm.File field holds a name; the bytes live in a [Storage]:
//
//	media, err := storage.NewFileSystem(storage.FileSystemOptions{
//		Root:    "media",   // the MediaRoot setting
//		BaseURL: "/media/", // the MediaURL setting
//	})
//	...
//	name, err := media.Save(ctx, "covers/"+storage.SafeName(header.Filename), file)
//	post.Cover = orm.Image(name) // "covers/cat.png", or "covers/cat_k3j9x2a.png" if taken
//	...
//	<img src="{{ .CoverURL }}">   // media.URL(name): "/media/covers/cat.png"
//
// # Names
//
// A name is a slash-separated path relative to the storage root.
// [ValidateName] defines which names are allowed, and every method refuses
// the others with [ErrInvalidName]: nothing absolute, no "..", no empty
// segment, no backslash, no control character. A name that comes from a
// client (the file name of an upload) is cleaned first with [SafeName],
// which keeps only its last segment and safe characters:
// "../../etc/passwd" becomes "passwd", and NUL and newlines disappear.
// Save never overwrites: when a name is taken it inserts "_" and 7 random
// characters before the extension and returns the name it used, which is
// the one to store.
//
// # Backends
//
// [FileSystem] stores files in a directory through an [os.Root], so no
// name and no symbolic link can reach outside it; it writes each file to a
// hidden temporary name and links it into place, with configurable
// permissions (0644 files, 0755 directories by default). [Memory] keeps
// files in memory for tests. Both pass the conformance suite in
// storagetest, which any other backend (such as an S3 one in its own
// subpackage) should run too. The interface holds only primitives; new
// capabilities will come as optional interfaces a backend may implement,
// discovered with a type assertion:
//
//   - io.Seeker on the value Open returns: both backends provide it, and
//     [Handler] then serves Range and conditional requests.
//
// # Serving
//
// In development, [Handler] serves a storage's files under MediaURL with
// content types from the extension, "nosniff" and a sandboxing
// Content-Security-Policy (uploads are untrusted), and a 404 for anything
// that is not a file. In production a web server or CDN serves MediaRoot.
package storage
