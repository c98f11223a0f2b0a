package dbstore_test

import (
	"testing"

	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/sessiontest"
)

// TestConformance runs the suite every session store passes, on each
// database.
func TestConformance(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			sessiontest.Run(t, func(t *testing.T) sessions.Store {
				d := dbtest.Open(t, dialect)
				migrated(t, d)
				return newStore(t, d, nil)
			})
		})
	}
}
