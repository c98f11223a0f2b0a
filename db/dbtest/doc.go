// Package dbtest gives tests an empty database of each dialect, and holds
// the conformance suite every [db.Dialect] must pass.
//
//	func TestPosts(t *testing.T) {
//		dbtest.Each(t, func(t *testing.T, d *db.DB) {
//			// d is empty and private to this subtest; it is dropped afterwards.
//		})
//	}
//
// SQLite always runs. PostgreSQL and MySQL/MariaDB run when their servers
// answer at $JAZZ_TEST_POSTGRES and $JAZZ_TEST_MYSQL (defaults on
// 127.0.0.1); otherwise their subtests skip, or fail when
// JAZZ_REQUIRE_SERVICES=1, as in CI. The package imports the three dialect
// packages, so their URL schemes are registered for the tests that use it.
package dbtest
