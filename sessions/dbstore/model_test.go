package dbstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jazzgo/jazz/apps"
	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/db/dbtest"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/sessions"
	"github.com/jazzgo/jazz/sessions/dbstore"
)

// TestModelOnMigratedTable works on the table the migration made through
// both doors: rows the store writes are read and changed with the ORM by
// their string key, and the store sees what the ORM wrote.
func TestModelOnMigratedTable(t *testing.T) {
	if err := orm.RegisterApps([]apps.App{dbstore.App}); err != nil {
		t.Fatal(err)
	}
	rows := orm.NewManager[dbstore.Session]()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		migrated(t, d)
		ctx := db.WithDB(context.Background(), d)
		c := newClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
		s := newStore(t, d, c.now)
		const key = "k0123456789abcdefghijklmnopqrstu"
		if err := s.Save(ctx, key, sessions.Data{"user": "ann"}, c.in(time.Hour), true); err != nil {
			t.Fatal(err)
		}

		row, err := rows.Get(ctx, "pk", key)
		if err != nil || row.SessionKey != key || !row.ExpireDate.Equal(c.in(time.Hour)) {
			t.Fatalf("the ORM reads %+v, %v", row, err)
		}
		row.ExpireDate = c.in(2 * time.Hour)
		if err := rows.Save(ctx, row); err != nil {
			t.Fatal(err)
		}
		if _, exp, err := s.LoadExpiry(ctx, key); err != nil || !exp.Equal(c.in(2*time.Hour)) {
			t.Fatalf("after the ORM's Save the store reads expiry %v, %v", exp, err)
		}

		// A copy under another key, inserted by the ORM's Save (no row
		// had that key), is a session the store can load.
		cp := *row
		cp.SessionKey = "copy0123456789abcdefghijklmnopq"
		if err := rows.Save(ctx, &cp); err != nil {
			t.Fatal(err)
		}
		if data, err := s.Load(ctx, cp.SessionKey); err != nil || data["user"] != "ann" {
			t.Fatalf("the store loads the ORM's row as %v, %v", data, err)
		}
		if err := rows.Create(ctx, &dbstore.Session{SessionKey: key, ExpireDate: c.now()}); !errors.Is(err, db.ErrUniqueViolation) {
			t.Errorf("creating a taken session key: %v", err)
		}

		if n, err := rows.Filter("expire_date__gt", c.now()).Count(ctx); err != nil || n != 2 {
			t.Errorf("live sessions by the ORM: %d, %v", n, err)
		}
		if err := rows.Delete(ctx, row); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Load(ctx, key); !errors.Is(err, sessions.ErrNotFound) {
			t.Errorf("after the ORM's Delete the store loads: %v", err)
		}
	})
}
