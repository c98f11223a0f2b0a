// Package static finds, collects and serves a project's static files: CSS,
// JavaScript, images and fonts (Django's staticfiles).
//
//	files, err := static.New(static.Options{
//		URL:  "/static/",
//		Root: "staticfiles",              // StaticRoot
//		Dirs: []fs.FS{projectStatic},     // StaticFilesDirs, searched first
//		Apps: registry.All(),             // then each app's Static() fs.FS
//	})
//	mux.Handle("/static/", files.Handler())
//	funcs["static"] = files.URL           // {{static "css/site.css"}}
//
// # Finders
//
// A name such as "css/site.css" is looked up in each of Options.Dirs in
// order, then in the file system of each app implementing [Provider], in
// InstalledApps order; the first that has it wins ([Files.Find]), so a
// project overrides an app's file by having one of the same name. Apps
// namespace their files under their label ("blog/css/blog.css") to avoid
// hiding each other's. Dot-files and names ending in "~" are ignored.
//
// # collectstatic and the manifest
//
// [Files.Collect], also the collectstatic command, copies every file the
// finders list into Root and gives each a copy whose name carries the
// first 12 hex digits of the md5 of its content ("css/site.3f2a9c1b7e4d.css",
// Django's scheme). Inside stylesheets, url(...) and @import references
// are rewritten to the hashed names: relative paths are resolved against
// the stylesheet, paths under the static URL against Root; data:, http:,
// https:, protocol-relative "//" and "#fragment" references are left
// alone; a ?query or #fragment is kept. Stylesheets are processed after
// the files they reference, so a change to an imported stylesheet or an
// image changes the hash of every stylesheet that uses it. A reference to
// a file that does not exist stops collectstatic with a [*RefError] naming
// both files (Django's strict manifest): a broken background is found at
// deploy time, not by visitors. Both copies of a file hold the same,
// rewritten bytes.
//
// Text files also get a gzip copy (best compression) next to each copy
// when that is smaller. Root/staticfiles.json then records the mapping, in
// Django's format:
//
//	{"paths":{"css/site.css":"css/site.3f2a9c1b7e4d.css"},"version":"1.1"}
//
// All writes go through an os.Root (nothing can land outside Root) to a
// temporary file renamed into place; files whose content is already right
// are not rewritten, so a second run changes nothing. The command asks
// before overwriting a Root that has files, unless --noinput is given.
//
// # Serving
//
// [New] loads the manifest once, at start-up. [Files.URL] then returns
// hashed URLs, and [Files.Handler] serves from Root: hashed names are
// cached for a year as immutable, other names for a minute; every response
// carries a strong ETag from the content hash, gzip copies are sent to
// clients that accept them, and Range and conditional requests work. With
// Debug on, or when no manifest exists (a single binary with embedded
// files and no collectstatic run), files are served from the finders
// instead. The handler only ever serves plain files under the prefix:
// traversal, encoded separators, dot-files, directories and symbolic links
// that lead out of Root are all 404s.
package static
