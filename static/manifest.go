package static

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"os"
	"path"
)

// manifestFile is staticfiles.json, in Django's format (version 1.1), so a
// manifest can be read by either framework's tooling.
type manifestFile struct {
	Paths   map[string]string `json:"paths"`
	Version string            `json:"version"`
}

// manifestVersion is the version collectstatic writes; "1.0" is read too.
const manifestVersion = "1.1"

// parseManifest decodes staticfiles.json and checks that every name in it
// is a valid static file name, so nothing it maps can point out of Root.
func parseManifest(data []byte) (map[string]string, error) {
	var m manifestFile
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("not a manifest: %w", err)
	}
	if m.Version != "1.0" && m.Version != "1.1" {
		return nil, fmt.Errorf("manifest version %q is not supported (want %q)", m.Version, manifestVersion)
	}
	if m.Paths == nil {
		return nil, errors.New(`manifest has no "paths"`)
	}
	for k, v := range m.Paths {
		if !validName(k) || !validName(v) {
			return nil, fmt.Errorf("manifest maps %q to %q; both must be relative static file names", k, v)
		}
	}
	return m.Paths, nil
}

// encodeManifest returns staticfiles.json for paths. encoding/json sorts map
// keys, so the output is the same for the same paths: a re-run that changes
// nothing leaves the file untouched.
func encodeManifest(paths map[string]string) ([]byte, error) {
	data, err := json.Marshal(manifestFile{Paths: paths, Version: manifestVersion})
	if err != nil {
		return nil, fmt.Errorf("static: encode manifest: %w", err)
	}
	return data, nil
}

// hashLen is the number of hex digits of the md5 sum in a hashed name,
// Django's.
const hashLen = 12

// contentHash returns the first 12 hex digits of the md5 sum of data. md5
// is used as Django does, to name versions of a file, not for security.
func contentHash(data []byte) string {
	sum := md5.Sum(data)
	return hex.EncodeToString(sum[:])[:hashLen]
}

// hashedName inserts hash before the extension of name's base:
// "css/site.css" -> "css/site.<hash>.css", "LICENSE" -> "LICENSE.<hash>",
// "js/app.min.js" -> "js/app.min.<hash>.js".
func hashedName(name, hash string) string {
	dir, base := path.Split(name)
	ext := path.Ext(base)
	return dir + base[:len(base)-len(ext)] + "." + hash + ext
}

// hashOfName returns the hash that [hashedName] put into name, or "" when
// name does not have that shape.
func hashOfName(name string) string {
	base := path.Base(name)
	ext := path.Ext(base)
	stem := base[:len(base)-len(ext)]
	if len(stem) > hashLen && stem[len(stem)-hashLen-1] == '.' && isHash(stem[len(stem)-hashLen:]) {
		return stem[len(stem)-hashLen:]
	}
	// A name without an extension gets the hash as its extension:
	// "LICENSE" -> "LICENSE.<hash>".
	if len(stem) > 0 && len(ext) == hashLen+1 && isHash(ext[1:]) {
		return ext[1:]
	}
	return ""
}

func isHash(h string) bool {
	if len(h) != hashLen {
		return false
	}
	for i := 0; i < len(h); i++ {
		if !('0' <= h[i] && h[i] <= '9' || 'a' <= h[i] && h[i] <= 'f') {
			return false
		}
	}
	return true
}

// served is what the production handler serves from: Root and its
// manifest. It is immutable once built.
type served struct {
	root *os.Root
	// urls maps a manifest name to its full hashed URL, for Files.URL.
	urls map[string]string
	// entries describes every name in the manifest, hashed or not.
	entries map[string]*entry
}

// entry is the precomputed response metadata of one file in Root, so the
// handler does no string building per request.
type entry struct {
	etag      string // strong ETag of the identity content; "" if unknown
	etagGzip  string // strong ETag of the .gz copy
	ctype     string // Content-Type; "" lets http.ServeContent sniff
	immutable bool   // a hashed name: cache for a year
	gzip      bool   // name+".gz" exists and is the compressed copy
}

// newServed precomputes the serving metadata for paths. It stats each
// name's .gz copy once, here, rather than on every request.
func newServed(root *os.Root, paths map[string]string, prefix string) *served {
	s := &served{root: root, urls: make(map[string]string, len(paths)),
		entries: make(map[string]*entry, 2*len(paths))}
	mk := func(name, hash string, immutable bool) *entry {
		e := &entry{ctype: mime.TypeByExtension(path.Ext(name)), immutable: immutable && hash != ""}
		if hash != "" {
			// The unhashed and hashed copies have the same bytes (see
			// collect.go), so they share an ETag.
			e.etag = `"` + hash + `"`
			e.etagGzip = `"` + hash + `-gz"`
		}
		gz := name + ".gz"
		if _, isSource := paths[gz]; !isSource {
			if fi, err := root.Stat(gz); err == nil && fi.Mode().IsRegular() {
				e.gzip = true
			}
		}
		return e
	}
	for name, hashed := range paths {
		s.urls[name] = prefix + escapePath(hashed)
		hash := hashOfName(hashed)
		if hashed == name {
			hash = ""
		}
		s.entries[name] = mk(name, hash, false)
		if hashed != name {
			s.entries[hashed] = mk(hashed, hash, true)
		}
	}
	return s
}
