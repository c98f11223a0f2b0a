// Package filestore keeps each session in its own file, Django's "file"
// session engine.
//
//	store, err := filestore.New("/var/lib/mysite/sessions") // fails at start-up if not writable
//	mw := sessions.Middleware(sessions.Options{Store: store})
//
// A session lives in <dir>/sessionid<key> (Django's file prefix), mode
// 0600. Keys are checked with [sessions.ValidKey] before they become file
// names (only a-z and 0-9), so a cookie cannot point outside the
// directory. Writes go to a temporary file renamed into place, so a
// reader never sees half a session and concurrent saves of one session
// leave one of them whole (the last).
//
// # File format and expiry
//
// Django writes the signed session data and derives expiry from the
// file's modification time plus SESSION_COOKIE_AGE. Jazz keeps the expiry
// in the file instead, as JSON: {"expires":"<RFC 3339>","data":{...}}, so
// expiry does not depend on file system timestamps (copies, backups and
// clock-skewed network file systems change them) and each session's own
// expiry is honoured exactly. The data is not signed: only the site's
// user can read or write the directory, and whoever can could as well
// read the site's secret key. Django's session files are therefore not
// read, and the directory must not be shared with a Django site.
//
// Expired files stay until [Store.ClearExpired] (the clearsessions
// command) removes them; Load treats them as missing.
package filestore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jazzgo/jazz/sessions"
)

// Prefix starts every session file name, Django's default
// SESSION_COOKIE_NAME, as Django's file engine names its files.
const Prefix = "sessionid"

// tmpPrefix starts temporary files; the dot keeps them apart from session
// files, whose names start with Prefix.
const tmpPrefix = ".tmp-sessionid-"

// Store is a [sessions.Store] and [sessions.Cleaner] over a directory. It
// is safe for concurrent use, also by several processes sharing the
// directory.
type Store struct {
	dir string
	now func() time.Time
}

var (
	_ sessions.Store   = (*Store)(nil)
	_ sessions.Cleaner = (*Store)(nil)
)

// New returns a Store keeping files in dir, which is created (mode 0700)
// when missing. It fails when dir cannot be created or written, so a
// misconfigured SessionFilePath stops the site at start-up rather than
// losing every session at request time.
func New(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("filestore: empty directory; set SessionFilePath")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("filestore: directory %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("filestore: creating the session directory (SessionFilePath): %w", err)
	}
	f, err := os.CreateTemp(abs, tmpPrefix+"probe-*")
	if err != nil {
		return nil, fmt.Errorf("filestore: the session directory %s is not writable (SessionFilePath): %w", abs, err)
	}
	f.Close()
	os.Remove(f.Name())
	return &Store{dir: abs, now: time.Now}, nil
}

// Dir returns the absolute directory the store writes to.
func (s *Store) Dir() string { return s.dir }

// file is the JSON written for a session.
type file struct {
	Expires time.Time       `json:"expires"`
	Data    json.RawMessage `json:"data"`
}

func (s *Store) path(key string) string { return filepath.Join(s.dir, Prefix+key) }

// Load returns the session under key. An invalid key, a missing, expired
// or unreadable file is [sessions.ErrNotFound]; other I/O errors are
// returned.
func (s *Store) Load(ctx context.Context, key string) (sessions.Data, error) {
	if !sessions.ValidKey(key) {
		return nil, sessions.ErrNotFound
	}
	b, err := os.ReadFile(s.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, sessions.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("filestore: load: %w", err)
	}
	var f file
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, sessions.ErrNotFound
	}
	if !f.Expires.After(s.now()) {
		return nil, sessions.ErrNotFound
	}
	return sessions.UnmarshalData(f.Data)
}

// Save writes the session atomically. With create, an existing file for
// key (even an expired one not yet cleared) is [sessions.ErrExists]; the
// check and the write are one step (a hard link), so two creators never
// both succeed.
func (s *Store) Save(ctx context.Context, key string, data sessions.Data, expiry time.Time, create bool) error {
	if !sessions.ValidKey(key) {
		return fmt.Errorf("filestore: save: invalid session key %q", key)
	}
	js, err := sessions.MarshalData(data)
	if err != nil {
		return err
	}
	b, err := json.Marshal(file{Expires: expiry.UTC(), Data: js})
	if err != nil {
		return fmt.Errorf("filestore: save: %w", err)
	}
	tmp, err := os.CreateTemp(s.dir, tmpPrefix+"*") // mode 0600
	if err != nil {
		return fmt.Errorf("filestore: save: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a rename there is nothing left to remove
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("filestore: save: %w", err)
	}
	// No fsync: it would cost milliseconds per request, and a file a
	// crash leaves truncated only reads as a missing session (the user
	// logs in again), never as someone else's.
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("filestore: save: %w", err)
	}
	dst := s.path(key)
	if create {
		if err := os.Link(tmp.Name(), dst); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return sessions.ErrExists
			}
			return fmt.Errorf("filestore: create: %w", err)
		}
		return nil
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("filestore: save: %w", err)
	}
	return nil
}

// Delete removes the session's file; an unknown key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if !sessions.ValidKey(key) {
		return nil
	}
	if err := os.Remove(s.path(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("filestore: delete: %w", err)
	}
	return nil
}

// staleTemp is the age after which a temporary file is an orphan of a
// crashed writer; a save takes milliseconds.
const staleTemp = time.Hour

// ClearExpired removes the files of expired sessions, unreadable session
// files, and temporary files left by crashed writers, and reports how many
// sessions it removed. It stops early when ctx is done.
func (s *Store) ClearExpired(ctx context.Context) (int64, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return 0, fmt.Errorf("filestore: clear expired: %w", err)
	}
	now := s.now()
	var removed int64
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return removed, err
		}
		name := e.Name()
		if !e.Type().IsRegular() {
			continue
		}
		if strings.HasPrefix(name, tmpPrefix) {
			if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > staleTemp {
				os.Remove(filepath.Join(s.dir, name))
			}
			continue
		}
		key, ok := strings.CutPrefix(name, Prefix)
		if !ok || !sessions.ValidKey(key) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(s.dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted meanwhile
		}
		if err != nil {
			return removed, fmt.Errorf("filestore: clear expired: %w", err)
		}
		var f file
		if json.Unmarshal(b, &f) == nil && f.Expires.After(now) {
			continue
		}
		if err := os.Remove(filepath.Join(s.dir, name)); err == nil {
			removed++
		} else if !errors.Is(err, fs.ErrNotExist) {
			return removed, fmt.Errorf("filestore: clear expired: %w", err)
		}
	}
	return removed, nil
}
