package storage

import (
	"crypto/rand"
	"errors"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLength is the longest name, in bytes, that [ValidateName]
// accepts. Most file systems cap a whole path at 4096 bytes and each
// segment at 255; the cap leaves room for the root directory.
const MaxNameLength = 1024

// MaxSafeNameLength is the longest result of [SafeName], in bytes. It stays
// well under the 255 bytes most file systems allow in one segment, so that
// Save can still add its 8-byte suffix on a collision.
const MaxSafeNameLength = 200

// ValidateName reports whether name may be used with a [Storage]: a
// slash-separated path relative to the root, as [fs.ValidPath] defines it
// (no leading or trailing slash, no empty, "." or ".." segment), valid
// UTF-8, at most [MaxNameLength] bytes, with no backslash and no control
// or invisible formatting character (NUL, newline, right-to-left
// override...). The error matches [ErrInvalidName] and says why.
//
// ValidateName never rewrites a name; [SafeName] turns an untrusted upload
// name into one that passes.
func ValidateName(name string) error {
	why := ""
	switch {
	case name == "":
		why = "empty"
	case len(name) > MaxNameLength:
		why = "longer than " + strconv.Itoa(MaxNameLength) + " bytes"
	case !utf8.ValidString(name):
		why = "not valid UTF-8"
	case strings.HasPrefix(name, "/"):
		why = "absolute (names are relative to the storage root)"
	case strings.ContainsRune(name, '\\'):
		why = "contains a backslash (use / between directories)"
	case strings.ContainsFunc(name, badRune):
		why = "contains a control or formatting character"
	case !fs.ValidPath(name) || name == ".":
		why = "has an empty, \".\" or \"..\" segment or a trailing slash"
	}
	if why == "" {
		return nil
	}
	return errors.Join(ErrInvalidName, errors.New("name "+why+"; clean upload names with storage.SafeName"))
}

// validDir is ValidateName for a directory, where "" and "." mean the root.
func validDir(dir string) (string, error) {
	if dir == "" || dir == "." {
		return ".", nil
	}
	return dir, ValidateName(dir)
}

// badRune reports characters no stored name may hold: control characters
// (NUL, newline, escape) and invisible formatting ones, such as U+202E
// RIGHT-TO-LEFT OVERRIDE, which makes "gpj.exe" look like "exe.jpg".
func badRune(r rune) bool {
	return r < 0x20 || r == 0x7f || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError
}

// SafeName turns an untrusted file name, such as the one a browser sends
// with an upload, into one segment that [ValidateName] accepts, like
// Django's get_valid_filename. It keeps the last path segment (a client
// may send "C:\Users\me\photo.jpg" or "../../etc/passwd"), removes
// control and formatting characters (NUL, tab, newline...), turns runs of
// spaces into "_", drops every character other than letters, digits, "-",
// "_" and ".", removes leading dots and dashes (no hidden files, nothing an
// unquoted shell would read as a flag) and trailing dots, prefixes Windows
// device names (CON, NUL, COM1...) with "_", and cuts the result to
// [MaxSafeNameLength] bytes, keeping the extension. When nothing is left
// the result is "file", plus the extension when there was one. The result
// is stable: SafeName(SafeName(s)) == SafeName(s).
//
//	SafeName("../../etc/passwd")     == "passwd"
//	SafeName("my summer photo.JPG")  == "my_summer_photo.JPG"
//	SafeName("evil\x00name\n.png")   == "evilname.png"
func SafeName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		if badRune(r) {
			return -1
		}
		return r
	}, name)
	// Keep the last segment that means something: "a/b/.." is "b"'s
	// parent, but a client that sends it only ever meant a file name.
	segs := strings.FieldsFunc(name, func(r rune) bool { return r == '/' || r == '\\' })
	name = ""
	for i := len(segs) - 1; i >= 0; i-- {
		if s := strings.TrimSpace(segs[i]); s != "" && s != "." && s != ".." {
			name = s
			break
		}
	}
	var b strings.Builder
	space := false
	for _, r := range name {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '-', r == '_', r == '.':
		default:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte('_')
		}
		space = false
		b.WriteRune(r)
	}
	name = strings.TrimRight(b.String(), ".")
	ext := extension(name)
	stem := strings.TrimLeft(name[:len(name)-len(ext)], ".-")
	if stem == "" {
		stem = "file"
	}
	if windowsDevice(stem) {
		stem = "_" + stem
	}
	if len(stem)+len(ext) > MaxSafeNameLength {
		stem = cut(stem, MaxSafeNameLength-len(ext))
	}
	return stem + ext
}

// extension returns the extension of a base name including its dot, with
// ".tar" kept in front of a compression suffix ("a.tar.gz" -> ".tar.gz"),
// or "" for none. A leading dot starts a hidden name, not an extension,
// and a "suffix" longer than 16 bytes is part of the name.
func extension(base string) string {
	i := strings.LastIndexByte(base, '.')
	if i <= 0 || len(base)-i > 16 || i == len(base)-1 {
		return ""
	}
	if j := i - len(".tar"); j > 0 && strings.EqualFold(base[j:i], ".tar") {
		return base[j:]
	}
	return base[i:]
}

// cut shortens s to at most n bytes without splitting a rune.
func cut(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// windowsDevice reports names that Windows maps to devices whatever their
// extension; a site developed on Linux may be deployed on Windows.
func windowsDevice(stem string) bool {
	s := strings.ToUpper(strings.TrimRight(stem, ". "))
	switch s {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(s) == 4 && (strings.HasPrefix(s, "COM") || strings.HasPrefix(s, "LPT")) && s[3] >= '0' && s[3] <= '9' {
		return true
	}
	return false
}

// alternativeName returns name with "_" and 7 random characters inserted
// before its extension, in the same directory.
func alternativeName(name string) string {
	dir, base := path.Split(name)
	ext := extension(base)
	stem := base[:len(base)-len(ext)]
	// Lower-case base32: unambiguous, and safe on case-insensitive file
	// systems. 7 characters give 32^7 (about 3.4e10) choices, so a retry
	// almost never collides twice.
	return dir + stem + "_" + strings.ToLower(rand.Text()[:7]) + ext
}

func quote(s string) string { return strconv.Quote(s) }
