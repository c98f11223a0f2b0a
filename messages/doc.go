// Package messages shows one-time notices to a user ("Profile saved."),
// typically across a redirect after a POST, as Django's messages framework
// does:
//
//	mw := messages.Middleware(messages.Options{SecretKey: key, Session: sessionOf})
//
//	func save(w http.ResponseWriter, r *http.Request) error {
//		// ... save the form ...
//		messages.Success(r, "Profile saved.")
//		return web.Redirect(w, r, "/profile/")
//	}
//
// and in the base template, with [ContextProcessor] in the project's
// ContextProcessors:
//
//	{{range .messages.All}}
//	  <div class="alert alert-{{.LevelTag}}">{{.HTML}}</div>
//	{{end}}
//
// # Levels
//
// A message has a [Level]: debug (10), info (20), success (25), warning (30)
// and error (40), Django's numbers, each with a tag ("info"...) for CSS
// classes, changed with Options.Tags. [Add] takes any level; [Debug],
// [Info], [Success], [Warning] and [Error] are shortcuts. Messages below
// the minimum level (Options.MinLevel, Info by default, per request with
// [SetLevel]) are dropped, so Debug messages show only where asked for.
//
// # Shown once
//
// Messages added by a request wait until a request reads them ([Get],
// or .messages.All in a template), then they are gone. A request that does
// not read them leaves them for the next one; a message added after the
// read waits for the next request. The middleware saves them just before
// the response starts, so add them before writing the response.
//
// # Storages
//
// Options.Storage chooses where messages wait, as Django's MESSAGE_STORAGE:
//
//   - [StorageCookie]: a cookie named "messages", signed (not encrypted: the
//     user can read the text, not change it) with the SecretKey. A cookie
//     that does not verify is ignored and deleted. Over MaxCookieSize (2048
//     bytes) the oldest messages are dropped and logged.
//   - [StorageSession]: the request's session, under "_messages". Any
//     session works through the three-method [Session] interface; put the
//     session middleware outside this one.
//   - [StorageFallback], the default: the cookie, and the newest messages
//     that do not fit in it in the session, with a marker in the cookie
//     saying so. Reading follows the marker, so the order is kept.
//
// Nothing is read or written for a request that neither adds nor reads
// messages, so the session is not loaded for them.
//
// # Django compatibility
//
// Both storages use Django's formats (3.2 and later), so a Jazz site and a
// Django site with the same secret key and sessions show each other's
// messages. The cookie is the message list as compact JSON,
// [["__json_message", safe, level, text, extra tags?], ...], optionally
// zlib-compressed, base64 encoded and signed like signing.dumps by a
// timestamp signer keyed "django.http.cookies" + SecretKey with the salt
// "django.contrib.messages" (its age is never checked). The session holds
// the same list as a JSON string with Python's default separators. Values
// made by Django 3.2 are checked in this package's tests
// (testdata/django_messages.json, made by testdata/django_messages.py);
// Django 3.1's cookie format is read too. Go's zlib compresses some text
// better than Python's, so with the fallback storage a Jazz cookie may hold
// a few more messages than Django's would; either reads the other's.
package messages
