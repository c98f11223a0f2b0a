// Package sessiontest is the conformance suite every session store passes,
// as testing/slogtest is for slog handlers. A store package runs it from
// its tests:
//
//	func TestConformance(t *testing.T) {
//		sessiontest.Run(t, func(t *testing.T) sessions.Store {
//			s, err := filestore.New(t.TempDir())
//			if err != nil {
//				t.Fatal(err)
//			}
//			return s
//		})
//	}
//
// [Run] checks the [sessions.Store] contract directly (create, read,
// modify, expiry, delete, unknown keys, ErrExists, concurrent saves,
// ClearExpired for a [sessions.Cleaner]) and then the whole engine through
// [sessions.Middleware] on httptest requests ([RunMiddleware]): the
// cookie, lazy loading, Flush, CycleKey, browser-close and fixed expiry,
// keys the store does not know, tampered cookies and concurrent requests
// on one session. The signed-cookie engine, which has no Store, runs
// RunMiddleware alone.
//
// The suite uses real time for the one expiry that a server must enforce
// itself (a few seconds), so it also runs against Redis and memcached.
package sessiontest
