package jazz

// The first-party backends register their URL schemes when imported, so
// that DATABASE_URL, CACHE_URL and EMAIL_URL work in every project with no
// extra imports; the schema editors of those databases come with them,
// for migrate.
import (
	_ "github.com/jazzgo/jazz/cache/memcache"
	_ "github.com/jazzgo/jazz/cache/rediscache"
	_ "github.com/jazzgo/jazz/db/mysql"
	_ "github.com/jazzgo/jazz/db/postgres"
	_ "github.com/jazzgo/jazz/db/sqlite"
	_ "github.com/jazzgo/jazz/mail/smtpmail"
	_ "github.com/jazzgo/jazz/migrate/schema"
)
