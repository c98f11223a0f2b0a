// Package sessions gives each browser a server-side memory between
// requests, as Django's sessions do: a session on the request, loaded
// lazily and saved only when changed, kept by a Store (database, cache,
// write-through cache and database, files) or in a signed cookie.
//
//	store, err := filestore.New("/var/lib/mysite/sessions")
//	...
//	handler = sessions.Middleware(sessions.Options{Store: store})(mux)
//
//	func visits(w http.ResponseWriter, r *http.Request) error {
//		s := sessions.FromRequest(r)
//		n, _ := s.GetInt("visits")
//		s.Set("visits", n+1)
//		_, err := fmt.Fprintf(w, "visit number %d", n+1)
//		return err
//	}
//
// # Front and stores
//
// The [Session] and [Middleware] own the policy: keys, lazy loading,
// expiry, the cookie, when to save, Vary. A [Store] only keeps data under
// a key until a time: Load, Save (with create, so a new key is claimed
// atomically) and Delete. Stores whose expired sessions stay until removed
// also implement [Cleaner], which the clearsessions command
// ([ClearSessionsCommand]) calls. The engines:
//
//   - db: sessions/dbstore, the django_session table, shareable with a
//     Django site using the same secret key;
//   - cache: sessions/cachestore over any cache.Cache;
//   - cached_db: sessions/cacheddbstore, written through to both;
//   - file: sessions/filestore, one file per session;
//   - signed cookies: Options.Store nil; the data is in the cookie.
//
// sessions/sessiontest is the conformance suite every engine passes.
//
// # Security
//
// Keys are 32 characters from [a-z0-9] drawn from crypto/rand. A key the
// store does not know, has expired or that is malformed is never adopted:
// the request gets an empty session, saved under a fresh key (no session
// fixation). [Session.CycleKey], called on login, moves the data to a new
// key and deletes the old one at once; [Session.Flush], on logout, deletes
// the session and the cookie.
//
// Signed-cookie sessions are signed, not encrypted: the client can read
// (but not change) everything in them, they cannot be revoked before they
// expire (a copied cookie keeps working, even after Flush or CycleKey on
// another response), and they must fit in 4096 bytes: a larger session
// fails the response with [ErrCookieTooLarge] instead of being dropped by
// the browser. Prefer a server-side store for anything sensitive.
//
// # Compatibility with Django
//
// Data is serialised as JSON, like Django's JSONSerializer, so values read
// back are JSON types: numbers are float64 (see [Session.GetInt]). The
// database row encoding ([Codec.Encode]) and the signed-cookie value
// ([Codec.EncodeCookie]) are Django's, byte for byte where Go's JSON is
// Python's, and read what Django writes; the tests check every vector of
// Django's sessions.json. The cache engine stores JSON, not Django's
// pickles, so cached sessions are not shared with Django.
//
// # When the session is saved
//
// Following Django's SessionMiddleware: at the end of the request (just
// before the response's header is written), a session that was modified,
// or any session with Options.SaveEveryRequest, is saved unless it is
// empty or the response is a 500; a request that brought a cookie and
// ends with an empty session gets the cookie deleted; a response whose
// view touched the session varies on Cookie. A failed save turns the
// response into a 500 (see [Middleware]).
package sessions
