package dbstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/sessions"
)

// Options configure a Store.
type Options struct {
	// Key is the secret that signs session_data (the project's SecretKey).
	// It must not be empty. A Django site sharing the table needs the same
	// SECRET_KEY.
	Key string
	// FallbackKeys are older secrets: rows they signed still load, and are
	// signed with Key at their next save.
	FallbackKeys []string
	// Now is the clock that decides which rows have expired (and dates
	// the signatures); nil means time.Now. Tests set a fixed clock.
	Now func() time.Time
}

// Store keeps sessions in the django_session table. It implements
// sessions.Store and sessions.Cleaner and is safe for concurrent use.
//
// Statements run on the Store's database, never on a transaction carried by
// the caller's context (db.FromContext): a session's fate is not tied to
// the work of the view around it, and on PostgreSQL the unique violation
// of a colliding create would abort the caller's transaction.
type Store struct {
	get   func(context.Context) (*db.DB, error)
	codec *sessions.Codec
	now   func() time.Time

	mu  sync.Mutex
	sql map[string]*statements // by dialect name
}

var (
	_ sessions.Store   = (*Store)(nil)
	_ sessions.Cleaner = (*Store)(nil)
)

// New returns a Store over the session table of d, which the app's
// migration created. It fails when opts.Key is empty.
func New(d *db.DB, opts Options) (*Store, error) {
	if d == nil {
		return nil, errors.New("dbstore: New needs a database (got nil)")
	}
	return NewFunc(func(context.Context) (*db.DB, error) { return d, nil }, opts)
}

// NewFunc is New for a database known only later: get is called on every
// operation (cheaply, it should return an open pool), so a project can
// build its session store before it opens its databases, or route
// sessions to a database of its choice.
func NewFunc(get func(ctx context.Context) (*db.DB, error), opts Options) (*Store, error) {
	if get == nil {
		return nil, errors.New("dbstore: NewFunc needs a function returning the database (got nil)")
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	c, err := sessions.NewCodec(sessions.CodecOptions{SecretKey: opts.Key, SecretKeyFallbacks: opts.FallbackKeys, Now: now})
	if err != nil {
		return nil, fmt.Errorf("dbstore: %w", err)
	}
	return &Store{get: get, codec: c, now: now, sql: map[string]*statements{}}, nil
}

// statements are the Store's SQL for one dialect, built once so that the
// database's statement cache sees the same text every time.
type statements struct {
	load, insert, upsert, delete, clear string
}

func (s *Store) prepare(ctx context.Context) (*db.DB, *statements, error) {
	d, err := s.get(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("dbstore: database: %w", err)
	}
	if d == nil {
		return nil, nil, errors.New("dbstore: no database to keep sessions in")
	}
	dl := d.Dialect()
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.sql[dl.Name()]; ok {
		return d, st, nil
	}
	q := dl.Quote
	table, key, data, expire := q(Table), q("session_key"), q("session_data"), q("expire_date")
	p := dl.Placeholder
	insert := "INSERT INTO " + table + " (" + key + ", " + data + ", " + expire + ") VALUES (" + p(1) + ", " + p(2) + ", " + p(3) + ")"
	st := &statements{
		load:   "SELECT " + key + ", " + data + ", " + expire + " FROM " + table + " WHERE " + key + " = " + p(1) + " AND " + expire + " > " + p(2),
		insert: insert,
		upsert: insert + " " + dl.Upsert([]string{key}, []string{data, expire}),
		delete: "DELETE FROM " + table + " WHERE " + key + " = " + p(1),
		clear:  "DELETE FROM " + table + " WHERE " + expire + " < " + p(1),
	}
	s.sql[dl.Name()] = st
	return d, st, nil
}

// validKey reports whether key can be a row's key: 1 to MaxKeyLength
// printable ASCII characters. Anything else cannot have been stored, so
// Load need not ask the database (and PostgreSQL would reject invalid
// UTF-8 with an error rather than find nothing).
func validKey(key string) bool {
	if key == "" || len(key) > MaxKeyLength {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] <= ' ' || key[i] > '~' {
			return false
		}
	}
	return true
}

// Load returns the values of the live session key. An unknown key, an
// expired row (expire_date not after now) and data that does not verify
// with the secret keys are all sessions.ErrNotFound.
func (s *Store) Load(ctx context.Context, key string) (sessions.Data, error) {
	data, _, err := s.LoadExpiry(ctx, key)
	return data, err
}

// LoadExpiry is Load that also returns the row's expiry, for a cache in
// front of the store (package cacheddbstore) that must not keep the
// session longer than the database does.
func (s *Store) LoadExpiry(ctx context.Context, key string) (sessions.Data, time.Time, error) {
	if !validKey(key) {
		return nil, time.Time{}, sessions.ErrNotFound
	}
	d, st, err := s.prepare(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	dl := d.Dialect()
	now, err := dl.BindValue(db.KindDateTime, s.now())
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("dbstore: load: %w", err)
	}
	var (
		gotKey, encoded string
		rawExpiry       any
	)
	err = d.QueryRowContext(ctx, st.load, key, now).Scan(&gotKey, &encoded, &rawExpiry)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, sessions.ErrNotFound
	}
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("dbstore: load: %w", db.ClassifyError(dl, err))
	}
	// MySQL's default collations compare case-insensitively and ignore
	// trailing spaces; only the exact key names this session.
	if gotKey != key {
		return nil, time.Time{}, sessions.ErrNotFound
	}
	// A row that does not verify (another key, edited by hand) is no
	// session: Django shows it as an empty one, the Store contract as
	// ErrNotFound, and either way the front starts afresh with a new key.
	data, err := s.codec.Decode(encoded)
	if err != nil {
		return nil, time.Time{}, sessions.ErrNotFound
	}
	v, err := dl.ConvertValue(db.KindDateTime, rawExpiry)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("dbstore: load: expire_date: %w", err)
	}
	expiry, ok := v.(time.Time)
	if !ok {
		return nil, time.Time{}, fmt.Errorf("dbstore: load: expire_date: got %T from the database, want a time", v)
	}
	return data, expiry, nil
}

// Save writes data under key until expiry. With create it INSERTs and a
// key already in the table (even an expired row, until ClearExpired) is
// sessions.ErrExists; without create it inserts or replaces the row in
// one statement.
func (s *Store) Save(ctx context.Context, key string, data sessions.Data, expiry time.Time, create bool) error {
	if !validKey(key) {
		return fmt.Errorf("dbstore: save: invalid session key %q (want 1 to %d printable ASCII characters)", key, MaxKeyLength)
	}
	encoded, err := s.codec.Encode(data)
	if err != nil {
		return fmt.Errorf("dbstore: save: %w", err)
	}
	d, st, err := s.prepare(ctx)
	if err != nil {
		return err
	}
	exp, err := d.Dialect().BindValue(db.KindDateTime, expiry)
	if err != nil {
		return fmt.Errorf("dbstore: save: %w", err)
	}
	q := st.upsert
	if create {
		q = st.insert
	}
	_, err = d.ExecContext(ctx, q, key, encoded, exp)
	if create && errors.Is(err, db.ErrUniqueViolation) {
		return sessions.ErrExists
	}
	if err != nil {
		return fmt.Errorf("dbstore: save: %w", err)
	}
	return nil
}

// Delete removes the row of key; an unknown key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if !validKey(key) {
		return nil
	}
	d, st, err := s.prepare(ctx)
	if err != nil {
		return err
	}
	if _, err := d.ExecContext(ctx, st.delete, key); err != nil {
		return fmt.Errorf("dbstore: delete: %w", err)
	}
	return nil
}

// ClearExpired deletes the rows whose expiry has passed and reports how
// many it deleted (Django's clearsessions).
func (s *Store) ClearExpired(ctx context.Context) (int64, error) {
	d, st, err := s.prepare(ctx)
	if err != nil {
		return 0, err
	}
	now, err := d.Dialect().BindValue(db.KindDateTime, s.now())
	if err != nil {
		return 0, fmt.Errorf("dbstore: clear expired: %w", err)
	}
	res, err := d.ExecContext(ctx, st.clear, now)
	if err != nil {
		return 0, fmt.Errorf("dbstore: clear expired: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("dbstore: clear expired: %w", err)
	}
	return n, nil
}
