package dbstore

import (
	"time"

	"github.com/jazzgo/jazz/orm"
)

// Table is the name of the session table, Django's, so a Jazz site and a
// Django site pointed at one database share their sessions (with the same
// secret key).
const Table = "django_session"

// MaxKeyLength is the width of the session_key column. Keys Jazz makes
// are 32 characters; Django's column allows 40.
const MaxKeyLength = 40

// Session is one row of the session table, for code that inspects it
// (tests, an admin page). SessionData is the signed, possibly compressed
// encoding of the values (Django's signing.dumps with the salt
// "django.contrib.sessions.SessionStore"); use Store.Load to read it.
//
// The app registers it (see Models), so makemigrations compares it with
// the migration in package migrations and the ORM can query the table:
//
//	sessions := orm.NewManager[dbstore.Session]()
//	n, err := sessions.Filter("expire_date__lt", time.Now()).Count(ctx)
//
// The store itself keeps its own SQL, which needs no registry.
type Session struct {
	SessionKey  string `jazz:"primary_key,max_length=40"`
	SessionData string
	ExpireDate  time.Time `jazz:"index"`
}

// Meta names Django's table instead of the default "sessions_session".
func (*Session) Meta() orm.Meta { return orm.Meta{Table: Table} }

// Models implements orm.ModelProvider: the Session model, keyed by its
// session_key string.
func (*app) Models() []any { return []any{(*Session)(nil)} }

var _ orm.ModelProvider = (*app)(nil)
