package cacheddbstore_test

import (
	"testing"

	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/cacheddbstore"
	"github.com/jazzgo/jazz/sessions/dbstore"
	"github.com/jazzgo/jazz/sessions/sessiontest"
)

// TestConformance runs the suite every session store passes with each
// cache in front of the database (SQLite; the database side runs on every
// dialect in package dbstore).
func TestConformance(t *testing.T) {
	for name, open := range caches() {
		t.Run(name, func(t *testing.T) {
			sessiontest.Run(t, func(t *testing.T) sessions.Store {
				c := open(t)
				rows, err := dbstore.New(migratedDB(t, "sqlite"), dbstore.Options{Key: testKey})
				if err != nil {
					t.Fatal(err)
				}
				s, err := cacheddbstore.New(rows, c, cacheddbstore.Options{Logger: quiet})
				if err != nil {
					t.Fatal(err)
				}
				return s
			})
		})
	}
}
